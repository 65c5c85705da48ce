import CZstd
import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// A zstd dictionary trained on a library's own bodies, which `PackedText` packs them with.
///
/// A body is a few KB, too little for a compressor to learn the wording that articles share
/// (names of authorities, stock phrases of regulatory news); trained on a thousand of them, a
/// dictionary of 256 KB holds it once for every article. On the benchmark corpus bodies
/// took 0.8 of their zlib size, and zstd reads them back about 2.7 times as fast
/// (docs/performance.md, "Bodies packed with a trained dictionary").
///
/// A library trains one during the index run that first stores `samplesToTrain` bodies
/// (`BodyPacker`); `dossier compact` trains a new one on a spread of every stored body and
/// packs them all again. Each packed body names its dictionary by `key`, a hash of its
/// bytes, so that any library's body reads back in any process (`named`).
final class BodyDictionary: @unchecked Sendable {
    /// Hash of `bytes`; the row key in `body_dictionary`, and what packed bodies name.
    let key: Int64
    let bytes: [UInt8]

    /// zstd's level: the highest that packs as fast as zlib's default did (packing runs on
    /// the parsing threads, which share the cores with the writer). Level 6 packed 2% smaller
    /// at 0.6 times the speed, and made a fresh index 20% slower (docs/performance.md).
    static let level: Int32 = 5
    /// The largest dictionary trained (zstd's own default is 110 KB; 256 KB packed the
    /// benchmark's bodies 5% smaller).
    static let capacity = 256 << 10
    /// Bodies an index run gathers before it trains the library's first dictionary.
    static let samplesToTrain = 1_000

    private let lock = NSLock()
    private var cdict: OpaquePointer?
    private var ddict: OpaquePointer?
    /// Contexts not in use (each thread packing or unpacking takes one; making one per body
    /// would cost more than the body).
    private var freeCompressors: [OpaquePointer] = []
    private var freeDecompressors: [OpaquePointer] = []

    init(bytes: [UInt8]) {
        self.bytes = bytes
        key = Int64(bitPattern: FNV.hash(bytes))
    }

    deinit {
        freeCompressors.forEach { ZSTD_freeCCtx($0) }
        freeDecompressors.forEach { ZSTD_freeDCtx($0) }
        if let cdict { ZSTD_freeCDict(cdict) }
        if let ddict { ZSTD_freeDDict(ddict) }
    }

    /// Trains a dictionary on `samples` (texts), or nil when zstd finds too little to learn.
    static func train(on samples: [String]) -> BodyDictionary? {
        var joined: [UInt8] = []
        var sizes: [Int] = []
        for s in samples where s.utf8.count >= PackedText.smallest {
            joined.append(contentsOf: s.utf8)
            sizes.append(s.utf8.count)
        }
        // zstd wants about ten times the dictionary's size in samples.
        let capacity = min(Self.capacity, joined.count / 10)
        guard sizes.count >= 8, capacity >= 1 << 10 else { return nil }
        var out = [UInt8](repeating: 0, count: capacity)
        let size = out.withUnsafeMutableBytes { o in
            joined.withUnsafeBytes { j in
                ZDICT_trainFromBuffer(o.baseAddress, capacity, j.baseAddress, sizes, UInt32(sizes.count))
            }
        }
        guard ZDICT_isError(size) == 0, size > 0 else { return nil }
        return BodyDictionary(bytes: Array(out[0..<size]))
    }

    /// The most bytes `pack` may write for a text of `count` bytes.
    static func bound(_ count: Int) -> Int { ZSTD_compressBound(count) }

    /// Packs `text` into `out` (at least `bound(text.count)` bytes); the bytes written, or nil
    /// when zstd fails.
    func pack(_ text: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableRawBufferPointer) -> Int? {
        let cctx = takeCompressor()
        defer { lock.withLock { freeCompressors.append(cctx) } }
        let size = ZSTD_compress2(cctx, out.baseAddress, out.count, text.baseAddress, text.count)
        return ZSTD_isError(size) == 0 ? size : nil
    }

    /// Unpacks `frame` into `out`, which must hold exactly the text; false when the frame is
    /// damaged or holds another length.
    func unpack(_ frame: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        let dctx = takeDecompressor()
        defer { lock.withLock { freeDecompressors.append(dctx.context) } }
        let size = ZSTD_decompress_usingDDict(dctx.context, out.baseAddress, out.count, frame.baseAddress, frame.count, dctx.dictionary)
        return ZSTD_isError(size) == 0 && size == out.count
    }

    /// A compression context set to this dictionary, and to frames that leave out what the
    /// packed body's header already says (its length, the dictionary). The checksum stays
    /// (4 bytes): a damaged body is refused, not read as another text.
    private func takeCompressor() -> OpaquePointer {
        lock.lock()
        defer { lock.unlock() }
        if let c = freeCompressors.popLast() { return c }
        if cdict == nil { cdict = bytes.withUnsafeBytes { ZSTD_createCDict($0.baseAddress, $0.count, Self.level) } }
        let c = ZSTD_createCCtx()!
        ZSTD_CCtx_refCDict(c, cdict)
        ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, 0)
        ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1)
        ZSTD_CCtx_setParameter(c, ZSTD_c_dictIDFlag, 0)
        return c
    }

    private func takeDecompressor() -> (context: OpaquePointer, dictionary: OpaquePointer?) {
        lock.lock()
        defer { lock.unlock() }
        if ddict == nil { ddict = bytes.withUnsafeBytes { ZSTD_createDDict($0.baseAddress, $0.count) } }
        return (freeDecompressors.popLast() ?? ZSTD_createDCtx()!, ddict)
    }
}

