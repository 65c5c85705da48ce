import DossierBench
import Foundation
import GRDB
import Testing
@testable import DossierCore

/// A shortlist gives the same best articles, scores and order as ranking every match, after
/// any sequence of additions, removals and replacements, for any average length.
@Suite struct ShortlistTests {
    typealias Member = Shortlist.Member

    /// The best `n` of `all` as `RankedSearch` finds them: every match scored, `TopK` keeping
    /// the best.
    static func fullRanking(_ all: [Int64: Member], _ n: Int, from offset: Int = 0, avg: Double) -> [(score: Double, rowid: Int64)] {
        var top = TopK(offset + n)
        for m in all.values { top.offer(score: RankFunction.singlePhraseScore(hits: m.hits, length: m.length, avgLength: avg), rowid: m.rowid) }
        return top.sorted().dropFirst(offset).map { (score: $0.0, rowid: $0.1) }
    }

    /// A seeded run of changes; `hits` and `length` draw an article's counts. Checked every
    /// `every` changes against the full ranking at four average lengths, and the invariant
    /// (every non-member beaten by `guarantee` members) checked directly.
    static func run(seed: UInt64, steps: Int, every: Int, hits: (inout SyntheticCorpus.SplitMix) -> Int32,
                    length: (inout SyntheticCorpus.SplitMix) -> Int32) throws {
        var rng = SyntheticCorpus.SplitMix(seed: seed)
        var list = Shortlist()
        var all: [Int64: Member] = [:]
        var next: Int64 = 1
        var checks = 0
        for step in 1...steps {
            let roll = rng.next(100)
            if roll < 80 || all.isEmpty {
                let m = Member(rowid: next, hits: hits(&rng), length: length(&rng))
                next += 1 + Int64(rng.next(3))
                all[m.rowid] = m
                list.add(m)
            } else {
                let victim = all.keys.sorted()[rng.next(all.count)]
                list.remove(rowid: victim)
                all[victim] = nil
                if roll < 90 {
                    // Replaced: the same rowid with new text.
                    let m = Member(rowid: victim, hits: hits(&rng), length: length(&rng))
                    all[victim] = m
                    list.add(m)
                }
            }
            if list.guarantee < 60 {
                // What a library does when a list can no longer answer a first screen: build it again.
                list = Shortlist()
                for m in all.values.sorted(by: { $0.rowid < $1.rowid }) { list.add(m) }
            }
            #expect(list.matches == all.count)
            guard step % every == 0 else { continue }
            if step % (every * 4) == 0 { list.sweep() }
            checks += 1
            let members = Set(list.members.map(\.rowid))
            for x in all.values where !members.contains(x.rowid) {
                let beaters = list.members.filter { Shortlist.beats($0, x) }.count
                #expect(beaters >= list.guarantee, "rowid \(x.rowid) beaten by \(beaters) members, guarantee \(list.guarantee)")
            }
            for avg in [1.0, 37.5, 611.3, 9_000.0] {
                for (n, offset) in [(1, 0), (10, 0), (50, 0), (10, 45), (list.guarantee, 0)] {
                    let fast = try #require(list.best(n, from: offset) { RankFunction.singlePhraseScore(hits: $0.hits, length: $0.length, avgLength: avg) })
                    let full = fullRanking(all, n, from: offset, avg: avg)
                    #expect(fast.map(\.rowid) == full.map(\.rowid), "step \(step), avg \(avg), best \(n) from \(offset)")
                    #expect(fast.map(\.score) == full.map(\.score))
                }
            }
            #expect(list.best(list.guarantee + 1) { _ in 0 } == nil)
        }
        #expect(checks == steps / every)
    }

    /// Counts as a library's are: a few hits in most articles, many in a few, titles ×10.
    @Test func answersAsTheFullRankingDoes() throws {
        try Self.run(seed: 11, steps: 3_000, every: 150,
                     hits: { r in Int32(r.next(4) == 0 ? 0 : r.next(6) + (r.next(20) == 0 ? 10 * (1 + r.next(2)) : 0) + (r.next(50) == 0 ? r.next(200) : 0)) },
                     length: { r in Int32(40 + r.next(1_200) + (r.next(30) == 0 ? r.next(20_000) : 0)) })
    }

