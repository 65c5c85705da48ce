import Foundation

/// Expands the paths given on the command line into the page files to read.
public enum InputFiles {
    /// Extensions read when walking a folder; a file named explicitly is always read.
    public static let pageExtensions: Set<String> = ["txt", "text", "md", ""]

    /// The page files found, and the paths that could not be used.
    public struct Expansion: Sendable {
        /// Files to read, in the order given (a folder's files sorted by path).
        public var files: [String] = []
        /// Paths skipped with the reason (missing, unreadable folder, not a regular file…).
        public var problems: [(path: String, reason: String)] = []
    }

    /// Expands files and folders (recursively, page extensions only) into page files.
    public static func expand(_ paths: [String]) -> Expansion {
        var out = Expansion()
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                out.problems.append((path, "no such file or directory")); continue
            }
            guard isDir.boolValue else { out.files.append(path); continue }
            guard let walker = fm.enumerator(atPath: path) else {
                out.problems.append((path, "cannot list directory")); continue
            }
            var found: [String] = []
            while let rel = walker.nextObject() as? String {
                let name = (rel as NSString).lastPathComponent
                if name.hasPrefix(".") { walker.skipDescendants(); continue }
                let full = (path as NSString).appendingPathComponent(rel)
                var sub: ObjCBool = false
                guard fm.fileExists(atPath: full, isDirectory: &sub), !sub.boolValue else { continue }
                if pageExtensions.contains((name as NSString).pathExtension.lowercased()) { found.append(full) }
            }
            out.files += found.sorted()
        }
        return out
    }
}
