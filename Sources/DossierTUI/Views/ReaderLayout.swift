import DossierCore

/// An article laid out for the reader at a width: headline, facts, then wrapped paragraphs
/// with subheadings set apart. Lines with a search hit are marked for `n`/`N`.
public struct ReaderLine: Equatable, Sendable {
    /// What the line is, which sets its style.
    public enum Kind: Equatable, Sendable { case headline, facts, body, subheading, blank }
    /// Headline, facts (date, countries, authorities, topics, source), body, subheading or blank.
    public var kind: Kind
    /// The line's text, already wrapped to the width.
    public var text: String
    /// Search hits on this line, as ranges of character offsets into `text`.
    public var hits: [Range<Int>] = []
    /// True when the line holds a search hit (a stop for `n`/`N`).
    public var hasHit: Bool { !hits.isEmpty }
}

/// Lays an article out into `ReaderLine`s.
public enum ReaderLayout {
    static let topicLabels = KnownNames.topicLabels

    /// The article's lines at `width` columns, with the highlighter's matches marked.
    public static func lines(_ a: Article, width: Int, highlighter: Highlighter?) -> [ReaderLine] {
        let w = max(width, 1)
        var out: [ReaderLine] = []
        func add(_ kind: ReaderLine.Kind, _ text: String, highlight: Bool = true) {
            let marked = highlight ? highlighter?.marked(text) ?? text : text
            for (line, hits) in wrapMarked(marked, width: w) { out.append(ReaderLine(kind: kind, text: line, hits: hits)) }
        }
        add(.headline, (a.titleInferred ? "≈ " : "") + a.title)
        var facts = [(a.published.map { String($0.prefix(10)) } ?? "undated") + (a.publishedInferred ? " (date inferred)" : "")]
        if let c = a.category { facts.append(c) }
        if !a.countries.isEmpty { facts.append(a.countries.map(\.name).joined(separator: ", ")) }
        if a.offTopic { facts.append("off topic") }
        add(.facts, facts.joined(separator: " · "), highlight: false)
        if !a.authorities.isEmpty {
            // "FSC (Financial Supervisory Commission, KR)": FSC@KR and FSC@TW no longer look alike.
            add(.facts, "Authorities: " + a.authorities.map { $0.name.isEmpty || $0.name == $0.acronym ? "\($0.acronym) (\($0.country))" : "\($0.acronym) (\($0.name), \($0.country))" }.joined(separator: "; "), highlight: false)
        }
        if !a.topics.isEmpty { add(.facts, "Topics: " + a.topics.map { topicLabels[$0] ?? $0 }.joined(separator: ", "), highlight: false) }
        let role = a.source.role == .related ? " (a related-article teaser)" : a.source.role == .roundupItem ? " (one item of a roundup)" : ""
        add(.facts, "Source: \(a.source.path):\(a.source.line)\(role) · id \(a.id.prefix(12))", highlight: false)
        if !a.alsoIn.isEmpty {
            add(.facts, "Also in: " + a.alsoIn.map { "\($0.path):\($0.line)" }.joined(separator: ", "), highlight: false)
        }
        let subheads = Set(a.subheadings)
        for (i, p) in a.paragraphs.enumerated() where !p.isEmpty {
            out.append(ReaderLine(kind: .blank, text: ""))
            add(subheads.contains(i) ? .subheading : .body, p)
        }
        if a.paragraphs.isEmpty, !a.summary.isEmpty {
            out.append(ReaderLine(kind: .blank, text: ""))
            add(.body, a.summary)
        }
        return out
    }

    /// Word wrap of text whose hits are between `SearchHit.markOpen` and `markClose`: the
    /// lines without the marks, each with its hits as character ranges.
    static func wrapMarked(_ marked: String, width: Int) -> [(String, [Range<Int>])] {
        guard marked.contains(where: { $0 == Character(SearchHit.markOpen) }) else { return wrap(marked, width: width).map { ($0, []) } }
        // Which characters of the plain text are hits.
        var plain = "", lit: [Bool] = [], on = false
        for ch in marked {
            if ch == Character(SearchHit.markOpen) { on = true } else if ch == Character(SearchHit.markClose) { on = false } else {
                plain.append(ch); lit.append(on)
            }
        }
        // Wrapping only drops spaces: walk the plain text alongside each line to map its characters.
        let chars = Array(plain)
        var i = 0
        return wrap(plain, width: width).map { line in
            var hits: [Range<Int>] = []
            for (k, ch) in line.enumerated() {
                while i < chars.count, chars[i] != ch { i += 1 }
                if i < chars.count, lit[i] {
                    if let last = hits.last, last.upperBound == k { hits[hits.count - 1] = last.lowerBound..<(k + 1) } else { hits.append(k..<(k + 1)) }
                }
                i += 1
            }
            return (line, hits)
        }
    }

    /// Greedy word wrap by display width; a word wider than the line is broken.
    public static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = "", lineWidth = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var word = Substring(word)
            var ww = DisplayWidth.of(word)
            if lineWidth > 0, lineWidth + 1 + ww > width {
                lines.append(line); line = ""; lineWidth = 0
            }
            while ww > width {
                // Break an over-long word at the width, never inside a character.
                var head = "", hw = 0
                var rest = word[...]
                while let ch = rest.first, hw + DisplayWidth.of(ch) <= width - lineWidth {
                    head.append(ch); hw += DisplayWidth.of(ch); rest = rest.dropFirst()
                }
                if head.isEmpty, lineWidth == 0 { head = String(rest.prefix(1)); rest = rest.dropFirst() }
                lines.append(line + head); line = ""; lineWidth = 0
                word = rest; ww = DisplayWidth.of(word)
            }
            if word.isEmpty { continue }
            if lineWidth > 0 { line += " "; lineWidth += 1 }
            line += word; lineWidth += ww
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }
}
