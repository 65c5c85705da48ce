import CZlib
import Foundation
import GRDB
import GRDBSQLite

/// An article's text as the library stores it: packed in a BLOB when that saves space, else
/// as plain TEXT. Bodies were half of a library's size (docs/performance.md, "Library size");
/// deflated (zlib) they take about half as much, and packed by zstd with a dictionary
/// trained on the library's bodies (`BodyDictionary`) about a quarter less again.
///
/// Reading accepts both forms, so rows written before texts were packed read as they are.
/// The full-text index sees plain text through the `article_text` view, which unpacks with
/// the SQL function `dossier_text` (`registerFunction`).
struct PackedText: Sendable, Equatable, Codable, DatabaseValueConvertible {
    /// The text itself.
    let text: String
    /// What is stored: a BLOB (a `Format` byte, the text's byte count as a varint, then the
    /// format's data) or TEXT.
    let stored: DatabaseValue

    /// First byte of a packed BLOB.
    enum Format: UInt8 {
        /// zlib data.
        case deflated = 1
        /// The `BodyDictionary`'s key (8 bytes, little-endian), then a zstd frame packed with it.
        case zstdDictionary = 2
    }
    /// Shorter texts are stored plain: a packed header would eat the saving.
    static let smallest = 128

    /// Packs `text` (done on a parsing thread, ahead of the write), with `dictionary` when
    /// there is one.
    init(_ text: String, dictionary: BodyDictionary? = nil) {
        self.text = text
        stored = Self.pack(text, dictionary: dictionary).map { $0.databaseValue } ?? text.databaseValue
    }

    private init(text: String, stored: DatabaseValue) {
        self.text = text
        self.stored = stored
    }

    var databaseValue: DatabaseValue { stored }

    static func fromDatabaseValue(_ value: DatabaseValue) -> PackedText? {
        switch value.storage {
        case .string(let s): return PackedText(text: s, stored: value)
        case .blob(let d): return unpack(d).map { PackedText(text: $0, stored: value) }
        default: return nil
        }
    }

    init(from decoder: Decoder) throws { self.init(try decoder.singleValueContainer().decode(String.self)) }
    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(text)
    }

    /// The packed form, or nil when packing would not make it smaller.
    static func pack(_ text: String, dictionary: BodyDictionary? = nil) -> Data? {
        let bytes = Array(text.utf8)
        guard bytes.count >= smallest, bytes.count < Int(UInt32.max) else { return nil }
        var header: [UInt8] = [(dictionary == nil ? Format.deflated : .zstdDictionary).rawValue]
        Varint.put(UInt64(bytes.count), into: &header)
        if let dictionary { withUnsafeBytes(of: dictionary.key.littleEndian) { header.append(contentsOf: $0) } }
        let bound = dictionary == nil ? Int(compressBound(uLong(bytes.count))) : BodyDictionary.bound(bytes.count)
        var out = [UInt8](repeating: 0, count: header.count + bound)
        let size: Int? = out.withUnsafeMutableBytes { o in
            let room = UnsafeMutableRawBufferPointer(rebasing: o[header.count...])
            return bytes.withUnsafeBufferPointer { b in
                if let dictionary { return dictionary.pack(b, into: room) }
                var capacity = uLong(room.count)
                let status = compress2(room.baseAddress!.assumingMemoryBound(to: Bytef.self), &capacity, b.baseAddress!, uLong(b.count), 6)
                return status == Z_OK ? Int(capacity) : nil
            }
        }
        guard let size, header.count + size < bytes.count else { return nil }
        out.replaceSubrange(0..<header.count, with: header)
        return Data(out[0..<(header.count + size)])
    }

    /// A packed BLOB's header, read once for both uses: its format, the text's byte count,
    /// the dictionary it names (zstd), and where the packed data starts.
    private struct Header {
        var format: Format, length: Int, dictionaryKey: Int64?, dataStart: Int

        /// Nil when `raw` is no packed text (too short, an unknown format, a bad length).
        init?(_ raw: UnsafeRawBufferPointer) {
            guard raw.count > 2, let format = Format(rawValue: raw[0]) else { return nil }
            var at = 1
            guard let length = Varint.get(raw, &at), at < raw.count, length > 0, length < UInt64(UInt32.max) else { return nil }
            var key: Int64?
            if format == .zstdDictionary {
                guard raw.count >= at + 8 else { return nil }
                key = Int64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: Int64.self))
                at += 8
            }
            self.format = format; self.length = Int(length); dictionaryKey = key; dataStart = at
        }
    }

    /// The text of a packed BLOB, or nil when it is not one (damaged, an unknown format, or
    /// a dictionary no library opened here holds). `connection`: the one reading `data`,
    /// whose databases may hold its dictionary.
    static func unpack(_ data: Data, seenFrom connection: OpaquePointer? = nil) -> String? {
        data.withUnsafeBytes { raw -> String? in
            guard let header = Header(raw) else { return nil }
            let packed = UnsafeRawBufferPointer(rebasing: raw[header.dataStart...]), length = header.length
            let unpacked: (UnsafeMutableBufferPointer<UInt8>) -> Bool
            switch header.format {
            case .deflated:
                unpacked = { out in
                    var size = uLong(length)
                    let source = packed.baseAddress!.assumingMemoryBound(to: Bytef.self)
                    return uncompress(out.baseAddress!, &size, source, uLong(packed.count)) == Z_OK && size == uLong(length)
                }
            case .zstdDictionary:
                guard !packed.isEmpty, let key = header.dictionaryKey,
                      let dictionary = BodyDictionary.named(key, seenFrom: connection) else { return nil }
                unpacked = { out in dictionary.unpack(packed, into: out) }
            }
            let text = String(unsafeUninitializedCapacity: length) { out in unpacked(out) ? length : 0 }
            return text.utf8.count == length ? text : nil
        }
    }

    /// The key of the dictionary a packed BLOB names, or nil when it names none.
    static func dictionaryKey(of data: Data) -> Int64? {
        data.withUnsafeBytes { Header($0)?.dictionaryKey }
    }

    /// `dossier_text(x)`: the plain text of a stored text, packed or not (NULL stays NULL).
    static func registerFunction(_ db: Database) {
        // The function lives on this connection and is called on its thread.
        nonisolated(unsafe) let connection = db.sqliteConnection
        db.add(function: DatabaseFunction("dossier_text", argumentCount: 1, pure: true) { values in
            switch values[0].storage {
            case .blob(let d): return unpack(d, seenFrom: connection)
            case .null: return nil
            default: return values[0]
            }
        })
    }
}
