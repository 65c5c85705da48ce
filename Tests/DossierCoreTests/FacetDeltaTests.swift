import DossierBench
import Foundation
import GRDB
import GRDBSQLite
import Testing
@testable import DossierCore

/// The saved facet cache patched with the articles written since (`FacetDelta`) is the
/// cache a build from the tables gives, after any sequence of index runs.
@Suite struct FacetDeltaTests {
    /// What a cache says, position by position, in comparable form.
    struct Contents: Equatable {
        var rowids: [Int64]
        var newestFirst: [Int64]
        var undated: Int
        var columns: [[[String]]]

        init(_ c: FacetCache) {
            rowids = c.rowids
            newestFirst = c.newestFirst.map { c.rowids[Int($0)] }
            undated = c.undated
            columns = [c.countries, c.authorities, c.topics, c.categories, c.months].map { Self.perArticle($0, count: c.rowids.count) }
        }

        /// Each article's value names.
        static func perArticle(_ column: FacetCache.Column, count: Int) -> [[String]] {
            var out: [[String]] = []
            for p in 0..<count {
                let range = Int(column.starts[p])..<Int(column.starts[p + 1])
                out.append(range.map { column.names[Int(column.values[$0])] })
            }
            return out
        }
    }

    /// Pages are added, rewritten with another page's text, cut short (a teaser of what they
    /// held) and deleted, one at a time, by a seeded sequence; after every run the patched
    /// snapshot equals a fresh build, names and their order included.
    @Test func patchedSnapshotEqualsAFreshBuild() throws {
        let fm = FileManager.default
        let scratch = try ScratchFolder("delta")
        defer { scratch.remove() }
        let pages = scratch.pages
        let devset = Repo.fixture("devset")
        let pool = try fm.contentsOfDirectory(atPath: devset).filter { $0.hasSuffix(".txt") }.sorted().map { devset + "/" + $0 }
            + (0...4).map { Repo.seed(String(format: "%03d", $0)) }
        let texts = try pool.map { try String(contentsOfFile: $0, encoding: .utf8) }
        for (n, text) in texts.prefix(12).enumerated() { try text.write(toFile: pages + "/p\(n).txt", atomically: true, encoding: .utf8) }
        // Teasers in the saved cache, whose full text comes later.
        for (n, text) in texts[12...].enumerated() { try String(text.prefix(text.count / 2)).write(toFile: pages + "/t\(n).txt", atomically: true, encoding: .utf8) }
        let library = try Library.open(at: scratch.library)
        _ = try library.index([pages])
        #expect(try library.read { db in try FacetDelta.count(db) } == 0, "a first run saves the cache")

        var rng = SyntheticCorpus.SplitMix(seed: 12)
        var next = 12, patched = 0, updated = 0
        for step in 0..<60 {
            let present = try fm.contentsOfDirectory(atPath: pages).sorted()
            let target = pages + "/" + rng.pick(present)
            var prune = false
            switch rng.next(4) {
            case 0: try rng.pick(texts).write(toFile: pages + "/p\(next).txt", atomically: true, encoding: .utf8); next += 1
            case 1: try rng.pick(texts).write(toFile: target, atomically: true, encoding: .utf8)
            case 2:
                // Half a page: cut in place, or new (its full text, added later, replaces it).
                let fresh = rng.next(2) == 0
                let text = fresh ? rng.pick(texts) : try String(contentsOfFile: target, encoding: .utf8)
                try String(text.prefix(text.count / 2)).write(toFile: fresh ? pages + "/p\(next).txt" : target, atomically: true, encoding: .utf8)
                if fresh { next += 1 }
            default: try fm.removeItem(atPath: target); prune = true
            }
            let summary = try library.index([pages], prune: prune)
            updated += summary.articlesUpdated
            try library.read { db in
                let generation = try Library.generation(db)
                let fresh = try FacetCache.load(db, generation: generation)
                guard let current = try FacetSnapshot.current(db, generation: generation) else {
                    Issue.record("step \(step): no saved cache to patch"); return
                }
                if try FacetDelta.count(db) > 0 { patched += 1 }
                #expect(Contents(current) == Contents(fresh), "step \(step)")
                // Names as the build orders them (the sidebar lists them in this order).
                #expect(current.authorities.names == fresh.authorities.names && current.months.names == fresh.months.names, "step \(step)")
                // The token lengths, patched the same way: every article's, and none for the deleted.
                func known(_ l: LengthCache) -> [Int: Int32] {
                    Dictionary(uniqueKeysWithValues: l.lengths.enumerated().filter { $0.element >= 0 }.map { ($0.offset, $0.element) })
                }
                let lengths = try #require(try LengthSnapshot.current(db, generation: generation), "step \(step): no saved lengths")
                let built = try LengthCache.build(db, generation: generation)
                #expect(known(lengths) == known(built), "step \(step)")
                #expect(Set(known(built).keys) == Set(fresh.rowids.map(Int.init)), "step \(step): a length for each article")
            }
        }
        #expect(patched > 45, "most runs leave marks to patch in (\(patched))")
        #expect(updated > 0, "some teasers were replaced by their full text")
    }

