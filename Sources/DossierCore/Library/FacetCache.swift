import Foundation
import GRDB
import GRDBSQLite

/// Every article's facet values, held in memory so that counting them over a matched set
/// is a loop over integers instead of five GROUP BY queries over a materialised subquery.
///
/// Built once per library generation (each indexing transaction bumps it) and shared by all
/// queries; saved in the library at the end of an index run (`FacetSnapshot`).
final class FacetCache: @unchecked Sendable {
    let generation: String
    /// Article rowids, ascending; every other array is indexed by position in this one.
    let rowids: [Int64]
    /// Positions, newest first (published descending, then rowid descending; undated last).
    let newestFirst: [Int32]
    /// How many of `newestFirst` have a date (the undated follow them).
    var datedCount: Int { newestFirst.count - undated }
    let undated: Int
    /// Value names per facet kind, and per article the ids of its values (CSR layout).
    struct Column {
        var names: [String] = []
        var starts: [Int32] = []
        var values: [Int32] = []
        /// How many articles hold each value, when read from a snapshot (else counted).
        var totals: [Int32]? = nil

        /// `totals`, or counted from `values`.
        func counted() -> [Int32] {
            if let totals { return totals }
            var n = [Int32](repeating: 0, count: names.count)
            for v in values { n[Int(v)] += 1 }
            return n
        }
    }
    let countries: Column, authorities: Column, topics: Column
    let categories: Column, months: Column
    /// How much of a saved cache was read: a new process reads only what its command needs
    /// (at 1M articles the whole cache is 60 MB in memory; docs/performance.md).
    enum Depth: Int, Comparable {
        /// Names and totals only (`count`, `Column.totals`): the counts over every article.
        case totals
        /// And `rowids`, `newestFirst`: the date order, for lists newest first.
        case order
        /// And each article's values (`starts`, `values`): counts over any set of articles.
        case all
        static func < (a: Depth, b: Depth) -> Bool { a.rawValue < b.rawValue }
    }
    let depth: Depth
    /// How many articles (`rowids.count`, which is empty at `.totals`).
    let count: Int

    /// Position by rowid (-1: none), when rowids are dense enough for a table (they grow
    /// one by one, with gaps only where articles were deleted): matching a million rowids
    /// to positions by binary search cost a third of counting facets over them.
    private let positionByRowid: [Int32]

    init(generation: String, rowids: [Int64], newestFirst: [Int32], undated: Int, countries: Column, authorities: Column,
         topics: Column, categories: Column, months: Column, depth: Depth = .all, count: Int? = nil) {
        self.generation = generation; self.rowids = rowids; self.newestFirst = newestFirst
        self.undated = undated; self.depth = depth; self.count = count ?? rowids.count
        self.countries = countries; self.authorities = authorities; self.topics = topics
        self.categories = categories; self.months = months
        var table: [Int32] = []
        if let last = rowids.last, last >= 0, last < Int64(Int32.max), last < Int64(rowids.count) * 4 + 1024 {
            table = [Int32](repeating: -1, count: Int(last) + 1)
            for (p, r) in rowids.enumerated() where r >= 0 { table[Int(r)] = Int32(p) }
        }
        positionByRowid = table
    }

    /// The same cache under another generation label, sharing every array (the rowid
    /// table too: building it again cost each new process a pass over a million rowids).
    func relabelled(_ generation: String) -> FacetCache { FacetCache(self, generation: generation) }

    private init(_ other: FacetCache, generation: String) {
        self.generation = generation; rowids = other.rowids; newestFirst = other.newestFirst; undated = other.undated
        countries = other.countries; authorities = other.authorities; topics = other.topics
        categories = other.categories; months = other.months; positionByRowid = other.positionByRowid
        depth = other.depth; count = other.count
    }

