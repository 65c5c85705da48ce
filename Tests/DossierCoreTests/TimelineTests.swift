import Foundation
import XCTest
@testable import DossierCore

/// Timelines: a query's articles per month, quarter or year over the library's whole span.
final class TimelineTests: XCTestCase {
    static let library: Library = {
        let path = NSTemporaryDirectory() + "dossier-timeline-\(UUID().uuidString).sqlite"
        let lib = try! Library.open(at: path)
        _ = try! lib.index([Repo.root.path + "/seeds"])
        return lib
    }()

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
}
