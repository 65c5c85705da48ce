import Foundation
import DossierCore

/// The sidebar's rows: the watchlists with their new counts, then a heading per group and
/// its values with counts for the current query. A selected value is a filter in the query text; toggling one edits the text, so the
/// query bar always shows the equivalent query.
public struct FacetRow: Equatable, Sendable {
    /// A group's heading ("Countries"), one of its values, or a saved watchlist.
    public enum Kind: Equatable, Sendable { case heading, entry, watchlist }
    /// Heading, entry or watchlist.
    public var kind: Kind
    /// The query field the group filters on (`country`, `authority`, `topic`, `date`); nil
    /// for the watchlists.
    public var field: SearchQuery.Field?
    /// The value as written in a query (`HK`, `SFC@HK`, `stablecoins`, `2024`); a
    /// watchlist's name.
    public var value: String
    /// What the row shows ("Hong Kong").
    public var label: String
    /// The value's count for the current query, as `Library.sidebarFacets` gives it (0 for
    /// headings); a watchlist's new articles.
    public var count: Int
    /// The value is a filter of the current query.
    public var selected: Bool
    /// The value is excluded (`-field:value` in the query).
    public var excluded = false
    /// More than the label holds (an authority's full name, a watchlist's query), for the
    /// status line.
    public var detail: String?
}

/// Builds the sidebar's rows from facet counts and the query text.
public enum FacetRows {
    static let groups: [(SearchQuery.Field, String)] = [
        (.country, "Countries"), (.authority, "Authorities"), (.topic, "Topics"), (.date, "Years"),
    ]

    /// Every row, headings included, in display order: the watchlists (when there are any),
    /// then each group's values as the counts come, with a chosen value the results no
    /// longer hold at the top (so it can be unselected).
    /// `parsed` is `query` as a tree (nil when it does not parse): the reader keeps it parsed.
    public static func rows(_ facets: FacetCounts?, query: String, parsed: SearchQuery?, watchlists: [Watchlist] = []) -> [FacetRow] {
        let filters = parsed?.filters ?? [:]
        var out: [FacetRow] = []
        if !watchlists.isEmpty {
            out.append(FacetRow(kind: .heading, field: nil, value: "", label: "Watchlists", count: 0, selected: false))
            for w in watchlists {
                out.append(FacetRow(kind: .watchlist, field: nil, value: w.name, label: w.name, count: w.newCount,
                                    selected: w.query == query, detail: "\(w.name): \(w.query)" + (w.problem.map { " — cannot run: \($0)" } ?? "")))
            }
        }
        for (field, title) in groups {
            var entries: [(value: String, label: String, count: Int)]
            var names: [String: String] = [:]
            switch field {
            case .country: entries = (facets?.countries ?? []).map { ($0.key, "\($0.key) \($0.label)", $0.count) }
            case .authority:
                entries = (facets?.authorities ?? []).map { ($0.label, $0.label, $0.count) }
                for a in facets?.authorities ?? [] { if let n = a.name { names[a.label] = "\(a.label): \(n)" } }
            case .topic: entries = (facets?.topics ?? []).map { ($0.key, $0.label, $0.count) }
            default: entries = (facets?.years ?? []).map { ($0.key, $0.key, $0.count) }
            }
            let chosen = (filters[field] ?? []) + (parsed?.excludedFilters[field] ?? [])
            func isChosen(_ v: String) -> Bool { parsed?.hasFilter(field, v) ?? false }
            func isExcluded(_ v: String) -> Bool { parsed?.excludes(field, v) ?? false }
            // A chosen or excluded value the results no longer contain stays listed, so it can
            // be unselected.
            for v in chosen where !entries.contains(where: { SearchQuery.canonical(field, $0.value).caseInsensitiveCompare(v) == .orderedSame }) {
                entries.insert((v, v, 0), at: 0)
            }
            out.append(FacetRow(kind: .heading, field: field, value: "", label: title, count: 0, selected: false))
            for e in entries {
                out.append(FacetRow(kind: .entry, field: field, value: e.value, label: e.label, count: e.count, selected: isChosen(e.value),
                                    excluded: isExcluded(e.value), detail: names[e.value]))
            }
        }
        return out
    }
}