    /// Loads from indexes only (never the article table itself, whose rows carry the text),
    /// with each value's articles as one grouped list: one Swift string per value, not per row.
    static func load(_ db: Database, generation: String) throws -> FacetCache {
        var dated: [Int64] = []
        var monthOf: [(Int64, String)] = []
        let cursor = try Row.fetchCursor(db, SQLRequest<Row>(literal: ArticleRecord.newestFirst))
        var undated = 0
        while let row = try cursor.next() {
            let r: Int64 = row[0]
            dated.append(r)
            if row[1] == nil { undated += 1 }
            if let m = row[1] as String?, m.utf8.count == 7 { monthOf.append((r, m)) }
        }
        let rowids = dated.sorted()
        func position(_ r: Int64) -> Int32? { Self.position(of: r, in: rowids).map(Int32.init) }
        let newestFirst = dated.compactMap(position)

        /// Builds a CSR column from (value, articles) groups (a counting sort: no per-article arrays).
        func column(_ groups: [(String, [Int64])]) -> Column {
            var c = Column()
            var pairs: [(Int32, Int32)] = []
            for (name, articles) in groups {
                let id = Int32(c.names.count)
                c.names.append(name)
                for r in articles { if let p = position(r) { pairs.append((p, id)) } }
            }
            var counts = [Int32](repeating: 0, count: rowids.count + 1)
            for (p, _) in pairs { counts[Int(p) + 1] += 1 }
            for i in 0..<rowids.count { counts[i + 1] += counts[i] }
            c.starts = counts
            var next = counts
            c.values = [Int32](repeating: 0, count: pairs.count)
            for (p, id) in pairs { c.values[Int(next[Int(p)])] = id; next[Int(p)] += 1 }
            return c
        }
        /// `SELECT value, group_concat(article)`: the rowid lists parsed from bytes.
        func grouped(_ sql: SQL) throws -> [(String, [Int64])] {
            try Row.fetchAll(db, SQLRequest<Row>(literal: sql)).map { row in
                var list: [Int64] = []
                var n: Int64 = 0, any = false
                for b in (row[1] as String? ?? "").utf8 {
                    if b == UInt8(ascii: ",") { if any { list.append(n) }; n = 0; any = false } else { n = n * 10 + Int64(b - 48); any = true }
                }
                if any { list.append(n) }
                return (row[0], list)
            }
        }
        var byMonth: [String: [Int64]] = [:]
        for (r, m) in monthOf { byMonth[m, default: []].append(r) }
        return FacetCache(
            generation: generation, rowids: rowids, newestFirst: newestFirst, undated: undated,
            countries: column(try grouped("SELECT code, group_concat(article) FROM article_country GROUP BY code")),
            authorities: column(try grouped("""
                SELECT regId || char(9) || min(acronym) || '@' || min(country), group_concat(article) FROM article_regulator GROUP BY regId
                """)),
            topics: column(try grouped("SELECT topic, group_concat(article) FROM article_topic GROUP BY topic")),
            categories: column(try grouped(ArticleRecord.categoryGroups)),
            months: column(byMonth.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
    }

    /// Positions in date order: newest first, or oldest first (undated last either way).
    func dateOrder(oldestFirst: Bool) -> AnySequence<Int32> {
        guard oldestFirst else { return AnySequence(newestFirst) }
        return AnySequence(newestFirst[..<datedCount].reversed().lazy.map { $0 } + newestFirst[datedCount...])
    }

    /// Position of `rowid`, if it is an article.
    func position(of rowid: Int64) -> Int? {
        guard !positionByRowid.isEmpty else { return Self.position(of: rowid, in: rowids) }
        guard rowid >= 0, rowid < Int64(positionByRowid.count) else { return nil }
        let p = positionByRowid[Int(rowid)]
        return p < 0 ? nil : Int(p)
    }

    /// Binary search in ascending rowids.
    static func position(of rowid: Int64, in rowids: [Int64]) -> Int? {
        var lo = 0, hi = rowids.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if rowids[mid] < rowid { lo = mid + 1 } else { hi = mid }
        }
        return lo < rowids.count && rowids[lo] == rowid ? lo : nil
    }

    /// Counts of each value over the articles at `positions` (nil: every article).
    func counts(_ c: Column, over positions: [Int]?) -> [(name: String, count: Int)] {
        guard let positions else { return zip(c.names, c.counted()).filter { $0.1 > 0 }.map { ($0.0, Int($0.1)) } }
        precondition(depth == .all, "counting over some articles needs each article's values")
        var n = [Int](repeating: 0, count: c.names.count)
        for p in positions {
            for k in Int(c.starts[p])..<Int(c.starts[p + 1]) { n[Int(c.values[k])] += 1 }
        }
        return zip(c.names, n).filter { $0.1 > 0 }.map { ($0.0, $0.1) }
    }
}

extension Library {
    static func generation(_ db: Database) throws -> String {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'generation'") ?? "0"
    }

    /// The facet cache if it is loaded, or saved and patched for the library as it is now;
    /// never builds it from the tables. Read to `depth` at least (`FacetCache.Depth`): one
    /// read deeper, if loaded, is returned all the same.
    func cheapFacetCache(_ db: Database, depth: FacetCache.Depth = .all) throws -> FacetCache? {
        let generation = try Self.generation(db)
        if let cached = facetCacheBox.value, cached.generation == generation, cached.depth >= depth { return cached }
        guard let saved = try FacetSnapshot.current(db, generation: generation, depth: depth) else { return nil }
        facetCacheBox.value = saved
        return saved
    }

    /// The facet cache for the library as it is now: in memory, else the saved snapshot,
    /// else built from the facet tables.
    func facetCache(_ db: Database, depth: FacetCache.Depth = .all) throws -> FacetCache {
        if let cheap = try cheapFacetCache(db, depth: depth) { return cheap }
        let fresh = try FacetCache.load(db, generation: Self.generation(db))
        facetCacheBox.value = fresh
        return fresh
    }
}

/// Shared, lock-protected slot for a cache (Library is `Sendable`).
final class CacheBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var _value: Value?
    var value: Value? {
        get { lock.lock(); defer { lock.unlock() }; return _value }
        set { lock.lock(); _value = newValue; lock.unlock() }
    }
}