    /// Few distinct counts, so that most articles tie with many others: ties go to the higher
    /// rowid, in the list as in the full ranking.
    @Test func tiesGoToTheHigherRowidAsInTheFullRanking() throws {
        try Self.run(seed: 5, steps: 2_000, every: 100, hits: { r in Int32(r.next(4)) }, length: { r in Int32(10 + r.next(4)) })
    }

    /// A seeded run of changes to a grouped list (a prefix and its completion, each weighted
    /// by its own idf), checked every 150 changes: its counts, the invariant (every left-out
    /// article beaten by `guarantee` members), and its answers against ranking every match for
    /// each of `weights` (idfs and average length). Returns how many answers it gave of those asked.
    static func runGrouped(seed: UInt64, weights: [((Double, Double), Double)], draw: (inout SyntheticCorpus.SplitMix, Int64) -> Member) throws -> (answered: Int, asked: Int, members: Int, matches: Int) {
        var rng = SyntheticCorpus.SplitMix(seed: seed)
        var list = Shortlist(grouped: true)
        var all: [Int64: Member] = [:]
        var next: Int64 = 1, answered = 0, asked = 0
        for step in 1...3_000 {
            let roll = rng.next(100)
            if roll < 80 || all.isEmpty {
                let m = draw(&rng, next)
                next += 1 + Int64(rng.next(3))
                all[m.rowid] = m
                list.add(m)
            } else {
                let victim = all.keys.sorted()[rng.next(all.count)]
                list.remove(all[victim]!)
                all[victim] = nil
                if roll < 90 {
                    let m = draw(&rng, victim)
                    all[victim] = m
                    list.add(m)
                }
            }
            if list.guarantee < 60 {
                list = Shortlist(grouped: true)
                for m in all.values.sorted(by: { $0.rowid < $1.rowid }) { list.add(m) }
            }
            #expect(list.matches == all.count)
            #expect(list.phraseMatches.first == all.values.count(where: { $0.hits > 0 }))
            #expect(list.phraseMatches.second == all.values.count(where: { $0.hits2 > 0 }))
            guard step % 150 == 0 else { continue }
            if step % 600 == 0 { list.sweep() }
            let members = Set(list.members.map(\.rowid))
            for x in all.values where !members.contains(x.rowid) {
                let beaters = list.members.filter { $0.rowid != x.rowid && GroupDominance.beats($0, x) }.count
                #expect(beaters >= list.guarantee, "rowid \(x.rowid) beaten by \(beaters) members, guarantee \(list.guarantee)")
            }
            for (idf, avg) in weights {
                let score = { (m: Member) in RankFunction.twoPhraseScore(hits: (m.hits, m.hits2), idf: idf, length: m.length, avgLength: avg) }
                for (n, offset) in [(1, 0), (10, 0), (50, 0), (10, 45)] {
                    asked += 1
                    guard let fast = list.best(n, from: offset, score: score) else { continue }
                    answered += 1
                    var top = TopK(offset + n)
                    for m in all.values { top.offer(score: score(m), rowid: m.rowid) }
                    let full = top.sorted().dropFirst(offset)
                    #expect(fast.map(\.rowid) == full.map(\.1), "step \(step), idf \(idf), avg \(avg), best \(n) from \(offset)")
                    #expect(fast.map(\.score) == full.map(\.0))
                }
            }
        }
        return (answered, asked, list.members.count, all.count)
    }

    /// Counts as a library's: most articles have a few hits on the completion (a common stem),
    /// fewer on the prefix, titles ×10. Nearly every answer is given, from a small list.
    @Test func groupedListAnswersAsTheFullRankingDoes() throws {
        let run = try Self.runGrouped(seed: 23, weights: [((1e-6, 1e-6), 611.3), ((2.3, 1e-6), 37.5), ((0.4, 0.05), 900.0), ((7.0, 3.0), 1.0)]) { r, rowid in
            let h1 = Int32(r.next(3) == 0 ? r.next(4) + (r.next(15) == 0 ? 10 : 0) : 0)
            var h2 = Int32(r.next(5) == 0 ? 0 : r.next(7) + (r.next(12) == 0 ? 10 * (1 + r.next(2)) : 0))
            if h1 == 0, h2 == 0 { h2 = 1 }
            return Member(rowid: rowid, hits: h1, length: Int32(40 + r.next(1_500) + (r.next(40) == 0 ? r.next(30_000) : 0)), hits2: h2)
        }
        #expect(run.answered * 10 >= run.asked * 9, "most answers are given (\(run.answered) of \(run.asked))")
        #expect(run.members * 3 < run.matches, "the list keeps a small part of the matches (\(run.members) of \(run.matches))")
    }

