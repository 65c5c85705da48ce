import Foundation
import GRDB
import GRDBSQLite

/// The articles written since the saved facet cache (`FacetSnapshot`) was built, so that
/// a small change does not rebuild it: the snapshot plus these rows is the library as it is.
///
/// Every write that adds, replaces or deletes an article marks its rowid (`facet_dirty`) in
/// the same transaction, and saving a snapshot clears the marks in its transaction, so a
/// crash never leaves the two disagreeing. A reader patches the snapshot with the marked
/// articles (`FacetCache.patched`); an index run that leaves more marks than `patchLimit`
/// rebuilds and saves the cache instead, so patching stays cheap.
enum FacetDelta {
    /// Most marked articles a reader patches in: each costs a few point lookups (about 50 µs
    /// at 1M articles), where a rebuild at 1M costs a second or more.
    static let patchLimit = 1_000

    /// Marks an article added, replaced or deleted.
    static func mark(_ rowid: Int64, db: Database) throws {
        try db.executeCached(sql: "INSERT OR IGNORE INTO facet_dirty(article) VALUES (?)", arguments: [rowid])
    }

    /// How many articles are marked.
    static func count(_ db: Database) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM facet_dirty")) ?? 0
    }

    /// Forgets the marks: the snapshot saved in this transaction includes them.
    static func clear(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM facet_dirty")
    }
}

extension FacetCache {
    /// What one marked article holds now (nil fields: it is gone).
    private struct Fresh {
        var published: String?
        var category: String?
        var countries: [String] = [], authorities: [String] = [], topics: [String] = []
    }

    /// This cache with the marked articles (`facet_dirty`) taken out and put back as they
    /// are now: equal to a cache built afresh (`FacetDeltaTests`), at a cost that grows with
    /// the marks, not the library.
    func patched(_ db: Database, generation: String) throws -> FacetCache {
        let marked = try Int64.fetchAll(db, sql: "SELECT article FROM facet_dirty ORDER BY article")
        if marked.isEmpty { return relabelled(generation) }
        precondition(depth == .all, "a cache read in part is never patched (FacetSnapshot.current reads all when there are marks)")
        var fresh: [Int64: Fresh] = [:]
        // CROSS JOIN keeps the marks as the outer loop: left to the planner, it scanned a
        // whole facet index (1M rows) per query and looked each row up among the marks.
        for row in try Row.fetchAll(db, sql: """
            SELECT a.rowid, a.published, a.category FROM facet_dirty d CROSS JOIN article a ON a.rowid = d.article
            """) {
            fresh[row[0]] = Fresh(published: row[1], category: row[2])
        }
        func collect(_ sql: String, _ put: (inout Fresh, String) -> Void) throws {
            for row in try Row.fetchAll(db, sql: sql) {
                let r: Int64 = row[0]
                if fresh[r] != nil { put(&fresh[r]!, row[1]) }
            }
        }
        try collect("SELECT c.article, c.code FROM facet_dirty d CROSS JOIN article_country c ON c.article = d.article") { $0.countries.append($1) }
        try collect("""
            SELECT g.article, g.regId || char(9) || g.acronym || '@' || g.country FROM facet_dirty d CROSS JOIN article_regulator g ON g.article = d.article
            """) { $0.authorities.append($1) }
        try collect("SELECT t.article, t.topic FROM facet_dirty d CROSS JOIN article_topic t ON t.article = d.article") { $0.topics.append($1) }

        // Rowids: the unmarked ones kept, the marked ones that still exist put back.
        let markedSet = Set(marked)
        let added = marked.filter { fresh[$0] != nil }
        var newRowids: [Int64] = []
        newRowids.reserveCapacity(rowids.count + added.count)
        var oldToNew = [Int32](repeating: -1, count: rowids.count)
        var sources: [Source] = []   // runs of kept old positions, and added rowids, in new order
        var i = 0, j = 0
        while i < rowids.count || j < added.count {
            if i < rowids.count, markedSet.contains(rowids[i]) { i += 1; continue }
            if j >= added.count || (i < rowids.count && rowids[i] < added[j]) {
                if case .kept(let from, let count)? = sources.last, from + count == i {
                    sources[sources.count - 1] = .kept(from: from, count: count + 1)
                } else {
                    sources.append(.kept(from: i, count: 1))
                }
                oldToNew[i] = Int32(newRowids.count)
                newRowids.append(rowids[i]); i += 1
            } else {
                newRowids.append(added[j]); sources.append(.added(added[j])); j += 1
            }
        }
        func newPosition(_ r: Int64) -> Int32 { Int32(Self.position(of: r, in: newRowids)!) }

        // Date order: the kept articles in their order, each added one inserted where
        // (published DESC, rowid DESC) puts it, found by binary search over the kept ones.
        let keptOrder = newestFirst.compactMap { p -> Int32? in oldToNew[Int(p)] >= 0 ? oldToNew[Int(p)] : nil }
        let keptDated = newestFirst[..<datedCount].reduce(0) { $0 + (oldToNew[Int($1)] >= 0 ? 1 : 0) }
        let publishedOf = try db.cachedStatement(sql: "SELECT published FROM article WHERE rowid = ?")
        func published(_ r: Int64) throws -> [UInt8] { Array((try String.fetchOne(publishedOf, arguments: [r]) ?? "").utf8) }
        // True when (p, r) comes before (q, s) newest first.
        func before(_ p: [UInt8], _ r: Int64, _ q: [UInt8], _ s: Int64) -> Bool {
            p.lexicographicallyPrecedes(q) ? false : (q.lexicographicallyPrecedes(p) ? true : r > s)
        }
        var inserts: [(at: Int, position: Int32, dated: Bool)] = []
        for r in added {
            let position = newPosition(r)
            if let p = fresh[r]!.published {
                let key = Array(p.utf8)
                var lo = 0, hi = keptDated
                while lo < hi {
                    let mid = (lo + hi) / 2
                    let other = newRowids[Int(keptOrder[mid])]
                    if before(try published(other), other, key, r) { lo = mid + 1 } else { hi = mid }
                }
                inserts.append((lo, position, true))
            } else {
                var lo = keptDated, hi = keptOrder.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if newRowids[Int(keptOrder[mid])] > r { lo = mid + 1 } else { hi = mid }
                }
                inserts.append((lo, position, false))
            }
        }
        // Several added at one place keep their own order (newest first among themselves).
        inserts.sort { a, b in
            if a.at != b.at { return a.at < b.at }
            let ra = newRowids[Int(a.position)], rb = newRowids[Int(b.position)]
            if a.dated != b.dated { return a.dated }
            if !a.dated { return ra > rb }
            return before(Array(fresh[ra]!.published!.utf8), ra, Array(fresh[rb]!.published!.utf8), rb)
        }
        var order: [Int32] = []
        order.reserveCapacity(keptOrder.count + inserts.count)
        var k = 0
        for (n, p) in keptOrder.enumerated() {
            while k < inserts.count, inserts[k].at == n { order.append(inserts[k].position); k += 1 }
            order.append(p)
        }
        while k < inserts.count { order.append(inserts[k].position); k += 1 }
        let newUndated = (keptOrder.count - keptDated) + added.filter { fresh[$0]!.published == nil }.count

