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

    func testUsageErrorsExitTwo() throws {
        XCTAssertEqual(try dossier(["parse"]).status, 2)
        XCTAssertEqual(try dossier(["parse", "--no-such-flag", "seeds"]).status, 2)
        XCTAssertEqual(try dossier(["frobnicate"]).status, 2)
    }
}
