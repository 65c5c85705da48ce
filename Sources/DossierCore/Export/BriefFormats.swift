import Foundation

extension Brief {
    // MARK: Markdown

    /// Title and query, date range, counts by country, authority and topic, then the
    /// articles grouped by their main country (most articles first) and newest first, each
    /// with its headline, date, authorities, a summary of two or three sentences and its source.
    public func markdown() -> String {
        var out = "# Brief: " + Self.escaped(query.isEmpty ? "all articles" : query) + "\n\n"
        out += "- **Query:** " + (query.isEmpty ? "none (every article)" : Self.code(query)) + "\n"
        out += "- **Articles:** \(articles.count)\n"
        let undated = articles.filter { $0.published == nil }.count
        if let range = dateRange {
            out += "- **Dates:** \(range.from) to \(range.to)" + (undated > 0 ? " (\(undated) undated)" : "") + "\n"
        }
        for (title, counts) in [("Countries", facets.countries), ("Authorities", facets.authorities), ("Topics", facets.topics)] where !counts.isEmpty {
            let shown = counts.prefix(12).map { Self.escaped($0.label) + " \($0.count)" }.joined(separator: ", ")
            out += "- **\(title):** " + shown + (counts.count > 12 ? ", and \(counts.count - 12) more" : "") + "\n"
        }
        for (country, group) in groupedByCountry() {
            out += "\n## " + Self.escaped(country) + " — \(group.count) article\(group.count == 1 ? "" : "s")\n"
            for a in group {
                out += "\n### " + Self.escaped(a.title) + "\n\n"
                var facts = [a.published.map { String($0.prefix(10)) + (a.publishedInferred ? " (inferred)" : "") } ?? "undated"]
                if !a.authorities.isEmpty {
                    facts.append("Authorities: " + a.authorities.map { Self.escaped("\($0.acronym) (\($0.name))") }.joined(separator: ", "))
                }
                out += facts.joined(separator: " · ") + "\n\n"
                let summary = Self.summary(a)
                if !summary.isEmpty { out += Self.escaped(summary) + "\n\n" }
                out += "Source: " + Self.code("\(a.source.path):\(a.source.line)") + " · id " + Self.code(String(a.id.prefix(12))) + "\n"
            }
        }
        return out
    }

    /// Articles under their most salient country (each once), the busiest country first;
    /// those with none last.
    func groupedByCountry() -> [(String, [Article])] {
        var groups: [String: [Article]] = [:]
        var names: [String: String] = [:]
        for a in articles {
            let key = a.countries.first?.code ?? ""
            groups[key, default: []].append(a)
            if let c = a.countries.first { names[c.code] = c.name }
        }
        return groups.sorted { a, b in
            if a.key.isEmpty != b.key.isEmpty { return !a.key.isEmpty }
            return a.value.count != b.value.count ? a.value.count > b.value.count : a.key < b.key
        }.map { ($0.key.isEmpty ? "No country" : "\(names[$0.key] ?? $0.key) (\($0.key))", $0.value) }
    }

    /// Two or three sentences from the start of the body (about 450 characters at most).
    static func summary(_ a: Article) -> String {
        let start = a.paragraphs.firstIndex { PageLine.hasWords($0, atLeast: 8) } ?? 0
        var out: [String] = [], length = 0
        for p in a.paragraphs.dropFirst(start) {
            var rest = Substring(p)
            while !rest.isEmpty, out.count < 3 {
                let s = HeadlineInference.firstSentence(String(rest)).trimmingCharacters(in: .whitespaces)
                guard !s.isEmpty else { break }
                if !out.isEmpty, length + s.count > 450 { return out.joined(separator: " ") }
                out.append(s); length += s.count + 1
                rest = rest.dropFirst(min(rest.count, s.count)).drop { $0 == " " }
            }
            if out.count >= 3 { break }
        }
        let joined = out.joined(separator: " ")
        return joined.count > 450 ? String(joined.prefix(449)) + "…" : (joined.isEmpty ? a.summary : joined)
    }

    /// Text with Markdown's special characters escaped, on one line.
    static func escaped(_ s: String) -> String {
        var out = ""
        for c in TextSanitizer.cleanLine(s) {
            if "\\`*_[]<>#|".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    /// Inline code that holds any text (a fence longer than any run of backticks inside).
    static func code(_ s: String) -> String {
        let clean = TextSanitizer.cleanLine(s)
        var longest = 0, run = 0
        for c in clean { run = c == "`" ? run + 1 : 0; longest = max(longest, run) }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = clean.hasPrefix("`") || clean.hasSuffix("`") ? " " : ""
        return fence + pad + clean + pad + fence
    }

    // MARK: CSV

    /// The CSV columns, in order; new ones are only ever added at the end.
    public static let csvColumns = ["id", "published", "title", "countries", "authorities", "topics", "category", "summary",
                                    "path", "line", "role", "offTopic"]

    /// One row per article (RFC 4180), lists joined with ";". A cell that a spreadsheet would
    /// run as a formula (=, +, @, tab, CR first) starts with an apostrophe.
    public func csv() -> String {
        var out = Self.csvColumns.joined(separator: ",") + "\r\n"
        for a in articles {
            let cells = [a.id, a.published ?? "", a.title, a.countries.map(\.code).joined(separator: ";"),
                         a.authorities.map { "\($0.acronym)@\($0.country)" }.joined(separator: ";"), a.topics.joined(separator: ";"),
                         a.category ?? "", a.summary, a.source.path, String(a.source.line), a.source.role.rawValue, a.offTopic ? "true" : "false"]
            out += cells.map(Self.csvCell).joined(separator: ",") + "\r\n"
        }
        return out
    }

    static func csvCell(_ s: String) -> String {
        var v = s
        if let f = v.unicodeScalars.first, "=+@\t\r".unicodeScalars.contains(f) { v = "'" + v }
        guard v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return v }
        return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: JSON

    /// `{"query", "total", "articles"}` with every article in the article JSON of the spec,
    /// paragraphs included (as `search --json --full`).
    public func json() throws -> Data {
        struct Shape: Encodable { let query: String; let total: Int; let articles: [Article] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(Shape(query: query, total: articles.count, articles: articles)) + Data("\n".utf8)
    }
}
