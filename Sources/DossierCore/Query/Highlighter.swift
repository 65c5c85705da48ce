/// Finds a query's words and phrases in text, with the index's own tokenizer
/// (`SearchTokenizer` through `TextTokens`), so that what is highlighted is what matched:
/// "stablecoins" for `stablecoin` (same stem), the phrase and not its words apart for
/// `"purpose bound money"`, a substring for `稳定币`, and for a prefix the words starting
/// with it plus those its completions found (`regulati*` → "regulations", "regulators").
public struct Highlighter: Sendable, Equatable {
    enum Element: Sendable, Equatable {
        /// A token the index stores (a stem, a CJK bigram).
        case exact([UInt8])
        /// A word as written starting with these bytes, or with one of these stems.
        case prefix([UInt8], stems: Set<[UInt8]>)
    }
    /// Each pattern is a run of consecutive tokens.
    let patterns: [[Element]]

    /// `completions`: for a prefix as typed, the words the search completed it with.
    public init(terms: [SearchQuery.Term], completions: [String: [String]] = [:]) {
        guard !terms.isEmpty else { patterns = []; return }   // nothing to find: no tokenizer needed
        let t = TextTokens.shared
        var patterns: [[Element]] = []
        for term in terms {
            switch term {
            case .word(let w, true, _):
                let typed = t.tokens(w, mode: .prefix)
                guard let last = typed.last else { continue }
                let stems = Set((completions[w] ?? []).compactMap { t.tokens($0, mode: .query).first?.term })
                patterns.append(typed.dropLast().map { .exact($0.term) } + [.prefix(last.term, stems: stems)])
            case .word(let w, false, _), .phrase(let w, _):
                let seq = t.tokens(w, mode: .query).map { Element.exact($0.term) }
                if !seq.isEmpty { patterns.append(seq) }
            }
        }
        self.patterns = patterns
    }

    /// True when there is nothing to highlight (a filter-only query).
    public var isEmpty: Bool { patterns.isEmpty }

    /// The matches in `text` as UTF-8 byte ranges, in order, overlaps merged.
    public func ranges(in text: String) -> [Range<Int>] {
        guard !patterns.isEmpty, !text.isEmpty else { return [] }
        let tokens = TextTokens.shared.tokens(text, mode: .document)
        let utf8 = Array(text.utf8)
        var found: [Range<Int>] = []
        for pattern in patterns where pattern.count <= tokens.count {
            for i in 0...(tokens.count - pattern.count) {
                var all = true
                for (k, e) in pattern.enumerated() where !Self.matches(e, tokens[i + k], utf8) { all = false; break }
                if all { found.append(tokens[i].start..<tokens[i + pattern.count - 1].end) }
            }
        }
        found.sort { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = []
        for r in found {
            if let last = merged.last, r.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        return merged
    }

    private static func matches(_ e: Element, _ t: TextTokens.Token, _ text: [UInt8]) -> Bool {
        switch e {
        case .exact(let term): return t.term == term
        case .prefix(let p, let stems):
            if stems.contains(t.term) { return true }
            let raw = text[t.start..<t.end]
            if raw.allSatisfy({ $0 < 0x80 }) {
                guard raw.count >= p.count else { return false }
                return zip(raw, p).allSatisfy { ($0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0) == $1 }
            }
            return raw.withUnsafeBufferPointer { SearchTokenizer.fold($0) }.utf8.starts(with: p)
        }
    }

    /// `text` with each match between `SearchHit.markOpen` and `SearchHit.markClose`.
    public func marked(_ text: String) -> String {
        Self.mark(text, ranges(in: text))
    }

    static func mark(_ text: String, _ ranges: [Range<Int>]) -> String {
        guard !ranges.isEmpty else { return text }
        let u = Array(text.utf8)
        var out = ""
        var at = 0
        for r in ranges {
            out += String(decoding: u[at..<r.lowerBound], as: UTF8.self)
            out += SearchHit.markOpen + String(decoding: u[r], as: UTF8.self) + SearchHit.markClose
            at = r.upperBound
        }
        return out + String(decoding: u[at...], as: UTF8.self)
    }
}
