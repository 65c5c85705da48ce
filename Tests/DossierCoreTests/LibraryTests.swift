import DossierBench
import Foundation
import GRDB
import GRDBSQLite
import XCTest
@testable import DossierCore

/// The library: incremental indexing, deduplication, search, facets, and surviving a kill.
final class LibraryTests: XCTestCase {
    var dir: String!

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "dossier-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/pages", withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    func copySeeds() throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: Repo.root.path + "/seeds") {
            try FileManager.default.copyItem(atPath: Repo.root.path + "/seeds/" + name, toPath: dir + "/pages/" + name)
        }
    }

    func openLibrary() throws -> Library { try Library.open(at: dir + "/library.sqlite") }

    func testLibraryPathResolution() {
        XCTAssertEqual(Library.defaultPath(option: "/x/l.sqlite", environment: ["DOSSIER_LIBRARY": "/e.sqlite"]), "/x/l.sqlite")
        XCTAssertEqual(Library.defaultPath(environment: ["DOSSIER_LIBRARY": "/e.sqlite", "XDG_DATA_HOME": "/d"]), "/e.sqlite")
        XCTAssertEqual(Library.defaultPath(environment: ["XDG_DATA_HOME": "/d"]), "/d/dossier/library.sqlite")
        XCTAssertEqual(Library.defaultPath(environment: ["HOME": "/home/u"]), "/home/u/.local/share/dossier/library.sqlite")
    }

    /// Connections that only read (the pool's readers, the split search's helper) map nothing
    /// and keep a 2 MB page cache; the writer keeps 64 MB. At 1M articles a 64 MB cache per
    /// reader held most of the reader's memory and made no query faster (docs/performance.md).
    func testReadersKeepASmallPageCacheAndMapNothing() throws {
        let lib = try openLibrary()
        @Sendable func settings(_ db: Database) throws -> [Int?] {
            [try Int.fetchOne(db, sql: "PRAGMA mmap_size"), try Int.fetchOne(db, sql: "PRAGMA cache_size")]
        }
        XCTAssertEqual(try lib.read(settings), [0, -2048])
        let helper = try XCTUnwrap(lib.helper)
        XCTAssertEqual(try helper.start(settings).wait(), [0, -2048])
        XCTAssertEqual(try lib.write(settings), [0, -65536])
    }

    /// FTS5 holds a transaction's terms in memory and writes them as one segment at its
    /// commit, instead of a segment per megabyte (its default) merged again and again. An
    /// index run that writes sets it (in a library made before, too); opening alone does not.
    func testIndexRunsLetFTS5FlushOncePerTransaction() throws {
        @Sendable func hashSize(_ db: Database) throws -> Int? {
            try Int.fetchOne(db, sql: "SELECT v FROM article_fts_config WHERE k = 'hashsize'")
        }
        try copySeeds()
        XCTAssertGreaterThanOrEqual(Schema.ftsHashSize, 16 << 20, "a transaction's terms fit in 16 MB (16 and 64 MB wrote the same segments at 100k)")
        XCTAssertNil(try openLibrary().read(hashSize), "FTS5's default until a run writes")
        _ = try openLibrary().index([dir + "/pages"])
        XCTAssertEqual(try openLibrary().read(hashSize), Schema.ftsHashSize)
        // A library indexed before the setting: the next run that stores pages sets it.
        let queue = try DatabaseQueue(path: dir + "/library.sqlite")
        try queue.write { db in try db.execute(sql: "DELETE FROM article_fts_config WHERE k = 'hashsize'") }
        try queue.close()
        let page = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: dir + "/pages").sorted().first)
        try (String(contentsOfFile: dir + "/pages/" + page, encoding: .utf8) + "\n").write(toFile: dir + "/pages/" + page, atomically: true, encoding: .utf8)
        _ = try openLibrary().index([dir + "/pages"])
        XCTAssertEqual(try openLibrary().read(hashSize), Schema.ftsHashSize)
    }

    /// The query fuzzer's leak at exit: the writer's cached INSERT kept the last article's
    /// packed text bound after the run. An index run ends with none of its statements still
    /// prepared on the writer (its caches released); what FTS5 keeps for its shadow tables and
    /// its content (prepared when a new library's index is built, v18) and GRDB for
    /// `data_version` may stay.
    func testAnIndexRunLeavesNoStatementPreparedOnTheWriter() throws {
        try copySeeds()
        let lib = try openLibrary()
        _ = try lib.index([dir + "/pages"])
        let left = try lib.pool.writeWithoutTransaction { db -> [String] in
            var sql: [String] = []
            var statement = sqlite3_next_stmt(db.sqliteConnection, nil)
            while let s = statement {
                sql.append(String(cString: sqlite3_sql(s)))
                statement = sqlite3_next_stmt(db.sqliteConnection, s)
            }
            return sql
        }
        let fts5 = ["'main'.'article_fts_", "FROM 'main'.'article_text' AS T"]
        let ours = left.filter { s in !fts5.contains { s.contains($0) } && s != "PRAGMA 'main'.data_version" }
        XCTAssertEqual(ours, [], "statements cached by the index run are still prepared on the writer")
        XCTAssertFalse(left.isEmpty, "FTS5's own statements are listed: the walk sees the connection's statements")
    }

    /// "1 files skipped" was one of issue 12's findings: one file is singular, and the reasons
    /// are grouped by their kind, details left out.
    func testTheSummaryLineCountsSkippedFilesInWords() {
        var s = IndexSummary()
        s.filesSeen = 3
        s.filesIndexed = 2
        XCTAssertTrue(s.line.hasSuffix("; 0 files skipped"), s.line)
        s.skipped = [("/p/fifo.txt", "not a regular file (a FIFO)")]
        XCTAssertTrue(s.line.hasSuffix("; 1 file skipped (1 not a regular file)"), s.line)
        s.skipped.append(("/p/zero.txt", "not a regular file (a character device)"))
        s.skipped.append(("/p/gone.txt", "no such file (deleted while indexing?)"))
        XCTAssertTrue(s.line.hasSuffix("; 3 files skipped (1 no such file, 2 not a regular file)"), s.line)
    }

    func testIncrementalIndexing() throws {
        try copySeeds()
        let lib = try openLibrary()
        let first = try lib.index([dir + "/pages"])
        XCTAssertEqual(first.filesIndexed, 5)
        XCTAssertEqual(first.articlesNew + first.articlesUnchanged + first.articlesUpdated, 24)
        XCTAssertEqual(try lib.articleCount(), 24, "the seeds hold 24 distinct stories")

        let again = try lib.index([dir + "/pages"])
        XCTAssertEqual(again.filesIndexed, 0)
        XCTAssertEqual(again.filesUnchanged, 5)
        XCTAssertEqual(again.articlesNew, 0)
        XCTAssertEqual(try lib.articleCount(), 24)
        XCTAssertEqual(try lib.facets(SearchQuery()).total, 24)

        // A changed file: its old articles are replaced by what it holds now.
        let page004 = try FileManager.default.contentsOfDirectory(atPath: dir + "/pages").first { $0.hasPrefix("004") }!
        let path = dir + "/pages/" + page004
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let firstStory = text.components(separatedBy: "\n").prefix { !$0.contains("Cyberport") }.joined(separator: "\n")
        try firstStory.write(toFile: path, atomically: true, encoding: .utf8)
        let changed = try lib.index([dir + "/pages"])
        XCTAssertEqual(changed.filesIndexed, 1)
        XCTAssertEqual(try lib.articleCount(), 23, "the Cyberport story left with its text")
        XCTAssertEqual(try lib.search(SearchQuery.parse("title:cyberport")).total, 0)
        XCTAssertEqual(try lib.facets(SearchQuery()).total, 23, "the facet cache follows the library")

        // A removed file: --prune drops its articles.
        try FileManager.default.removeItem(atPath: path)
        let pruned = try lib.index([dir + "/pages"], prune: true)
        XCTAssertEqual(pruned.filesRemoved, 1)
        XCTAssertEqual(try lib.articleCount(), 22)
        XCTAssertEqual(try lib.search(SearchQuery.parse("FINMA")).total, 0)
    }

    func testTeasersAreStoredOnceAndTheFullArticleWins() throws {
        let full = """
            Top
            Regulator Opens Sandbox for Tokenised Deposits
            Policy & Regulation·March 3, 2025, 9:00 AM
            The Monetary Authority of Singapore (MAS) opened a sandbox for tokenised deposits on Monday, inviting banks to test settlement of digital money across borders.
            The regulator said the trials would run for a year and cover stablecoin settlement, custody and anti-money-laundering checks for every participant.
            Banks welcomed the move and said they would apply in the first round.
            """
        func teaserPage(_ main: String) -> String {
            """
            Top
            \(main)
            Markets·March 9, 2025, 1:00 PM
            Exchanges in Singapore reported higher volumes this week as institutional investors returned to digital asset markets after a quiet quarter of trading.
            More to Read
            View All
            Policy & Regulation·
            Mar 03, 2025
            Regulator Opens Sandbox for Tokenised Deposits
            Regulator Opens Sandbox for Tokenised DepositsThe Monetary Authority of Singapore (MAS) opened a sandbox for tokenised deposits on Monday, inviting banks to test settlement of digital money.
            news
            Loading
            """
        }
        try teaserPage("Exchange Volumes Climb in Singapore").write(toFile: dir + "/pages/a.txt", atomically: true, encoding: .utf8)
        try teaserPage("Singapore Trading Volumes Rise Again").write(toFile: dir + "/pages/b.txt", atomically: true, encoding: .utf8)
        let lib = try openLibrary()
        _ = try lib.index([dir + "/pages"])
        var hits = try lib.search(SearchQuery.parse("title:sandbox")).hits
        XCTAssertEqual(hits.count, 1, "one teaser seen twice is one story")
        XCTAssertEqual(hits[0].article.source.role, .related)
        XCTAssertEqual(hits[0].article.alsoIn.count, 1)

        try full.write(toFile: dir + "/pages/c.txt", atomically: true, encoding: .utf8)
        let summary = try lib.index([dir + "/pages"])
        XCTAssertEqual(summary.articlesUpdated, 1, "the full article supersedes the teaser")
        hits = try lib.search(SearchQuery.parse("title:sandbox")).hits
        XCTAssertEqual(hits.count, 1)
        let a = hits[0].article
        XCTAssertEqual(a.source.role, .main)
        XCTAssertTrue(a.source.path.hasSuffix("c.txt"))
        XCTAssertEqual(Set(a.alsoIn.map { ($0.path as NSString).lastPathComponent }), ["a.txt", "b.txt"])
        XCTAssertEqual(a.paragraphs.count, 3)
        XCTAssertEqual(try lib.article(idPrefix: String(a.id.prefix(10))).id, a.id)
    }

    func testSearchFacetsAndFilters() throws {
        try copySeeds()
        let lib = try openLibrary()
        _ = try lib.index([dir + "/pages"])

        let sg = try lib.search(SearchQuery.parse("country:sg"), limit: 100)
        let facets = try lib.facets(SearchQuery.parse("country:sg"))
        XCTAssertEqual(facets.total, sg.total)
        XCTAssertEqual(facets.countries.first { $0.key == "SG" }?.count, sg.total)
        // Every facet count is the number of matched articles carrying that value.
        for c in facets.countries {
            XCTAssertEqual(c.count, sg.hits.filter { $0.article.countries.contains { $0.code == c.key } }.count, c.key)
        }
        for t in facets.topics {
            XCTAssertEqual(t.count, sg.hits.filter { $0.article.topics.contains(t.key) }.count, t.key)
        }
        XCTAssertEqual(facets.authorities.first?.label, "MAS@SG")

        // Same field = OR, different fields = AND.
        let hkOrSg = try lib.search(SearchQuery.parse("country:hk country:sg"), limit: 100).total
        let hk = try lib.search(SearchQuery.parse("country:hk"), limit: 100).total
        XCTAssertGreaterThanOrEqual(hkOrSg, max(hk, sg.total))
        XCTAssertLessThanOrEqual(try lib.search(SearchQuery.parse("country:sg topic:stablecoins")).total, sg.total)
        XCTAssertEqual(try lib.search(SearchQuery.parse("regulator:sfc@hk")).total, try lib.search(SearchQuery.parse("regulator:sfc")).total)
        XCTAssertEqual(try lib.search(SearchQuery.parse(#"country:"hong kong""#)).total, hk)

        // Stemming, phrases, prefixes, title weight, exclusion, dates.
        XCTAssertGreaterThan(try lib.search(SearchQuery.parse("stablecoins")).total, 0)
        XCTAssertEqual(try lib.search(SearchQuery.parse("stablecoin")).total, try lib.search(SearchQuery.parse("stablecoins")).total)
        XCTAssertGreaterThan(try lib.search(SearchQuery.parse(#""purpose bound money""#)).total, 0)
        XCTAssertGreaterThan(try lib.search(SearchQuery.parse("stable*")).total, 0)
        XCTAssertGreaterThanOrEqual(try lib.search(SearchQuery.parse("stable*")).total, try lib.search(SearchQuery.parse("stablecoin")).total)
        let top = try lib.search(SearchQuery.parse("ASPIRe")).hits.first
        XCTAssertTrue(top?.article.title.contains("ASPIRe") == true, "a title match ranks first")
        XCTAssertTrue(top?.snippet.contains(SearchHit.markOpen) == true)
        let all = try lib.search(SearchQuery.parse("hong kong")).total
        XCTAssertLessThan(try lib.search(SearchQuery.parse("hong kong -cyberport")).total, all)
        for hit in try lib.search(SearchQuery.parse("date:2023"), limit: 100).hits {
            XCTAssertTrue(hit.article.published?.hasPrefix("2023") == true)
        }

        // The library's own values: categories in its spelling, authorities learned from the
        // text (not in the gazetteer) by acronym, acronym@country or facet key.
        let category = try XCTUnwrap(try lib.read { db in try String.fetchOne(db, sql: "SELECT category FROM article WHERE category IS NOT NULL") })
        XCTAssertEqual(try lib.parse("category:\"\(category.uppercased())\"").filters[.category], [category])
        XCTAssertThrowsError(try lib.parse("category:nosuchsection"))
        let rowid = try XCTUnwrap(sg.hits.first.map { hit in try lib.read { db in try Int64.fetchOne(db, sql: "SELECT rowid FROM article WHERE id = ?", arguments: [hit.article.id]) } } ?? nil)
        try lib.write { db in
            try db.execute(sql: "INSERT INTO article_regulator(article, regId, acronym, country) VALUES (?, 'ae-zvara', 'ZVARA', 'AE')", arguments: [rowid])
            try FullTextRows.remove(rowid: rowid, db: db)
            try db.execute(sql: "UPDATE article SET tags = tags || ' xazvara xraezvara' WHERE rowid = ?", arguments: [rowid])
            let row = try XCTUnwrap(try Row.fetchOne(db, sql: "SELECT title, dossier_text(body), tags FROM article WHERE rowid = ?", arguments: [rowid]))
            try FullTextRows.add(rowid: rowid, title: row[0], body: row[1], tags: row[2], db: db)
        }
        for text in ["authority:zvara", "authority:ZVARA@ae", "authority:ae-zvara"] {
            XCTAssertEqual(try lib.search(lib.parse(text)).total, 1, text)
        }
        XCTAssertThrowsError(try lib.parse("authority:zvarb")) { e in
            XCTAssertTrue("\(e)".contains("did you mean authority:zvara?"), "\(e)")
        }
    }

    /// Filters run as words of the hidden tags column; every one must select exactly the
    /// articles the facet tables hold for it, alone, with text, and with an exclusion.
    func testFacetFiltersInTheIndexAgreeWithTheFacetTables() throws {
        try copySeeds()
        let lib = try openLibrary()
        _ = try lib.index([dir + "/pages"])
        func rows(_ sql: String) throws -> [[String]] {
            try lib.read { db in try Row.fetchAll(db, sql: sql).map { [$0[0], $0[1]] } }
        }
        var cases: [(query: String, sql: String)] = []
        for r in try rows("SELECT DISTINCT code, code FROM article_country") {
            cases.append(("country:\(r[0])", "SELECT article FROM article_country WHERE code = '\(r[0])'"))
        }
        for r in try rows("SELECT DISTINCT topic, topic FROM article_topic") {
            cases.append(("topic:\(r[0])", "SELECT article FROM article_topic WHERE topic = '\(r[0])'"))
        }
        for r in try rows("SELECT DISTINCT acronym, country FROM article_regulator") {
            cases.append(("regulator:\(r[0])", "SELECT article FROM article_regulator WHERE acronym = '\(r[0])'"))
            cases.append(("regulator:\(r[0])@\(r[1])", "SELECT article FROM article_regulator WHERE acronym = '\(r[0])' AND country = '\(r[1])'"))
        }
        for r in try rows("SELECT DISTINCT category, category FROM article WHERE category IS NOT NULL") {
            cases.append(("category:\"\(r[0])\"", "SELECT rowid FROM article WHERE category = '\(r[0])'"))
        }
        for r in try rows("SELECT DISTINCT month, substr(month, 1, 4) FROM article WHERE month IS NOT NULL") {
            cases.append(("date:\(r[0])", "SELECT rowid FROM article WHERE month = '\(r[0])'"))
            cases.append(("date:\(r[1])", "SELECT rowid FROM article WHERE published >= '\(r[1])' AND published < '\(Int(r[1])! + 1)'"))
        }
        XCTAssertGreaterThan(cases.count, 30)
        let regulation = "SELECT rowid FROM article_fts WHERE article_fts MATCH '{title body} : regulation'"
        let bank = "SELECT rowid FROM article_fts WHERE article_fts MATCH '{title body} : bank'"
        for (query, sql) in cases {
            func count(_ sql: String) throws -> Int { try lib.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(sql))")! } }
            XCTAssertEqual(try lib.search(SearchQuery.parse(query)).total, try count(sql), query)
            XCTAssertEqual(try lib.search(SearchQuery.parse("regulation " + query)).total,
                           try count("\(sql) INTERSECT \(regulation)"), query)
            XCTAssertEqual(try lib.search(SearchQuery.parse("regulation -bank " + query)).total,
                           try count("SELECT * FROM (\(sql) INTERSECT \(regulation)) EXCEPT \(bank)"), query)
            XCTAssertEqual(try lib.facets(SearchQuery.parse(query)).total, try count(sql), query)
            // Excluded: everything else, alone ("all except") and with words.
            let all = "SELECT rowid FROM article"
            XCTAssertEqual(try lib.search(SearchQuery.parse("-" + query)).total, try count("\(all) EXCEPT \(sql)"), "-" + query)
            XCTAssertEqual(try lib.search(SearchQuery.parse("NOT " + query)).total, try count("\(all) EXCEPT \(sql)"), "NOT " + query)
            XCTAssertEqual(try lib.search(SearchQuery.parse("regulation -" + query)).total,
                           try count("SELECT * FROM (\(regulation)) EXCEPT \(sql)"), "regulation -" + query)
            XCTAssertEqual(try lib.facets(SearchQuery.parse("-" + query)).total, try count("\(all) EXCEPT \(sql)"), "-" + query)
            let hits = try lib.search(SearchQuery.parse("-" + query), limit: 1000).hits.map(\.article.id)
            let forbidden = try lib.read { db in try String.fetchAll(db, sql: "SELECT id FROM article WHERE rowid IN (\(sql))") }
            XCTAssertTrue(Set(hits).isDisjoint(with: forbidden), "-" + query)
        }
        // Without the facet cache (no snapshot, nothing in memory) the SQL paths give the same.
        let withCache = try cases.map { try lib.search(SearchQuery.parse("-" + $0.query), limit: 5, sort: .date).hits.map(\.article.id) }
        try lib.write { db in try db.execute(sql: "DELETE FROM facet_snapshot") }
        let bare = try openLibrary()
        for (k, c) in cases.enumerated() {
            let r = try bare.search(SearchQuery.parse("-" + c.query), limit: 5, sort: .date)
            XCTAssertEqual(r.hits.map(\.article.id), withCache[k], "-" + c.query)
        }

        // Reading state and role: SQL sets, included and excluded.
        let first = try lib.search(SearchQuery.parse(""), limit: 3).hits.map(\.article.id)
        try lib.setRead(first[0], true); try lib.setRead(first[1], true); try lib.setStarred(first[2], true)
        let total = try lib.articleCount()
        XCTAssertEqual(try count("is:read"), 2)
        XCTAssertEqual(try count("is:unread"), total - 2)
        XCTAssertEqual(try count("-is:read"), total - 2)
        XCTAssertEqual(try count("is:starred"), 1)
        XCTAssertEqual(try lib.search(SearchQuery.parse("is:starred")).hits.map(\.article.id), [first[2]])
        XCTAssertEqual(try count("is:read is:starred"), 3, "values of one field are alternatives")
        XCTAssertEqual(try count("is:offtopic"), try lib.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM article WHERE offTopic = 1")! })
        for role in ["main", "related", "roundup-item"] {
            let n = try lib.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM article WHERE role = ?", arguments: [role])! }
            XCTAssertEqual(try count("role:\(role)"), n, role)
            XCTAssertEqual(try count("-role:\(role)"), total - n, role)
        }
        XCTAssertGreaterThan(try count("role:related"), 0)
        XCTAssertEqual(try count("-country:sg -country:hk"), total - (try count("country:sg country:hk")))
        XCTAssertEqual(try count("regulation -date:2024.."), try count("regulation date:..2023"))

        // Day ranges and open ranges stay SQL; they must agree with the same SQL.
        func count(_ q: String) throws -> Int { try lib.search(SearchQuery.parse(q)).total }
        XCTAssertEqual(try count("date:2023.."), try lib.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM article WHERE published >= '2023'")! })
        XCTAssertEqual(try count("date:2023.. country:sg"), try count("date:2023..2030 country:sg"))

        // The migration's tags (computed from the facet tables) equal the indexer's.
        func tags() throws -> [Set<Substring>] {
            try lib.read { db in try String.fetchAll(db, sql: "SELECT tags FROM article ORDER BY rowid") }.map { Set($0.split(separator: " ")) }
        }
        let written = try tags()
        try lib.write { db in try Schema.fillTags(db) }
        XCTAssertEqual(try tags(), written)
        XCTAssertTrue(written.contains { $0.contains("xcsg") && $0.contains { $0.hasPrefix("xy") } })
    }

    /// `dossier_rank` is BM25 as FTS5 computes it, minus the document counts it can skip, in
    /// either layout of the full-text index (the title's column found by the rank function).
    func testRankFunctionAgreesWithBM25() throws {
        try copySeeds()
        let lib = try openLibrary()
        _ = try lib.index([dir + "/pages"])
        XCTAssertEqual(try lib.read { db in try FullTextLayout.of(db) }, .bodyFirst, "a new library")
        for layout in [FullTextLayout.bodyFirst, .titleFirst] {
            try lib.write { db in try FullTextLayout.rebuild(db, as: layout) }
            XCTAssertEqual(try lib.read { db in try FullTextLayout.of(db) }, layout)
            try checkRankAgreesWithBM25(lib, weights: layout.bm25Weights)
        }
    }

    private func checkRankAgreesWithBM25(_ lib: Library, weights: String) throws {
        for (match, phrases) in [("{title body} : \"digital\" AND {title body} : \"bank\"", 2),
                                 ("({title body} : \"bank\" OR {title body} : \"stablecoin\") AND tags : \"xcsg\"", 2),
                                 ("{title body} : \"regulation\"", 1), ("{title body} : \"digital assets\"", 1)] {
            // With the lengths table in memory (as searches use it) and without (FTS5's own sizes).
            let lengths = try lib.read { db in try LengthCache.build(db, generation: "test").lengths }
            let rows = try lib.read { db in
                try RankFunction.withLengths(lengths, db: db) {
                    try Row.fetchAll(db, sql: """
                        SELECT rowid, bm25(article_fts, \(weights)) AS b, dossier_rank(article_fts, \(phrases)) AS d
                        FROM article_fts WHERE article_fts MATCH ?
                        """, arguments: [match])
                }
            }
            let plain = try lib.read { db in
                try Double.fetchAll(db, sql: "SELECT dossier_rank(article_fts, \(phrases)) FROM article_fts WHERE article_fts MATCH ?", arguments: [match])
            }
            XCTAssertEqual(plain, rows.map { $0["d"] as Double }, match)
            XCTAssertGreaterThan(rows.count, 1, match)
            let byBM25 = rows.sorted { ($0["b"] as Double, $0["rowid"] as Int64) < ($1["b"] as Double, $1["rowid"] as Int64) }.map { $0["rowid"] as Int64 }
            let byRank = rows.sorted { ($0["d"] as Double, $0["rowid"] as Int64) < ($1["d"] as Double, $1["rowid"] as Int64) }.map { $0["rowid"] as Int64 }
            XCTAssertEqual(byRank, byBM25, match)
            if phrases > 1 {
                for r in rows { XCTAssertEqual(r["d"] as Double, r["b"] as Double, accuracy: 1e-9, match) }
            }
        }
    }

    /// The layout is read from the declarations libraries really have: v4's (edited by v13)
    /// before v18, v18's after.
    func testFullTextLayoutIsReadFromTheDeclaration() throws {
        var config = Configuration()
        config.prepareDatabase { db in Library.registerFunctions(db) }
        let queue = try DatabaseQueue(path: dir + "/old.sqlite", configuration: config)
        try Schema.migrator.migrate(queue, upTo: "v17: facet counts of each shortlist")
        try queue.read { db in
            XCTAssertTrue(try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'article_fts'")?.contains("content='article_text'") == true)
            XCTAssertEqual(try FullTextLayout.of(db), .titleFirst)
        }
        try Schema.migrator.migrate(queue)
        try queue.read { db in XCTAssertEqual(try FullTextLayout.of(db), .bodyFirst) }
        XCTAssertEqual(FullTextLayout.parse("CREATE VIRTUAL TABLE t USING fts5(\n  body , title, tags)"), .bodyFirst)
        XCTAssertEqual(FullTextLayout.parse("CREATE VIRTUAL TABLE t USING fts5(bodytext, body)"), .titleFirst)
    }

    /// A library made before v18 (title first) answers as before; opened by this version it is
    /// rebuilt body first when small, and kept as it is when large, answering the same.
    func testOlderFullTextLayoutIsConvertedWhenSmall() throws {
        try copySeeds()
        var lib: Library? = try openLibrary()
        _ = try lib!.index([dir + "/pages"])
        let queries = ["bank", "\"digital assets\" country:sg", "regul* -stablecoin", "title:bank OR custody"]
        func answers(_ lib: Library) throws -> [[String]] {
            try queries.map { q in try lib.search(SearchQuery.parse(q), limit: 50).hits.map { "\($0.article.id) \($0.score ?? 0)" } }
        }
        let fresh = try answers(lib!)
        XCTAssertGreaterThan(fresh.joined().count, 8)
        // As v17 left it: title first, v18 not applied.
        try lib!.write { db in
            try FullTextLayout.rebuild(db, as: .titleFirst)
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v18:%'")
        }
        XCTAssertEqual(try answers(lib!), fresh, "title first answers alike")
        let articles = try lib!.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM article") ?? 0 }
        try lib!.write { db in try FullTextLayout.convertIfSmall(db, limit: articles - 1) }
        XCTAssertEqual(try lib!.read { db in try FullTextLayout.of(db) }, .titleFirst, "too large: kept")
        lib = nil
        lib = try openLibrary()
        XCTAssertEqual(try lib!.read { db in try FullTextLayout.of(db) }, .bodyFirst, "converted on opening")
        XCTAssertEqual(try answers(lib!), fresh)
        XCTAssertEqual(try lib!.check().ok, true)
    }

    /// Ranking is exact over every match: the best article is found even when it is the
    /// oldest of thousands (a ranking cut-off to the newest N would miss it).
    func testBestMatchIsFoundAmongThousands() throws {
        let n = 4_600
        for i in 0..<n {
            let best = i == 0
            // The best match carries the word in its title and twice in a short body; the rest once in a long body.
            let title = best ? "Zephyr settlement rules for harbour \(i)" : "Harbour authority publishes note \(i) on settlement"
            let body = best ? "The zephyr rules set out how harbour participants settle their trades each day, and how zephyr reports reach the authority." :
                "The harbour authority described how settlement works for participants \(i), with a zephyr mention in passing and several other words about clearing, custody and reporting of trades in the market."
            let day = 1 + i % 28, month = 1 + (i / 28) % 12, year = 2015 + i / 336
            let page = "\(title)\nPolicy·\(Self.months[month - 1]) \(day), \(year)\n\(body)\n"
            try page.write(toFile: dir + String(format: "/pages/%05d.txt", i), atomically: false, encoding: .utf8)
        }
        let lib = try openLibrary()
        _ = try lib.index([dir + "/pages"])
        let r = try lib.search(SearchQuery.parse("zephyr"), limit: 10)
        XCTAssertEqual(r.total, n)
        XCTAssertTrue(r.hits.first?.article.title.hasPrefix("Zephyr settlement rules") == true, r.hits.first?.article.title ?? "none")
        XCTAssertEqual(r.hits.first?.article.published, "2015-01-01", "the oldest article")
        // The same order as FTS5's own bm25() over every match (ties: the newer rowid first).
        let raw = try lib.read { db in
            try String.fetchAll(db, sql: """
                SELECT a.id FROM article_fts JOIN article a ON a.rowid = article_fts.rowid WHERE article_fts MATCH '{title body} : zephyr'
                ORDER BY bm25(article_fts, \(try FullTextLayout.of(db).bm25Weights)), article_fts.rowid DESC LIMIT 10
                """)
        }
        XCTAssertEqual(r.hits.map(\.article.id), raw)
        // With a filter that leaves SQL work (a day range): still exact.
        XCTAssertEqual(try lib.search(SearchQuery.parse("zephyr date:2015-01-01..2030"), limit: 1).hits.first?.article.id, raw.first)
        // Scores are reported, best first.
        let scores = r.hits.compactMap(\.score)
        XCTAssertEqual(scores, scores.sorted(by: >))
    }

    /// The facet cache saved by an index run, patched with the articles written since
    /// (`FacetDelta`), is what the tables give, for a new process: after a first run, an
    /// incremental one, and a batch whose run then died. Past the patch limit it is rebuilt
    /// rather than patched, and the next run saves a new one.
    func testSavedFacetCacheStaysTrue() throws {
        try copySeeds()
        let path = dir + "/library.sqlite"
        _ = try Library.open(at: path).index([dir + "/pages"])
        func check(_ label: String) throws {
            let fresh = try Library.open(at: path)   // a new process: nothing in memory
            try fresh.read { db in
                let generation = try Library.generation(db)
                let saved = try XCTUnwrap(try FacetSnapshot.current(db, generation: generation), label)
                XCTAssertEqual(FacetDeltaTests.Contents(saved), FacetDeltaTests.Contents(try FacetCache.load(db, generation: generation)), label)
            }
            XCTAssertEqual(try fresh.facets(SearchQuery()).total, try fresh.articleCount(), label)
        }
        try check("first run")
        try Data(contentsOf: URL(fileURLWithPath: Repo.fixture("devset/d01_coinness_korea_stablecoin_taskforce.txt"))).write(to: URL(fileURLWithPath: dir + "/pages/new.txt"))
        let summary = try Library.open(at: path).index([dir + "/pages"])
        XCTAssertEqual(summary.filesIndexed, 1)
        XCTAssertGreaterThan(try Library.open(at: path).read { db in try FacetDelta.count(db) }, 0, "a small run leaves marks, not a rebuild")
        try check("incremental run")
        let before = try Library.open(at: path).facets(SearchQuery()).total

        // A batch of a run that then died: articles gone, generation bumped, no new snapshot.
        try Library.open(at: path).write { db in
            for r in try Int64.fetchAll(db, sql: "SELECT rowid FROM article LIMIT 3") { try Library.deleteArticle(r, db: db) }
            try Library.bumpGeneration(db)
        }
        let afterCrash = try Library.open(at: path)
        XCTAssertEqual(try afterCrash.facets(SearchQuery()).total, before - 3)
        try check("after a run that died")

        // More marks than are worth patching: built from the tables, then saved by a run.
        try afterCrash.write { db in
            try db.execute(sql: """
                WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k <= ?)
                INSERT OR IGNORE INTO facet_dirty(article) SELECT k + 1000000 FROM n
                """, arguments: [FacetDelta.patchLimit])
            try Library.bumpGeneration(db)
        }
        let many = try Library.open(at: path)
        XCTAssertNil(try many.read { db in try FacetSnapshot.current(db, generation: Library.generation(db)) })
        XCTAssertEqual(try many.facets(SearchQuery()).total, before - 3)
        _ = try many.index([dir + "/pages"])
        XCTAssertEqual(try many.read { db in try FacetDelta.count(db) }, 0, "the run rebuilt and saved the cache")
        try check("after the next run")

        // A damaged snapshot is not used: cut short, a value out of range, a start out of order.
        try many.write { db in XCTAssertNotNil(try FacetSnapshot.load(db)) }
        for damage in ["substr(data, 1, length(data) - 4)", "substr(data, 1, length(data) - 1) || x'7F'",
                       "substr(data, 1, 40) || x'FFFFFF7F' || substr(data, 45)"] {
            try many.write { db in
                try db.inSavepoint {
                    try db.execute(sql: "UPDATE facet_snapshot SET data = \(damage)")
                    XCTAssertNil(try FacetSnapshot.load(db), damage)
                    return .rollback
                }
            }
        }
    }

    /// `interrupt()` stops a query that is running (the reader cancels superseded searches).
    func testInterruptStopsARunningQuery() throws {
        let lib = try openLibrary()
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var outcome: Error?
        DispatchQueue.global().async {
            do {
                _ = try lib.read { db in
                    try Int.fetchOne(db, sql: "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c")
                }
            } catch { outcome = error }
            done.signal()
        }
        // Interrupt until it stops (an interrupt before the statement starts does nothing).
        var stopped = false
        for _ in 0..<1000 {
            lib.interrupt()
            if done.wait(timeout: .now() + 0.01) == .success { stopped = true; break }
        }
        XCTAssertTrue(stopped, "the query never stopped")
        XCTAssertTrue("\(String(describing: outcome))".contains("interrupt"), "\(String(describing: outcome))")
    }

    /// `check` passes a whole library and names the damage in a broken one: a full-text
    /// index that no longer matches its articles, and facet rows whose article is gone.
    func testCheckFindsDamage() throws {
        try copySeeds()
        let path = dir + "/library.sqlite"
        do {
            let lib = try openLibrary()
            _ = try lib.index([dir + "/pages"])
            let whole = try lib.check()
            XCTAssertTrue(whole.ok, "\(whole)")
            XCTAssertEqual(whole.articles, 24)
            XCTAssertEqual(whole.items.map(\.name), ["sqlite", "foreign keys", "full-text index"])
        }
        // Change an article's text behind the full-text index's back.
        let raw = try DatabaseQueue(path: path)
        try raw.write { db in
            try db.execute(sql: "UPDATE article SET body = 'unindexed words' WHERE rowid = (SELECT min(rowid) FROM article)")
        }
        var damaged = try openLibrary().check()
        XCTAssertFalse(damaged.ok)
        XCTAssertEqual(damaged.items.first { $0.name == "full-text index" }?.ok, false, "\(damaged)")
        XCTAssertEqual(damaged.items.first { $0.name == "foreign keys" }?.ok, true)
        // Remove an article without its facet rows (GRDB turns foreign keys on; SQLite's own
        // default, and other tools', is off).
        try raw.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF; DELETE FROM article WHERE rowid = (SELECT max(rowid) FROM article)")
        }
        try raw.close()
        damaged = try openLibrary().check()
        let keys = try XCTUnwrap(damaged.items.first { $0.name == "foreign keys" })
        XCTAssertEqual(keys.ok, false)
        XCTAssertTrue(keys.detail.contains("of article_topic → article"), keys.detail)
        XCTAssertEqual(damaged.articles, 23)
    }

    /// Another application's SQLite file, and a library from a newer Dossier, are refused
    /// and left byte for byte as they were (issue 12, points 4 and 6).
    func testForeignAndNewerDatabasesAreRefusedUnchanged() throws {
        let foreign = dir + "/notes.sqlite"
        let q = try DatabaseQueue(path: foreign)
        try q.write { db in try db.execute(sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes(text) VALUES ('keep me')") }
        try q.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: foreign))
        XCTAssertThrowsError(try Library.open(at: foreign)) { e in
            XCTAssertTrue("\(e)".contains("not a Dossier library (its tables: notes)"), "\(e)")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: foreign)), before, "left unchanged")
        XCTAssertFalse(FileManager.default.fileExists(atPath: foreign + "-wal"))

        for (label, change) in [("migration", "INSERT INTO grdb_migrations(identifier) VALUES ('v99: from the future')"),
                                ("user_version", "PRAGMA user_version = 999")] {
            let path = dir + "/newer-\(label).sqlite"
            do {
                let lib = try Library.open(at: path)
                try lib.write { db in try db.execute(sql: "SELECT 1") }
            }
            let raw = try DatabaseQueue(path: path)
            try raw.writeWithoutTransaction { db in try db.execute(sql: change); try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            try raw.close()
            let was = try Data(contentsOf: URL(fileURLWithPath: path))
            XCTAssertThrowsError(try Library.open(at: path)) { e in
                XCTAssertTrue("\(e)".contains("made by a newer Dossier"), "\(label): \(e)")
                XCTAssertTrue("\(e)".contains(label == "migration" ? "\"v99: from the future\"" : "schema version 999"), "\(e)")
            }
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), was, "\(label): never written")
        }
    }

    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    func testHostileQueriesRunAgainstSQLite() throws {
        try copySeeds()
        let lib = try openLibrary()
        _ = try lib.index([dir + "/pages"])
        for text in QueryParserTests.hostile {
            guard let q = try? SearchQuery.parse(text) else { continue }
            XCTAssertNoThrow(try lib.search(q), text)
            XCTAssertNoThrow(try lib.facets(q), text)
        }
        XCTAssertEqual(try lib.search(SearchQuery.parse("U.S.")).total, try lib.search(SearchQuery.parse(#""u s""#)).total)
    }

    func testReadStateAndLookupErrors() throws {
        try copySeeds()
        let lib = try openLibrary()
        _ = try lib.index([dir + "/pages"])
        let hit = try XCTUnwrap(lib.search(SearchQuery.parse("kucoin")).hits.first)
        XCTAssertFalse(hit.read)
        try lib.setRead(hit.article.id, true)
        XCTAssertTrue(try XCTUnwrap(lib.search(SearchQuery.parse("kucoin")).hits.first).read)
        XCTAssertThrowsError(try lib.article(idPrefix: "zzzz"))
        XCTAssertThrowsError(try lib.article(idPrefix: "")) 
        // 24 ids over 16 hex digits: some first digit is shared, and that prefix is ambiguous.
        let ids = try lib.search(SearchQuery.parse(""), limit: 100).hits.map(\.article.id)
        let shared = try XCTUnwrap(Dictionary(grouping: ids, by: { $0.prefix(1) }).first { $0.value.count > 1 }?.key)
        XCTAssertThrowsError(try lib.article(idPrefix: String(shared))) { error in
            guard case LookupError.ambiguous(_, let candidates) = error else { return XCTFail("\(error)") }
            XCTAssertGreaterThan(candidates.count, 1)
        }
        XCTAssertEqual(try lib.article(idPrefix: String(ids[0].prefix(12))).id, ids[0])
    }

    func testDamagedLibraryGivesAClearError() throws {
        let path = dir + "/bad.sqlite"
        try Data("this is not a database at all, just text".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try Library.open(at: path)) { error in
            let e = error as? LibraryError
            XCTAssertEqual(e?.problem, "the library file is damaged or is not a Dossier library")
        }
    }

    /// A library kept up to date through changed and deleted pages holds what a fresh index
    /// of the folder would: when the page a story's full text came from changes or goes, the
    /// story is rebuilt from the pages that still show it (a teaser's text, not a ghost).
    func testChangedAndDeletedPagesEndAsAFreshIndex() throws {
        let pages = dir + "/pages", later = dir + "/later"
        _ = try RealisticCorpus(seed: 9).write(articles: 600, to: pages)
        let fm = FileManager.default
        let all = (fm.enumerator(atPath: pages)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".txt") }.sorted()
        // The earlier state of the folder: a fifth of the pages not there yet (moved, so
        // their times stay and they index as they will later).
        for name in all.suffix(all.count / 5) {
            try fm.createDirectory(atPath: (later + "/" + name as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try fm.moveItem(atPath: pages + "/" + name, toPath: later + "/" + name)
        }
        let kept = dir + "/kept.sqlite"
        _ = try Library.open(at: kept).index([pages])
        for name in all.suffix(all.count / 5) { try fm.moveItem(atPath: later + "/" + name, toPath: pages + "/" + name) }

        // Pages that hold the full text of a story another page also shows (a teaser).
        let shared = try DatabaseQueue(path: kept).read { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT f.path FROM article a JOIN file f ON f.id = a.fileId
                WHERE (SELECT count(DISTINCT s.fileId) FROM sighting s WHERE s.article = a.rowid) > 1 ORDER BY f.path
                """)
        }
        XCTAssertGreaterThanOrEqual(shared.count, 4, "the corpus has teasers of stories")
        // Delete some of them; cut the others down to their first lines (a changed page).
        for (n, path) in shared.prefix(6).enumerated() {
            if n % 2 == 0 {
                try fm.removeItem(atPath: path)
            } else {
                let text = try String(contentsOfFile: path, encoding: .utf8)
                try text.split(separator: "\n", omittingEmptySubsequences: false).prefix(3).joined(separator: "\n")
                    .write(toFile: path, atomically: false, encoding: .utf8)
            }
        }
        let updated = try Library.open(at: kept).index([pages], prune: true)
        XCTAssertGreaterThan(updated.filesRefreshed, 0, "pages sharing those stories were read again: \(updated.line)")
        XCTAssertTrue(updated.line.contains("re-read for stories they share"), updated.line)

        let fresh = dir + "/fresh.sqlite"
        _ = try Library.open(at: fresh).index([pages])
        func contents(_ path: String) throws -> [String] {
            try DatabaseQueue(path: path).read { db in
                try String.fetchAll(db, sql: """
                    SELECT a.id || ' ' || hex(a.body) || ' ' || f.path || ':' || a.line || ' ' || a.role || ' ' || a.tags
                        || ' seen: ' || (SELECT group_concat(g.path || ':' || s.line, ',') FROM
                            (SELECT * FROM sighting s JOIN file g ON g.id = s.fileId WHERE s.article = a.rowid ORDER BY g.path, s.line) s
                            JOIN file g ON g.id = s.fileId)
                    FROM article a JOIN file f ON f.id = a.fileId ORDER BY a.id
                    """)
            }
        }
        let (got, want) = (try contents(kept), try contents(fresh))
        XCTAssertEqual(got.count, want.count)
        XCTAssertEqual(Set(got).symmetricDifference(want).map { String($0.prefix(160)) }.sorted(), [])
        XCTAssertTrue(try Library.open(at: kept).check().ok)
    }

    /// Kills `dossier index` with SIGKILL mid-run, then checks the library is consistent and
    /// that the next run completes the work: the same articles as an uninterrupted run.
    func testInterruptedIndexingRecovers() throws {
        let binary = Bundle.main.bundleURL.appendingPathComponent("dossier")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else { throw XCTSkip("dossier binary not built") }
        let corpus = dir + "/corpus"
        _ = try SyntheticCorpus(seed: 7).write(articles: 3000, to: corpus)

        /// Runs `dossier index`; with `killWhenStored`, kills it (SIGKILL) as soon as the
        /// library holds more than that many articles: mid-run, whatever the machine's speed.
        /// `output`: what it printed, to explain a run that ended on its own.
        func run(_ library: String, killWhenStored: Int? = nil) throws -> (status: Int32, killed: Bool, output: String) {
            let p = Process()
            p.executableURL = binary
            p.arguments = ["index", "--library", library, corpus]
            let log = dir + "/index-\(UUID().uuidString).log"
            _ = FileManager.default.createFile(atPath: log, contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            defer { try? handle.close() }
            p.standardOutput = handle
            p.standardError = handle
            try p.run()
            if let threshold = killWhenStored {
                var config = Configuration()
                config.readonly = true
                config.prepareDatabase { db in Library.registerFunctions(db) }
                while p.isRunning {
                    let stored = (try? DatabaseQueue(path: library, configuration: config).read { db in
                        try Int.fetchOne(db, sql: "SELECT count(*) FROM article") ?? 0
                    }) ?? 0
                    if stored > threshold { kill(p.processIdentifier, SIGKILL); break }
                    usleep(2_000)   // a poll, not a wait for anything: the kill follows what is stored
                }
            }
            p.waitUntilExit()
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            return (p.terminationStatus, p.terminationReason == .uncaughtSignal, output)
        }

        let clean = dir + "/clean.sqlite"
        let first = try run(clean)
        XCTAssertEqual(first.status, 0, first.output)
        let expected = try Library.open(at: clean).articleCount()

        // The killed run goes into a library that already has a saved facet cache.
        let killed = dir + "/killed.sqlite"
        try copySeeds()
        let seedCount = try Library.open(at: killed).index([dir + "/pages"]).articlesNew
        let interrupted = try run(killed, killWhenStored: seedCount)
        XCTAssertTrue(interrupted.killed, "the run was killed mid-way; it ended by itself with status \(interrupted.status): \(interrupted.output)")
        let partial = try Library.open(at: killed)
        let integrity = try partial.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
        XCTAssertEqual(integrity, "ok")
        // FTS5's own check: the index agrees with the article table.
        XCTAssertNoThrow(try partial.write { db in
            try db.execute(sql: "INSERT INTO article_fts(article_fts, rank) VALUES ('integrity-check', 1)")
        })
        XCTAssertLessThan(try partial.articleCount(), expected + seedCount, "really interrupted: not everything was stored")
        XCTAssertGreaterThan(try partial.articleCount(), seedCount, "and after some batches were stored")
        // The saved facet cache of the first run is never taken for the interrupted one.
        XCTAssertEqual(try partial.facets(SearchQuery()).total, try partial.articleCount())

        let resumed = try run(killed)
        XCTAssertEqual(resumed.status, 0, resumed.output)
        let recovered = try Library.open(at: killed)
        let seeds = try Library.open(at: dir + "/seeds-only.sqlite").index([dir + "/pages"]).articlesNew
        XCTAssertEqual(try recovered.articleCount(), expected + seeds)
        XCTAssertEqual(try recovered.search(SearchQuery.parse("review -role:main"), limit: 1).total
                       + (try recovered.search(SearchQuery.parse("review role:main"), limit: 1).total),
                       try recovered.search(SearchQuery.parse("review"), limit: 1).total)
        XCTAssertEqual(try recovered.facets(SearchQuery()).total, try recovered.articleCount())
    }
}