    /// Scores that tie whatever the counts (a phrase weighted next to nothing, with hits so
    /// many that one more is lost in rounding; and few lengths): the list declines rather than
    /// answer wrongly when a left-out article could tie the last one given.
    @Test func groupedListDeclinesWhereTiesCouldHideAnArticle() throws {
        let run = try Self.runGrouped(seed: 9, weights: [((14.0, 1e-6), 600.0)]) { r, rowid in
            Member(rowid: rowid, hits: 5, length: Int32(100 + r.next(2)), hits2: Int32(60_000 + r.next(3)))
        }
        #expect(run.asked > 0)
    }

    /// A list saved and read back is the same list, and truncated or padded bytes are refused.
    /// The byte check behind each hash found (a guard against 64-bit collisions, which no
    /// corpus here produces): every key against itself, longer terms, and near misses.
    @Test func keysAreCheckedByTheirBytes() throws {
        let words = ["regul", "stablecoin", "the", "a", "香港"]
        let candidates = words.map { ShortlistKey(prefix: false, bytes: Array($0.utf8)) } + words.map { ShortlistKey(prefix: true, bytes: Array($0.utf8)) }
        let keys = ShortlistKeys(candidates)
        #expect(keys.keys.count == candidates.count)
        for (k, key) in keys.keys.enumerated() {
            let b = key.bytes
            #expect(keys.key(k, isPrefixOf: b))
            #expect(keys.key(k, isPrefixOf: b + Array("ation".utf8)))
            #expect(!keys.key(k, isPrefixOf: Array(b.dropLast())), "\(key.name) shorter")
            #expect(!keys.key(k, isPrefixOf: Array(b.dropLast()) + [b.last! ^ 1]), "\(key.name), its last byte changed")
            #expect(!keys.key(k, isPrefixOf: [b.first! ^ 1] + Array(b.dropFirst())), "\(key.name), its first byte changed")
            #expect(!keys.key(k, isPrefixOf: []))
        }
    }

