import Foundation
import GRDB
import XCTest
@testable import DossierCore

/// Runs the real `dossier` binary, as a person or a script would.
final class CommandLineTests: XCTestCase {
    struct Run { var status: Int32; var stdout: String; var stderr: String }

    static var binary: URL { Bundle.main.bundleURL.appendingPathComponent("dossier") }

    /// Runs `dossier args`; `environment` is added to this process's (a nil value removes
    /// the variable), and `prefix` runs it through another program (`setpriv …`).
    func dossier(_ args: [String], environment: [String: String?] = [:], prefix: [String] = [], binary: URL = binary) throws -> Run {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else { throw XCTSkip("dossier binary not built at \(binary.path)") }
        let p = Process()
        if prefix.isEmpty {
            p.executableURL = binary
            p.arguments = args
        } else {
            p.executableURL = URL(fileURLWithPath: prefix[0])
            p.arguments = Array(prefix.dropFirst()) + [binary.path] + args
        }
        var env = ProcessInfo.processInfo.environment
        // Never the user's own library: a test names its library, or gets a scratch default.
        env["DOSSIER_LIBRARY"] = nil
        env["XDG_DATA_HOME"] = NSTemporaryDirectory() + "dossier-no-default-library"
        for (k, v) in environment { env[k] = v }
        p.environment = env
        p.currentDirectoryURL = Repo.root
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    func testJSONOfTheSeeds() throws {
        let r = try dossier(["parse", "--json", "seeds/"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]]
        XCTAssertEqual(json?.count, 24)
        let first = try XCTUnwrap(json?.first)
        for key in ["id", "title", "titleInferred", "category", "published", "publishedInferred", "source", "countries", "regulators",
                    "topics", "offTopic", "summary", "paragraphs", "alsoIn"] {
            XCTAssertNotNil(first[key], "missing \(key)")
        }
        XCTAssertTrue(r.stdout.contains("\"published\" : null"), "unknown values print as null")
    }

    func testListingAndPartialFailureExitsOne() throws {
        let r = try dossier(["parse", "no/such/file.txt", "seeds/001_3b5367fe011ffb2f.txt"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("no/such/file.txt: no such file"), r.stderr)
        XCTAssertTrue(r.stdout.contains("Hong Kong strives for crypto hub status"), "the readable file is still printed")
        XCTAssertTrue(r.stdout.contains("SFC@HK"))
    }

    func testBinaryInputIsNamedAndSkipped() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bin = dir.appendingPathComponent("image.txt")
        try Data([0x89, 0x50, 0x00, 0x47]).write(to: bin)
        let r = try dossier(["parse", bin.path])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("image.txt: looks like a binary file"), r.stderr)
    }

