import Foundation
import XCTest

/// Drives the real `dossier` binary in tmux on the bundled seeds, as a person would: type a
/// search, toggle a facet, open an article, resize, quit; and reads the screen each time.
final class EndToEndTests: XCTestCase {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    var socket = ""
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "dossier-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        // The server's socket lives in the test's folder: tmux leaves it behind on exit, and
        // removing the folder removes it (with -L, one stale socket per test piled up in /tmp).
        socket = dir + "/tmux.sock"
    }

    override func tearDownWithError() throws {
        _ = try? tmux("kill-server")
        try? FileManager.default.removeItem(atPath: dir)
    }

    @discardableResult
    func tmux(_ args: String...) throws -> String { try tmuxRun(args) }

    /// Runs tmux and returns its output. Spawned and reaped directly: Foundation's `Process`
    /// waits for a descriptor that the tmux server (started by `new-session`) inherits and
    /// keeps open, so `waitUntilExit` never returned.
    func tmuxRun(_ args: [String]) throws -> String {
        let file = dir + "/tmux-\(UUID().uuidString).out"
        defer { try? FileManager.default.removeItem(atPath: file) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, file, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = (["tmux", "-S", socket] + args).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, "tmux", &actions, nil, argv, environ)
        guard rc == 0 else { throw NSError(domain: "tmux", code: Int(rc)) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        return (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
    }

    func screen() throws -> String { try tmux("capture-pane", "-p", "-t", "e2e") }

    /// Waits (up to 15 s) for the screen to satisfy `condition`; fails with the screen if not.
    @discardableResult
    func waitFor(_ what: String, file: StaticString = #filePath, line: UInt = #line, _ condition: (String) -> Bool) throws -> String {
        var last = ""
        for _ in 0..<150 {
            last = try screen()
            if condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.1)
        }
        XCTFail("timed out waiting for \(what); screen:\n\(last)", file: file, line: line)
        return last
    }

    func keys(_ k: String...) throws { _ = try tmuxRun(["send-keys", "-t", "e2e"] + k) }

    /// The built binary, when it and tmux are there to run it.
    func readerBinary() throws -> String {
        let binary = Bundle.main.bundleURL.appendingPathComponent("dossier").path
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw XCTSkip("dossier binary not built at \(binary)") }
        let hasTmux = FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/tmux")
        if !hasTmux {
            if ProcessInfo.processInfo.environment["CI"] != nil { XCTFail("tmux is missing: .ci/setup installs it") }
            throw XCTSkip("tmux is not installed (bash .ci/setup installs it)")
        }
        return binary
    }

    /// How the pane's process ended: "status N" or "signal N" (waits up to 10 s).
    func ending() throws -> String {
        var dead = ""
        for _ in 0..<100 {
            dead = try tmux("display-message", "-p", "-t", "e2e", "#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}")
                .trimmingCharacters(in: .whitespacesAndNewlines)
            if dead.hasPrefix("1") { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let parts = dead.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts[0] == "1" else { return "running (\(dead))" }
        // tmux leaves the status empty when it is 0.
        return !parts[2].isEmpty && parts[2] != "0" ? "signal \(parts[2])" : "status \(parts[1].isEmpty ? "0" : parts[1])"
    }

    /// Ctrl-c, SIGINT, SIGTERM and SIGHUP end the reader as they end every other command:
    /// it restores the terminal and dies of the signal, so the shell that started it sees
    /// 130, 130, 143 and 129 (and 0 after Q). The shell writes what it saw to a file: tmux's
    /// own record of how a pane died is sometimes read before it is filled in.
    func testSignalsEndTheReaderAsTheyEndEveryCommand() throws {
        let binary = try readerBinary()
        let library = dir + "/library.sqlite"
        let index = Process()
        index.executableURL = URL(fileURLWithPath: binary)
        index.arguments = ["index", "--library", library, root.path + "/seeds"]
        index.standardOutput = FileHandle.nullDevice
        try index.run(); index.waitUntilExit()
        XCTAssertEqual(index.terminationStatus, 0)
        // One server throughout: killing the last session would stop it while the next starts.
        try tmux("new-session", "-d", "-s", "keep", "sleep 600")
        for (how, expected) in [("C-c", 130), ("INT", 130), ("TERM", 143), ("HUP", 129), ("Q", 0)] {
            let statusFile = dir + "/status-\(how)"
            try tmux("new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30",
                     "env DOSSIER_LIBRARY='\(library)' '\(binary)'; echo $? > '\(statusFile)'")
            try tmux("set-option", "-t", "e2e", "remain-on-exit", "on")
            try waitFor("the reader (\(how))") { $0.contains("of 24 articles") }
            if how == "C-c" || how == "Q" {
                try keys(how)
            } else {
                // The reader is the shell's child.
                let shell = try tmux("display-message", "-p", "-t", "e2e", "#{pane_pid}").trimmingCharacters(in: .whitespacesAndNewlines)
                let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
                let reader = try XCTUnwrap(children.split(separator: " ").first.flatMap { pid_t($0) }, "no reader under \(shell)")
                XCTAssertEqual(kill(reader, how == "INT" ? SIGINT : how == "TERM" ? SIGTERM : SIGHUP), 0)
            }
            var status: String?
            for _ in 0..<100 where status == nil {
                status = (try? String(contentsOfFile: statusFile, encoding: .utf8)).flatMap { $0.hasSuffix("\n") ? $0 : nil }
                if status == nil { Thread.sleep(forTimeInterval: 0.1) }
            }
            XCTAssertEqual(status.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }, expected, how)
            // The terminal was restored: the pane left the alternate screen.
            XCTAssertEqual(try tmux("display-message", "-p", "-t", "e2e", "#{alternate_on}").trimmingCharacters(in: .whitespacesAndNewlines), "0", how)
            try tmux("kill-session", "-t", "e2e")
        }
    }

    /// A watchlist saved in the open reader counts pages that `index --watch` indexes beside
    /// it: the sidebar's new count and the status line's "N new" appear without a key; `.`
    /// shows them.
    func testWatchedFolderReachesTheOpenReader() throws {
        let binary = try readerBinary()
        let pages = dir + "/pages", library = dir + "/library.sqlite"
        try FileManager.default.createDirectory(atPath: pages, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: root.path + "/seeds/000_fa6f9cecdfdff98c.txt", toPath: pages + "/000.txt")
        try tmux("new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", "'\(binary)' index --library '\(library)' '\(pages)' && '\(binary)' --library '\(library)'")
        try tmux("set-option", "-t", "e2e", "remain-on-exit", "on")
        try waitFor("the reader on one page") { $0.contains("Countries") && $0.contains(" of ") }
        // Save the query as a watchlist: it heads the sidebar, nothing new yet.
        try keys("/", "stablecoin", "Enter")
        try waitFor("results") { $0.hasPrefix(" / stablecoin ") && !$0.contains("searching…") && !$0.contains("Enter accept") }
        try keys("w")
        try keys("-l", "coins")
        try keys("Enter")
        var s = try waitFor("the saved watchlist") { $0.contains("◆ coins") }
        XCTAssertFalse(s.contains(" new"), s)
        // An indexer beside it, watching the folder; then two pages arrive.
        try tmux("new-session", "-d", "-s", "watcher", "'\(binary)' index --library '\(library)' --watch '\(pages)' > '\(dir)/watch.log' 2>&1")
        for _ in 0..<100 where !((try? String(contentsOfFile: dir + "/watch.log", encoding: .utf8))?.contains("watching") ?? false) {
            Thread.sleep(forTimeInterval: 0.1)
        }
        for name in ["002_ef810cd2aa2ac3db.txt", "003_65a58f569331be8a.txt"] {
            try FileManager.default.copyItem(atPath: root.path + "/seeds/" + name, toPath: pages + "/" + name)
        }
        s = try waitFor("the new count in the sidebar and the status line") {
            $0.range(of: #"◆ coins +[0-9]+ new"#, options: .regularExpression) != nil && $0.contains(" new — press . to show")
        }
        let before = s.split(separator: "\n").last.map(String.init) ?? ""
        try keys(".")
        s = try waitFor("the new articles shown") { !$0.contains("new — press") && !$0.contains("searching…") }
        XCTAssertNotEqual(s.split(separator: "\n").last.map(String.init), before)
        let log = try String(contentsOfFile: dir + "/watch.log", encoding: .utf8)
        XCTAssertTrue(log.contains("indexed: "), log)
    }

    func testReaderInTmux() throws {
        let binary = try readerBinary()
        // A first run: no library yet at the default path, so the reader shows the samples.
        let library = dir + "/xdg/dossier/library.sqlite"
        let command = "env -u DOSSIER_LIBRARY XDG_DATA_HOME='\(dir)/xdg' DOSSIER_SEEDS='\(root.path)/seeds' '\(binary)'"
        try tmux("new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", command)
        try tmux("set-option", "-t", "e2e", "remain-on-exit", "on")

        // First screen: the bundled seeds, newest first, with facet counts.
        // (The group headings show at once; wait for the counts under them.)
        var s = try waitFor("the seeded library, announced, with counts") {
            $0.contains("showing 24 sample articles") && $0.contains("[ ] HK Hong Kong")
        }

        // Type a search: results follow as you type.
        try keys("/", "stablecoin")
        try waitFor("results as you type") { $0.hasPrefix(" / stablecoin") && !$0.contains(" 24 of 24 articles") }
        // Enter searches the word as written; the count is read once that search is done.
        try keys("Enter")
        s = try waitFor("results for stablecoin") {
            $0.hasPrefix(" / stablecoin ") && !$0.contains("Enter accept") && !$0.contains("searching…") && !$0.contains(" 24 of 24 articles")
        }
        let matched = Int(s.split(separator: "\n").last!.split(separator: " ").first!)!
        XCTAssertGreaterThan(matched, 0)

        // Toggle the first country: the query bar shows the filter.
        try keys("f", "Space")
        s = try waitFor("a country filter") { $0.hasPrefix(" / stablecoin country:") && !$0.contains("searching…") && $0.contains("[x] ") }
        let filtered = Int(s.split(separator: "\n").last!.split(separator: " ").first!)!
        XCTAssertLessThanOrEqual(filtered, matched)

        // x excludes that country instead: the other stablecoin articles; Space includes it again.
        try keys("x")
        s = try waitFor("an excluded country") { $0.hasPrefix(" / stablecoin -country:") && !$0.contains("searching…") && $0.contains("[-] ") }
        let rest = Int(s.split(separator: "\n").last!.split(separator: " ").first!)!
        XCTAssertEqual(rest, matched - filtered, s)
        try keys("Space")
        s = try waitFor("the country filter again") { $0.hasPrefix(" / stablecoin country:") && !$0.contains("searching…") }

        // Open the first article: the reader shows its facts and text.
        try keys("Tab", "Enter")
        s = try waitFor("the reader") { $0.split(separator: "\n").dropFirst().first?.hasPrefix("│ ") == true }
        let headline = s.split(separator: "\n")[1].dropFirst(2)

        // Resize to a tiny window and back.
        try tmux("resize-window", "-t", "e2e", "-x", "20", "-y", "5")
        try waitFor("the too-small notice") { $0.contains("terminal too small") }
        try tmux("resize-window", "-t", "e2e", "-x", "100", "-y", "30")
        try waitFor("the reader again") { $0.contains(headline) }

        // The reading loop: q back to the list, Esc clears the query, Enter, J twice (each
        // article opened is marked read), q back, u unread only, A marks all read, U undoes it,
        // Q quits.
        var opened = [String(headline)]
        try keys("q")
        try waitFor("the list") { $0.contains("[x] ") }
        try keys("Escape")
        try waitFor("every article") { $0.contains(" 24 of 24 articles") && !$0.contains("searching…") }
        func readerHeadline(_ screen: String) -> String? {
            let second = screen.split(separator: "\n").dropFirst().first
            return second?.hasPrefix("│ ") == true ? String(second!.dropFirst(2)).trimmingCharacters(in: .whitespaces) : nil
        }
        try keys("Enter")
        s = try waitFor("the first article") { readerHeadline($0) != nil }
        opened.append(readerHeadline(s)!)
        for step in 1...2 {
            try keys("J")
            s = try waitFor("article \(step + 1)") { readerHeadline($0).map { !opened.contains($0) } ?? false }
            opened.append(readerHeadline(s)!)
        }
        try keys("q")
        try waitFor("the list again") { readerHeadline($0) == nil && $0.contains(" 24 of 24 articles") }
        try keys("u")
        s = try waitFor("unread only") { $0.hasPrefix(" / is:unread") && !$0.contains("searching…") }
        let unread = Int(s.split(separator: "\n").last!.split(separator: " ").first!)!
        XCTAssertEqual(unread, 24 - Set(opened.map { String($0.prefix(20)) }).count, s)
        try keys("A")
        try waitFor("all marked read") { $0.contains("marked \(unread) read — U to undo") }
        try keys("U")
        try waitFor("the undo") { $0.contains("undone: \(unread) unread again") }
        try keys("Q")
        XCTAssertEqual(try ending(), "status 0")

        // The article opened is marked read in the library.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = ["list", "--json", "--limit", "100", "--library", library]
        let out = Pipe(); p.standardOutput = out; p.standardError = Pipe()
        try p.run()
        let json = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let list = try JSONSerialization.jsonObject(with: json) as! [String: Any]
        let articles = list["articles"] as! [[String: Any]]
        let read = articles.filter { ($0["read"] as? Bool) == true }.compactMap { $0["title"] as? String }
        // What was opened is read; what A marked and U unmarked is unread again.
        let openedKeys = Set(opened.map { String($0.prefix(20)) })
        XCTAssertEqual(read.count, openedKeys.count, "\(read) vs \(opened)")
        for title in read { XCTAssertTrue(openedKeys.contains(String(title.prefix(20))), "\(title) was never opened") }
    }
}
