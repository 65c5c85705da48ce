import DossierBench
import Foundation
import GRDB
import XCTest
@testable import DossierCore

/// Each search strategy on its own: the bounded top-k list, date order with and without the
/// facet cache, and "all but these".
final class SearchStrategyTests: XCTestCase {
    /// A library of `articles` realistic stories (`dir/pages`, indexed into
    /// `dir/library.sqlite`), removed after the test.
    func realisticLibrary(seed: UInt64, articles: Int) throws -> (Library, dir: String) {
        let dir = NSTemporaryDirectory() + "dossier-strategy-\(UUID().uuidString)"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        _ = try RealisticCorpus(seed: seed).write(articles: articles, to: dir + "/pages")
        let lib = try Library.open(at: dir + "/library.sqlite")
        _ = try lib.index([dir + "/pages"])
        return (lib, dir)
    }

    /// TopK keeps exactly what a full sort would put first (seeded random scores, ties
    /// included, rowids offered in random order), up to k as large as every match.
    func testTopKEqualsAFullSort() {
        var rng = SyntheticCorpus.SplitMix(seed: 11)
        for k in [0, 1, 3, 50, 500, 1_999, 2_000, 5_000] {
            var top = TopK(k)
            var all: [(Double, Int64)] = []
            var rowids = Array(Int64(1)...2_000)
            for i in rowids.indices.reversed() { rowids.swapAt(i, rng.next(i + 1)) }
            for rowid in rowids {
                let score = -Double(rng.next(300)) / 7   // many ties
                top.offer(score: score, rowid: rowid)
                all.append((score, rowid))
            }
            let expected = all.sorted { TopK.better($0, $1) }.prefix(k)
            XCTAssertEqual(top.sorted().map(\.1), expected.map(\.1), "k = \(k)")
        }
    }

    /// A stretch from an offset is exactly that slice of the whole order, for relevance,
    /// newest and oldest first, filters and exclusions; past the end it is empty, and the
    /// total is the same whatever the stretch.
    func testOffsetsSliceTheWholeOrder() throws {
        let (lib, _) = try realisticLibrary(seed: 8, articles: 700)
        let cases: [(String, SearchOrder)] = [("guidance", .relevance), ("guidance", .date), ("guidance", .oldest), ("reg*", .relevance),
                                              ("country:kr", .date), ("-country:cn", .oldest), ("", .date)]
        for (text, order) in cases {
            let q = try SearchQuery.parse(text)
            let whole = try lib.search(q, limit: 100_000, sort: order, snippets: false)
            let ids = whole.hits.map(\.article.id)
            XCTAssertEqual(ids.count, whole.total, text)
            XCTAssertGreaterThan(whole.total, 61, "\(text): too few matches to page")
            for offset in [0, 1, 59, 60, 61, whole.total - 1, whole.total, whole.total + 5] {
                for limit in [1, 60] {
                    let part = try lib.search(q, limit: limit, offset: offset, sort: order, snippets: false)
                    XCTAssertEqual(part.total, whole.total, "\(text) \(order) from \(offset)")
                    XCTAssertEqual(part.offset, offset)
                    let expected = Array(ids.dropFirst(offset).prefix(limit))
                    XCTAssertEqual(part.hits.map(\.article.id), expected, "\(text) \(order) from \(offset), \(limit)")
                }
            }
        }
    }

    /// A ranked search split in two halves by rowid (`RowidHalves`) answers exactly what one
    /// pass does: the same articles in the same order, the same scores and totals, for words,
    /// a prefix, a phrase, several words, a filter, an exclusion, and a watchlist's bounds.
    func testSplitRankingEqualsOnePass() throws {
        let (lib, _) = try realisticLibrary(seed: 12, articles: 700)
        let middle = try lib.currentMark().rowid / 2
        var splits = 0
        for text in ["guidance", "reg*", "\"\(RealisticCorpus.phrase)\"", "stablecoin licence", "guidance country:kr", "guidance -topic:cbdc", "the"] {
            let q = try SearchQuery.parse(text)
            for indexed: Library.IndexedBound? in [nil, .after(middle), .upTo(middle)] {
                let whole = try lib.search(q, limit: 100_000, sort: .relevance, snippets: false, indexed: indexed, split: .never)
                XCTAssertGreaterThan(whole.total, 1, text)
                for (offset, limit) in [(0, 60), (0, 100_000), (7, 1), (whole.total - 1, 60)] {
                    let one = try lib.search(q, limit: limit, offset: offset, sort: .relevance, snippets: false, indexed: indexed, split: .never)
                    let two = try lib.search(q, limit: limit, offset: offset, sort: .relevance, snippets: false, indexed: indexed,
                                             split: .always())
                    splits += 1
                    let what = "\(text) \(String(describing: indexed)) from \(offset), \(limit)"
                    XCTAssertEqual(two.total, one.total, what)
                    XCTAssertEqual(two.hits.map(\.article.id), one.hits.map(\.article.id), what)
                    XCTAssertEqual(two.hits.map(\.score), one.hits.map(\.score), what)
                }
            }
        }
        XCTAssertEqual(splits, 7 * 3 * 4)
    }

