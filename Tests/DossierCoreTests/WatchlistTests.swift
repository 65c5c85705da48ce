import Foundation
import GRDB
import XCTest
@testable import DossierCore

/// Watchlists: named queries whose new articles are those indexed since they were last opened.
final class WatchlistTests: XCTestCase {
    var dir: String!

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "dossier-watch-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/pages", withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    /// Copies the seed pages whose names start with any of `prefixes` into the pages folder.
    func addSeeds(_ prefixes: [String]) throws {
        for p in prefixes {
            let from = Repo.seed(p)
            try FileManager.default.copyItem(atPath: from, toPath: dir + "/pages/" + (from as NSString).lastPathComponent)
        }
    }

    func testNewArticlesComeFirstAndOpeningMarksThemSeen() throws {
        let lib = try Library.open(at: dir + "/library.sqlite")
        try addSeeds(["000", "001", "002"])
        _ = try lib.index([dir + "/pages"])
        let query = "country:sg OR country:hk OR country:jp"
        try lib.addWatchlist("Asia", query: query)
        XCTAssertEqual(try lib.watchlists().map(\.newCount), [0], "saving counts as opening")

        // Nothing indexed since: the count is 0 without running the query.
        let before = try lib.search(SearchQuery.parse(query), limit: 500, sort: .date)
        try addSeeds(["003", "004"])
        _ = try lib.index([dir + "/pages"])
        let after = try lib.search(SearchQuery.parse(query), limit: 500, sort: .date)
        let added = Set(after.hits.map(\.article.id)).subtracting(before.hits.map(\.article.id))
        XCTAssertFalse(added.isEmpty, "the new pages hold matching articles")
        let listed = try lib.watchlists(totals: true)
        XCTAssertEqual(listed.map(\.newCount), [added.count])
        XCTAssertEqual(listed.map(\.total), [after.total])

        let opened = try lib.openWatchlist("asia", limit: 500)   // names match in any case
        XCTAssertTrue(opened.markedSeen)
        XCTAssertEqual(opened.watchlist.newCount, added.count)
        XCTAssertEqual(opened.results.total, after.total)
        let hits = opened.results.hits
        XCTAssertEqual(hits.count, after.total)
        XCTAssertEqual(Set(hits.prefix(added.count).map(\.article.id)), added, "the new ones come first")
        XCTAssertEqual(hits.map(\.isNew), hits.map { added.contains($0.article.id) }, "and only they are marked")
        XCTAssertEqual(Set(hits.map(\.article.id)).count, hits.count, "none is listed twice")

        XCTAssertEqual(try lib.watchlists().map(\.newCount), [0], "opened: nothing is new any more")
        let again = try lib.openWatchlist("Asia", limit: 500)
        XCTAssertEqual(again.results.hits.filter(\.isNew).count, 0)
        XCTAssertEqual(try lib.openWatchlist("Asia", onlyNew: true).results.total, 0)

        try lib.removeWatchlist("ASIA")
        XCTAssertEqual(try lib.watchlists().count, 0)
        XCTAssertThrowsError(try lib.removeWatchlist("Asia")) { XCTAssertEqual($0 as? WatchlistError, .notFound("Asia")) }
    }