    @Test func savedFormReadsBackWhole() throws {
        var rng = SyntheticCorpus.SplitMix(seed: 3)
        var list = Shortlist()
        for r in 1...2_000 { list.add(Member(rowid: Int64(r * 3), hits: Int32(rng.next(30)), length: Int32(1 + rng.next(3_000)))) }
        list.remove(rowid: list.members[0].rowid)
        // Read back, a list is swept (members beaten `depth` times dropped): so is this one.
        list.sweep()
        let bytes = list.encoded()
        let back = bytes.withUnsafeBytes { Shortlist(encoded: $0) }
        #expect(back == list)
        #expect(back?.guarantee == Shortlist.depth - 1)
        #expect(Array(bytes.dropLast()).withUnsafeBytes { Shortlist(encoded: $0) } == nil)
        #expect((bytes + [0]).withUnsafeBytes { Shortlist(encoded: $0) } == nil)
        // A grouped list keeps each phrase's matches and its members' second hits.
        var grouped = Shortlist(grouped: true)
        for r in 1...2_000 { grouped.add(Member(rowid: Int64(r), hits: Int32(rng.next(5)), length: Int32(1 + rng.next(3_000)), hits2: Int32(1 + rng.next(9)))) }
        grouped.sweep()
        let groupedBytes = grouped.encoded()
        let groupedBack = groupedBytes.withUnsafeBytes { Shortlist(encoded: $0, grouped: true) }
        #expect(groupedBack == grouped && groupedBack?.phraseMatches.second == 2_000)
        #expect(groupedBack?.members.contains { $0.hits2 > 1 } == true)
        #expect(Array(groupedBytes.dropLast()).withUnsafeBytes { Shortlist(encoded: $0, grouped: true) } == nil)
    }
    /// Hits and lengths counted from an article's tokens (`TermCounts`) give, through the
    /// shared formula, the very score `dossier_rank` gives each article FTS5 matches, for
    /// words and prefixes searched as queries search them (title and body); and the articles
    /// with hits are the ones FTS5 matches (none for a prefix found in the tags alone).
    @Test func countsFromTokensScoreAsTheRankFunctionDoes() throws {
        let seeds = SeedLibrary("shortlist-counts")
        defer { seeds.remove() }
        let lib = seeds.build()
        let counts: [Int64: TermCounts] = try lib.read { db in
            var out: [Int64: TermCounts] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT rowid, title, dossier_text(body), tags FROM article") {
                out[row[0]] = TermCounts(title: row[1], body: row[2], tags: row[3])
            }
            return out
        }
        #expect(counts.count > 20)
        let avg = try lib.read { db -> Double in
            let lengths = try LengthCache.build(db, generation: "test").lengths.filter { $0 >= 0 }
            return RankFunction.averageLength(rows: Int64(lengths.count), tokens: lengths.reduce(0) { $0 + Int64($1) })
        }
        for (match, key, prefix) in [("\"the\"", "the", false), ("\"regulation\"", "regul", false), ("\"stablecoins\"", "stablecoin", false),
                                     ("\"reg\" *", "reg", true), ("\"s\" *", "s", true), ("\"digit\" *", "digit", true),
                                     ("\"xc\" *", "xc", true)] {
            let ranked = try lib.read { db in
                try Row.fetchAll(db, sql: "SELECT rowid, dossier_rank(article_fts, 1) FROM article_fts WHERE article_fts MATCH ?",
                                 arguments: ["{title body} : " + match])
            }
            if key == "xc" {
                // Country tags start "xc": every article has one, and no query word finds them.
                let tagged = try lib.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM article_fts WHERE article_fts MATCH 'tags : \"xc\" *'") }
                #expect(tagged ?? 0 > 1)
                #expect(ranked.isEmpty)
            } else {
                #expect(ranked.count > 1, "\(match)")
            }
            for row in ranked {
                let c = try #require(counts[row[0]])
                let hits = try #require(prefix ? c.hits(prefix: Array(key.utf8)) : c.hits(word: Array(key.utf8)), "\(match) in \(row[0] as Int64)")
                #expect(RankFunction.singlePhraseScore(hits: hits, length: c.length, avgLength: avg) == row[1] as Double, "\(match) in \(row[0] as Int64)")
            }
            let ours = Set(counts.filter { (prefix ? $0.value.hits(prefix: Array(key.utf8)) : $0.value.hits(word: Array(key.utf8))) != nil }.keys)
            #expect(ours == Set(ranked.map { $0[0] as Int64 }), "\(match)")
        }
        // A prefix with its completion: two phrases, each weighted by the idf of the articles
        // with hits on it, as the lists' counts give it.
        let rows = Int64(counts.count)
        for (match, prefix, stem) in [("(\"regulat\" * OR \"regulation\")", "regulat", "regul"), ("(\"stable\" * OR \"stable\")", "stable", "stabl"),
                                      ("(\"digita\" * OR \"digital\")", "digita", "digit")] {
            let ranked = try lib.read { db in
                try Row.fetchAll(db, sql: "SELECT rowid, dossier_rank(article_fts, 2) FROM article_fts WHERE article_fts MATCH ?",
                                 arguments: ["{title body} : " + match])
            }
            #expect(ranked.count > 1, "\(match)")
            let first = Int64(counts.values.count(where: { $0.hits(prefix: Array(prefix.utf8)) != nil }))
            let second = Int64(counts.values.count(where: { $0.hits(word: Array(stem.utf8)) != nil }))
            let idf = (RankFunction.idf(rows: rows, matches: first), RankFunction.idf(rows: rows, matches: second))
            for row in ranked {
                let c = try #require(counts[row[0]])
                let hits = (c.hits(prefix: Array(prefix.utf8)) ?? 0, c.hits(word: Array(stem.utf8)) ?? 0)
                #expect(hits.0 + hits.1 > 0, "\(match) in \(row[0] as Int64)")
                #expect(RankFunction.twoPhraseScore(hits: hits, idf: idf, length: c.length, avgLength: avg) == row[1] as Double, "\(match) in \(row[0] as Int64)")
            }
        }
    }
}

