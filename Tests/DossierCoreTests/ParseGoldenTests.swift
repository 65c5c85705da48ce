import Foundation
import XCTest
@testable import DossierCore

/// `dossier parse --json` over every page the project keeps — the seeds, the development set
/// (a copy of ../shared/devset) and the fixtures — against a checked-in golden file, so that
/// every rule change shows its effect on every page in review.
///
/// Regenerate after a deliberate change, then read the diff:
///
///     DOSSIER_UPDATE_GOLDEN=1 swift test --filter ParseGoldenTests
final class ParseGoldenTests: XCTestCase {
    static let goldenPath = Repo.root.appendingPathComponent("Tests/DossierCoreTests/Fixtures/golden/parse.json").path

    /// Pages, by path relative to the repository root, in a fixed order.
    static func pages() throws -> [String] {
        let fm = FileManager.default
        var out: [String] = []
        for dir in ["seeds", "Tests/DossierCoreTests/Fixtures", "Tests/DossierCoreTests/Fixtures/devset", "Tests/DossierCoreTests/Fixtures/layouts",
                    "Tests/DossierCoreTests/Fixtures/crashers"] {
            let names = try fm.contentsOfDirectory(atPath: Repo.root.appendingPathComponent(dir).path)
            out += names.filter { $0.hasSuffix(".txt") }.sorted().map { "\(dir)/\($0)" }
        }
        return out
    }

    /// The golden text: one entry per page, its articles as the CLI prints them, ids left
    /// out (they hash the text, so any text change would churn every one of them).
    static func render() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var entries: [[String: Any]] = []
        for path in try pages() {
            let decoded = try PageDecoder.read(path: Repo.root.appendingPathComponent(path).path)
            let page = sharedParser.parse(text: decoded.text, path: path)
            let articles = try page.articles.map { a -> Any in
                var object = try JSONSerialization.jsonObject(with: encoder.encode(a)) as! [String: Any]
                object.removeValue(forKey: "id")
                return object
            }
            entries.append(["page": path, "articles": articles])
        }
        let data = try JSONSerialization.data(withJSONObject: entries, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    func testEveryPageParsesAsTheGoldenFileSays() throws {
        let now = try Self.render()
        if ProcessInfo.processInfo.environment["DOSSIER_UPDATE_GOLDEN"] == "1" {
            try now.write(toFile: Self.goldenPath, atomically: true, encoding: .utf8)
            return
        }
        let golden = try String(contentsOfFile: Self.goldenPath, encoding: .utf8)
        guard now != golden else { return }
        // Name the first differences, with the page they are in.
        let a = golden.split(separator: "\n", omittingEmptySubsequences: false)
        let b = now.split(separator: "\n", omittingEmptySubsequences: false)
        var report: [String] = []
        var page = ""
        for k in 0..<max(a.count, b.count) where report.count < 12 {
            let x = k < a.count ? a[k] : "", y = k < b.count ? b[k] : ""
            if let r = y.range(of: "\"page\" : ") { page = String(y[r.upperBound...]) }
            if x != y { report.append("\(page) line \(k + 1):\n  golden: \(x)\n  now:    \(y)") }
        }
        XCTFail("parse output differs from Fixtures/golden/parse.json (regenerate with DOSSIER_UPDATE_GOLDEN=1 if intended):\n"
                + report.joined(separator: "\n"))
    }

    func testGoldenCoversSeedsDevsetAndFixtures() throws {
        let pages = try Self.pages()
        XCTAssertEqual(pages.filter { $0.hasPrefix("seeds/") }.count, 5)
        XCTAssertEqual(pages.filter { $0.contains("/devset/") }.count, 20)
        XCTAssertTrue(pages.contains { $0.contains("/crashers/") })
    }
}
