import CZlib
import Foundation
import GRDB
import GRDBSQLite

/// An article's text as the library stores it: deflated (zlib) in a BLOB when that saves
/// space, else as plain TEXT. Bodies were half of a library's size (docs/performance.md,
/// "Library size"); deflated they take about half as much.
///
/// Reading accepts both forms, so rows written before texts were packed read as they are.
/// The full-text index sees plain text through the `article_text` view, which unpacks with
/// the SQL function `dossier_text` (`registerFunction`).
struct PackedText: Sendable, Equatable, Codable, DatabaseValueConvertible {
    /// The text itself.
    let text: String
    /// What is stored: a BLOB (`format`, the text's byte count as a varint, zlib data) or TEXT.
    let stored: DatabaseValue

    /// First byte of a packed BLOB: the format, so that another can follow.
    static let format: UInt8 = 1
    /// Shorter texts are stored plain: zlib's header and checksum would eat the saving.
    static let smallest = 128

    /// Packs `text` (done on a parsing thread, ahead of the write).
    init(_ text: String) {
        self.text = text
        stored = Self.pack(text).map { $0.databaseValue } ?? text.databaseValue
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
    static func pack(_ text: String) -> Data? {
        var bytes = Array(text.utf8)
        guard bytes.count >= smallest, bytes.count < Int(UInt32.max) else { return nil }
        var header: [UInt8] = [format]
        Varint.put(UInt64(bytes.count), into: &header)
        var capacity = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: header.count + Int(capacity))
        let status = out.withUnsafeMutableBufferPointer { o in
            bytes.withUnsafeMutableBufferPointer { b in
                compress2(o.baseAddress! + header.count, &capacity, b.baseAddress!, uLong(b.count), 6)
            }
        }
        guard status == Z_OK, header.count + Int(capacity) < bytes.count else { return nil }
        out.replaceSubrange(0..<header.count, with: header)
        return Data(out[0..<(header.count + Int(capacity))])
    }

    /// The text of a packed BLOB, or nil when it is not one (damaged, or an unknown format).
    static func unpack(_ data: Data) -> String? {
        data.withUnsafeBytes { raw -> String? in
            let b = raw.bindMemory(to: UInt8.self)
            guard b.count > 2, b[0] == format else { return nil }
            var at = 1
            guard let length = Varint.get(raw, &at), at < b.count, length > 0, length < UInt64(UInt32.max) else { return nil }
            var size = uLong(length)
            let text = String(unsafeUninitializedCapacity: Int(length)) { out in
                let status = uncompress(out.baseAddress!, &size, b.baseAddress! + at, uLong(b.count - at))
                return status == Z_OK && size == uLong(length) ? Int(size) : 0
            }
            return text.utf8.count == Int(length) ? text : nil
        }
    }

    /// `dossier_text(x)`: the plain text of a stored text, packed or not (NULL stays NULL).
    static func registerFunction(_ db: Database) {
        db.add(function: DatabaseFunction("dossier_text", argumentCount: 1, pure: true) { values in
            switch values[0].storage {
            case .blob(let d): return unpack(d)
            case .null: return nil
            default: return values[0]
            }
        })
    }
}