    /// Facet counts from a match list found in two halves equal those from one pass.
    func testSplitFacetsEqualOnePass() throws {
        let (lib, _) = try realisticLibrary(seed: 14, articles: 500)
        for text in ["guidance", "\"\(RealisticCorpus.phrase)\"", "stablecoin licence", "guidance country:kr", "guidance -topic:cbdc", "the"] {
            let q = try SearchQuery.parse(text)
            let one = try lib.facets(q, split: .never)
            XCTAssertGreaterThan(one.total, 1, text)
            XCTAssertEqual(try lib.facets(q, split: .always()), one, text)
        }
    }

    /// When a write lands between the two halves' reads, the second half is ranked again on
    /// the first connection: the results are the library as the search began, never a mix.
    func testSplitRankingNeverMixesTwoStatesOfTheLibrary() throws {
        let (lib, dir) = try realisticLibrary(seed: 13, articles: 400)
        // The write replaces the last page with "guidance" (indexed last: its articles are in
        // the upper half) by one page that would rank first.
        let pages = try FileManager.default.subpathsOfDirectory(atPath: dir + "/pages").sorted().map { dir + "/pages/" + $0 }
        let last = try XCTUnwrap(pages.last { (try? String(contentsOfFile: $0, encoding: .utf8))?.lowercased().contains("guidance") == true })
        let q = try SearchQuery.parse("guidance")
        let before = try lib.search(q, limit: 20, sort: .relevance, snippets: false, indexed: nil, split: .never)
        let during = try lib.search(q, limit: 20, sort: .relevance, snippets: false, indexed: nil, split: .always {
            // Another thread changes the page and indexes it while this search holds its read.
            let done = DispatchSemaphore(value: 0)
            DispatchQueue.global().async {
                try? """
                    Guidance on guidance: regulator issues new guidance for token issuers
                    21 November 2026

                    The regulator published guidance today on how token issuers should follow its earlier guidance, and said further guidance would follow.

                    Issuers must read the guidance in full before they apply for a licence under the new rules, the regulator said in a statement.
                    """.write(toFile: last, atomically: true, encoding: .utf8)
                _ = try? lib.index([dir + "/pages"])
                done.signal()
            }
            done.wait()
        })
        XCTAssertEqual(during.total, before.total)
        XCTAssertEqual(during.hits.map(\.article.id), before.hits.map(\.article.id))
        XCTAssertEqual(during.hits.map(\.score), before.hits.map(\.score))
        let after = try lib.search(q, limit: 20, sort: .relevance, snippets: false, indexed: nil, split: .always())
        XCTAssertNotEqual(after.total, before.total, "the page was changed")
        XCTAssertEqual(after.hits.first?.article.title.hasPrefix("Guidance on guidance"), true)
    }

