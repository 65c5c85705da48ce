/// Substring tests on UTF-8 bytes. Foundation's `contains`/`range(of:)` go through UTF-16
/// and locale machinery and dominated the parser's profile; these do not.
extension StringProtocol {
    /// True when `needle` occurs in the text, comparing bytes exactly.
    func containsBytes(_ needle: String) -> Bool { firstByteOffset(of: needle) != nil }

    /// Byte offset of the first occurrence of `needle`, if any.
    func firstByteOffset(of needle: String, from: Int = 0, asciiCaseInsensitive: Bool = false) -> Int? {
        let n = Array(needle.utf8)
        guard let first = n.first else { return 0 }
        @inline(__always) func fold(_ c: UInt8) -> UInt8 { asciiCaseInsensitive && c >= 0x41 && c <= 0x5A ? c + 0x20 : c }
        let f = fold(first)
        func search(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
            guard b.count >= n.count else { return nil }
            var i = from
            let last = b.count - n.count
            while i <= last {
                if fold(b[i]) == f {
                    var k = 1
                    while k < n.count, fold(b[i + k]) == fold(n[k]) { k += 1 }
                    if k == n.count { return i }
                }
                i += 1
            }
            return nil
        }
        if let r = utf8.withContiguousStorageIfAvailable(search) { return r }
        return Array(utf8).withUnsafeBufferPointer(search)
    }

    /// Case-insensitive (ASCII) containment.
    func containsBytesIgnoringCase(_ needle: String) -> Bool {
        firstByteOffset(of: needle.lowercased(), asciiCaseInsensitive: true) != nil
    }

    /// The text without leading and trailing punctuation and quotes (no Foundation).
    func trimmingPunctuation() -> String {
        var s = Substring(self)
        func isPunct(_ c: Character) -> Bool { !(c.isLetter || c.isNumber) }
        while let f = s.first, isPunct(f) { s = s.dropFirst() }
        while let l = s.last, isPunct(l) { s = s.dropLast() }
        return String(s)
    }

    /// The text without leading and trailing spaces (no Foundation).
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.utf8.first == 0x20 { s = s.dropFirst() }
        while s.utf8.last == 0x20 { s = s.dropLast() }
        return String(s)
    }
}
