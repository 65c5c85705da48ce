import Foundation
import XCTest

/// Runs the real `dossier` binary, as a person or a script would.
final class CommandLineTests: XCTestCase {
    struct Run { var status: Int32; var stdout: String; var stderr: String }

    func dossier(_ args: [String]) throws -> Run {
        let binary = Bundle.main.bundleURL.appendingPathComponent("dossier")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else { throw XCTSkip("dossier binary not built at \(binary.path)") }
        let p = Process()
        p.executableURL = binary
        p.arguments = args
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
        _ = withUnsafeMutableBytes(of: &addr.sun_path) { raw in sockPath.utf8CString.withUnsafeBytes { raw.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0.prefix(raw.count))) } }
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

    /// The library commands as a new user meets them: an empty library fills itself with the
    /// bundled pages; bad queries, unknown ids and damaged files get one clear line.
    func testLibraryCommands() throws {
        let dir = NSTemporaryDirectory() + "dossier-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let lib = dir + "/library.sqlite"

        let list = try dossier(["list", "--library", lib, "--json", "--limit", "100"])
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertTrue(list.stderr.contains("bundled sample pages"))
        let json = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(json?["total"] as? Int, 24)
        XCTAssertEqual((json?["articles"] as? [Any])?.count, 24)

        let search = try dossier(["search", "--library", lib, "--json", "stablecoin", "country:sg"])
        XCTAssertEqual(search.status, 0, search.stderr)
        let hits = (try JSONSerialization.jsonObject(with: Data(search.stdout.utf8)) as? [String: Any])?["articles"] as? [[String: Any]]
        XCTAssertFalse(hits?.isEmpty ?? true)
        XCTAssertTrue((hits?.first?["snippet"] as? String)?.contains("«") == true)
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
}
