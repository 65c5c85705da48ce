import Foundation
import DossierCore

/// The sidebar's rows: a heading per group, then its values with counts for the current
/// query. A selected value is a filter in the query text; toggling one edits the text, so the
/// query bar always shows the equivalent query.
public struct FacetRow: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case heading, entry }
    public var kind: Kind
    public var field: SearchQuery.Field
    /// The value as written in a query (`HK`, `SFC@HK`, `stablecoins`, `2024`).
    public var value: String
    public var label: String
    public var count: Int
    public var selected: Bool
}

public enum FacetRows {
    static let groups: [(SearchQuery.Field, String)] = [
        (.country, "Countries"), (.authority, "Authorities"), (.topic, "Topics"), (.date, "Years"),
    ]

    public static func rows(_ facets: FacetCounts?, query: String) -> [FacetRow] {
        let filters = (try? SearchQuery.parse(query))?.filters ?? [:]
        var out: [FacetRow] = []
        for (field, title) in groups {
            var entries: [(value: String, label: String, count: Int)]
            switch field {
            case .country: entries = (facets?.countries ?? []).map { ($0.key, "\($0.key) \($0.label)", $0.count) }
            case .authority: entries = (facets?.authorities ?? []).map { ($0.label, $0.label, $0.count) }
            case .topic: entries = (facets?.topics ?? []).map { ($0.key, $0.label, $0.count) }
            default:
                var years: [String: Int] = [:]
                for m in facets?.months ?? [] { years[String(m.key.prefix(4)), default: 0] += m.count }
                entries = years.sorted { $0.key > $1.key }.map { ($0.key, $0.key, $0.value) }
            }
            let chosen = filters[field] ?? []
            func isChosen(_ v: String) -> Bool { chosen.contains { $0.caseInsensitiveCompare(v) == .orderedSame } }
            // A chosen value the results no longer contain stays listed, so it can be unselected.
            for v in chosen where !entries.contains(where: { $0.value.caseInsensitiveCompare(v) == .orderedSame }) {
                entries.insert((v, v, 0), at: 0)
            }
            out.append(FacetRow(kind: .heading, field: field, value: "", label: title, count: 0, selected: false))
            for e in entries {
                out.append(FacetRow(kind: .entry, field: field, value: e.value, label: e.label, count: e.count, selected: isChosen(e.value)))
            }
        }
        return out
    }

    public static func entries(_ facets: FacetCounts?, query: String) -> [FacetRow] {
        rows(facets, query: query).filter { $0.kind == .entry }
    }
}

/// Edits a query's text: adds or removes one `field:value` filter, leaving the rest as typed.
public enum QueryEdit {
    public static func toggling(_ field: SearchQuery.Field, _ value: String, in text: String) -> String {
        var tokens = split(text)
        let before = tokens.count
        tokens.removeAll { token in
            guard let colon = token.firstIndex(of: ":") else { return false }
            let name = token[..<colon].lowercased()
            guard name == field.rawValue || (field == .authority && name == "regulator") else { return false }
            var v = String(token[token.index(after: colon)...])
            if v.hasPrefix("\""), v.hasSuffix("\""), v.count >= 2 { v = String(v.dropFirst().dropLast()) }
            return v.caseInsensitiveCompare(value) == .orderedSame
        }
        if tokens.count == before {
            let needsQuotes = value.contains { $0 == " " || $0 == "\"" }
            tokens.append("\(field.rawValue):" + (needsQuotes ? "\"\(value.replacingOccurrences(of: "\"", with: ""))\"" : value))
        }
        return tokens.joined(separator: " ")
    }

    /// The query without any field filters (what `c` leaves).
    public static func clearingFilters(in text: String) -> String {
        let fields = Set(SearchQuery.Field.allCases.map(\.rawValue) + ["authority"])
        return split(text).filter { token in
            guard let colon = token.firstIndex(of: ":") else { return true }
            return !fields.contains(token[..<colon].lowercased().trimmingCharacters(in: ["-"]))
        }.joined(separator: " ")
    }

    /// Whitespace-separated tokens; a quoted stretch stays in its token.
    static func split(_ text: String) -> [String] {
        var out: [String] = [], current = "", quoted = false
        for ch in text {
            if ch == "\"" { quoted.toggle() }
            if ch.isWhitespace, !quoted {
                if !current.isEmpty { out.append(current); current = "" }
            } else {
                current.append(ch)
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}
