import DossierCore

/// An article laid out for the reader at a width: headline, facts, then wrapped paragraphs
/// with subheadings set apart. Lines with a search hit are marked for `n`/`N`.
public struct ReaderLine: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case headline, facts, body, subheading, blank }
    public var kind: Kind
    public var text: String
    public var hasHit: Bool
}

public enum ReaderLayout {
    public static func lines(_ a: Article, width: Int, highlighter: Highlighter?) -> [ReaderLine] {
        let w = max(width, 1)
        var out: [ReaderLine] = []
        func add(_ kind: ReaderLine.Kind, _ text: String) {
            for line in wrap(text, width: w) {
                out.append(ReaderLine(kind: kind, text: line, hasHit: highlighter.map { h in line.split(separator: " ").contains { h.matches($0) } } ?? false))
            }
        }
        add(.headline, a.title)
        var facts = [a.published.map { String($0.prefix(10)) } ?? "undated"]
        if let c = a.category { facts.append(c) }
        if !a.countries.isEmpty { facts.append(a.countries.map(\.name).joined(separator: ", ")) }
        add(.facts, facts.joined(separator: " · "))
        if !a.authorities.isEmpty { add(.facts, "Authorities: " + a.authorities.map { "\($0.acronym)@\($0.country)" }.joined(separator: ", ")) }
        if !a.topics.isEmpty { add(.facts, "Topics: " + a.topics.joined(separator: ", ")) }
        let subheads = Set(a.subheadings)
        for (i, p) in a.paragraphs.enumerated() where !p.isEmpty {
            out.append(ReaderLine(kind: .blank, text: "", hasHit: false))
            add(subheads.contains(i) ? .subheading : .body, p)
        }
        if a.paragraphs.isEmpty, !a.summary.isEmpty {
            out.append(ReaderLine(kind: .blank, text: "", hasHit: false))
            add(.body, a.summary)
        }
        return out
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
