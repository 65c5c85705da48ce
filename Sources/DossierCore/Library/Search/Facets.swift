import Foundation
import GRDB

extension Library {
    /// Counts per country, authority, topic, category, month and year over what `query`
    /// matches: how many of the results carry each value. The matched rowids come from
    /// SQLite; the counting runs over the in-memory `FacetCache`.
    public func facets(_ query: SearchQuery) throws -> FacetCounts {
        try facets(query, split: .whenLarge)
    }

    /// `facets`, with the match list found on two cores or not (`RowidHalves`), and the
    /// counts of a common word or prefix taken from its list (`KeyFacets`) or not.
    func facets(_ query: SearchQuery, split: RowidHalves.Choice, fromLists: Bool = true) throws -> FacetCounts {
        try read { db in
            let c = try self.compile(query, db: db)
            if fromLists, let stored = try self.storedFacets(c, db: db) { return stored }
            // Counts over every article are the saved totals; over any other set they need
            // each article's values (`FacetCache.Depth`).
            let cache = try self.facetCache(db, depth: c.matchesEverything ? .totals : .all)
            let positions = c.matchesEverything ? nil : try self.positions(of: c, cache: cache, db: db, split: split)
            return Self.facetCounts(total: positions?.count ?? cache.count,
                                    FacetCache.columnsInOrder(cache).map { cache.counts($0, over: positions) })
        }
    }

    /// Counts of each value of the five columns (`FacetCache.columnsInOrder`) as the
    /// entries `facets` gives: labelled, most first, months newest first.
    static func facetCounts(total: Int, _ columns: [[(name: String, count: Int)]]) -> FacetCounts {
        FacetCounts(
            total: total,
            countries: entries(.country, columns[0]),
            authorities: entries(.authority, columns[1]),
            topics: entries(.topic, columns[2]),
            categories: entries(.category, columns[3]),
            months: columns[4].map { FacetCount(key: $0.name, label: $0.name, count: $0.count) }.sorted { $0.key > $1.key })
    }

    /// The counts a sidebar should show, so that each one predicts what selecting it gives.
    /// In a group where some values are chosen (same field = OR), an unchosen value's count
    /// is the number of results the query would have with that value added to the group:
    /// the articles matching the rest of the query that carry a chosen value or this one. A
    /// chosen value's count is how many of the current results carry it. Values that never
    /// occur with the chosen ones stay listed, so they can be added. Groups without a choice
    /// count as `facets` does.
    public func sidebarFacets(_ query: SearchQuery) throws -> FacetCounts {
        var out = try facets(query)
        let groups: [(SearchQuery.Field, WritableKeyPath<FacetCounts, [FacetCount]>)] = [
            (.country, \.countries), (.authority, \.authorities), (.topic, \.topics), (.date, \.years),
        ]
        for (field, path) in groups {
            guard let chosen = query.filters[field], !chosen.isEmpty else { continue }
            var rest = query
            rest.filters[field] = nil
            var only = SearchQuery()
            only.filters[field] = chosen
            let current = Dictionary(out[keyPath: path].map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
            out[keyPath: path] = try read { db in
                let cache = try self.facetCache(db)
                let others = try self.positions(of: rest, cache: cache, db: db) ?? Array(0..<cache.rowids.count)
                var inChoice = [Bool](repeating: false, count: cache.rowids.count)
                for p in try self.positions(of: only, cache: cache, db: db) ?? [] { inChoice[p] = true }
                // Articles matching the rest of the query: those with a chosen value are in
                // whatever is added; the others count for each value of theirs in the group.
                let column = field == .date ? cache.months : field == .country ? cache.countries
                    : field == .authority ? cache.authorities : cache.topics
                var base = 0
                var extra = [Int](repeating: 0, count: column.names.count)
                for p in others {
                    if inChoice[p] { base += 1; continue }
                    for k in Int(column.starts[p])..<Int(column.starts[p + 1]) { extra[Int(column.values[k])] += 1 }
                }
                var counts: [(name: String, count: Int)] = zip(column.names, extra).filter { $0.1 > 0 }.map { ($0.0, $0.1) }
                if field == .date {
                    // Months into years (an article has one month, so none is counted twice).
                    var years: [String: Int] = [:]
                    for c in counts { years[String(c.name.prefix(4)), default: 0] += c.count }
                    counts = years.map { ($0.key, $0.value) }
                }
                var entries = field == .date
                    ? counts.map { FacetCount(key: $0.name, label: $0.name, count: $0.count) }
                    : Self.entries(field, counts)
                for i in entries.indices { entries[i].count += base }
                // Chosen values: how many of the current results carry them.
                entries.removeAll { query.hasFilter(field, SearchQuery.canonical(field, $0.key)) }
                entries += current.values.filter { query.hasFilter(field, SearchQuery.canonical(field, $0.key)) }
                return field == .date ? entries.sorted { $0.key > $1.key } : Self.ordered(entries)
            }
        }
        return out
    }

    /// The facet-cache positions `query` matches; nil for every article.
    func positions(of query: SearchQuery, cache: FacetCache, db: Database, split: RowidHalves.Choice = .whenLarge) throws -> [Int]? {
        try positions(of: compile(query, db: db), cache: cache, db: db, split: split)
    }

    /// `positions(of:)` for a query already compiled.
    func positions(of c: CompiledQuery, cache: FacetCache, db: Database, split: RowidHalves.Choice = .whenLarge) throws -> [Int]? {
        if let complement = c.complement {
            // "All but these": every position except the few excluded.
            var out = [Bool](repeating: true, count: cache.rowids.count)
            for p in try Self.positions(complement, cache: cache, db: db) { out[p] = false }
            return out.indices.filter { out[$0] }
        }
        guard c.match != nil || c.rowSet != nil || c.excludedRows != nil else { return nil }
        // Words: the matches of each half of the library at once (`RowidHalves`), in rowid order.
        if c.match != nil, let halves = try RowidHalves.run(c, db: db, helper: helper, choice: split, { db, rowids in
            try Self.positions(c.matching(within: rowids), cache: cache, db: db)
        }) {
            return halves.lower + halves.upper
        }
        return try Self.positions(c.matching, cache: cache, db: db)
    }

    /// Counted values as entries, with their labels (and authorities' names), most first.
    static func entries(_ field: SearchQuery.Field, _ list: [(name: String, count: Int)]) -> [FacetCount] {
        ordered(list.map { item in
            switch field {
            case .country:
                return FacetCount(key: item.name, label: countryNames[item.name] ?? item.name, count: item.count)
            case .authority:
                // Cached as "regId<TAB>ACR@CC".
                let parts = item.name.split(separator: "\t", maxSplits: 1).map(String.init)
                let id = parts.first ?? item.name
                return FacetCount(key: id, label: parts.last ?? id, count: item.count, name: AuthorityNames.shared.byID[id]?.name)
            case .topic:
                return FacetCount(key: item.name, label: topicLabels[item.name] ?? item.name, count: item.count)
            default:
                return FacetCount(key: item.name, label: item.name, count: item.count)
            }
        })
    }

    static func ordered(_ list: [FacetCount]) -> [FacetCount] {
        list.sorted { $0.count != $1.count ? $0.count > $1.count : $0.key < $1.key }
    }

    static let topicLabels = KnownNames.topicLabels
}
