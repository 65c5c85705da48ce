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

    /// The saved cache as it was saved (before the marked articles), if it reads back whole;
    /// without `columns`, only its date order (`FacetCache.hasColumns`).
    static func load(_ db: Database, columns: Bool = true) throws -> FacetCache? {
        try SnapshotBlob.load("facet_snapshot", db: db) { r, generation in decode(&r, generation: generation, columns: columns) }
    }

    /// Whether a cache is saved in this format (without reading it: at 1M articles it is
    /// megabytes). One in an older format is not: the next index run saves it again.
    static func exists(_ db: Database) throws -> Bool {
        try SnapshotBlob.magic("facet_snapshot", db: db) == magic
    }

    /// The saved cache patched with the marked articles, labelled `generation` (the
    /// library's now), or nil when there is none or more marks than are worth patching.
    /// Without `columns`, only the date order, unless there are marks (patching needs all).
    static func current(_ db: Database, generation: String, columns: Bool = true) throws -> FacetCache? {
        // A library made before the marks, opened read-only (so not migrated): its
        // snapshot is current only for the generation it was saved for.
        guard try db.tableExists("facet_dirty") else {
            return try load(db, columns: columns).flatMap { $0.generation == generation ? $0 : nil }
        }
        let marks = try FacetDelta.count(db)
        guard marks <= FacetDelta.patchLimit, let base = try load(db, columns: columns || marks > 0) else { return nil }
        return try base.patched(db, generation: generation)
    }

    /// "DFC5": rowids as gaps, the rest in the narrowest width that holds it, and per
    /// article a count of values instead of a start (a third of "DFC4"'s bytes at 1M
    /// articles, which every new process read whole). An older format fails `decode` and
    /// is rebuilt.
    private static let magic: UInt32 = 0x4446_4335

    static func encode(_ c: FacetCache, into w: inout SnapshotWriter) throws {
        try w.put(magic)
        try w.putAscending(c.rowids)
        try w.putNarrow(c.newestFirst)
        try w.put(Int64(c.undated))
        for column in [c.countries, c.authorities, c.topics, c.categories, c.months] {
            try w.put(column.names.joined(separator: "\u{0}"))
            try w.put(Int32(column.names.count))
            try w.putNarrow(zip(column.starts, column.starts.dropFirst()).map { $1 - $0 })
            try w.putNarrow(column.values)
        }
    }

    /// The cache `encode` wrote, or nil when anything in it does not add up; without
    /// `columns`, the date order only (the rest is not read).
    static func decode(_ r: inout SnapshotReader, generation: String, columns wanted: Bool = true) -> FacetCache? {
        guard r.scalar(UInt32.self) == magic, let rowids = r.ascendingArray(),
              let newestFirst = r.narrowArray(below: Int64(rowids.count)), let undated = r.scalar(Int64.self),
              undated >= 0, Int(undated) <= newestFirst.count else { return nil }
        guard wanted else {
            let none = FacetCache.Column()
            return FacetCache(generation: generation, rowids: rowids, newestFirst: newestFirst, undated: Int(undated), countries: none,
                              authorities: none, topics: none, categories: none, months: none, hasColumns: false)
        }
        var columns: [FacetCache.Column] = []
        for _ in 0..<5 {
            guard let joined = r.string(), let n = r.scalar(Int32.self), n >= 0,
                  let starts = r.narrowArray(below: Int64(Int32.max), asStarts: true), starts.count == rowids.count + 1,
                  let values = r.narrowArray(below: Int64(n)), Int(starts[rowids.count]) == values.count else { return nil }
            let names = n == 0 ? [] : joined.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
            guard names.count == Int(n) else { return nil }
            columns.append(FacetCache.Column(names: names, starts: starts, values: values))
        }
        guard r.atEnd else { return nil }
        return FacetCache(generation: generation, rowids: rowids, newestFirst: newestFirst, undated: Int(undated), countries: columns[0],
                          authorities: columns[1], topics: columns[2], categories: columns[3], months: columns[4])
    }
}
