import Foundation

/// `o`: the article's source page in `$PAGER` at the article's line (`less +LINE` by default).
enum Pager {
    /// Runs the pager and waits for it; a reason when it could not run, else nil.
    static func open(_ path: String, line: Int, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard FileManager.default.isReadableFile(atPath: path) else { return "cannot open \(path): the file is gone or unreadable" }
        let words = (environment["PAGER"].flatMap { $0.isEmpty ? nil : $0 } ?? "less").split(separator: " ").map(String.init)
        guard let program = words.first else { return "no pager" }
        // Pagers that take +LINE: less, more, most, vi and its kin.
        let name = (program as NSString).lastPathComponent
        let atLine = ["less", "more", "most", "vi", "vim", "nvim", "view", "nano", "emacs"].contains(name) ? ["+\(max(line, 1))"] : []
        let argv = words + atLine + [path]
        var pid: pid_t = 0
        let cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for a in cArgs { free(a) } }
        let rc = posix_spawnp(&pid, program, nil, nil, cArgs, environ)
        guard rc == 0 else { return "cannot run \(program): \(String(cString: strerror(rc)))" }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        return nil
    }
}

/// `y`: a citation to the clipboard, through the terminal (OSC 52) when
/// `$DOSSIER_CLIPBOARD=osc52`, else into a file whose path the status line shows.
enum Clipboard {
    /// Copies `text`; returns the line for the status bar.
    static func copy(_ text: String, backend: TerminalBackend,
                     environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if environment["DOSSIER_CLIPBOARD"] == "osc52" {
            backend.writeRaw("\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}")
            return "citation copied (OSC 52)"
        }
        let path = file(environment)
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try (text + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            return "citation written to \(path)"
        } catch {
            return "could not write the citation to \(path): \(error.localizedDescription)"
        }
    }

    /// `$XDG_STATE_HOME/dossier/clipboard.txt` (default `~/.local/state/dossier/`).
    static func file(_ environment: [String: String]) -> String {
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) as NSString).appendingPathComponent(".local/state")
        return ((state as NSString).appendingPathComponent("dossier") as NSString).appendingPathComponent("clipboard.txt")
    }
}
