/// A result's snippet: about two dozen words around the first match in the body, matches
/// between `SearchHit.markOpen` and `markClose`. Paragraph and subheading boundaries stay
/// visible ("¶"), and a match in a paragraph is preferred to one in a subheading (which
/// usually repeats the headline's words).
enum Snippet {
    static let words = 26
    static let lead = 8
    static let boundary = "¶"

    /// Nil when the body has no match (a title-only match).
    static func make(_ a: Article, highlighter h: Highlighter) -> String? {
        guard !h.isEmpty else { return nil }
        let subheads = Set(a.subheadings)
        var first: (block: Int, ranges: [Range<Int>])?
        for pass in 0..<2 {
            for (i, p) in a.paragraphs.enumerated() where !p.isEmpty && subheads.contains(i) == (pass == 1) {
                let r = h.ranges(in: p)
                if !r.isEmpty { first = (i, r); break }
            }
            if first != nil { break }
        }
        guard let first else { return nil }
        var out: [String] = []
        var count = 0
        var more = false
        scan: for block in first.block..<a.paragraphs.count {
            let text = a.paragraphs[block]
            let spans = Self.words(text)
            guard !spans.isEmpty else { continue }
            let ranges = block == first.block ? first.ranges : h.ranges(in: text)
            var from = 0
            if block == first.block {
                let hit = spans.firstIndex { $0.upperBound > ranges[0].lowerBound } ?? 0
                from = max(0, hit - lead)
                if from > 0 { out.append("…") }
            } else {
                out.append(boundary)
            }
            // The window's words as one slice of the text, so a phrase is marked as one.
            let to = min(spans.count, from + words - count)
            guard from < to else { more = true; break scan }
            let window = spans[from].lowerBound..<spans[to - 1].upperBound
            let inside = ranges.filter { $0.overlaps(window) }
                .map { (max($0.lowerBound, window.lowerBound) - window.lowerBound)..<(min($0.upperBound, window.upperBound) - window.lowerBound) }
            out.append(Highlighter.mark(String(decoding: Array(text.utf8)[window], as: UTF8.self), inside))
            count += to - from
            if to < spans.count { more = true; break scan }
            if count == words { more = block + 1 < a.paragraphs.count; break scan }
        }
        var snippet = out.joined(separator: " ")
        if snippet.hasPrefix("… ") { snippet = "…" + snippet.dropFirst(2) }
        return snippet + (more ? "…" : "")
    }

    /// The UTF-8 byte ranges of the space-separated words of `text`.
    static func words(_ text: String) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start: Int?
        var i = 0
        for b in text.utf8 {
            if b == 0x20 {
                if let s = start { out.append(s..<i); start = nil }
            } else if start == nil {
                start = i
            }
            i += 1
        }
        if let s = start { out.append(s..<i) }
        return out
    }
}