/// Searches answered from the saved shortlists give what ranking every match gives, after a
/// seeded sequence of index runs that add, rewrite, cut and delete pages, with the lists
/// patched by readers between saves and by the indexer when it saves.
@Suite struct ShortlistSearchTests {
    /// Changes the pages under `pages` (the corpus writes them in numbered subfolders) as a
    /// folder changes between index runs: three deleted, three overwritten by others, two cut
    /// in half, and `adding` new ones whose "the" is doubled.
    static func change(_ pages: String, step: Int, adding: Int, rng: inout SyntheticCorpus.SplitMix) throws {
        let fm = FileManager.default
        var all = try fm.subpathsOfDirectory(atPath: pages).filter { $0.hasSuffix(".txt") }.sorted().map { pages + "/" + $0 }
        for _ in 0..<3 { let f = all.remove(at: rng.next(all.count)); try fm.removeItem(atPath: f) }
        for _ in 0..<3 { try String(contentsOfFile: rng.pick(all), encoding: .utf8).write(toFile: rng.pick(all), atomically: true, encoding: .utf8) }
        for _ in 0..<2 {
            let f = rng.pick(all), text = try String(contentsOfFile: f, encoding: .utf8)
            try String(text.prefix(text.count / 2)).write(toFile: f, atomically: true, encoding: .utf8)
        }
        for n in 0..<adding {
            let text = try String(contentsOfFile: rng.pick(all), encoding: .utf8)
            try text.replacingOccurrences(of: "the", with: "the the").write(toFile: pages + "/new-\(step)-\(n).txt", atomically: true, encoding: .utf8)
        }
    }

    /// A library of 600 realistic articles (corpus `seed`) indexed once, keeping lists of the
    /// words in 30% of them.
    static func listedLibrary(_ name: String, seed: UInt64, minimumGuarantee: Int) throws -> (ScratchFolder, Library) {
        let scratch = try ScratchFolder(name)
        _ = try RealisticCorpus(seed: seed).write(articles: 600, to: scratch.pages)
        let library = try Library.open(at: scratch.library)
        library.shortlistPolicyBox.value = ShortlistPolicy(minimumArticles: 100, share: 0.3, sampleSize: 200, minimumGuarantee: minimumGuarantee)
        _ = try library.index([scratch.pages])
        return (scratch, library)
    }

