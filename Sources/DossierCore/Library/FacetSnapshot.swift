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
    static func save(_ cache: FacetCache, db: Database) throws {
        // An older format (with token lengths, now `LengthSnapshot`) fails `decode` and is rebuilt.
        try db.execute(sql: "INSERT OR REPLACE INTO facet_snapshot(id, generation, data) VALUES (1, ?, ?)",
                       arguments: [cache.generation, encode(cache)])
        try FacetDelta.clear(db)
    }

    /// The saved cache as it was saved (before the marked articles), if it reads back whole.
    static func load(_ db: Database) throws -> FacetCache? {
        // Read in place from SQLite's buffer: the blob is megabytes, and copying it into a
        // Data and then into arrays cost more than the query it serves.
        let statement = try db.makeStatement(sql: "SELECT generation, data FROM facet_snapshot WHERE id = 1")
        let h = statement.sqliteStatement
        defer { sqlite3_reset(h) }
        guard sqlite3_step(h) == SQLITE_ROW, let g = sqlite3_column_text(h, 0), let blob = sqlite3_column_blob(h, 1) else { return nil }
        return decode(UnsafeRawBufferPointer(start: blob, count: Int(sqlite3_column_bytes(h, 1))), generation: String(cString: g))
    }

    /// Whether a cache is saved (without reading it: at 1M articles it is tens of megabytes).
    static func exists(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM facet_snapshot WHERE id = 1)") ?? false
    }

    /// The saved cache patched with the marked articles, labelled `generation` (the
    /// library's now), or nil when there is none or more marks than are worth patching.
    static func current(_ db: Database, generation: String) throws -> FacetCache? {
        // A library made before the marks, opened read-only (so not migrated): its
        // snapshot is current only for the generation it was saved for.
        guard try db.tableExists("facet_dirty") else {
            return try load(db).flatMap { $0.generation == generation ? $0 : nil }
        }
        guard try FacetDelta.count(db) <= FacetDelta.patchLimit, let base = try load(db) else { return nil }
        return try base.patched(db, generation: generation)
    }

    private static let magic: UInt32 = 0x4446_4334   // "DFC4"

    static func encode(_ c: FacetCache) -> Data {
        var w = SnapshotWriter()
        w.put(magic)
        w.put(c.rowids)
        w.put(c.newestFirst)
        w.put(Int64(c.undated))
        for column in [c.countries, c.authorities, c.topics, c.categories, c.months] {
            w.put(column.names.joined(separator: "\u{0}"))
            w.put(Int32(column.names.count))
            w.put(column.starts)
            w.put(column.values)
        }
        return w.data
    }

    static func decode(_ data: Data, generation: String) -> FacetCache? {
        data.withUnsafeBytes { decode($0, generation: generation) }
    }

    static func decode(_ data: UnsafeRawBufferPointer, generation: String) -> FacetCache? {
        var r = SnapshotReader(data: data)
        guard r.scalar(UInt32.self) == magic, let rowids = r.array(Int64.self), let newestFirst = r.array(Int32.self), let undated = r.scalar(Int64.self),
              undated >= 0, Int(undated) <= newestFirst.count else { return nil }
        var columns: [FacetCache.Column] = []
        for _ in 0..<5 {
            guard let joined = r.string(), let n = r.scalar(Int32.self), let starts = r.array(Int32.self), let values = r.array(Int32.self) else { return nil }
            let names = n == 0 ? [] : joined.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
            // A snapshot that does not add up is not used (it is rebuilt instead).
            guard names.count == Int(n), starts.count == rowids.count + 1, Int(starts.last ?? 0) == values.count,
                  values.allSatisfy({ $0 >= 0 && Int($0) < names.count }) else { return nil }
            columns.append(FacetCache.Column(names: names, starts: starts, values: values))
        }
        guard r.atEnd, newestFirst.allSatisfy({ $0 >= 0 && Int($0) < rowids.count }) else { return nil }
        return FacetCache(generation: generation, rowids: rowids, newestFirst: newestFirst, undated: Int(undated), countries: columns[0],
                          authorities: columns[1], topics: columns[2], categories: columns[3], months: columns[4])
    }
}

/// Little-endian fixed-width values and length-prefixed arrays: the saved caches' format.
struct SnapshotWriter {
    var data = Data()
    mutating func put<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    mutating func put<T: FixedWidthInteger>(_ a: [T]) {
        put(Int64(a.count))
        a.map(\.littleEndian).withUnsafeBytes { data.append(contentsOf: $0) }
    }
    mutating func put(_ s: String) { put(Array(s.utf8)) }
}

/// Reads what `SnapshotWriter` wrote, in place; nil for anything that does not add up.
struct SnapshotReader {
    let data: UnsafeRawBufferPointer
    var at = 0
    var atEnd: Bool { at == data.count }
    mutating func scalar<T: FixedWidthInteger>(_: T.Type) -> T? {
        guard at + MemoryLayout<T>.size <= data.count else { return nil }
        let v = data.loadUnaligned(fromByteOffset: at, as: T.self)
        at += MemoryLayout<T>.size
        return T(littleEndian: v)
    }
    /// One copy, straight into the array (the machines Dossier runs on are little-endian;
    /// a big-endian one swaps after).
    mutating func array<T: FixedWidthInteger>(_: T.Type) -> [T]? {
        guard let n = scalar(Int64.self), n >= 0, n <= Int64(data.count), at + Int(n) * MemoryLayout<T>.size <= data.count else { return nil }
        let bytes = Int(n) * MemoryLayout<T>.size
        var out = [T](unsafeUninitializedCapacity: Int(n)) { buffer, count in
            if bytes > 0 { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: data[at..<(at + bytes)])) }
            count = Int(n)
        }
        if T(littleEndian: 1) != 1 { out = out.map { T(littleEndian: $0) } }
        at += bytes
        return out
    }
    mutating func string() -> String? { array(UInt8.self).map { String(decoding: $0, as: UTF8.self) } }
}
