import Foundation

/// Unsigned LEB128 varints (7 bits a byte, low bits first): the lengths in packed texts
/// (`PackedText`) and the saved shortlists (`Shortlist`).
enum Varint {
    static func put(_ v: UInt64, into out: inout [UInt8]) {
        var v = v
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    /// The varint at `at` (moved past it), or nil when the bytes end first or it is too long.
    static func get(_ bytes: UnsafeRawBufferPointer, _ at: inout Int) -> UInt64? {
        var v: UInt64 = 0, shift: UInt64 = 0
        while at < bytes.count, shift < 64 {
            let b = bytes[at]
            at += 1
            v |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return v }
            shift += 7
        }
        return nil
    }
}
