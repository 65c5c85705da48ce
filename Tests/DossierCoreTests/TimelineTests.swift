import Foundation
import XCTest
@testable import DossierCore

/// Timelines: a query's articles per month, quarter or year over the library's whole span.
final class TimelineTests: XCTestCase {
    static let seeds = SeedLibrary("timeline")
    static let library = seeds.build()

    override class func tearDown() {
        seeds.remove()
        super.tearDown()
    }

    func testBucketsAddUpAndEachOneSelectsItsArticles() throws {
        let lib = Self.library
        for text in ["", "country:hk", "stablecoin", "-country:sg"] {
            let q = try SearchQuery.parse(text)
            for step in TimelineStep.allCases {
                let t = try lib.timeline(q, by: step)
                XCTAssertEqual(t.total, try lib.search(q, limit: 1).total, text)
                XCTAssertEqual(t.buckets.map(\.count).reduce(0, +) + t.undated, t.total, "\(text) by \(step)")
                // The same span whatever the query: the library's first month to its last.
                let all = try lib.timeline(SearchQuery(), by: step)
                XCTAssertEqual(t.buckets.map(\.key), all.buckets.map(\.key))
                // Each bucket's own filter finds exactly its articles.
                for b in t.buckets {
                    let narrowed = try SearchQuery.parse(text + " " + b.filter)
                    XCTAssertEqual(try lib.search(narrowed, limit: 1).total, b.count, "\(text) \(b.filter)")
                }
            }
        }
    }

    func testEveryStretchIsListedEvenWhenEmpty() throws {
        let t = try Self.library.timeline(SearchQuery(), by: .month)
        let keys = t.buckets.map(\.key)
        XCTAssertEqual(keys, Timeline.months(from: keys.first!, to: keys.last!), "consecutive months, gaps included")
        XCTAssertTrue(t.buckets.contains { $0.count == 0 }, "the seeds leave months empty")
        XCTAssertEqual(Timeline.months(from: "2024-11", to: "2025-02"), ["2024-11", "2024-12", "2025-01", "2025-02"])
        XCTAssertEqual(Timeline.bucketKey("2025-06", .quarter), "2025-Q2")
        XCTAssertEqual(Timeline.stretch("2025-Q4").0, "2025-10")
        let quarters = try Self.library.timeline(SearchQuery(), by: .quarter)
        XCTAssertTrue(quarters.buckets.allSatisfy { $0.key.contains("-Q") && $0.filter.hasPrefix("date:") })
    }

    /// Every directory figure is what the query language would find: the entry's count, its
    /// months, its library count and first/last month, and its busiest topics.
    func testActivityAgreesWithSearch() throws {
        let lib = Self.library
        func ids(_ text: String) throws -> Set<String> { Set(try lib.search(SearchQuery.parse(text), limit: 1000).hits.map(\.article.id)) }
        // Both queries at once (two values of one field in one query would mean either).
        func total(_ text: String, _ and: String = "") throws -> Int { try ids(text).intersection(ids(and)).count }
        for text in ["", "country:hk", "stablecoin", "-country:sg"] {
            let a = try lib.activity(SearchQuery.parse(text))
            XCTAssertEqual(a.total, try total(text))
            XCTAssertEqual(a.months.reduce(0, +) + a.undated, a.total)
            for field in [SearchQuery.Field.country, .authority, .topic] {
                let entries = a.entries(field)
                XCTAssertFalse(entries.isEmpty, "\(field)")
                XCTAssertEqual(entries.map(\.count), entries.map(\.count).sorted(by: >), "most matching first")
                for e in entries {
                    XCTAssertEqual(e.count, try total(text, e.filter), "\(text) \(e.filter)")
                    XCTAssertEqual(e.libraryCount, try total(e.filter), e.filter)
                    XCTAssertEqual(e.months.count, a.span.count)
                    for (month, n) in zip(a.span, e.months) where n > 0 {
                        XCTAssertEqual(n, try total(text, "\(e.filter) date:\(month)"), "\(text) \(e.filter) \(month)")
                    }
                    let seen = try lib.timeline(SearchQuery.parse(e.filter)).buckets.filter { $0.count > 0 }.map(\.key)
                    XCTAssertEqual(e.firstSeen, seen.first, e.filter)
                    XCTAssertEqual(e.lastSeen, seen.last, e.filter)
                    XCTAssertLessThanOrEqual(e.top.count, 3)
                    let topField = field == .topic ? "authority" : "topic"
                    for t in e.top {
                        XCTAssertEqual(t.count, try total(text, "\(e.filter) \(topField):\(t.key)"), "\(e.filter) \(t.key)")
                    }
                }
            }
        }
        let names = DirectoryOrder.name.sorted(try lib.activity(SearchQuery()).authorities).map(\.label)
        XCTAssertEqual(names, names.sorted { $0.localizedCaseInsensitiveCompare($1) == .orderedAscending })
        let recent = DirectoryOrder.recent.sorted(try lib.activity(SearchQuery()).authorities).compactMap(\.lastSeen)
        XCTAssertEqual(recent, recent.sorted(by: >))
    }
}
