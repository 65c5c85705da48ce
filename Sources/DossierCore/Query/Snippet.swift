/// Finds query words in article text: for result snippets, and for highlighting in a reader.
///
/// Matching follows the index loosely: case-insensitive, and a word matches a query word when
/// it starts with the query word's stem ("stablecoins" and "stablecoin" both match
/// "stablecoin"; "licensing" matches "licence" via "licen"). Prefix queries match as typed.
public struct Highlighter: Sendable {
    private let stems: [String]

    public init(terms: [String]) {
        var stems: [String] = []
        for term in terms {
            for w in term.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
                stems.append(Self.stem(String(w)))
            }
        }
        self.stems = stems.filter { !$0.isEmpty }
    }

    /// A rough stem: plural and common verb endings off, at least three letters kept.
    static func stem(_ w: String) -> String {
        var s = Substring(w)
        for suffix in ["ations", "ation", "ings", "ing", "ies", "es", "ed", "s", "e"] where s.count - suffix.count >= 3 && s.hasSuffix(suffix) {
            s = s.dropLast(suffix.count)
            break
        }
        return String(s)
    }

    /// True when `word` (any case, punctuation allowed around it) matches a query word.
    public func matches(_ word: Substring) -> Bool {
        let core = word.drop { !$0.isLetter && !$0.isNumber }.lowercased()
        guard !core.isEmpty else { return false }
        return stems.contains { core.hasPrefix($0) }
    }
}

enum Snippet {
    static let words = 26

    /// About two dozen words around the first match in the body, matches marked with
    /// `SearchHit.markOpen`/`markClose`; nil when the body has none (a title-only match).
    static func make(_ a: Article, terms: [String]) -> String? {
        let h = Highlighter(terms: terms)
        let text = a.paragraphs.joined(separator: " ")
        let all = text.split(separator: " ", omittingEmptySubsequences: true)
        guard let first = all.firstIndex(where: h.matches) else { return nil }
        let start = max(0, first - 8)
        let end = min(all.count, start + words)
        var out = start > 0 ? "…" : ""
        for (k, w) in all[start..<end].enumerated() {
            if k > 0 { out += " " }
            if h.matches(w) {
                // Punctuation stays outside the marks: "«stablecoins»," not "«stablecoins,»".
                let lead = w.prefix { !$0.isLetter && !$0.isNumber }
                let rest = w.dropFirst(lead.count)
                let core = rest.prefix { $0.isLetter || $0.isNumber || $0 == "’" || $0 == "'" || $0 == "-" }
                out += lead + SearchHit.markOpen + core + SearchHit.markClose + rest.dropFirst(core.count)
            } else {
                out += w
            }
        }
        return out + (end < all.count ? "…" : "")
    }
}
