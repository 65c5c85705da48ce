import Foundation

/// Turns the bytes of a file into text, or says clearly why it cannot.
public enum PageDecoder {
    /// Pages above this size are refused rather than read into memory.
    public static let maximumBytes = 512 * 1024 * 1024

    public struct Decoded: Sendable {
        public var text: String
        /// Things the reader should know (invalid UTF-8 repaired, …); not fatal.
        public var warnings: [String]
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case binary(offset: Int)
        case tooLarge(bytes: Int)
        case unreadable(String)

        /// The kind of problem, for summaries ("binary", "too large", "unreadable").
        public var reason: String {
            switch self {
            case .binary: return "binary"
            case .tooLarge: return "too large"
            case .unreadable: return "unreadable"
            }
        }

        public var description: String {
            switch self {
            case .binary(let offset): return "looks like a binary file (NUL byte at offset \(offset)); skipped"
            case .tooLarge(let bytes): return "too large (\(bytes) bytes; limit \(PageDecoder.maximumBytes)); skipped"
            case .unreadable(let why): return why
            }
        }
    }

    public static func read(path: String) throws(Failure) -> Decoded {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = attributes?[.size] as? Int, size > maximumBytes { throw .tooLarge(bytes: size) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unreadable(FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")
        }
        defer { try? handle.close() }
        let data: Data
        do { data = try handle.readToEnd() ?? Data() } catch { throw .unreadable("read error: \(error.localizedDescription)") }
        return try decode(data)
    }

    public static func decode(_ data: Data) throws(Failure) -> Decoded {
        if data.count > maximumBytes { throw .tooLarge(bytes: data.count) }
        let result = data.withUnsafeBytes { raw -> Result<Decoded, Failure> in
            let bytes = raw.bindMemory(to: UInt8.self)
            if let nul = bytes.firstIndex(of: 0) { return .failure(.binary(offset: nul)) }
            var body = bytes[...]
            if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
            if let text = String(validating: body, as: UTF8.self) { return .success(Decoded(text: text, warnings: [])) }
            let scan = scanUTF8(body)
            // Some valid multi-byte sequences: it is UTF-8 with damage, so repair the bad bytes.
            // None at all: a legacy single-byte encoding, and Windows-1252 is what scraped pages use.
            if scan.validMultiByte > 0 {
                let repaired = String(decoding: body, as: UTF8.self)
                return .success(Decoded(text: repaired, warnings: ["invalid UTF-8 at byte \(scan.firstInvalid); \(scan.invalid) bad sequence(s) replaced with U+FFFD"]))
            }
            return .success(Decoded(text: decodeWindows1252(body), warnings: ["not UTF-8 (first bad byte at \(scan.firstInvalid)); read as Windows-1252"]))
        }
        return try result.get()
    }

    /// Counts valid multi-byte and invalid sequences, and where the first invalid one is.
    private static func scanUTF8(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> (validMultiByte: Int, invalid: Int, firstInvalid: Int) {
        var valid = 0, invalid = 0, first = -1
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: length = 0
            }
            if length > 0, i + length <= bytes.endIndex,
               String(validating: bytes[i..<(i + length)], as: UTF8.self) != nil {
                valid += 1; i += length
            } else {
                invalid += 1
                if first < 0 { first = i - bytes.startIndex }
                i += 1
            }
        }
        return (valid, invalid, max(first, 0))
    }

    private static let cp1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    private static func decodeWindows1252(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        var scalars = String.UnicodeScalarView()
        for b in bytes {
            let v: UInt32 = (0x80...0x9F).contains(b) ? cp1252High[Int(b) - 0x80] : UInt32(b)
            scalars.append(Unicode.Scalar(v) ?? "\u{FFFD}")
        }
        return String(scalars)
    }
}