    @Test func searchesFromShortlistsMatchTheFullPass() throws {
        let (scratch, library) = try Self.listedLibrary("shortlist", seed: 31, minimumGuarantee: 60)
        defer { scratch.remove() }
        let pages = scratch.pages
        let listed = try library.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM shortlist") ?? 0 }
        #expect(listed > 50, "the first run saves lists (\(listed))")

        let queries = ["the", "regulation", "said", "reg*", "sta*", "s*", "t*", "bank*", "guidance", "digital",
                       "regula*", "regulatio*", "stable*", "digita*", "tokeni*"]
        let grouped = try library.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM shortlist WHERE key LIKE 'g:%'") ?? 0 }
        #expect(grouped > 5, "the first run saves grouped lists (\(grouped))")
        var answeredGrouped = 0
        var rng = SyntheticCorpus.SplitMix(seed: 8)
        var answered = 0, compared = 0, patchedReads = 0
        // The corpus writes its pages in numbered subfolders.
        for step in 0..<7 {
            if step > 0 {
                try Self.change(pages, step: step, adding: 2, rng: &rng)
                _ = try library.index([pages], prune: true)
                // Every third step the indexer saves (and so patches) the lists, as a large run would.
                if step % 3 == 0 { try library.write { db in try library.saveNewGeneration(db) } }
            }
            let marks = try library.read { db in try FacetDelta.count(db) }
            if marks > 0 { patchedReads += 1 }
            for text in queries {
                let q = try SearchQuery.parse(text)
                for (limit, offset) in [(50, 0), (20, 40), (1, 0)] {
                    let (short, full, completed) = try library.read { db in
                        let c = try library.compile(q, db: db)
                        return (try library.shortlistTop(c, limit: limit, offset: offset, db: db),
                                try RankedSearch.top(limit, from: offset, match: c.match!, c, lengths: nil, db: db),
                                c.single?.completions.count == 1)
                    }
                    compared += 1
                    guard let short else { continue }
                    answered += 1
                    if completed { answeredGrouped += 1 }
                    #expect(short.rowids == full.rowids, "step \(step), \(text), \(limit) from \(offset)")
                    #expect(short.rowids.map { short.scores[$0] } == full.rowids.map { full.scores[$0] }, "step \(step), \(text)")
                    #expect(short.total == full.total, "step \(step), \(text): \(short.total) matches against \(full.total)")
                }
            }
            // The search itself takes the list's answer.
            let viaSearch = try library.search(try SearchQuery.parse("the"), limit: 10)
            let full = try library.read { db in
                let c = try library.compile(try SearchQuery.parse("the"), db: db)
                return try RankedSearch.top(10, match: c.match!, c, lengths: nil, db: db)
            }
            #expect(viaSearch.hits.map { $0.article.id }.count == full.rowids.count && viaSearch.total == full.total)
        }
        #expect(answered > compared * 3 / 4, "most queries were answered from lists (\(answered) of \(compared))")
        #expect(answeredGrouped > 7 * 3 * 4, "prefixes typed past their stem were answered from grouped lists (\(answeredGrouped))")
        #expect(patchedReads >= 4, "readers patched the lists with marks (\(patchedReads) steps)")
    }
}

@Suite struct KeyFacetsTests {
    /// Facets of a common word or prefix come from its list's saved counts, and equal the
    /// counts over its matches: after the first run, after runs that delete, replace, cut and
    /// add pages (the lists and counts patched when saved), and never once a write leaves
    /// them behind (marks).
    @Test func facetsFromListsEqualTheCountsOverTheMatches() throws {
        let (scratch, library) = try ShortlistSearchTests.listedLibrary("keyfacets", seed: 47, minimumGuarantee: 20)
        defer { scratch.remove() }
        let pages = scratch.pages
        let queries = ["the", "regulation", "said", "reg*", "sta*", "s*", "t*", "guidance", "digital", "regula*", "stable*", "tokeni*"]
        var rng = SyntheticCorpus.SplitMix(seed: 5)
        var fromLists = 0, afterPatchedSave = 0, compared = 0
        for step in 0..<5 {
            var gone = 0
            if step > 0 {
                try ShortlistSearchTests.change(pages, step: step, adding: 1, rng: &rng)
                _ = try library.index([pages], prune: true)
                gone = try library.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM shortlist_gone") ?? 0 }
                // Saved as a large run saves, or (the last time) folded in as `index --watch`
                // and an unchanged run do, from the saved snapshots patched.
                if step == 4 {
                    #expect(try library.foldPendingMarks(), "the marks were folded in")
                } else if step % 2 == 0 {
                    try library.write { db in try library.saveNewGeneration(db) }
                }
            }
            let marks = try library.read { db in try FacetDelta.count(db) }
            for text in queries {
                let q = try SearchQuery.parse(text)
                let stored = try library.read { db in try library.storedFacets(library.compile(q, db: db), db: db) }
                let counted = try library.facets(q, split: .never, fromLists: false)
                compared += 1
                if marks > 0 { #expect(stored == nil, "step \(step), \(text): counts of an older generation are not used") }
                guard let stored else { continue }
                fromLists += 1
                if step > 0, gone > 0 { afterPatchedSave += 1 }
                #expect(stored == counted, "step \(step), \(text)")
                #expect(try library.facets(q) == counted, "step \(step), \(text): facets answers from the list")
            }
        }
        #expect(fromLists >= 3 * 10, "most queries were answered from counts (\(fromLists) of \(compared))")
        #expect(afterPatchedSave >= 2 * 10, "counts patched with gone articles were compared (\(afterPatchedSave))")
    }
}
