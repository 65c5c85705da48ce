import Foundation

/// Turns the bytes of a file into text, or says clearly why it cannot.
public enum PageDecoder {
    /// Pages above this size are refused rather than read into memory (a scraped page is
    /// kilobytes; a 64 MB one is a log or a dump). `--max-page-mb` changes it.
    public static let defaultMaximumBytes = 64 * 1024 * 1024

    /// A page's text, ready for splitting into lines.
    public struct Decoded: Sendable {
        /// The whole page as text (repaired UTF-8, or converted from UTF-16 or Windows-1252).
        public var text: String
        /// Things the reader should know (invalid UTF-8 repaired, …); not fatal.
        public var warnings: [String]
    }

    /// Why a page was not read; `description` is the reason printed beside its path.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// A NUL byte (at this offset) outside UTF-16 text: an image, an archive, a database.
        case binary(offset: Int)
        /// Over the size cap.
        case tooLarge(bytes: Int, limit: Int)
        /// A FIFO, a device, a socket, a directory (or a symlink to one): never read.
        case notRegularFile(kind: String)
        /// The system refused it (no such file, permission denied, path too long…).
        case unreadable(String)

        /// The kind of problem, for summaries ("binary", "too large", "unreadable").
        public var reason: String {
            switch self {
            case .binary: return "binary"
            case .tooLarge: return "too large"
            case .notRegularFile: return "not a regular file"
            case .unreadable(let why): return why
            }
        }

        /// The reason as printed after the path.
        public var description: String {
            switch self {
            case .binary(let offset): return "looks like a binary file (NUL byte at offset \(offset))"
            case .tooLarge(let bytes, let limit): return "too large (\(bytes) bytes; the limit is \(limit), see --max-page-mb)"
            case .notRegularFile(let kind): return "not a regular file (\(kind))"
            case .unreadable(let why): return why
            }
        }
    }

    /// Reads a page: only a regular file (a symlink is followed to what it names), and at
    /// most `maximumBytes` of it. A FIFO is opened without blocking, so it can be refused
    /// instead of hanging the run; a device such as /dev/zero is never read from.
    public static func read(path: String, maximumBytes: Int = defaultMaximumBytes) throws(Failure) -> Decoded {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(reason(errno: errno, path: path)) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .unreadable(reason(errno: errno, path: path)) }
        let type = st.st_mode & S_IFMT
        guard type == S_IFREG else { throw .notRegularFile(kind: kind(of: type)) }
        if Int(st.st_size) > maximumBytes { throw .tooLarge(bytes: Int(st.st_size), limit: maximumBytes) }
        // Back to blocking reads for the file itself; at most one byte past the limit, in
        // case it grew since fstat.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        var data = Data(count: min(Int(st.st_size), maximumBytes) + 1)
        var filled = 0
        while filled < data.count {
            let n = data.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadable("read error: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            filled += n
            if filled == data.count, filled <= maximumBytes { data.count += 1 << 20 }   // grew: keep reading up to the limit
        }
        if filled > maximumBytes { throw .tooLarge(bytes: filled, limit: maximumBytes) }
        data.count = filled
        return try decode(data, maximumBytes: maximumBytes)
    }

    /// A UTF-16 page (Windows "Unicode" text): by its byte-order mark, or, without one, by
    /// a NUL in every other byte of a mostly-Latin opening. Not binary: converted.
    static func utf16Text(_ data: Data) -> (text: String, order: String)? {
        guard data.count >= 2, data.count % 2 == 0 else { return nil }
        var littleEndian: Bool
        var body = data
        if data.starts(with: [0xFF, 0xFE]) { littleEndian = true; body = data.dropFirst(2) }
        else if data.starts(with: [0xFE, 0xFF]) { littleEndian = false; body = data.dropFirst(2) }
        else {
            // No mark: ASCII-range text has NUL as the high byte of every code unit.
            let sample = data.prefix(512)
            let even = stride(from: sample.startIndex, to: sample.endIndex, by: 2).filter { sample[$0] == 0 }.count
            let odd = stride(from: sample.startIndex + 1, to: sample.endIndex, by: 2).filter { sample[$0] == 0 }.count
            let half = sample.count / 2
            if odd * 10 >= half * 9, even * 10 < half { littleEndian = true }
            else if even * 10 >= half * 9, odd * 10 < half { littleEndian = false }
            else { return nil }
        }
        var units: [UInt16] = []
        units.reserveCapacity(body.count / 2)
        var i = body.startIndex
        while i + 1 < body.endIndex {
            let a = UInt16(body[i]), b = UInt16(body[i + 1])
            units.append(littleEndian ? a | b << 8 : a << 8 | b)
            i += 2
        }
        return (String(decoding: units, as: UTF16.self), littleEndian ? "little-endian" : "big-endian")
    }

    /// What a file type is called in a message.
    static func kind(of type: mode_t) -> String {
        switch type {
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFDIR: return "a directory"
        default: return "not a plain file"
        }
    }

    /// The true reason a file could not be opened.
    static func reason(errno code: Int32, path: String) -> String {
        switch code {
        case ENOENT: return "no such file (deleted while indexing?)"
        case EACCES, EPERM: return "permission denied"
        case ENAMETOOLONG: return "path too long"
        case ELOOP: return "too many levels of symbolic links"
        case ENXIO: return "not a regular file (a FIFO or socket with nobody on the other end)"
        default: return String(cString: strerror(code))
        }
    }

    /// Decodes a page's bytes: UTF-8 (repairing bad bytes, with a warning), UTF-16 with a BOM
    /// or by its zero bytes, else Windows-1252; throws for binary or oversized data.
    public static func decode(_ data: Data, maximumBytes: Int = defaultMaximumBytes) throws(Failure) -> Decoded {
        if data.count > maximumBytes { throw .tooLarge(bytes: data.count, limit: maximumBytes) }
        if let utf16 = utf16Text(data) { return Decoded(text: utf16.text, warnings: ["UTF-16 (\(utf16.order)): converted"]) }
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