    /// Date order is published descending, then rowid descending, undated last; the same
    /// with the facet cache (bitmap walk) and without it (SQL), for every kind of query.
    func testNewestFirstWithAndWithoutTheCache() throws {
        let dir = NSTemporaryDirectory() + "dossier-strategy-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        _ = try RealisticCorpus(seed: 3).write(articles: 1_200, to: dir + "/pages")
        let path = dir + "/library.sqlite"
        let lib = try Library.open(at: path)
        _ = try lib.index([dir + "/pages"])
        let queries = ["country:kr", "date:2024", "-country:cn", "guidance", "guidance -topic:cbdc", "-is:read -role:related", ""]
        func expected(_ q: String) throws -> [String] {
            let query = try SearchQuery.parse(q)
            let all = try lib.search(query, limit: 100_000, sort: .date)
            return try lib.read { db in
                let ids = all.hits.map(\.article.id)
                var order: [String: (String, Int64)] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT id, coalesce(published, ''), rowid FROM article") { order[row[0]] = (row[1], row[2]) }
                return ids.sorted { a, b in
                    let x = order[a]!, y = order[b]!
                    return x.0 != y.0 ? x.0 > y.0 : x.1 > y.1
                }
            }
        }
        // Oldest first: dated articles ascending (then first indexed), the undated still last.
        func oldest(_ q: String) throws -> [String] {
            let all = try expected(q)
            let undated = try Set(lib.read { db in try String.fetchAll(db, sql: "SELECT id FROM article WHERE published IS NULL") })
            let dated = all.filter { !undated.contains($0) }
            return Array(dated.reversed()) + all.filter { undated.contains($0) }.reversed()
        }
        var withCache: [String: [String]] = [:], oldestWithCache: [String: [String]] = [:]
        for q in queries {
            let r = try lib.search(SearchQuery.parse(q), limit: 40, sort: .date)
            XCTAssertEqual(r.hits.map(\.article.id), Array(try expected(q).prefix(40)), q)
            withCache[q] = r.hits.map(\.article.id)
            let o = try lib.search(SearchQuery.parse(q), limit: 40, sort: .oldest)
            XCTAssertEqual(o.hits.map(\.article.id), Array(try oldest(q).prefix(40)), "oldest: " + q)
            XCTAssertEqual(o.total, r.total, q)
            oldestWithCache[q] = o.hits.map(\.article.id)
        }
        try lib.write { db in try db.execute(sql: "DELETE FROM facet_snapshot") }
        let bare = try Library.open(at: path)   // nothing in memory, nothing saved: the SQL paths
        for q in queries {
            XCTAssertEqual(try bare.search(SearchQuery.parse(q), limit: 40, sort: .date).hits.map(\.article.id), withCache[q], q)
        }
        let bare2 = try Library.open(at: path)
        for q in queries {
            XCTAssertEqual(try bare2.search(SearchQuery.parse(q), limit: 40, sort: .oldest).hits.map(\.article.id), oldestWithCache[q], "oldest: " + q)
        }
    }

    /// A list of one date range and nothing else is read from the date index (`dateRange`),
    /// and answers as the general path does (the tags' or the SQL ranges' matches put in date
    /// order): the same articles in the same order, either way round, at any offset, and the
    /// same count. Any other query keeps the general path.
    func testDateRangeListsEqualTheGeneralPath() throws {
        let (lib, _) = try realisticLibrary(seed: 9, articles: 1_500)
        let day = try lib.read { db in try String.fetchOne(db, sql: "SELECT substr(published, 1, 10) FROM article WHERE length(published) >= 10 ORDER BY rowid LIMIT 1") }
        let ranges = ["date:2024", "date:2023-06", "date:\(day ?? "2021-02-09")", "date:2022..2024", "date:2024-03..", "date:..2019",
                      "date:..2019-06", "date:2016-05..2016-07-14", "date:1999"]
        for q in ranges {
            let query = try SearchQuery.parse(q)
            try lib.read { db in
                let c = try lib.compile(query, db: db)
                XCTAssertNotNil(c.dateRange, q)
                var general = c
                general.dateRange = nil
                let cache = try lib.facetCache(db)
                for oldest in [false, true] {
                    let fast = try NewestSearch.first(400, c, oldestFirst: oldest, cache: cache, loadCache: { cache }, db: db)
                    let slow = try NewestSearch.first(400, general, oldestFirst: oldest, cache: cache, loadCache: { cache }, db: db)
                    XCTAssertEqual(fast.rowids, slow.rowids, "\(q), oldest first: \(oldest)")
                    XCTAssertEqual(fast.total, slow.total, q)
                    if q != "date:1999" { XCTAssertGreaterThan(fast.total, 0, q) }
                }
            }
            let page = try lib.search(query, limit: 7, offset: 5, sort: .date)
            let whole = try lib.search(query, limit: 12, sort: .date)
            XCTAssertEqual(page.hits.map(\.article.id), Array(whole.hits.map(\.article.id).dropFirst(5)), q)
        }
        for q in ["date:2024 country:kr", "guidance date:2024", "-date:2024", "date:2023 date:2024", "date:2024 -topic:cbdc", "is:unread date:2024"] {
            let c = try lib.read { db in try lib.compile(SearchQuery.parse(q), db: db) }
            XCTAssertNil(c.dateRange, q)
        }
    }