    /// A watchlist's list (new ones first, then the rest) pages like any other: each
    /// stretch is that slice of the whole list, new marks included.
    func testWatchlistStretchesSliceTheWholeList() throws {
        let lib = try Library.open(at: dir + "/library.sqlite")
        try addSeeds(["000", "001", "002"])
        _ = try lib.index([dir + "/pages"])
        let mark = try lib.currentMark()
        try addSeeds(["003", "004"])
        _ = try lib.index([dir + "/pages"])
        for (text, order) in [("-xyzzy", SearchOrder.date), ("regulator OR rules OR stablecoin", .relevance)] {
            let q = try SearchQuery.parse(text)
            let whole = try lib.watchlistSearch(q, since: mark, limit: 1_000, sort: order)
            let fresh = whole.hits.filter(\.isNew).count
            XCTAssertTrue(fresh > 0 && fresh < whole.total, "\(text): new and old articles both")
            XCTAssertEqual(whole.hits.count, whole.total)
            for offset in [0, 1, fresh - 1, fresh, fresh + 1, whole.total - 1, whole.total] {
                for limit in [1, 2, 5] {
                    let part = try lib.watchlistSearch(q, since: mark, limit: limit, offset: offset, sort: order)
                    let expected = whole.hits.dropFirst(offset).prefix(limit)
                    XCTAssertEqual(part.hits.map(\.article.id), expected.map(\.article.id), "\(text) from \(offset), \(limit)")
                    XCTAssertEqual(part.hits.map(\.isNew), expected.map(\.isNew), "\(text) from \(offset), \(limit)")
                    XCTAssertEqual(part.total, whole.total)
                    XCTAssertEqual(part.offset, offset)
                }
            }
        }
    }

    /// "Indexed since" survives the newest article being deleted: SQLite alone would give
    /// its rowid to the next article, which would then not count as new.
    func testRowidsAreNeverReused() throws {
        let lib = try Library.open(at: dir + "/library.sqlite")
        try addSeeds(["000", "004"])
        _ = try lib.index([dir + "/pages"])
        let page004 = try FileManager.default.contentsOfDirectory(atPath: dir + "/pages").first { $0.hasPrefix("004") }!
        let high = try lib.read { db in try Int64.fetchOne(db, sql: "SELECT max(rowid) FROM article") } ?? 0
        try lib.addWatchlist("All", query: "-xyzzy")
        // The newest articles go (their page is pruned), then the page comes back.
        let saved = try String(contentsOfFile: dir + "/pages/" + page004, encoding: .utf8)
        try FileManager.default.removeItem(atPath: dir + "/pages/" + page004)
        _ = try lib.index([dir + "/pages"], prune: true)
        XCTAssertLessThan(try lib.read { db in try Int64.fetchOne(db, sql: "SELECT max(rowid) FROM article") } ?? 0, high)
        try saved.write(toFile: dir + "/pages/" + page004, atomically: true, encoding: .utf8)
        let back = try lib.index([dir + "/pages"])
        XCTAssertGreaterThan(back.articlesNew, 0)
        XCTAssertEqual(try lib.watchlists().first?.newCount, back.articlesNew, "every article indexed since is new")
        XCTAssertGreaterThan(try lib.read { db in try Int64.fetchOne(db, sql: "SELECT min(rowid) FROM article WHERE fileId = (SELECT max(id) FROM file)") } ?? 0, high)
    }

    func testNamesAndQueriesAreChecked() throws {
        let lib = try Library.open(at: dir + "/library.sqlite")
        try addSeeds(["001"])
        _ = try lib.index([dir + "/pages"])
        try lib.addWatchlist("  HK stablecoins ", query: "country:hk topic:stablecoins")
        XCTAssertEqual(try lib.watchlists().map(\.name), ["HK stablecoins"], "spaces around the name are dropped")
        XCTAssertThrowsError(try lib.addWatchlist("hk STABLECOINS", query: "kyc")) { XCTAssertEqual($0 as? WatchlistError, .exists("hk STABLECOINS")) }
        for bad in ["", "   ", "a\u{1B}[31mb", String(repeating: "x", count: Library.watchlistNameLimit + 1)] {
            XCTAssertThrowsError(try lib.addWatchlist(bad, query: "kyc"), bad) {
                guard case .badName = $0 as? WatchlistError else { return XCTFail("\($0)") }
            }
        }
        XCTAssertThrowsError(try lib.addWatchlist("Bad", query: "topic:aml")) { XCTAssertTrue($0 is QueryError, "\($0)") }
        XCTAssertThrowsError(try lib.openWatchlist("nothing")) { XCTAssertEqual($0 as? WatchlistError, .notFound("nothing")) }
        XCTAssertEqual(try lib.watchlists().count, 1, "refused ones are not saved")
    }
}
