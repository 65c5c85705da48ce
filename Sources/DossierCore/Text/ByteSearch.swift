/// Substring tests on UTF-8 bytes. Foundation's `contains`/`range(of:)` go through UTF-16
/// and locale machinery, slow on the parser's hot paths; these do not.
extension StringProtocol {
    /// True when `needle` occurs in the text, comparing bytes exactly; with `afterSpace`,
    /// only an occurrence right after a space counts (as if searching for " " + needle).
    func containsBytes(_ needle: String, afterSpace: Bool = false) -> Bool {
        guard afterSpace else { return firstByteOffset(of: needle) != nil }
        var from = 1
        while let at = firstByteOffset(of: needle, from: from) {
            if withBytes({ $0[at - 1] == 0x20 }) { return true }
            from = at + 1
        }
        return false
    }

    /// Byte offset of the first occurrence of `needle`, if any.
    func firstByteOffset(of needle: String, from: Int = 0, asciiCaseInsensitive: Bool = false) -> Int? {
        @inline(__always) func fold(_ c: UInt8) -> UInt8 { asciiCaseInsensitive && c >= 0x41 && c <= 0x5A ? c + 0x20 : c }
        return needle.withBytes { n -> Int? in
            guard let first = n.first else { return 0 }
            let f = fold(first)
            return withBytes { b -> Int? in
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
        }
    }

    /// `hasPrefix` on bytes.
    func hasBytePrefix(_ prefix: String) -> Bool {
        prefix.withBytes { p in withBytes { b in b.count >= p.count && memcmpEqual(b, 0, p) } }
    }

    /// `hasSuffix` on bytes.
    func hasByteSuffix(_ suffix: String) -> Bool {
        suffix.withBytes { p in withBytes { b in b.count >= p.count && memcmpEqual(b, b.count - p.count, p) } }
    }

    /// Range of the first occurrence of `needle` at or after byte offset `from`: what
    /// Foundation's `range(of:)` gives for plain separators, found on bytes.
    func byteRange(of needle: String, from: Int = 0) -> Range<Index>? {
        guard let off = firstByteOffset(of: needle, from: from) else { return nil }
        let lo = utf8.index(utf8.startIndex, offsetBy: off)
        return lo..<utf8.index(lo, offsetBy: needle.utf8.count)
    }


    /// The text without leading and trailing punctuation and quotes (no Foundation).
    func trimmingPunctuation() -> String {
        // Common case: starts and ends with an ASCII letter or digit, nothing to trim.
        if withBytes({ b in b.count > 0 && b[0] < 0x80 && b[b.count - 1] < 0x80 && Self.isAlnum(b[0]) && Self.isAlnum(b[b.count - 1]) }) {
            return String(self)
        }
        var s = Substring(self)
        func isPunct(_ c: Character) -> Bool { !(c.isLetter || c.isNumber) }
        while let f = s.first, isPunct(f) { s = s.dropFirst() }
        while let l = s.last, isPunct(l) { s = s.dropLast() }
        return String(s)
    }

    @inline(__always) private static func isAlnum(_ c: UInt8) -> Bool {
        (c &- 0x30) < 10 || ((c | 0x20) &- 0x61) < 26
    }

    /// The text without leading and trailing spaces (no Foundation).
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.utf8.first == 0x20 { s = s.dropFirst() }
        while s.utf8.last == 0x20 { s = s.dropLast() }
        return String(s)
    }
}

extension StringProtocol {
    /// The UTF-8 bytes as one buffer: native strings lend their storage; anything else is
    /// copied once. Byte loops over a buffer run several times faster than over `utf8`.
    @inline(__always)
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = utf8.withContiguousStorageIfAvailable(body) { return r }
        return Array(utf8).withUnsafeBufferPointer(body)
    }
}

@inline(__always)
private func memcmpEqual(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, _ p: UnsafeBufferPointer<UInt8>) -> Bool {
    for k in 0..<p.count where b[at + k] != p[k] { return false }
    return true
}

/// Several lower-case ASCII needles looked for in one pass, ignoring ASCII case.
struct NeedleSet: Sendable {
    private let needles: [[UInt8]]
    /// Which (lower-cased) byte pairs start some needle: most positions fail this one test.
    private let firstPairs: [Bool]

    init<S: Sequence>(_ words: S) where S.Element == String {
        needles = words.map { Array($0.lowercased().utf8) }.filter { $0.count >= 2 }
        var pairs = [Bool](repeating: false, count: 65536)
        for n in needles { pairs[Int(n[0]) << 8 | Int(n[1])] = true }
        firstPairs = pairs
    }

    @inline(__always) private static func fold(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c + 0x20 : c }

    /// True when any needle occurs in `text`.
    func occurs<S: StringProtocol>(in text: S) -> Bool {
        text.withBytes { b in
            guard b.count >= 2 else { return false }
            var prev = Self.fold(b[0])
            var i = 0
            while i + 1 < b.count {
                let c = Self.fold(b[i + 1])
                if firstPairs[Int(prev) << 8 | Int(c)] {
                    for n in needles where n[0] == prev && n[1] == c && i + n.count <= b.count {
                        var k = 2
                        while k < n.count, Self.fold(b[i + k]) == n[k] { k += 1 }
                        if k == n.count { return true }
                    }
                }
                prev = c
                i += 1
            }
            return false
        }
    }
}