    /// Only regular files are read. A FIFO (which would block a read forever), a device (a
    /// symlink to /dev/zero would be read without end), a socket and a symlink to a FIFO are
    /// each skipped with a one-line reason naming them; `index` and `parse` exit 1 and the
    /// rest is still indexed. A page over the size cap is skipped too.
    func testOnlyRegularFilesAreRead() throws {
        let dir = NSTemporaryDirectory() + "dossier-kinds-\(UUID().uuidString)"
        let pages = dir + "/pages"
        try FileManager.default.createDirectory(atPath: pages, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: Repo.seed("001"), toPath: pages + "/good.txt")
        XCTAssertEqual(mkfifo(pages + "/fifo.txt", 0o644), 0)
        try FileManager.default.createSymbolicLink(atPath: pages + "/zero.txt", withDestinationPath: "/dev/zero")
        try FileManager.default.createSymbolicLink(atPath: pages + "/to-fifo.txt", withDestinationPath: pages + "/fifo.txt")
        // A listening Unix socket named like a page.
        let sock = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        XCTAssertGreaterThanOrEqual(sock, 0)
        defer { close(sock) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let sockPath = pages + "/socket.txt"
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in sockPath.utf8CString.withUnsafeBytes { raw.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0.prefix(raw.count))) } }
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(sock, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        XCTAssertEqual(bound, 0, "bind \(sockPath)")
        // A page over a 1 MB cap.
        try String(repeating: "A regulator published a long note. ", count: 40_000).write(toFile: pages + "/big.txt", atomically: true, encoding: .utf8)

        let index = try dossier(["index", "--library", dir + "/lib.sqlite", "--max-page-mb", "1", pages])
        XCTAssertEqual(index.status, 1, index.stderr)
        for (name, reason) in [("fifo.txt", "not a regular file (a FIFO)"), ("zero.txt", "not a regular file (a character device)"),
                               ("to-fifo.txt", "not a regular file (a FIFO)"), ("socket.txt", "not a regular file"),
                               ("big.txt", "too large (")] {
            let line = index.stderr.split(separator: "\n").first { $0.contains("/" + name + ":") }
            XCTAssertNotNil(line, "\(name) is named: \(index.stderr)")
            XCTAssertTrue(line?.contains(reason) == true, "\(name): \(line ?? "")")
        }
        XCTAssertTrue(index.stdout.contains("1 indexed") && index.stdout.contains("5 files skipped"), index.stdout)
        let parse = try dossier(["parse", pages + "/fifo.txt", pages + "/zero.txt", pages + "/good.txt"])
        XCTAssertEqual(parse.status, 1)
        XCTAssertTrue(parse.stdout.contains("good.txt"), "the readable page is still parsed")
        XCTAssertTrue(parse.stderr.contains("fifo.txt: not a regular file (a FIFO); skipped"), parse.stderr)
    }

    /// Hostile file names, queries, ids and library paths: no command sends a control
    /// character to the terminal; they are shown (`\e`, `\x07`) instead (issue 12, point 3).
    func testNoControlCharacterReachesTheTerminal() throws {
        let dir = NSTemporaryDirectory() + "dossier-evil-\(UUID().uuidString)"
        let pages = dir + "/pages"
        try FileManager.default.createDirectory(atPath: pages, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let evil = "evil\u{1B}]0;pwned\u{07}\u{1B}[41m\u{202E}.txt"
        try FileManager.default.copyItem(atPath: Repo.seed("001"), toPath: pages + "/" + evil)
        try Data([0x00, 0x01, 0x02]).write(to: URL(fileURLWithPath: pages + "/bin\u{1B}[31m.txt"))
        let lib = dir + "/lib.sqlite"
        let q = "hong\u{1B}[31m kong\u{07}"
        var runs: [[String]] = [
            ["parse", pages], ["parse", "--json", pages], ["parse", pages + "/nope\u{1B}[2J.txt"],
            ["index", "--library", lib, pages], ["list", "--library", lib], ["search", "--library", lib, "--", q],
            ["search", "--library", lib, "topic:\u{1B}[31m"], ["facets", "--library", lib], ["stats", "--library", lib],
            ["show", "--library", lib, "\u{1B}[31mabc"], ["list", "--library", dir + "/no\u{1B}[31mdir/x/lib.sqlite"],
        ]
        let listed = try dossier(["list", "--library", lib, "--json", "--limit", "1"])
        if let id = ((try? JSONSerialization.jsonObject(with: Data(listed.stdout.utf8))) as? [String: Any])
            .flatMap({ ($0["articles"] as? [[String: Any]])?.first?["id"] as? String }) {
            runs.append(["show", "--library", lib, String(id.prefix(10))])
        }
        var shown = false
        for args in runs {
            let run = try dossier(args)
            for (name, text) in [("stdout", run.stdout), ("stderr", run.stderr)] {
                // JSON escapes what RFC 8259 names (below U+0020); text for people shows every control.
                let json = args.contains("--json") && name == "stdout"
                let bad = text.unicodeScalars.filter {
                    ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (!json && ((0x7F...0x9F).contains($0.value) || $0.value == 0x202E))
                }
                XCTAssertTrue(bad.isEmpty, "\(args.first!) \(name) holds \(bad.map { String($0.value, radix: 16) }): \(text.prefix(300))")
            }
            if (run.stdout + run.stderr).contains("\\e]0;pwned\\x07") { shown = true }
        }
        XCTAssertTrue(shown, "the file name is shown with its escapes written out")
    }

    func testUsageErrorsExitTwo() throws {
        XCTAssertEqual(try dossier(["parse"]).status, 2)
        XCTAssertEqual(try dossier(["parse", "--no-such-flag", "seeds"]).status, 2)
        XCTAssertEqual(try dossier(["frobnicate"]).status, 2)
        let typo = try dossier(["serach", "stablecoin"])
        XCTAssertEqual(typo.status, 2)
        XCTAssertTrue(typo.stderr.contains("unknown command 'serach'; did you mean 'search'?"), typo.stderr)
    }

    /// The library commands on a library of the seed pages: bad queries, unknown ids and
    /// damaged files get one clear line.
    func testLibraryCommands() throws {
        let dir = NSTemporaryDirectory() + "dossier-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let lib = dir + "/library.sqlite"
        XCTAssertEqual(try dossier(["index", "--library", lib, "seeds"]).status, 0)

        let list = try dossier(["list", "--library", lib, "--json", "--limit", "100"])
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertEqual(list.stderr, "", "an explicit library never gets the samples, nor a notice")
        let json = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(json?["total"] as? Int, 24)
        XCTAssertEqual((json?["articles"] as? [Any])?.count, 24)

        let search = try dossier(["search", "--library", lib, "--json", "stablecoin", "country:sg"])
        XCTAssertEqual(search.status, 0, search.stderr)
        let hits = (try JSONSerialization.jsonObject(with: Data(search.stdout.utf8)) as? [String: Any])?["articles"] as? [[String: Any]]
        XCTAssertFalse(hits?.isEmpty ?? true)
        XCTAssertTrue((hits?.first?["snippet"] as? String)?.contains("«stablecoin") == true)
        // Text for a pipe marks matches the same way; the private-use marks never leave.
        let text = try dossier(["search", "--library", lib, "stablecoin", "country:sg"])
        XCTAssertTrue(text.stdout.contains("«stablecoin") && text.stdout.contains("»"), text.stdout)
        XCTAssertFalse((search.stdout + text.stdout).unicodeScalars.contains { $0.value == 0xE000 || $0.value == 0xE001 })
        let id = try XCTUnwrap(hits?.first?["id"] as? String)

        let show = try dossier(["show", "--library", lib, String(id.prefix(8))])
        XCTAssertEqual(show.status, 0, show.stderr)
        XCTAssertTrue(show.stdout.contains("Id: \(id)"))

        let badQuery = try dossier(["search", "--library", lib, "kyc colour:red"])
        XCTAssertEqual(badQuery.status, 2)
        XCTAssertTrue(badQuery.stderr.contains("position 5"), badQuery.stderr)

        let quote = try dossier(["search", "--library", lib, "\"unbalanced"])
        XCTAssertEqual(quote.status, 0, "an unbalanced quote is read to the end")
        XCTAssertTrue(quote.stderr.contains("unbalanced quote"))

        let missing = try dossier(["show", "--library", lib, "ffffffffffff"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("no article"))

        let check = try dossier(["check", "--library", lib, "--json"])
        XCTAssertEqual(check.status, 0, check.stderr)
        let checked = try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(checked?["ok"] as? Bool, true)
        XCTAssertEqual(checked?["articles"] as? Int, 24)
        XCTAssertEqual((checked?["items"] as? [[String: Any]])?.count, 3)

        let bad = dir + "/bad.sqlite"
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: bad))
        let damaged = try dossier(["stats", "--library", bad])
        XCTAssertEqual(damaged.status, 1)
        XCTAssertTrue(damaged.stderr.contains("hint:"), damaged.stderr)
        XCTAssertFalse(damaged.stderr.contains("Fatal"), "no stack trace")

        // A word exclusion on the command line is a query word, wherever it stands, and the
        // options around it still work; a mistyped "--option" is a usage error, not a word.
        func total(_ args: [String]) throws -> Int? {
            let run = try dossier(args)
            XCTAssertEqual(run.status, 0, "\(args): \(run.stderr)")
            return (try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])?["total"] as? Int
        }
        let all = try XCTUnwrap(try total(["search", "--library", lib, "--json", "stablecoin"]))
        let withoutTether = try XCTUnwrap(try total(["search", "--library", lib, "stablecoin", "-tether", "--json"]))
        XCTAssertLessThan(withoutTether, all, "-tether excludes the articles that name Tether")
        XCTAssertEqual(try total(["search", "--library", lib, "-tether", "--json", "stablecoin"]), withoutTether)
        XCTAssertEqual(try total(["search", "--library", lib, "--json", "--", "-tether", "stablecoin"]), withoutTether)
        // A query of exclusions alone means "all except": fewer than the 24, at least those gone above.
        let listed = try XCTUnwrap(try total(["list", "--library", lib, "--json", "-tether"]))
        XCTAssertLessThanOrEqual(listed, 24 - (all - withoutTether))
        // Filters are excluded the same way, and never returned.
        let sg = try XCTUnwrap(try total(["search", "--library", lib, "--json", "stablecoin", "country:sg"]))
        XCTAssertGreaterThan(sg, 0)
        for args in [["stablecoin", "-country:sg"], ["stablecoin", "NOT", "country:sg"], ["stablecoin", "NOT country:sg"]] {
            let run = try dossier(["search", "--library", lib, "--json", "--limit", "100"] + args)
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertFalse(run.stderr.contains("read as a filter"), run.stderr)
            let obj = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            XCTAssertEqual(obj?["total"] as? Int, all - sg, "\(args)")
            for a in obj?["articles"] as? [[String: Any]] ?? [] {
                let codes = (a["countries"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
                XCTAssertFalse(codes.contains("SG"), "\(args): \(a["title"] ?? "")")
            }
        }
        // Unknown values are usage errors with a suggestion; the facets --json key is a value.
        let aml = try dossier(["search", "--library", lib, "topic:aml"])
        XCTAssertEqual(aml.status, 2)
        XCTAssertTrue(aml.stderr.contains("did you mean topic:aml-kyc?"), aml.stderr)
        XCTAssertEqual(try dossier(["search", "--library", lib, "authority:zzz"]).status, 2)
        XCTAssertEqual(try total(["list", "--library", lib, "--json", "regulator:sg-mas"]), try total(["list", "--library", lib, "--json", "authority:mas"]))
        XCTAssertGreaterThan(try XCTUnwrap(try total(["list", "--library", lib, "--json", "authority:mas@sg"])), 0)

        let typo = try dossier(["search", "--library", lib, "stablecoin", "--limitt", "2"])
        XCTAssertEqual(typo.status, 2)
        XCTAssertTrue(typo.stderr.contains("unknown option '--limitt'"), typo.stderr)
        XCTAssertTrue(try dossier(["search", "-h"]).stdout.contains("OVERVIEW: Search the library"))
        let afterDashes = try dossier(["search", "--library", lib, "--json", "--", "--limitt", "stablecoin"])
        XCTAssertEqual(afterDashes.status, 0, "after --, everything is query: \(afterDashes.stderr)")

        let stats = try dossier(["stats", "--library", lib, "--json"])
        XCTAssertEqual((try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])?["articles"] as? Int, 24)
    }

    /// The sample pages reach a library only on request: a new default library opened by the
    /// reader or `list` (with a notice), or `samples --add`. They are marked, and `samples
    /// --remove` takes them out and leaves the user's articles. An explicit library that does
    /// not exist is an error for every command but `index`, which makes no folders unasked.
    /// `dossier compact` rebuilds a title-first full-text index (a large library from before
    /// v18) body first and answers as before; a second run has nothing to rebuild.
    func testCompactRebuildsAnOlderFullTextIndex() throws {
        let scratch = try ScratchFolder("compact")
        defer { scratch.remove() }
        let lib = scratch.library
        XCTAssertEqual(try dossier(["index", "--library", lib, "seeds"]).status, 0)
        let answers = { try ["bank", "\"digital assets\"", "regul* country:sg"].map { try self.dossier(["search", "--library", lib, "--json", $0]).stdout } }
        let before = try answers()
        // As a large library made before v18 stays when opened: title first.
        try Library.open(at: lib, creating: .never).write { db in try FullTextLayout.rebuild(db, as: .titleFirst) }
        XCTAssertEqual(try answers(), before)
        let older = { (try JSONSerialization.jsonObject(with: Data(try self.dossier(["stats", "--library", lib, "--json"]).stdout.utf8)) as? [String: Any])?["olderFullTextIndex"] as? Bool }
        XCTAssertEqual(try older(), true)
        XCTAssertTrue(try dossier(["stats", "--library", lib]).stdout.contains("`dossier compact`"))

        let run = try dossier(["compact", "--library", lib, "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let report = try JSONDecoder().decode(CompactReport.self, from: Data(run.stdout.utf8))
        XCTAssertTrue(report.fullTextRebuilt)
        XCTAssertGreaterThan(report.bytesBefore, 0)
        XCTAssertEqual(try Library.open(at: lib, creating: .never).read { db in try FullTextLayout.of(db) }, .bodyFirst)
        XCTAssertEqual(try answers(), before)
        XCTAssertEqual(try older(), false)
        XCTAssertEqual(try dossier(["check", "--library", lib]).status, 0)
        let again = try dossier(["compact", "--library", lib])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.hasPrefix("compacted: ") && !again.stdout.contains("rebuilt"), again.stdout)
    }

    /// Bodies packed with a library's trained dictionary read back in another process, which
    /// finds the dictionary in the library file (`BodyDictionary.named`), not in its memory.
    func testAnotherProcessReadsDictionaryPackedBodies() throws {
        let scratch = try ScratchFolder("dictionary-cli")
        defer { scratch.remove() }
        let library = try scratch.indexedLibrary(articles: 250, seed: 6, samplesToTrain: 60)
        let rows = try library.read { db in
            try Row.fetchAll(db, sql: "SELECT id, dossier_text(body) FROM article WHERE substr(body, 1, 1) = x'02' ORDER BY rowid DESC LIMIT 3")
                .map { (id: $0[0] as String, body: $0[1] as String) }
        }
        XCTAssertEqual(rows.count, 3)
        for (id, body) in rows {
            let run = try dossier(["show", "--library", scratch.library, "--json", id])
            XCTAssertEqual(run.status, 0, run.stderr)
            let shown = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            XCTAssertEqual((shown?["paragraphs"] as? [String])?.joined(separator: "\n"), body)
        }
        XCTAssertEqual(try dossier(["check", "--library", scratch.library]).status, 0)
    }

    func testSamplesOnlyOnRequest() throws {
        let dir = NSTemporaryDirectory() + "dossier-samples-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fm = FileManager.default
        func total(_ run: Run) -> Int? {
            (try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])?["total"] as? Int
        }

        // Reading commands on a default library that does not exist yet: an error, no file.
        let xdg = ["XDG_DATA_HOME": dir + "/xdg"]
        let defaultLibrary = dir + "/xdg/dossier/library.sqlite"
        for args in [["search", "stablecoin"], ["show", "abc"], ["facets"], ["stats"], ["samples"], ["samples", "--remove"]] {
            let run = try dossier(args, environment: xdg)
            XCTAssertEqual(run.status, 1, "\(args)")
            XCTAssertTrue(run.stderr.contains("there is no library yet"), "\(args): \(run.stderr)")
            XCTAssertFalse(fm.fileExists(atPath: defaultLibrary), "\(args) created the library")
        }
        // An explicit library that does not exist: an error for every reading command.
        let named = dir + "/named.sqlite"
        for (args, env) in [(["list", "--library", named], [String: String?]()), (["list"], ["DOSSIER_LIBRARY": named]),
                            (["search", "--library", named, "x"], [:]), (["samples", "--library", named], [:])] {
            let run = try dossier(args, environment: env.merging(xdg) { a, _ in a })
            XCTAssertEqual(run.status, 1, "\(args)")
            XCTAssertTrue(run.stderr.contains("there is no library here"), "\(args): \(run.stderr)")
            XCTAssertFalse(fm.fileExists(atPath: named))
            XCTAssertFalse(fm.fileExists(atPath: defaultLibrary))
        }
        // index creates the file, but missing folders only when asked.
        let deep = dir + "/a/b/library.sqlite"
        let noDirs = try dossier(["index", "--library", deep, "Tests/DossierCoreTests/Fixtures/asia_newswire.txt"])
        XCTAssertEqual(noDirs.status, 1)
        XCTAssertTrue(noDirs.stderr.contains("does not exist") && noDirs.stderr.contains("--create-dirs"), noDirs.stderr)
        XCTAssertFalse(fm.fileExists(atPath: dir + "/a"))
        let withDirs = try dossier(["index", "--create-dirs", "--library", deep, "Tests/DossierCoreTests/Fixtures/asia_newswire.txt"])
        XCTAssertEqual(withDirs.status, 0, withDirs.stderr)
        let userArticles = try XCTUnwrap(total(try dossier(["list", "--library", deep, "--json", "--limit", "200"])))
        XCTAssertGreaterThan(userArticles, 0)
        XCTAssertLessThan(userArticles, 24)
        XCTAssertTrue(try dossier(["samples", "--library", deep]).stdout.contains("no sample pages"), "index never adds the samples")

        // `list` on a new default library: the samples, with a notice, once.
        let first = try dossier(["list", "--json", "--limit", "100"], environment: xdg)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(total(first), 24)
        XCTAssertTrue(first.stderr.contains("showing 24 sample articles; `dossier index DIR` to add yours; `dossier samples --remove`"), first.stderr)
        let again = try dossier(["list", "--json"], environment: xdg)
        XCTAssertEqual(again.stderr, "")
        XCTAssertTrue(try dossier(["stats"], environment: xdg).stdout.contains("samples:   24 articles from 5 bundled sample pages"))
        // The user's own page joins them; removing the samples leaves it.
        XCTAssertEqual(try dossier(["index", "Tests/DossierCoreTests/Fixtures/asia_newswire.txt"], environment: xdg).status, 0)
        XCTAssertEqual(total(try dossier(["list", "--json"], environment: xdg)), 24 + userArticles)
        let removed = try dossier(["samples", "--remove"], environment: xdg)
        XCTAssertEqual(removed.status, 0, removed.stderr)
        XCTAssertTrue(removed.stdout.contains("removed 24 sample articles from 5 pages"), removed.stdout)
        XCTAssertEqual(total(try dossier(["list", "--json", "--limit", "200"], environment: xdg)), userArticles)
        XCTAssertEqual(try dossier(["list", "--json"], environment: xdg).stderr, "", "an existing (even emptied) library is never re-seeded")
        // And on request they come back.
        XCTAssertEqual(try dossier(["samples", "--add"], environment: xdg).status, 0)
        XCTAssertEqual(total(try dossier(["list", "--json"], environment: xdg)), 24 + userArticles)
    }

    /// `watch add|list|show|rm`: counts and marks in text and JSON, and the exit codes.
    func testWatchCommands() throws {
        let fm = FileManager.default
        let dir = NSTemporaryDirectory() + "dossier-watch-cli-\(UUID().uuidString)"
        try fm.createDirectory(atPath: dir + "/pages", withIntermediateDirectories: true)
        defer { try? fm.removeItem(atPath: dir) }
        let lib = dir + "/library.sqlite"
        func copy(_ prefixes: [String]) throws {
            for p in prefixes { try fm.copyItem(atPath: Repo.seed(p), toPath: dir + "/pages/" + (Repo.seed(p) as NSString).lastPathComponent) }
        }
        func json(_ r: Run) -> [String: Any] { (try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]) ?? [:] }
        try copy(["000", "001", "002"])
        XCTAssertEqual(try dossier(["index", "--library", lib, dir + "/pages"]).status, 0)
        let add = try dossier(["watch", "add", "--library", lib, "Asia", "country:sg", "country:hk", "country:jp"])
        XCTAssertEqual(add.status, 0, add.stderr)
        XCTAssertEqual(add.stdout, "watching \"Asia\": country:sg country:hk country:jp\n")
        XCTAssertEqual(try dossier(["watch", "add", "--library", lib, "asia", "kyc"]).status, 1, "the name is taken")
        let bad = try dossier(["watch", "add", "--library", lib, "Bad", "topic:aml"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("did you mean topic:aml-kyc"), bad.stderr)

        func listed() throws -> [String: Any] {
            let r = try dossier(["watch", "list", "--library", lib, "--json"])
            XCTAssertEqual(r.status, 0, r.stderr)
            return (json(r)["watchlists"] as? [[String: Any]])?.first ?? [:]
        }
        XCTAssertEqual(try listed()["new"] as? Int, 0)
        let totalBefore = try XCTUnwrap(try listed()["total"] as? Int)
        try copy(["003", "004"])
        XCTAssertEqual(try dossier(["index", "--library", lib, dir + "/pages"]).status, 0)
        let newCount = try XCTUnwrap(try listed()["new"] as? Int)
        XCTAssertGreaterThan(newCount, 0)
        XCTAssertEqual(try listed()["total"] as? Int, totalBefore + newCount)
        let text = try dossier(["watch", "--library", lib])
        XCTAssertTrue(text.stdout.contains("\(newCount)".leftPadded(5) + "  " + "\(totalBefore + newCount)".leftPadded(5) + "  Asia"), text.stdout)

        let show = try dossier(["watch", "show", "--library", lib, "--json", "--limit", "100", "Asia"])
        XCTAssertEqual(show.status, 0, show.stderr)
        let articles = json(show)["articles"] as? [[String: Any]] ?? []
        XCTAssertEqual(articles.count, totalBefore + newCount)
        XCTAssertEqual(articles.map { $0["new"] as? Bool }, Array(repeating: true, count: newCount) + Array(repeating: false, count: totalBefore))
        XCTAssertEqual(json(show)["new"] as? Int, newCount)
        XCTAssertEqual(try listed()["new"] as? Int, 0, "showing it marked it seen")
        let onlyNew = try dossier(["watch", "show", "--library", lib, "--new", "Asia"])
        XCTAssertTrue(onlyNew.stdout.contains("0 new since") && onlyNew.stdout.contains("0 of 0 articles"), onlyNew.stdout)

        XCTAssertEqual(try dossier(["watch", "rm", "--library", lib, "ASIA"]).status, 0)
        let gone = try dossier(["watch", "rm", "--library", lib, "Asia"])
        XCTAssertEqual(gone.status, 1)
        XCTAssertTrue(gone.stderr.contains("no watchlist named \"Asia\""), gone.stderr)
        XCTAssertEqual(try dossier(["watch", "list", "--library", lib]).stdout, "no watchlists (`dossier watch add NAME QUERY` saves one)\n")
    }

    /// `timeline`: bars per bucket in text, the buckets in JSON, and a usage error for --by.
    func testTimelineCommand() throws {
        let dir = NSTemporaryDirectory() + "dossier-timeline-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let lib = dir + "/library.sqlite"
        XCTAssertEqual(try dossier(["index", "--library", lib, "seeds"]).status, 0)
        let text = try dossier(["timeline", "--library", lib, "--by", "year", "country:hk"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.hasPrefix("5 articles\n2023  "), text.stdout)
        XCTAssertTrue(text.stdout.contains("█"), text.stdout)
        let json = try dossier(["timeline", "--library", lib, "--json", "--by", "quarter"])
        let obj = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let buckets = try XCTUnwrap(obj["buckets"] as? [[String: Any]])
        XCTAssertEqual(buckets.compactMap { $0["count"] as? Int }.reduce(0, +) + (obj["undated"] as? Int ?? -1), obj["total"] as? Int)
        XCTAssertEqual(buckets.first?["filter"] as? String, "date:2023-04..2023-06")
        XCTAssertEqual(try dossier(["timeline", "--library", lib, "--by", "week"]).status, 2)
    }

    func testAuthoritiesAndCountriesCommands() throws {
        let dir = NSTemporaryDirectory() + "dossier-directory-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let lib = dir + "/library.sqlite"
        XCTAssertEqual(try dossier(["index", "--library", lib, "seeds"]).status, 0)
        let text = try dossier(["authorities", "--library", lib, "country:hk"])
        XCTAssertEqual(text.status, 0, text.stderr)
        let lines = text.stdout.split(separator: "\n")
        XCTAssertTrue(lines.first?.hasSuffix("authorities in 5 articles") == true, text.stdout)
        // Most matching first, with dates seen, a trend and the full name.
        XCTAssertTrue(lines[2].hasPrefix("SFC@HK") && lines[2].contains("Securities and Futures Commission"), text.stdout)
        let json = try dossier(["authorities", "--library", lib, "--json", "--sort", "name"])
        let obj = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let list = try XCTUnwrap(obj["authorities"] as? [[String: Any]])
        let labels = list.compactMap { $0["label"] as? String }
        XCTAssertEqual(labels, labels.sorted { $0.localizedCaseInsensitiveCompare($1) == .orderedAscending })
        let sfc = try XCTUnwrap(list.first { $0["key"] as? String == "hk-sfc" })
        XCTAssertEqual(sfc["country"] as? String, "HK")
        XCTAssertEqual(sfc["firstSeen"] as? String, "2023-09")
        XCTAssertEqual((sfc["months"] as? [Int])?.reduce(0, +), sfc["count"] as? Int)
        let countries = try dossier(["countries", "--library", lib, "--json", "stablecoin"])
        let cobj = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(countries.stdout.utf8)) as? [String: Any])
        let cs = try XCTUnwrap(cobj["countries"] as? [[String: Any]])
        XCTAssertEqual(cs.compactMap { $0["key"] as? String }.sorted(), ["HK", "SG", "US"])
        // Without --all only matching entries; with it, every one in the library.
        let every = try dossier(["countries", "--library", lib, "--all", "stablecoin"])
        XCTAssertGreaterThan(every.stdout.split(separator: "\n").count, cs.count + 2)
        XCTAssertEqual(try dossier(["countries", "--library", lib, "--sort", "size"]).status, 2)
    }

    func testExportCommand() throws {
        let dir = NSTemporaryDirectory() + "dossier-export-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let lib = dir + "/library.sqlite"
        XCTAssertEqual(try dossier(["index", "--library", lib, "seeds"]).status, 0)
        let md = try dossier(["export", "--library", lib, "country:hk"])
        XCTAssertEqual(md.status, 0, md.stderr)
        XCTAssertTrue(md.stdout.hasPrefix("# Brief: country:hk\n"), md.stdout)
        XCTAssertEqual(md.stdout.components(separatedBy: "\n### ").count - 1, 5)
        // The format from --out's extension; a note on stderr says what was written.
        let csv = try dossier(["export", "--library", lib, "--out", dir + "/hk.csv", "country:hk"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        XCTAssertTrue(csv.stderr.contains("wrote 5 articles to \(dir)/hk.csv (csv)"), csv.stderr)
        let rows = try String(contentsOfFile: dir + "/hk.csv", encoding: .utf8).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        XCTAssertTrue(rows.first?.hasPrefix("id,published,title,") == true)
        let json = try dossier(["export", "--library", lib, "--format", "json"])
        let obj = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((obj["articles"] as? [Any])?.count, 24)
        XCTAssertEqual(try dossier(["export", "--library", lib, "--format", "pdf"]).status, 2)
        let bad = try dossier(["export", "--library", lib, "--out", dir + "/no/such/dir/x.md"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("no/such/dir/x.md: cannot write the brief"), bad.stderr)
    }

    /// `index --watch`, polling (as without inotify): a page that appears is indexed in a
    /// batch with its log line; SIGTERM ends it between batches, by that signal.
    func testIndexWatchIndexesNewPagesAndStopsOnSignal() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else { throw XCTSkip("dossier binary not built") }
        let dir = NSTemporaryDirectory() + "dossier-watch-cli-\(UUID().uuidString)"
        let pages = dir + "/pages"
        try FileManager.default.createDirectory(atPath: pages, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let lib = dir + "/library.sqlite"
        XCTAssertEqual(try dossier(["index", "--library", lib, "--watch"]).status, 2, "--watch needs a folder")
        let p = Process()
        p.executableURL = Self.binary
        p.arguments = ["index", "--library", lib, "--watch", "--interval", "0.2", pages]
        p.environment = ProcessInfo.processInfo.environment.merging(["DOSSIER_WATCH_POLL": "1"]) { $1 }
        FileManager.default.createFile(atPath: dir + "/out", contents: nil)
        FileManager.default.createFile(atPath: dir + "/err", contents: nil)
        p.standardOutput = FileHandle(forWritingAtPath: dir + "/out")
        p.standardError = FileHandle(forWritingAtPath: dir + "/err")
        try p.run()
        /// Waits up to 20 s for the log to say `text`.
        func waitForLog(_ text: String) -> String {
            var log = ""
            for _ in 0..<200 {
                log = (try? String(contentsOfFile: dir + "/out", encoding: .utf8)) ?? ""
                if log.contains(text) { break }
                Thread.sleep(forTimeInterval: 0.1)
            }
            return log
        }
        XCTAssertTrue(waitForLog("(polling every 0.2 s); 0 pages").contains("watching"))
        try FileManager.default.copyItem(atPath: Repo.root.path + "/seeds/002_ef810cd2aa2ac3db.txt", toPath: pages + "/a.txt")
        let log = waitForLog("indexed: 1 files")
        XCTAssertTrue(log.range(of: #"T[0-9:]{8} indexed: 1 files seen \(1 indexed"#, options: .regularExpression) != nil, log)
        // The batch left its article marked; the next quiet wait folds the marks into the
        // saved caches, so readers stop patching them in.
        XCTAssertTrue(waitForLog("saved the caches").contains("saved the caches for the batches indexed"), waitForLog("saved the caches"))
        XCTAssertEqual(try Library.open(at: lib).read { db in try FacetDelta.count(db) }, 0)
        p.terminate()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationReason, .uncaughtSignal)
        XCTAssertEqual(p.terminationStatus, SIGTERM)
        XCTAssertTrue(try String(contentsOfFile: dir + "/err", encoding: .utf8).contains("stopped watching (SIGTERM)"))
        XCTAssertGreaterThan(Int(try dossier(["list", "--library", lib, "--json"]).stdout.components(separatedBy: "\"id\"").count - 1), 0)
    }

    /// A library this user cannot write opens read-only: searches work, writes say why they
    /// cannot be saved, and the file is left byte for byte as it was, with no -wal or -shm.
    /// Two cases: a 0444 file of root's opened by `nobody`, and an immutable file in an
    /// immutable folder (as on read-only media, where SQLite needs `immutable=1`).
    func testReadOnlyLibrariesOpenReadOnly() throws {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
            throw XCTSkip("needs root and setpriv to act as another user and to set the immutable flag")
        }
        let fm = FileManager.default
        let dir = NSTemporaryDirectory() + "dossier-ro-\(UUID().uuidString)"
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(atPath: dir) }
        let bin = dir + "/bin"
        let copy = try Self.binaryForOtherUsers(in: bin)
        let lib = dir + "/library.sqlite"
        XCTAssertEqual(try dossier(["index", "--library", lib, "seeds"]).status, 0)
        XCTAssertEqual(try dossier(["watch", "add", "--library", lib, "HK", "country:hk"]).status, 0)
        for path in [dir, bin] { try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path) }
        try fm.setAttributes([.posixPermissions: 0o444], ofItemAtPath: lib)
        let before = try Data(contentsOf: URL(fileURLWithPath: lib))

        func checkReadOnly(_ prefix: [String], reason: String) throws {
            let search = try dossier(["search", "--library", lib, "--json", "stablecoin"], prefix: prefix, binary: copy)
            XCTAssertEqual(search.status, 0, search.stderr)
            XCTAssertGreaterThan((try? JSONSerialization.jsonObject(with: Data(search.stdout.utf8)) as? [String: Any])?["total"] as? Int ?? 0, 0)
            let stats = try dossier(["stats", "--library", lib], prefix: prefix, binary: copy)
            XCTAssertTrue(stats.stdout.contains("read-only: \(reason)"), stats.stdout + stats.stderr)
            let watch = try dossier(["watch", "show", "--library", lib, "HK"], prefix: prefix, binary: copy)
            XCTAssertEqual(watch.status, 0, watch.stderr)
            XCTAssertTrue(watch.stderr.contains("the library is read-only: this opening is not saved"), watch.stderr)
            for args in [["index", "--library", lib, "seeds"], ["samples", "--add", "--library", lib],
                         ["watch", "add", "--library", lib, "SG", "country:sg"], ["watch", "rm", "--library", lib, "HK"]] {
                let write = try dossier(args, prefix: prefix, binary: copy)
                XCTAssertEqual(write.status, 1, "\(args)")
                XCTAssertTrue(write.stderr.contains("the library is read-only (\(reason)): nothing can be saved"), write.stderr)
            }
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: lib)), before, "the library was written")
            XCTAssertFalse(fm.fileExists(atPath: lib + "-wal"))
        }
        try checkReadOnly(Self.asNobody, reason: "this user may not write the file")
        XCTAssertFalse(fm.fileExists(atPath: lib + "-shm"), "no -shm in a folder nobody may write")

        // Immutable file and folder: no -shm can be made, so only immutable=1 reads it.
        func chattr(_ flag: String, _ path: String) throws -> Int32 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
            p.arguments = [flag, path]
            p.standardError = FileHandle.nullDevice
            try p.run(); p.waitUntilExit()
            return p.terminationStatus
        }
        guard try chattr("+i", lib) == 0 else { throw XCTSkip("this file system has no immutable flag") }
        defer { _ = try? chattr("-i", lib); _ = try? chattr("-i", dir) }
        XCTAssertEqual(try chattr("+i", dir), 0)
        try checkReadOnly([], reason: "the file is immutable")
        XCTAssertFalse(fm.fileExists(atPath: lib + "-shm"))
    }

    /// Runs a command as `nobody`, who may not read a locked folder (root may).
    static let asNobody = ["/usr/bin/setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups"]

    /// A copy of the binary and its resources in `folder`, where another user may run them.
    static func binaryForOtherUsers(in folder: String) throws -> URL {
        let fm = FileManager.default
        try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let built = binary.deletingLastPathComponent()
        try fm.copyItem(atPath: binary.path, toPath: folder + "/dossier")
        for name in try fm.contentsOfDirectory(atPath: built.path) where name.hasSuffix(".resources") {
            try fm.copyItem(atPath: built.path + "/" + name, toPath: folder + "/" + name)
        }
        return URL(fileURLWithPath: folder + "/dossier")
    }

    /// A folder that cannot be listed, a path beyond the system's limit and a symlink to
    /// nothing are each named with their reason, and `index` exits 1; the rest is indexed
    /// (issue 12, points 6 and 7).
    func testUnreadableFoldersAndLongPathsAreNamed() throws {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
            throw XCTSkip("needs root and setpriv to act as a user who may not read a folder")
        }
        let fm = FileManager.default
        let dir = NSTemporaryDirectory() + "dossier-walk-\(UUID().uuidString)"
        let pages = dir + "/pages"
        try fm.createDirectory(atPath: pages + "/locked", withIntermediateDirectories: true)
        defer {
            // rm copes with paths longer than PATH_MAX.
            let rm = Process()
            rm.executableURL = URL(fileURLWithPath: "/bin/rm")
            rm.arguments = ["-rf", dir]
            try? rm.run(); rm.waitUntilExit()
        }
        let copy = try Self.binaryForOtherUsers(in: dir + "/bin")
        try fm.copyItem(atPath: Repo.seed("001"), toPath: pages + "/good.txt")
        try fm.copyItem(atPath: Repo.seed("002"), toPath: pages + "/locked/hidden.txt")
        try fm.createSymbolicLink(atPath: pages + "/dangling.txt", withDestinationPath: dir + "/nowhere.txt")
        // Folders nested past PATH_MAX (4096 bytes), made relative to each other.
        var fd = open(pages, O_RDONLY | O_DIRECTORY)
        let long = String(repeating: "d", count: 250)
        for _ in 0..<18 {
            XCTAssertEqual(mkdirat(fd, long, 0o755), 0)
            let next = openat(fd, long, O_RDONLY | O_DIRECTORY)
            close(fd)
            fd = next
        }
        let page = openat(fd, "deep.txt", O_WRONLY | O_CREAT, 0o644)
        XCTAssertGreaterThanOrEqual(page, 0)
        close(page); close(fd)
        for path in [dir, pages] { try fm.setAttributes([.posixPermissions: 0o777], ofItemAtPath: path) }
        try fm.setAttributes([.posixPermissions: 0o000], ofItemAtPath: pages + "/locked")

        let run = try dossier(["index", "--library", dir + "/lib.sqlite", pages], prefix: Self.asNobody, binary: copy)
        XCTAssertEqual(run.status, 1, run.stdout + run.stderr)
        XCTAssertTrue(run.stderr.contains("/pages/locked: cannot list folder: permission denied"), run.stderr)
        XCTAssertTrue(run.stderr.contains("/dangling.txt: a symbolic link to a missing file"), run.stderr)
        XCTAssertTrue(run.stderr.contains(": cannot list folder: path too long"), run.stderr)
        XCTAssertTrue(run.stdout.contains("1 indexed") && run.stdout.contains("3 files skipped"), run.stdout)
        let parse = try dossier(["parse", pages], prefix: Self.asNobody, binary: copy)
        XCTAssertEqual(parse.status, 1)
        XCTAssertTrue(parse.stderr.contains("/pages/locked: cannot list folder: permission denied"), parse.stderr)
    }

    /// A page that crashes the parser stops that run, not the next: it is named, skipped
    /// with the reason, the rest is indexed (exit 1), and --retry-failed tries it again.
    /// The crash comes from a debug-only hook (DOSSIER_TEST_CRASH=1 and a marker line).
    func testAPageThatCrashedTheParserIsSkippedNextTime() throws {
        let fm = FileManager.default
        let dir = NSTemporaryDirectory() + "dossier-crash-\(UUID().uuidString)"
        let pages = dir + "/pages"
        try fm.createDirectory(atPath: pages, withIntermediateDirectories: true)
        defer { try? fm.removeItem(atPath: dir) }
        let seeds = Repo.root.appendingPathComponent("seeds").path
        for name in try fm.contentsOfDirectory(atPath: seeds).sorted().prefix(3) {
            try fm.copyItem(atPath: seeds + "/" + name, toPath: pages + "/" + name)
        }
        let bad = pages + "/zz-bad.txt"
        try (try String(contentsOfFile: Repo.seed("004"), encoding: .utf8) + "\nDOSSIER-TEST: crash the parser\n")
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let lib = dir + "/library.sqlite"
        let crash = ["DOSSIER_TEST_CRASH": "1", "SWIFT_BACKTRACE": "enable=no"]
        func total() throws -> Int? {
            let run = try dossier(["list", "--library", lib, "--json", "--limit", "500"])
            return (try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])?["total"] as? Int
        }

        let first = try dossier(["index", "--library", lib, pages], environment: crash)
        XCTAssertFalse([0, 1, 2].contains(first.status), "the hook crashes the run: \(first.status) \(first.stderr)")
        let second = try dossier(["index", "--library", lib, pages], environment: crash)
        XCTAssertEqual(second.status, 1, second.stderr)
        XCTAssertTrue(second.stderr.contains("zz-bad.txt: crashed the parser in an earlier run"), second.stderr)
        XCTAssertTrue(second.stdout.contains("3 indexed"), second.stdout)
        let good = try XCTUnwrap(try total())
        XCTAssertGreaterThan(good, 0)
        // Still skipped while unchanged; the others are unchanged.
        let third = try dossier(["index", "--library", lib, pages], environment: crash)
        XCTAssertEqual(third.status, 1)
        XCTAssertTrue(third.stderr.contains("zz-bad.txt: crashed the parser"), third.stderr)
        // --retry-failed tries it: it crashes again under the hook, and is named again.
        XCTAssertFalse([0, 1, 2].contains(try dossier(["index", "--retry-failed", "--library", lib, pages], environment: crash).status))
        XCTAssertTrue(try dossier(["index", "--library", lib, pages], environment: crash).stderr.contains("zz-bad.txt: crashed the parser"))
        // Without the hook, --retry-failed indexes it, and it is no longer failed.
        let retried = try dossier(["index", "--retry-failed", "--library", lib, pages], environment: ["DOSSIER_TEST_CRASH": nil])
        XCTAssertEqual(retried.status, 0, retried.stderr)
        XCTAssertGreaterThan(try XCTUnwrap(try total()), good)
        XCTAssertEqual(try dossier(["index", "--library", lib, pages]).status, 0)
    }
}

private extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
