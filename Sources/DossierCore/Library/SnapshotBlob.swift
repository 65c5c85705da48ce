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

    /// The first four bytes of the row of `table` (a format's magic number), or nil when
    /// there is no row or it is shorter; reads only those bytes, however large the blob.
    static func magic(_ table: String, db: Database) throws -> UInt32? {
        try load(table, db: db) { r, _ in r.scalar(UInt32.self) }
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

    /// Non-negative integers in the narrowest width that holds them all (1, 2 or 4 bytes):
    /// facet ids, values per article and token lengths are small, and every new process
    /// reads the snapshot whole, so its size is time (`SnapshotReader.narrowArray`).
    mutating func putNarrow(_ a: [Int32]) throws {
        precondition(a.allSatisfy { $0 >= 0 }, "putNarrow takes no negative values")
        let top = a.max() ?? 0
        let width = top < 1 << 8 ? 1 : (top < 1 << 16 ? 2 : 4)
        try put(UInt8(width))
        guard width < 4 else { return try put(a) }
        try put(Int64(a.count))
        var chunk: [UInt8] = []
        chunk.reserveCapacity(1 << 16)
        for start in stride(from: 0, to: a.count, by: 1 << 15) {
            chunk.removeAll(keepingCapacity: true)
            for v in a[start..<min(start + (1 << 15), a.count)] {
                chunk.append(UInt8(truncatingIfNeeded: v))
                if width == 2 { chunk.append(UInt8(truncatingIfNeeded: v >> 8)) }
            }
            try chunk.withUnsafeBytes { try sink($0) }
            offset += chunk.count
        }
    }

    /// Strictly ascending integers (rowids) as the first and then varint gaps: a library's
    /// rowids grow one by one, so most take one byte instead of eight.
    mutating func putAscending(_ a: [Int64]) throws {
        try put(Int64(a.count))
        guard let first = a.first else { return }
        try put(first)
        var gaps: [UInt8] = []
        gaps.reserveCapacity(a.count)
        for (x, y) in zip(a, a.dropFirst()) {
            precondition(y > x, "putAscending takes strictly ascending values")
            Varint.put(UInt64(bitPattern: y &- x), into: &gaps)
        }
        try put(gaps)
    }
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

    /// What `putNarrow` wrote, widened, or nil when any value is not below `limit` or
    /// the bytes do not add up. With `asStarts` the values are counts and the array is a
    /// CSR `starts`: a leading 0 and the running sums, made in place (no second array),
    /// nil when a sum passes `Int32.max`.
    mutating func narrowArray(below limit: Int64, asStarts: Bool = false) -> [Int32]? {
        guard let width = scalar(UInt8.self), width == 1 || width == 2 || width == 4,
              let n64 = scalar(Int64.self), n64 >= 0, n64 <= Int64(count) else { return nil }
        let n = Int(n64), w = Int(width), bytes = n * w, skip = asStarts ? 1 : 0
        guard at + bytes <= count else { return nil }
        var ok = true
        let out = [Int32](unsafeUninitializedCapacity: n + skip) { buffer, initialized in
            initialized = 0
            HugePages.advise(buffer)
            let dest = UnsafeMutableBufferPointer(rebasing: buffer[skip...])
            var top: Int32 = 0
            if w == 4 {
                if bytes > 0, sqlite3_blob_read(blob, dest.baseAddress, Int32(bytes), Int32(at)) != SQLITE_OK { ok = false; return }
                for i in 0..<n {
                    let v = Int32(littleEndian: dest[i])
                    dest[i] = v
                    top = max(top, v)
                    if v < 0 { ok = false }
                }
            } else {
                // Through a small buffer in chunks, so that widening is a plain loop the
                // compiler vectorises (in place, each store might overwrite the next load).
                let chunk = 1 << 16
                var scratch = [UInt8](repeating: 0, count: chunk * w)
                scratch.withUnsafeMutableBytes { s in
                    var i = 0
                    while i < n, ok {
                        let m = min(chunk, n - i)
                        guard sqlite3_blob_read(blob, s.baseAddress, Int32(m * w), Int32(at + i * w)) == SQLITE_OK else { ok = false; return }
                        let d = dest.baseAddress! + i
                        if w == 1 {
                            let src = s.baseAddress!.assumingMemoryBound(to: UInt8.self)
                            for k in 0..<m { let v = Int32(src[k]); d[k] = v; top = max(top, v) }
                        } else {
                            let src = s.baseAddress!.assumingMemoryBound(to: UInt16.self)
                            for k in 0..<m { let v = Int32(UInt16(littleEndian: src[k])); d[k] = v; top = max(top, v) }
                        }
                        i += m
                    }
                }
            }
            guard ok else { return }
            if n > 0, Int64(top) >= limit { ok = false }
            if asStarts {
                buffer[0] = 0
                var sum: Int64 = 0
                for i in 0..<n {
                    sum += Int64(dest[i])
                    dest[i] = Int32(truncatingIfNeeded: sum)
                }
                if sum > Int64(Int32.max) { ok = false }
            }
            initialized = ok ? n + skip : 0
        }
        guard ok else { return nil }
        at += bytes
        return out
    }

    /// What `putAscending` wrote, or nil when the gaps do not add up to exactly that many
    /// strictly ascending values.
    mutating func ascendingArray() -> [Int64]? {
        guard let n64 = scalar(Int64.self), n64 >= 0, n64 <= Int64(count) else { return nil }
        guard n64 > 0 else { return [] }
        guard let first = scalar(Int64.self), let gaps = array(UInt8.self) else { return nil }
        let n = Int(n64)
        var ok = true
        let out = [Int64](unsafeUninitializedCapacity: n) { buffer, initialized in
            HugePages.advise(buffer)
            buffer[0] = first
            var k = 0, i = 1
            gaps.withUnsafeBytes { g in
                while i < n, let gap = Varint.get(g, &k) {
                    let (next, overflow) = buffer[i - 1].addingReportingOverflow(Int64(bitPattern: gap))
                    guard gap > 0, gap <= UInt64(Int64.max), !overflow else { ok = false; return }
                    buffer[i] = next
                    i += 1
                }
                if i != n || k != g.count { ok = false }
            }
            initialized = ok ? n : 0
        }
        return ok ? out : nil
    }
}
