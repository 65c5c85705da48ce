/// Finds query words in article text: for result snippets, and for highlighting in a reader.
///
/// Matching follows the index loosely: case-insensitive, and a word matches a query word when
/// it starts with the query word's stem ("stablecoins" and "stablecoin" both match
/// "stablecoin"; "licensing" matches "licence" via "licen"). Prefix queries match as typed.
public struct Highlighter: Sendable {
    private let stems: [String]
    private let stemBytes: [[UInt8]]

    public init(terms: [String]) {
        var stems: [String] = []
        for term in terms {
            for w in term.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
                stems.append(Self.stem(String(w)))
            }
        }
        self.stems = stems.filter { !$0.isEmpty }
        // A stem with non-ASCII letters never matches on the fast path; the slow one decides.
        self.stemBytes = self.stems.map { Array($0.utf8) }
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
        // Fast path over ASCII bytes (most words); anything else takes the Unicode path.
        let u = word.utf8
        var i = u.startIndex
        while i < u.endIndex, u[i] < 0x80, !Self.isAlnum(u[i]) { u.formIndex(after: &i) }
        guard i < u.endIndex else { return false }
        if u[i] < 0x80 {
            var ascii = true
            let hit = stemBytes.contains { stem in
                var j = i
                for b in stem {
                    guard j < u.endIndex else { return false }
                    let c = u[j]
                    if c >= 0x80 { ascii = false; return false }
                    if (c >= 0x41 && c <= 0x5A ? c | 0x20 : c) != b { return false }
                    u.formIndex(after: &j)
                }
                return true
            }
            if hit || ascii { return hit }
        }
        let core = word.drop { !$0.isLetter && !$0.isNumber }.lowercased()
        guard !core.isEmpty else { return false }
        return stems.contains { core.hasPrefix($0) }
    }

    private static func isAlnum(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }
}

enum Snippet {
    static let words = 26

    /// About two dozen words around the first match in the body, matches marked with
    /// `SearchHit.markOpen`/`markClose`; nil when the body has none (a title-only match).
    static func make(_ a: Article, terms: [String]) -> String? {
        let h = Highlighter(terms: terms)
        let lead = 8
        var recent: [Substring] = []   // the words before the first match (the last few)
        var skipped = false            // words before the window were dropped
        var window: [Substring] = []   // from the first match on
        var more = false               // words after the window
        scan: for p in a.paragraphs {
            for slice in p.utf8.split(separator: 0x20) {
                let w = Substring(slice)
                if !window.isEmpty {
                    if window.count >= words - min(recent.count, lead) { more = true; break scan }
                    window.append(w)
                } else if h.matches(w) {
                    if recent.count > lead { skipped = true; recent.removeFirst(recent.count - lead) }
                    window.append(w)
                } else {
                    recent.append(w)
                    if recent.count > 4 * lead { recent.removeFirst(recent.count - lead); skipped = true }
                }
            }
        }
        guard !window.isEmpty else { return nil }
        var out = skipped ? "…" : ""
        for (k, w) in (recent + window).enumerated() {
            if k > 0 { out += " " }
            if k >= recent.count, h.matches(w) {
                // Punctuation stays outside the marks: "«stablecoins»," not "«stablecoins,»".
                let lead = w.prefix { !$0.isLetter && !$0.isNumber }
                let rest = w.dropFirst(lead.count)
                let core = rest.prefix { $0.isLetter || $0.isNumber || $0 == "’" || $0 == "'" || $0 == "-" }
                out += lead + SearchHit.markOpen + core + SearchHit.markClose + rest.dropFirst(core.count)
            } else {
                out += w
            }
        }
        return out + (more ? "…" : "")
    }
}
