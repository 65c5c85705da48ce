import DossierCore
import Foundation

/// Where `e` writes a brief: `$DOSSIER_EXPORT_DIR`, else the folder the reader was started
/// in, as `brief-<query>-<date>.md`; an existing file is never replaced (`-2`, `-3`, …).
enum BriefFile {
    static func folder(_ env: [String: String] = ProcessInfo.processInfo.environment) -> String {
        env["DOSSIER_EXPORT_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? FileManager.default.currentDirectoryPath
    }

    /// The query as a file-name part: letters and digits, the rest as single dashes.
    static func slug(_ query: String) -> String {
        var out = "", dash = false
        for c in query.lowercased() {
            if c.isLetter || c.isNumber { out.append(c); dash = false } else if !dash, !out.isEmpty { out.append("-"); dash = true }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "all" : String(out.prefix(48))
    }

    /// Writes `data` under a new name in `folder`; the path written.
    static func write(_ data: Data, query: String, format: BriefFormat, folder: String, today: Date = Date()) throws -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd"
        let base = "brief-\(slug(query))-\(f.string(from: today))"
        for n in 1...1000 {
            let path = (folder as NSString).appendingPathComponent(base + (n == 1 ? "" : "-\(n)") + "." + format.fileExtension)
            do {
                try data.write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
                return path
            } catch CocoaError.fileWriteFileExists {
                continue
            }
        }
        throw CocoaError(.fileWriteFileExists)
    }
}
