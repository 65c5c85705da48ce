import Foundation
import GRDB
import GRDBSQLite

/// The saved caches' format (`FacetSnapshot`, `LengthSnapshot`): little-endian fixed-width
/// values and length-prefixed arrays in one blob of a one-row table `(id = 1, generation, data)`.
///
/// Written and read through SQLite's incremental blob I/O, straight between the arrays and
/// the database pages. Going through a `Data` and a bound value held the facet cache three
/// times over while saving (180 MB at 1M articles), and reading it assembled the whole blob
/// in a buffer before copying it into the arrays.
enum SnapshotBlob {
    /// Replaces the row of `table` with what `body` writes, labelled `generation`.
    static func save(_ table: String, generation: String, db: Database, _ body: (inout SnapshotWriter) throws -> Void) throws {
        // First the size (the blob is made that size, zero-filled), then the bytes.
        var counter = SnapshotWriter { _ in }
        try body(&counter)
        try db.execute(sql: "INSERT OR REPLACE INTO \(table)(id, generation, data) VALUES (1, ?, zeroblob(?))", arguments: [generation, counter.offset])
        var handle: OpaquePointer?
        let rc = sqlite3_blob_open(db.sqliteConnection, "main", table, "data", 1, 1, &handle)
        guard rc == SQLITE_OK, let blob = handle else { throw Self.error(rc, db: db, handle: handle) }
        defer { sqlite3_blob_close(blob) }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var written: Int32 = 0
        func flush() throws {
            guard !buffer.isEmpty else { return }
            let rc = buffer.withUnsafeBytes { sqlite3_blob_write(blob, $0.baseAddress, Int32($0.count), written) }
            guard rc == SQLITE_OK else { throw Self.error(rc, db: db) }
            written += Int32(buffer.count)
            buffer.removeAll(keepingCapacity: true)
        }
        var writer = SnapshotWriter { bytes in
            buffer.append(contentsOf: bytes)
            if buffer.count >= 1 << 20 { try flush() }
        }
        try body(&writer)
        try flush()
        guard Int(written) == counter.offset else { throw DatabaseError(message: "\(table): wrote \(written) of \(counter.offset) bytes") }
    }

    /// Reads the row of `table` with `body`, or nil when there is none (or it does not read
    /// back whole: `body` returns nil).
    static func load<T>(_ table: String, db: Database, _ body: (inout SnapshotReader, String) throws -> T?) throws -> T? {
        guard let generation = try String.fetchOne(db, sql: "SELECT generation FROM \(table) WHERE id = 1") else { return nil }
        var handle: OpaquePointer?
        let rc = sqlite3_blob_open(db.sqliteConnection, "main", table, "data", 1, 0, &handle)
        guard rc == SQLITE_OK, let blob = handle else { throw Self.error(rc, db: db, handle: handle) }
        defer { sqlite3_blob_close(blob) }
        var reader = SnapshotReader(blob: blob, count: Int(sqlite3_blob_bytes(blob)))
        return try body(&reader, generation)
    }

    private static func error(_ rc: Int32, db: Database, handle: OpaquePointer? = nil) -> DatabaseError {
        if let handle { sqlite3_blob_close(handle) }
        return DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
    }
}

/// Writes the snapshot format to a sink (a counter, or the blob).
struct SnapshotWriter {
    fileprivate let sink: (UnsafeRawBufferPointer) throws -> Void
    /// Bytes written so far.
    private(set) var offset = 0

    fileprivate init(_ sink: @escaping (UnsafeRawBufferPointer) throws -> Void) { self.sink = sink }

    mutating func put<T: FixedWidthInteger>(_ v: T) throws {
        try withUnsafeBytes(of: v.littleEndian) { try sink($0) }
        offset += MemoryLayout<T>.size
    }

    mutating func put<T: FixedWidthInteger>(_ a: [T]) throws {
        try put(Int64(a.count))
        if T(littleEndian: 1) == 1 {
            try a.withUnsafeBytes { try sink($0) }
        } else {
            try a.map(\.littleEndian).withUnsafeBytes { try sink($0) }
        }
        offset += a.count * MemoryLayout<T>.size
    }

    mutating func put(_ s: String) throws { try put(Array(s.utf8)) }
}

/// Reads what `SnapshotWriter` wrote, straight from the blob into each array; nil for
/// anything that does not add up.
struct SnapshotReader {
    fileprivate let blob: OpaquePointer
    /// The blob's size.
    let count: Int
    private(set) var at = 0
    /// True when every byte was read.
    var atEnd: Bool { at == count }

    fileprivate init(blob: OpaquePointer, count: Int) { self.blob = blob; self.count = count }

    mutating func scalar<T: FixedWidthInteger>(_: T.Type) -> T? {
        guard at + MemoryLayout<T>.size <= count else { return nil }
        var v: T = 0
        guard withUnsafeMutableBytes(of: &v, { sqlite3_blob_read(blob, $0.baseAddress, Int32($0.count), Int32(at)) }) == SQLITE_OK else { return nil }
        at += MemoryLayout<T>.size
        return T(littleEndian: v)
    }

    mutating func array<T: FixedWidthInteger>(_: T.Type) -> [T]? {
        guard let n = scalar(Int64.self), n >= 0, n <= Int64(count), at + Int(n) * MemoryLayout<T>.size <= count else { return nil }
        let bytes = Int(n) * MemoryLayout<T>.size
        var ok = true
        var out = [T](unsafeUninitializedCapacity: Int(n)) { buffer, initialized in
            if bytes > 0 { ok = sqlite3_blob_read(blob, buffer.baseAddress, Int32(bytes), Int32(at)) == SQLITE_OK }
            initialized = ok ? Int(n) : 0
        }
        guard ok else { return nil }
        if T(littleEndian: 1) != 1 { out = out.map { T(littleEndian: $0) } }
        at += bytes
        return out
    }

    mutating func string() -> String? { array(UInt8.self).map { String(decoding: $0, as: UTF8.self) } }
}