    /// Marks left by a small run (one page indexed by name) are folded into the saved caches
    /// by the next run that changes nothing: the snapshots as saved then equal a fresh build,
    /// and no marks are left for every reader to patch in again.
    @Test func anUnchangedRunFoldsTheMarksIn() throws {
        let scratch = try ScratchFolder("fold")
        defer { scratch.remove() }
        let pages = scratch.pages
        let texts = try (0...4).map { try String(contentsOfFile: Repo.seed(String(format: "%03d", $0)), encoding: .utf8) }
        for (n, text) in texts.prefix(4).enumerated() { try text.write(toFile: pages + "/p\(n).txt", atomically: true, encoding: .utf8) }
        let library = try Library.open(at: scratch.library)
        _ = try library.index([pages])
        // One page rewritten with another's text and indexed by name: a small run leaves marks.
        try texts[4].write(toFile: pages + "/p1.txt", atomically: true, encoding: .utf8)
        _ = try library.index([pages + "/p1.txt"])
        #expect(try library.read { db in try FacetDelta.count(db) } > 0, "the small run left marks")
        let before = try library.read { db in try Library.generation(db) }
        let summary = try library.index([pages])
        #expect(summary.filesIndexed == 0, "nothing changed in the folder")
        try library.read { db in
            #expect(try FacetDelta.count(db) == 0, "the marks were folded in")
            let generation = try Library.generation(db)
            #expect(generation != before)
            let saved = try #require(try FacetSnapshot.load(db))
            #expect(saved.generation == generation)
            #expect(Contents(saved) == Contents(try FacetCache.load(db, generation: generation)))
            // Every article's token length as saved, and none for the replaced one (-1 slots aside).
            func known(_ l: [Int32]) -> [Int: Int32] {
                Dictionary(uniqueKeysWithValues: l.enumerated().filter { $0.element >= 0 }.map { ($0.offset, $0.element) })
            }
            let lengths = try #require(try LengthSnapshot.load(db))
            #expect(known(lengths.lengths) == known(try LengthCache.build(db, generation: generation).lengths))
        }
        // A run with nothing changed and nothing marked leaves the library as it was.
        let folded = try library.read { db in try Library.generation(db) }
        _ = try library.index([pages])
        #expect(try library.read { db in try Library.generation(db) } == folded)
    }

    /// Patching reads the marked articles' rows and no others: its SQL work does not grow
    /// with the library. (Left to itself, SQLite's planner scanned each whole facet index and
    /// looked every row up among the marks: 0.5 s per command at 1M articles.)
    @Test func patchingReadsOnlyTheMarkedRows() throws {
        let scratch = try ScratchFolder("delta")
        defer { scratch.remove() }
        _ = try RealisticCorpus(seed: 21).write(articles: 1_500, to: scratch.pages)
        let library = try Library.open(at: scratch.library)
        _ = try library.index([scratch.pages])
        try library.write { db in
            let articles = try Int.fetchOne(db, sql: "SELECT count(*) FROM article") ?? 0
            #expect(articles > 1_000)
            let some = try Int64.fetchAll(db, sql: "SELECT rowid FROM article ORDER BY rowid LIMIT 3 OFFSET 500")
            for r in some { try FacetDelta.mark(r, db: db) }
            let base = try #require(try FacetSnapshot.load(db))
            // SQLite calls the progress handler once per virtual-machine instruction here.
            var steps = 0
            try withUnsafeMutablePointer(to: &steps) { counter in
                sqlite3_progress_handler(db.sqliteConnection, 1, { p in p!.assumingMemoryBound(to: Int.self).pointee += 1; return 0 }, counter)
                defer { sqlite3_progress_handler(db.sqliteConnection, 0, nil, nil) }
                _ = try base.patched(db, generation: "test")
            }
            #expect(steps > 0, "the handler counted the patch's SQL")
            #expect(steps < articles, "patching 3 marks took \(steps) SQL steps in a library of \(articles) articles")
        }
    }

    /// An index run finds the stale pages through their partial index, not by reading every
    /// row of the file table (the planner preferred the path index when asked to sort).
    @Test func stalePagesAreFoundThroughTheirIndex() throws {
        let dir = NSTemporaryDirectory() + "dossier-stale-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let library = try Library.open(at: dir + "/library.sqlite")
        let plan = try library.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + Library.staleFiles).map { $0["detail"] as String }.joined(separator: "; ")
        }
        #expect(plan.contains("file_stale") && !plan.contains("autoindex"), "\(plan)")
    }

    /// Rowid to position: by table when rowids are dense, by binary search when sparse; the
    /// same answers either way, none for rowids that are not articles.
    @Test func positionsByTableAndBySearchAgree() {
        var rng = SyntheticCorpus.SplitMix(seed: 31)
        for spread in [1, 3, 50_000] {
            var rowids: [Int64] = []
            var r: Int64 = 0
            for _ in 0..<2_000 { r += Int64(1 + rng.next(spread)); rowids.append(r) }
            let empty = FacetCache.Column(names: [], starts: [Int32](repeating: 0, count: rowids.count + 1), values: [])
            let cache = FacetCache(generation: "t", rowids: rowids, newestFirst: [], undated: 0, countries: empty, authorities: empty,
                                   topics: empty, categories: empty, months: empty)
            var wrong = 0
            for probe in stride(from: -2, through: r + 2, by: max(1, Int(r) / 20_000)) where cache.position(of: probe) != FacetCache.position(of: probe, in: rowids) {
                wrong += 1
            }
            for (p, id) in rowids.enumerated() where cache.position(of: id) != p { wrong += 1 }
            #expect(wrong == 0, "spread \(spread)")
        }
    }
}