        /// `key`: what makes two names one value (an authority is its id, whatever its label).
        func column(_ old: Column, key: (String) -> Substring = { $0[...] }, _ values: (Fresh) -> [String]) -> Column {
            var ids: [Substring: Int32] = [:]
            for (n, name) in old.names.enumerated() { ids[key(name)] = Int32(n) }
            var c = Column(names: old.names, starts: [0], values: [])
            c.starts.reserveCapacity(newRowids.count + 1)
            c.values.reserveCapacity(old.values.count + added.count * 2)
            for source in sources {
                switch source {
                case .kept(let from, let count):
                    // A run of kept articles: their values in one copy, their starts shifted.
                    let lo = Int(old.starts[from]), shift = Int32(c.values.count) - old.starts[from]
                    c.values += old.values[lo..<Int(old.starts[from + count])]
                    c.starts += old.starts[(from + 1)...(from + count)].lazy.map { $0 + shift }
                case .added(let r):
                    for name in values(fresh[r]!) {
                        if ids[key(name)] == nil { ids[key(name)] = Int32(c.names.count); c.names.append(name) }
                        c.values.append(ids[key(name)]!)
                    }
                    c.starts.append(Int32(c.values.count))
                }
            }
            return c.canonical()
        }
        return FacetCache(
            generation: generation, rowids: newRowids, newestFirst: order, undated: newUndated,
            countries: column(countries) { $0.countries },
            authorities: column(authorities, key: { $0.prefix { $0 != "\t" } }) { $0.authorities },
            topics: column(topics) { $0.topics }, categories: column(categories) { $0.category.map { [$0] } ?? [] },
            months: column(months) { f in f.published.map { String($0.prefix(7)) }.flatMap { $0.utf8.count == 7 ? [$0] : [] } ?? [] })
    }

    private enum Source { case kept(from: Int, count: Int), added(Int64) }
}

extension FacetCache.Column {
    /// Names as a build from the tables gives them: only those some article holds, in
    /// byte order (as SQLite's GROUP BY sorts them), with the values renumbered to match.
    func canonical() -> FacetCache.Column {
        var used = [Bool](repeating: false, count: names.count)
        for v in values { used[Int(v)] = true }
        let keep = names.indices.filter { used[$0] }.sorted { Array(names[$0].utf8).lexicographicallyPrecedes(Array(names[$1].utf8)) }
        var out = self
        if keep != Array(names.indices) {
            var renumber = [Int32](repeating: -1, count: names.count)
            for (new, old) in keep.enumerated() { renumber[old] = Int32(new) }
            out = FacetCache.Column(names: keep.map { names[$0] }, starts: starts, values: values.map { renumber[Int($0)] })
        }
        // Each article's values ascending, as a build from the tables lists them.
        for p in 0..<(out.starts.count - 1) {
            let lo = Int(out.starts[p]), hi = Int(out.starts[p + 1])
            guard hi - lo > 1 else { continue }
            for k in (lo + 1)..<hi where out.values[k - 1] > out.values[k] { out.values[lo..<hi].sort(); break }
        }
        return out
    }
}
