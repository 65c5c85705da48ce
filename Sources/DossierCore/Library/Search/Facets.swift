import Foundation
import GRDB

extension Library {
    /// Counts per country, authority, topic, category and month over what `query` matches.
    /// The matched rowids come from SQLite; the counting runs over the in-memory `FacetCache`.
    public func facets(_ query: SearchQuery) throws -> FacetCounts {
        return try read { db in
            let c = try self.compile(query, db: db)
            let cache = try self.facetCache(db)
            var positions: [Int]?
            if let complement = c.complement {
                // "All but these": every position except the few excluded.
                var out = [Bool](repeating: true, count: cache.rowids.count)
                for p in try Self.positions(complement, cache: cache, db: db) { out[p] = false }
                positions = out.indices.filter { out[$0] }
            } else if c.match != nil || c.rowSet != nil {
                positions = try Self.positions(NewestSearch.matching(match: c.match, rowSet: c.rowSet), cache: cache, db: db)
            }
            func sorted(_ list: [(name: String, count: Int)], label: (String) -> String = { $0 }, key: (String) -> String = { $0 }) -> [FacetCount] {
                list.map { FacetCount(key: key($0.name), label: label($0.name), count: $0.count) }
                    .sorted { $0.count != $1.count ? $0.count > $1.count : $0.key < $1.key }
            }
            let names = Self.countryNames
            // Regulators are cached as "regId<TAB>ACR@CC".
            func regKey(_ s: String) -> String { String(s.split(separator: "\t", maxSplits: 1).first ?? "") }
            func regLabel(_ s: String) -> String { String(s.split(separator: "\t", maxSplits: 1).last ?? "") }
            return FacetCounts(
                total: positions?.count ?? cache.rowids.count,
                countries: sorted(cache.counts(cache.countries, over: positions), label: { names[$0] ?? $0 }),
                authorities: sorted(cache.counts(cache.authorities, over: positions), label: regLabel, key: regKey),
                topics: sorted(cache.counts(cache.topics, over: positions)),
                categories: sorted(cache.counts(cache.categories, over: positions)),
                months: cache.counts(cache.months, over: positions).map { FacetCount(key: $0.name, label: $0.name, count: $0.count) }
                    .sorted { $0.key > $1.key })
        }
    }

}
