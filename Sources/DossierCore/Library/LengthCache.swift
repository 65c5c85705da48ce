import Foundation
import GRDB
import GRDBSQLite

/// Every article's length in tokens (all columns), by rowid: what BM25 normalises by, held
/// in memory so that ranking never asks FTS5 for it row by row (`RankFunction`).
///
/// Kept apart from the facet cache: a ranked search needs these 4 bytes per article and
/// nothing else, so a `dossier search` process reads 4 MB at 1M articles, not the 60 MB of
/// facet values. Saved (`length_snapshot`) and patched with the marked articles
/// (`FacetDelta`) exactly as the facet cache is, in the same transactions.
final class LengthCache: @unchecked Sendable {
    /// The library generation these lengths are for.
    let generation: String
    /// Token counts by rowid; -1 where no article has that rowid.
    let lengths: [Int32]

    init(generation: String, lengths: [Int32]) {
        self.generation = generation
        self.lengths = lengths
    }

    /// Built from FTS5's own `%_docsize` table (`tokenCount` of each row).
    static func build(_ db: Database, generation: String) throws -> LengthCache {
        var out: [Int32] = []
        let statement = try db.makeStatement(sql: "SELECT id, sz FROM article_fts_docsize")
        let h = statement.sqliteStatement
        defer { sqlite3_reset(h) }
        while sqlite3_step(h) == SQLITE_ROW {
            let id = Int(sqlite3_column_int64(h, 0))
            guard id >= 0, id < Int(Int32.max), let blob = sqlite3_column_blob(h, 1) else { continue }
            let count = tokenCount(UnsafeRawBufferPointer(start: blob, count: Int(sqlite3_column_bytes(h, 1))))
            if id >= out.count { out += [Int32](repeating: -1, count: id - out.count + 1 + out.count / 4) }
            out[id] = count
        }
        return LengthCache(generation: generation, lengths: out)
    }

    /// These lengths with the marked articles' read again (-1 for those deleted), under
    /// `generation`: a build's answer, at a cost that grows with the marks.
    func patched(_ db: Database, generation: String) throws -> LengthCache {
        var fresh: [Int64: Int32] = [:]
        let marked = try Int64.fetchAll(db, sql: "SELECT article FROM facet_dirty")
        if marked.isEmpty { return LengthCache(generation: generation, lengths: lengths) }
        // CROSS JOIN: the marks drive the loop (see `FacetCache.patched`).
        for row in try Row.fetchAll(db, sql: "SELECT s.id, s.sz FROM facet_dirty d CROSS JOIN article_fts_docsize s ON s.id = d.article") {
            let sz: Data = row[1] ?? Data()
            fresh[row[0]] = sz.withUnsafeBytes { Self.tokenCount($0) }
        }
        var out = lengths
        for r in marked where r >= 0 && r < Int64(Int32.max) {
            let at = Int(r), value = fresh[r] ?? -1
            if at >= out.count {
                if value < 0 { continue }
                out += [Int32](repeating: -1, count: at - out.count + 1)
            }
            out[at] = value
        }
        return LengthCache(generation: generation, lengths: out)
    }

    /// A `%_docsize` blob's token count: a varint per column, summed.
    static func tokenCount(_ blob: UnsafeRawBufferPointer) -> Int32 {
        var total: Int64 = 0, value: Int64 = 0
        for b in blob {
            value = (value << 7) | Int64(b & 0x7F)
            if b & 0x80 == 0 { total += value; value = 0 }
        }
        return Int32(clamping: total)
    }
}

/// The lengths saved in the library (`length_snapshot`), beside the facet snapshot.
enum LengthSnapshot {
    /// "DLN2": each length plus one (-1, a deleted article's, becomes 0) in the narrowest
    /// width that holds them: two bytes unless an article has 65,535 tokens or more.
    /// "DLN1" (four bytes each) fails `load` and is rebuilt.
    private static let magic: UInt32 = 0x444C_4E32

    /// Saves `cache` (built for the library as it is in this transaction). The marks are
    /// cleared by `FacetSnapshot.save`, in the same transaction.
    static func save(_ cache: LengthCache, db: Database) throws {
        try SnapshotBlob.save("length_snapshot", generation: cache.generation, db: db) { w in
            try w.put(magic)
            try w.putNarrow(cache.lengths.map { $0 + 1 })
        }
    }

    /// The saved lengths as they were saved, if they read back whole.
    static func load(_ db: Database) throws -> LengthCache? {
        try SnapshotBlob.load("length_snapshot", db: db) { r, generation in
            guard r.scalar(UInt32.self) == magic, var lengths = r.narrowArray(below: Int64(Int32.max)), r.atEnd else { return nil }
            for i in lengths.indices { lengths[i] -= 1 }
            return LengthCache(generation: generation, lengths: lengths)
        }
    }

    /// Whether lengths are saved in this format (without reading them).
    static func exists(_ db: Database) throws -> Bool {
        try SnapshotBlob.magic("length_snapshot", db: db) == magic
    }

    /// The saved lengths patched with the marked articles, labelled `generation`, or nil
    /// when none are saved (a library from before v14, opened read-only) or there are more
    /// marks than are worth patching.
    static func current(_ db: Database, generation: String) throws -> LengthCache? {
        guard try db.tableExists("length_snapshot"), try FacetDelta.count(db) <= FacetDelta.patchLimit,
              let base = try load(db) else { return nil }
        return try base.patched(db, generation: generation)
    }
}

extension Library {
    /// The token lengths if loaded, or saved and patched for the library as it is now;
    /// nil otherwise (ranking then asks FTS5 per row). Never scans `%_docsize`.
    func cheapLengths(_ db: Database) throws -> [Int32]? {
        let generation = try Self.generation(db)
        if let cached = lengthCacheBox.value, cached.generation == generation { return cached.lengths }
        guard let saved = try LengthSnapshot.current(db, generation: generation) else { return nil }
        lengthCacheBox.value = saved
        return saved.lengths
    }
}