    /// Reading-state and role filters are written as "all but" a small set where that is the
    /// smaller side (`is:unread`, `role:main`); every combination still selects exactly the
    /// articles their definition does: in date order, by relevance, and in facet counts,
    /// with and without the facet cache.
    func testStateAndRoleFiltersMatchTheirDefinition() throws {
        let dir = NSTemporaryDirectory() + "dossier-filters-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/pages", withIntermediateDirectories: true)
        _ = try RealisticCorpus(seed: 4).write(articles: 500, to: dir + "/pages/corpus")
        for name in try FileManager.default.contentsOfDirectory(atPath: Repo.root.path + "/seeds") {
            try FileManager.default.copyItem(atPath: Repo.root.path + "/seeds/" + name, toPath: dir + "/pages/" + name)
        }
        let path = dir + "/library.sqlite"
        var lib = try Library.open(at: path)
        _ = try lib.index([dir + "/pages"])
        struct Facts { var role: String; var offTopic: Bool; var read = false; var starred = false }
        var facts: [String: Facts] = [:]
        try lib.read { db in
            for row in try Row.fetchAll(db, sql: "SELECT id, role, offTopic FROM article") { facts[row[0]] = Facts(role: row[1], offTopic: row[2]) }
        }
        XCTAssertGreaterThan(facts.values.filter { $0.role != "main" }.count, 0, "teasers or roundup items to filter on")
        XCTAssertGreaterThan(facts.values.filter(\.offTopic).count, 0, "off-topic articles to filter on")
        var rng = SyntheticCorpus.SplitMix(seed: 21)
        for id in facts.keys.sorted() {
            if rng.next(4) == 0 { facts[id]!.read = true; try lib.setRead(id, true) }
            if rng.next(6) == 0 { facts[id]!.starred = true; try lib.setStarred(id, true) }
        }
        func holds(_ f: Facts, _ field: SearchQuery.Field, _ value: String) -> Bool {
            switch (field, value) {
            case (.state, "read"): return f.read
            case (.state, "unread"): return !f.read
            case (.state, "starred"): return f.starred
            case (.state, _): return f.offTopic
            default: return f.role == value
            }
        }
        let filters = ["is:unread", "-is:unread", "is:read", "-is:read", "is:starred", "-is:starred", "is:unread is:starred",
                       "-is:unread -is:starred", "is:offtopic", "-is:offtopic", "role:main", "-role:main", "role:related",
                       "role:main role:related", "-role:main -role:related", "is:unread role:main", "is:read -role:main",
                       "is:unread is:offtopic -role:related", "-is:unread is:starred role:main"]
        for cached in [true, false] {
            if !cached {
                try lib.write { db in try db.execute(sql: "DELETE FROM facet_snapshot") }
                lib = try Library.open(at: path)   // nothing in memory, nothing saved: the SQL paths
            }
            for base in ["", "guidance", "country:kr", "-guidance"] {
                let baseHits = try lib.search(SearchQuery.parse(base), limit: 100_000, sort: base == "guidance" ? .relevance : .date)
                for f in filters {
                    let text = base + " " + f
                    let q = try SearchQuery.parse(text)
                    let wanted = baseHits.hits.map(\.article.id).filter { id in
                        let a = facts[id]!
                        // (Other fields are the base query's, already applied.)
                        return q.filters.allSatisfy { field, values in ![.state, .role].contains(field) || values.contains { holds(a, field, $0) } }
                            && !q.excludedFilters.contains { field, values in [.state, .role].contains(field) && values.contains { holds(a, field, $0) } }
                    }
                    let byDate = try lib.search(q, limit: 100_000, sort: .date)
                    XCTAssertEqual(Set(byDate.hits.map(\.article.id)), Set(wanted), "\(text) (cache: \(cached))")
                    XCTAssertEqual(byDate.total, wanted.count, text)
                    XCTAssertEqual(try lib.facets(q).total, wanted.count, "facets: \(text)")
                    if base == "guidance" {
                        XCTAssertEqual(try lib.search(q, limit: 100_000).hits.map(\.article.id), wanted, "relevance: \(text)")
                    }
                }
            }
        }
    }
}