// MARK: - Stored in the library, found by key in any process

extension BodyDictionary {
    /// Saves the dictionary in the library (`body_dictionary`) and makes it known here.
    func save(_ db: Database) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO body_dictionary(key, data, createdAt) VALUES (?, ?, ?)",
                       arguments: [key, Data(bytes), Date().timeIntervalSince1970])
        _ = Self.register(self)
    }

    /// Bodies read from a library to train on: enough for a dictionary of `capacity`.
    static let storedSamples = 2_000

    /// Trains a dictionary on a spread of the library's stored bodies (evenly apart by rowid:
    /// its years and sources), or nil when it has fewer than `minimum` articles. Point reads
    /// only: tens of milliseconds at 1M articles, then the training (under a second).
    static func train(onStored db: Database, minimum: Int) throws -> BodyDictionary? {
        guard try Int.fetchOne(db, sql: "SELECT count(*) FROM article") ?? 0 >= minimum,
              let bounds = try Row.fetchOne(db, sql: "SELECT min(rowid), max(rowid) FROM article"),
              let low = bounds[0] as Int64?, let high = bounds[1] as Int64? else { return nil }
        let next = try db.makeStatement(sql: "SELECT rowid, dossier_text(body) FROM article WHERE rowid >= ? ORDER BY rowid LIMIT 1")
        var samples: [Int64: String] = [:]
        for i in 0..<Int64(storedSamples) {
            let target = low + (high - low) * i / Int64(storedSamples)
            if let row = try Row.fetchOne(next, arguments: [target]), let text = row[1] as String? { samples[row[0]] = text }
        }
        return train(on: samples.sorted { $0.key < $1.key }.map(\.value))
    }

    /// The library's newest dictionary, which new bodies are packed with; nil before one is trained.
    static func newest(_ db: Database) throws -> BodyDictionary? {
        guard let key = try Int64.fetchOne(db, sql: "SELECT key FROM body_dictionary ORDER BY createdAt DESC, rowid DESC LIMIT 1") else { return nil }
        if let d = named(key) { return d }
        guard let data = try Data.fetchOne(db, sql: "SELECT data FROM body_dictionary WHERE key = ?", arguments: [key]) else { return nil }
        return register(BodyDictionary(bytes: Array(data)))
    }

    /// The dictionary a packed body names, from those this process has read, or else from
    /// the libraries it has opened (a reader open while an index run trains one finds it
    /// there), or else from any database attached to `connection`, the one reading the body
    /// (a library attached to another database by `ATTACH`, as the search benchmark does).
    static func named(_ key: Int64, seenFrom connection: OpaquePointer? = nil) -> BodyDictionary? {
        if let d = known(key) { return d }
        guard let connection, noteDatabases(of: connection) else { return nil }
        return known(key)
    }

    private static func known(_ key: Int64) -> BodyDictionary? {
        // Every body read comes here: the library paths are copied only on a miss.
        if let known = registry.withLock({ $0.known[key] }) { return known }
        for path in registry.withLock({ $0.libraries }) {
            if let bytes = storedBytes(key: key, path: path) {
                let d = BodyDictionary(bytes: bytes)
                // Bytes that do not hash to the key are not the dictionary the body names.
                if d.key == key { return register(d) }
            }
        }
        return nil
    }

    /// Notes the files of every database open on `connection` (main and attached) as
    /// libraries whose dictionaries bodies may name; true when one was new.
    @discardableResult
    static func noteDatabases(of connection: OpaquePointer?) -> Bool {
        var paths: [String] = []
        var i: Int32 = 0
        while let name = sqlite3_db_name(connection, i) {
            if let file = sqlite3_db_filename(connection, name), file.pointee != 0 { paths.append(String(cString: file)) }
            i += 1
        }
        return registry.withLock { r in paths.reduce(false) { r.libraries.insert($1).inserted || $0 } }
    }

    /// Makes `d` known in this process; the one known before under its key when there is one.
    static func register(_ d: BodyDictionary) -> BodyDictionary {
        registry.withLock { r in
            if let earlier = r.known[d.key] { return earlier }
            r.known[d.key] = d
            return d
        }
    }

    /// Reads a dictionary on a connection of its own: the caller may be inside a statement
    /// of any connection, or of none.
    private static func storedBytes(key: Int64, path: String) -> [UInt8]? {
        var handle: OpaquePointer?
        defer { sqlite3_close_v2(handle) }
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else { return nil }
        var statement: OpaquePointer?
        defer { sqlite3_finalize(statement) }
        guard sqlite3_prepare_v2(handle, "SELECT data FROM body_dictionary WHERE key = ?", -1, &statement, nil) == SQLITE_OK else { return nil }
        sqlite3_bind_int64(statement, 1, key)
        guard sqlite3_step(statement) == SQLITE_ROW, let blob = sqlite3_column_blob(statement, 0) else { return nil }
        return Array(UnsafeRawBufferPointer(start: blob, count: Int(sqlite3_column_bytes(statement, 0))))
    }

    private struct Registry {
        var known: [Int64: BodyDictionary] = [:]
        var libraries: Set<String> = []
    }
    private static let registry = Mutex(Registry())
}
