import Foundation

/// Expands the paths given on the command line into the page files to read.
///
/// Folders are walked with `opendir`/`readdir` and each page is `stat`ed once, here: the
/// size and time found are what the indexer compares with the library, so an unchanged
/// folder of a million pages costs one `stat` per page and nothing else.
public enum InputFiles {
    /// Extensions read when walking a folder; a file named explicitly is always read.
    public static let pageExtensions: Set<String> = ["txt", "text", "md", ""]

    /// The page files found, and the paths that could not be used.
    public struct Expansion: Sendable {
        /// Files to read, in the order given (a folder's files sorted by path).
        public var files: [String] = []
        /// Paths skipped with the reason (missing, unreadable folder, path too long…).
        public var problems: [(path: String, reason: String)] = []
        /// Each file's size and modification time (or why `stat` failed), as `files` is ordered.
        public var stamps: [FileStamp] = []
    }

    /// A file's size and modification time, as the library stores them, or why they could
    /// not be read.
    public enum FileStamp: Sendable, Equatable {
        case stamp(size: Int64, mtime: Double)
        case unreadable(String)
    }

    /// Expands files and folders (recursively, page extensions only, hidden names and
    /// symlinked folders left out) into page files. With `absolute`, paths are made absolute
    /// (symlinks kept as named), as the library stores them.
    public static func expand(_ paths: [String], absolute: Bool = false) -> Expansion {
        var out = Expansion()
        for given in paths {
            let path = absolute ? Self.absolute(given) : given
            var st = stat()
            guard stat(path, &st) == 0 else {
                let code = errno
                out.problems.append((path, code == ENOENT ? "no such file or directory" : PageDecoder.reason(errno: code, path: path)))
                continue
            }
            guard st.st_mode & S_IFMT == S_IFDIR else {
                out.files.append(path)
                out.stamps.append(stamp(st))
                continue
            }
            var found: [(String, FileStamp)] = []
            walk(path, into: &found, problems: &out.problems)
            found.sort { $0.0 < $1.0 }
            for (f, s) in found { out.files.append(f); out.stamps.append(s) }
        }
        return out
    }

    /// One folder and its sub-folders. A folder that cannot be listed is a problem, named
    /// with the reason, not a silent gap in the library.
    private static func walk(_ folder: String, into found: inout [(String, FileStamp)], problems: inout [(path: String, reason: String)]) {
        guard let dir = opendir(folder) else {
            problems.append((folder, "cannot list folder: " + PageDecoder.reason(errno: errno, path: folder)))
            return
        }
        defer { closedir(dir) }
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        var subfolders: [String] = []
        while let entry = readdir(dir) {
            let (name, type) = withUnsafePointer(to: entry.pointee.d_name) { p in
                p.withMemoryRebound(to: CChar.self, capacity: 256) { (String(cString: $0), entry.pointee.d_type) }
            }
            if name.hasPrefix(".") { continue }
            let full = prefix + name
            if type == UInt8(DT_DIR) { subfolders.append(full); continue }
            // A file system that does not say the type (DT_UNKNOWN) may hide a folder here.
            guard type == UInt8(DT_UNKNOWN) || pageExtensions.contains(pathExtension(name)) else { continue }
            // Follows symlinks: a link to a page is read, a link to a folder is not walked.
            var st = stat()
            if stat(full, &st) != 0 {
                let code = errno
                guard pageExtensions.contains(pathExtension(name)) else { continue }
                let dangling = code == ENOENT && lstat(full, &st) == 0 && st.st_mode & S_IFMT == S_IFLNK
                found.append((full, .unreadable(dangling ? "a symbolic link to a missing file" : PageDecoder.reason(errno: code, path: full))))
            } else if st.st_mode & S_IFMT == S_IFDIR {
                if type == UInt8(DT_UNKNOWN) { subfolders.append(full) }
            } else if pageExtensions.contains(pathExtension(name)) {
                found.append((full, stamp(st)))
            }
        }
        for sub in subfolders { walk(sub, into: &found, problems: &problems) }
    }

    /// The lower-cased extension, as `NSString.pathExtension` gives it ("" for none).
    static func pathExtension(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[name.index(after: dot)...]).lowercased()
    }

    /// A file's size and modification time, or why it cannot be read.
    static func stamp(_ path: String) -> FileStamp {
        var st = stat()
        guard stat(path, &st) == 0 else { return .unreadable(PageDecoder.reason(errno: errno, path: path)) }
        return stamp(st)
    }

    /// The time is computed as Foundation's `modificationDate` gives it (through a reference
    /// date of 2001), bit for bit: libraries store that reading, and another would re-index
    /// every page (`InputFilesTests`).
    static func stamp(_ st: stat) -> FileStamp {
        let sinceReference = (Double(st.st_mtim.tv_sec) - Date.timeIntervalBetween1970AndReferenceDate) + Double(st.st_mtim.tv_nsec) / 1e9
        return .stamp(size: Int64(st.st_size), mtime: Date(timeIntervalSinceReferenceDate: sinceReference).timeIntervalSince1970)
    }

    /// The path made absolute, with "." and ".." folded, but symlinks kept as named: a page
    /// is known (and reported) by the path the user gave, not by where a link points.
    public static func absolute(_ path: String) -> String {
        let p = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts: [Substring] = []
        for c in p.split(separator: "/") {
            if c.isEmpty || c == "." { continue }
            if c == ".." { _ = parts.popLast() } else { parts.append(c) }
        }
        return "/" + parts.joined(separator: "/")
    }
}
