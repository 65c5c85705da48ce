import Foundation
import XCTest
@testable import DossierCore

/// Briefs: a query's articles as Markdown, CSV and article JSON.
final class BriefTests: XCTestCase {
    static let seeds = SeedLibrary("brief")
    static let library = seeds.build()

    override class func tearDown() {
        seeds.remove()
        super.tearDown()
    }

    func brief(_ text: String) throws -> Brief { try Self.library.brief(SearchQuery.parse(text), text: text) }

    func testMarkdownGroupsEveryArticleOnceByCountryNewestFirst() throws {
        let b = try brief("")
        XCTAssertEqual(b.articles.count, try Self.library.search(SearchQuery(), limit: 1).total)
        let md = b.markdown()
        XCTAssertTrue(md.hasPrefix("# Brief: all articles\n"), md)
        XCTAssertTrue(md.contains("- **Articles:** \(b.articles.count)\n"))
        let range = try XCTUnwrap(b.dateRange)
        XCTAssertTrue(md.contains("- **Dates:** \(range.from) to \(range.to)"))
        XCTAssertTrue(md.contains("- **Countries:** ") && md.contains("- **Authorities:** ") && md.contains("- **Topics:** "))
        // Each article once, under its main country, with its source.
        let headings = md.split(separator: "\n").filter { $0.hasPrefix("### ") }
        XCTAssertEqual(headings.count, b.articles.count)
        for a in b.articles { XCTAssertTrue(md.contains("Source: `\(a.source.path):\(a.source.line)`"), a.title) }
        // Groups: the busiest country first, each newest first.
        let groups = b.groupedByCountry()
        XCTAssertEqual(groups.map(\.1.count).reduce(0, +), b.articles.count)
        let counted = groups.filter { $0.0 != "No country" }.map(\.1.count)
        XCTAssertEqual(counted, counted.sorted(by: >))
        for (_, list) in groups {
            let dates = list.compactMap(\.published)
            XCTAssertEqual(dates, dates.sorted(by: >))
        }
        let sections = md.split(separator: "\n").filter { $0.hasPrefix("## ") }
        XCTAssertEqual(sections.count, groups.count)
        // Summaries of two or three sentences where the body has them.
        for a in b.articles {
            let s = Brief.summary(a)
            XCTAssertFalse(s.isEmpty, a.title)
            XCTAssertLessThanOrEqual(s.count, 450)
        }
        XCTAssertTrue(b.articles.contains { Brief.summary($0).split(separator: ".").count >= 3 }, "some summary has several sentences")
    }

    func testMarkdownEscapesAndCSVQuotes() throws {
        XCTAssertEqual(Brief.escaped("*bold* [link](x) <b> #1 a_b"), "\\*bold\\* \\[link\\](x) \\<b\\> \\#1 a\\_b")
        XCTAssertEqual(Brief.code("a`b"), "``a`b``")
        XCTAssertEqual(Brief.csvCell("plain"), "plain")
        XCTAssertEqual(Brief.csvCell("a, \"b\"\nc"), "\"a, \"\"b\"\"\nc\"")
        XCTAssertEqual(Brief.csvCell("=HYPERLINK(1)"), "'=HYPERLINK(1)")
        XCTAssertEqual(Brief.csvCell("-5% growth"), "-5% growth")
    }

    func testCSVHasStableColumnsAndOneRowPerArticle() throws {
        let b = try brief("country:hk")
        let rows = Self.parseCSV(b.csv())
        XCTAssertEqual(rows.first, Brief.csvColumns)
        XCTAssertEqual(rows.count, b.articles.count + 1)
        for (row, a) in zip(rows.dropFirst(), b.articles) {
            XCTAssertEqual(row.count, Brief.csvColumns.count)
            XCTAssertEqual(row[0], a.id)
            XCTAssertEqual(row[2], a.title)
            XCTAssertEqual(row[3].split(separator: ";").map(String.init), a.countries.map(\.code))
            XCTAssertEqual(row[7], a.summary)
            XCTAssertEqual(row[8], a.source.path)
        }
    }

    func testJSONIsTheArticleJSON() throws {
        let b = try brief("stablecoin")
        let obj = try XCTUnwrap(try JSONSerialization.jsonObject(with: b.json()) as? [String: Any])
        XCTAssertEqual(obj["query"] as? String, "stablecoin")
        let list = try XCTUnwrap(obj["articles"] as? [[String: Any]])
        XCTAssertEqual(list.count, b.articles.count)
        XCTAssertEqual(obj["total"] as? Int, b.articles.count)
        XCTAssertEqual(list.compactMap { $0["id"] as? String }, b.articles.map(\.id))
        XCTAssertNotNil(list.first?["paragraphs"] as? [String], "briefs carry the full text")
        XCTAssertNotNil(list.first?["regulators"], "the spec's field names")
    }

    /// RFC 4180, as a spreadsheet reads it.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], cell = "", quoted = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" { if chars.first == "\"" { cell.append("\""); chars.removeFirst() } else { quoted = false } } else { cell.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { row.append(cell); cell = "" }
            else if c == "\r\n" || c == "\n" { row.append(cell); rows.append(row); row = []; cell = "" }
            else { cell.append(c) }
        }
        return rows
    }
}
