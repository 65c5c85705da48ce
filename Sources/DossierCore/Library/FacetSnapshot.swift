import Foundation
import GRDB
import GRDBSQLite

/// The facet cache saved in the library (`facet_snapshot`), so that a new process reads one
/// blob instead of rebuilding the cache from every row of the facet tables.
///
/// The snapshot and the articles marked since (`FacetDelta`) together are the library as it
/// is: both change in the same transactions, so after a crash or an interrupted run the
/// snapshot is patched (or, past `FacetDelta.patchLimit` marks, rebuilt), never wrong.
enum FacetSnapshot {
    /// Saves `cache` (built for the library as it is in this transaction) and clears the marks.
    /// (An older format, with the token lengths now in `LengthSnapshot`, fails `decode` and is rebuilt.)
    static func save(_ cache: FacetCache, db: Database) throws {
        try SnapshotBlob.save("facet_snapshot", generation: cache.generation, db: db) { w in try encode(cache, into: &w) }
        try FacetDelta.clear(db)
    }

    /// The saved cache as it was saved (before the marked articles), if it reads back whole,
    /// read to `depth` (`FacetCache.Depth`: the format puts each depth after the one before).
    static func load(_ db: Database, depth: FacetCache.Depth = .all) throws -> FacetCache? {
        try SnapshotBlob.load("facet_snapshot", db: db) { r, generation in decode(&r, generation: generation, depth: depth) }
    }

    /// Whether a cache is saved in this format (without reading it: at 1M articles it is
    /// megabytes). One in an older format is not: the next index run saves it again.
    static func exists(_ db: Database) throws -> Bool {
        try SnapshotBlob.magic("facet_snapshot", db: db) == magic
    }

    /// The saved cache patched with the marked articles, labelled `generation` (the
    /// library's now), or nil when there is none or more marks than are worth patching.
    /// Read to `depth`, unless there are marks (patching needs all of it).
    static func current(_ db: Database, generation: String, depth: FacetCache.Depth = .all) throws -> FacetCache? {
        // A library made before the marks, opened read-only (so not migrated): its
        // snapshot is current only for the generation it was saved for.
        guard try db.tableExists("facet_dirty") else {
            return try load(db, depth: depth).flatMap { $0.generation == generation ? $0 : nil }
        }
        let marks = try FacetDelta.count(db)
        guard marks <= FacetDelta.patchLimit, let base = try load(db, depth: marks > 0 ? .all : depth) else { return nil }
        return try base.patched(db, generation: generation)
    }

    /// "DFC6": in the order of `FacetCache.Depth`, so that a process reads only as far as
    /// its command needs: the article count and each column's names and totals; the rowids
    /// (as gaps) and the date order; each article's values (per article a count, then the
    /// values). Integers in the narrowest width that holds them (`putNarrow`). An older
    /// format fails `decode` and is saved again by the next index run (`exists`).
    private static let magic: UInt32 = 0x4446_4336

    static func encode(_ c: FacetCache, into w: inout SnapshotWriter) throws {
        precondition(c.depth == .all, "only a whole cache is saved")
        let columns = [c.countries, c.authorities, c.topics, c.categories, c.months]
        try w.put(magic)
        try w.put(Int64(c.count))
        for column in columns {
            try w.put(column.names.joined(separator: "\u{0}"))
            try w.put(Int32(column.names.count))
            try w.putNarrow(column.counted())
        }
        try w.putAscending(c.rowids)
        try w.putNarrow(c.newestFirst)
        try w.put(Int64(c.undated))
        for column in columns {
            try w.putNarrow(zip(column.starts, column.starts.dropFirst()).map { $1 - $0 })
            try w.putNarrow(column.values)
        }
    }

    /// The cache `encode` wrote, read to `depth`, or nil when anything read does not add up.
    static func decode(_ r: inout SnapshotReader, generation: String, depth: FacetCache.Depth = .all) -> FacetCache? {
        guard r.scalar(UInt32.self) == magic, let count = r.scalar(Int64.self), count >= 0, count < Int64(Int32.max) else { return nil }
        var columns: [FacetCache.Column] = []
        for _ in 0..<5 {
            guard let joined = r.string(), let n = r.scalar(Int32.self), n >= 0,
                  let totals = r.narrowArray(below: count + 1), totals.count == Int(n) else { return nil }
            let names = n == 0 ? [] : joined.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
            guard names.count == Int(n) else { return nil }
            columns.append(FacetCache.Column(names: names, totals: totals))
        }
        func cache(_ rowids: [Int64], _ newestFirst: [Int32], _ undated: Int, _ depth: FacetCache.Depth) -> FacetCache {
            FacetCache(generation: generation, rowids: rowids, newestFirst: newestFirst, undated: undated, countries: columns[0],
                       authorities: columns[1], topics: columns[2], categories: columns[3], months: columns[4],
                       depth: depth, count: Int(count))
        }
        if depth == .totals { return cache([], [], 0, .totals) }
        guard let rowids = r.ascendingArray(), rowids.count == Int(count),
              let newestFirst = r.narrowArray(below: count), let undated = r.scalar(Int64.self),
              undated >= 0, Int(undated) <= newestFirst.count else { return nil }
        if depth == .order { return cache(rowids, newestFirst, Int(undated), .order) }
        for i in columns.indices {
            guard let starts = r.narrowArray(below: Int64(Int32.max), asStarts: true), starts.count == rowids.count + 1,
                  let values = r.narrowArray(below: Int64(columns[i].names.count)), Int(starts[rowids.count]) == values.count
            else { return nil }
            columns[i].starts = starts
            columns[i].values = values
            // Counted from the values when asked (a pass of a few ms at 1M articles), so that
            // a whole read never answers from totals it has not checked.
            columns[i].totals = nil
        }
        guard r.atEnd else { return nil }
        return cache(rowids, newestFirst, Int(undated), .all)
    }
}
