import Foundation
import GRDB
import GRDBSQLite

/// When a library keeps shortlists, and for which words and prefixes.
struct ShortlistPolicy: Sendable {
    /// Below this many articles a full pass over any word's matches is quick: no lists.
    var minimumArticles = 20_000
    /// A word or prefix gets a list when at least this share of the articles has it (at 1M
    /// articles a full pass over a fifth of them takes about 50 ms).
    var share = 0.2
    /// Articles whose words are counted to choose the keys.
    var sampleSize = 20_000
    /// A list answering fewer than this many best articles is built again (a reader's first
    /// load is 60).
    var minimumGuarantee = 60
}

/// The saved shortlists (`Shortlist`) and how they stay the library's.
///
/// They follow the facet and length snapshots: saved in the same transaction that saves
/// those and clears the marks (`FacetDelta`), and patched, by the indexer when it saves and by
/// readers in between, with the articles marked since. A marked article is counted again from
/// its text now. Its text at the snapshot, needed to take it out of the lists it matched, is
/// kept when it is first removed or replaced (`shortlist_gone`, see `FullTextRows.remove`).
///
/// - `shortlist_state`: one row while lists are saved: the highest rowid given when they
///   were (`rowidHigh`: a marked article above it is new since) and the article count their
///   keys were chosen at.
/// - `shortlist(key, data)`: each list, `Shortlist.encoded()`.
/// - `shortlist_gone(article, title, body, tags)`: texts as they were at the snapshot.
enum ShortlistStore {
    struct State { var rowidHigh: Int64; var articles: Int }

    static func state(_ db: Database) throws -> State? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT rowidHigh, articles FROM shortlist_state WHERE id = 1")) else { return nil }
        return State(rowidHigh: row[0], articles: row[1])
    }

    // MARK: Writing

    /// Keeps the text of article `rowid` as it was at the snapshot, before it is removed or
    /// replaced (the first time since; later texts were never in the saved lists).
    static func noteRemoval(_ rowid: Int64, db: Database) throws {
        guard let high = try Int64.fetchOne(db.cachedStatement(sql: "SELECT rowidHigh FROM shortlist_state WHERE id = 1")), rowid <= high else { return }
        try db.executeCached(sql: """
            INSERT OR IGNORE INTO shortlist_gone(article, title, body, tags) SELECT rowid, title, body, tags FROM article WHERE rowid = ?
            """, arguments: [rowid])
    }

    /// Saves lists for the library as it is now, or drops them when it is too small. Called
    /// where the facet snapshot is saved, before the marks are cleared and while the snapshot
    /// saved with the lists is still there; `facets` is the facet cache about to be saved,
    /// over which each list's facet counts are kept (`KeyFacets`).
    static func save(_ db: Database, policy: ShortlistPolicy, facets cache: FacetCache) throws {
        let articles = try Int.fetchOne(db, sql: "SELECT count(*) FROM article") ?? 0
        guard articles >= policy.minimumArticles else { return try clear(db) }
        let marks = try Int64.fetchAll(db, sql: "SELECT article FROM facet_dirty ORDER BY article")
        if let state = try state(db), articles < 2 * max(state.articles, 1), marks.count * 4 <= articles,
           let (keys, lists, facets) = try patched(db, marks: marks, rowidHigh: state.rowidHigh, facets: cache),
           lists.allSatisfy({ $0.guarantee >= policy.minimumGuarantee }) {
            return try write(keys, lists, facets: facets, articles: state.articles, db: db)
        }
        try rebuild(db, policy: policy, articles: articles, facets: cache)
    }

    /// The saved lists and their facet counts with the marked articles taken out as they were
    /// and put back as they are; nil when something saved does not read back or is missing
    /// (the lists are then built again).
    private static func patched(_ db: Database, marks: [Int64], rowidHigh: Int64, facets cache: FacetCache) throws
        -> (keys: [ShortlistKey], lists: [Shortlist], facets: KeyFacets)? {
        var lists: [ShortlistKey: (list: Shortlist, facets: Data?)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT s.key, s.data, f.data FROM shortlist s LEFT JOIN shortlist_facets f USING (key)") {
            let data: Data = row[1]
            guard let key = ShortlistKey(name: row[0]),
                  let list = data.withUnsafeBytes({ Shortlist(encoded: $0, grouped: key.completion != nil) }) else { return nil }
            lists[key] = (list, row[2])
        }
        // The names the counts were saved under, and the snapshot saved with them, which
        // holds the values of the articles that have left since.
        guard let saved = try KeyFacets.savedNames(db) else { return nil }
        let delta = try Delta(marks: marks, rowidHigh: rowidHigh, db: db)
        var old: FacetCache?
        if !delta.gone.isEmpty {
            guard let snapshot = try FacetSnapshot.load(db, depth: .all), snapshot.generation == saved.generation else { return nil }
            old = snapshot
        }
        let oldNames = old.map { FacetCache.columnsInOrder($0).map(\.names) } ?? []
        let extra = (0..<5).map { c in saved.names[c] + (oldNames.isEmpty ? [] : oldNames[c]) }
        let index = ShortlistIndex(lists.keys.sorted { $0.name < $1.name })
        var facets = KeyFacets(lists: index.keys.count, names: KeyFacets.names(of: cache, adding: extra))
        let flat = facets.slotMap(forNames: saved.names).flatMap { $0 }
        for (l, key) in index.keys.enumerated() {
            guard let data = lists[key]!.facets, data.withUnsafeBytes({ facets.load(l, encoded: $0, flat: flat) }) else { return nil }
        }
        var goneSlots: [Int64: [Int32]] = [:], nowSlots: [Int64: [Int32]] = [:]
        var slots: [Int32] = []
        if let old {
            let columns = FacetCache.columnsInOrder(old), map = facets.slotMap(forNames: oldNames)
            for (r, _) in delta.gone {
                guard let p = old.position(of: r) else { return nil }
                KeyFacets.slots(of: p, in: columns, map: map, into: &slots)
                goneSlots[r] = slots
            }
        }
        old = nil   // the whole saved cache (60 MB at 1M), not kept while the lists are patched
        let columns = FacetCache.columnsInOrder(cache), nowMap = facets.slotMap(for: cache)
        for (r, _) in delta.now {
            guard let p = cache.position(of: r) else { return nil }
            KeyFacets.slots(of: p, in: columns, map: nowMap, into: &slots)
            nowSlots[r] = slots
        }
        var shortlists = index.keys.map { lists[$0]!.list }
        delta.apply(to: &shortlists, index: index) { l, r, removing in
            facets.count(l, slots: (removing ? goneSlots : nowSlots)[r] ?? [], removing: removing)
        }
        return (index.keys, shortlists, facets)
    }

    /// Chooses the keys from a sample of the articles (and the grouped keys from the library's
    /// words, `groupKeys`), then builds every list from all of them.
    static func rebuild(_ db: Database, policy: ShortlistPolicy, articles: Int, facets cache: FacetCache) throws {
        var counter = ShortlistKeyCounter()
        // Rowids are dense but for deleted articles: a step over their span picks about
        // `sampleSize` of them however many were deleted (fewer rows found where there were many).
        let span = try Row.fetchOne(db, sql: "SELECT min(rowid), max(rowid) FROM article")
        let first: Int64 = span?[0] ?? 0, last: Int64 = span?[1] ?? 0
        let step = max(1, (last - first + 1) / Int64(max(policy.sampleSize, 1)))
        try StoredCounts.forEach(db, sql: sampleText, arguments: [first, step, last], transform: { $0 }) { _, counts in counter.count(counts) }
        let words = counter.keys(share: policy.share)
        let index = ShortlistIndex(words + (try groupKeys(words: words, db: db)))
        var lists = index.emptyLists()
        var scratch = ShortlistIndex.Scratch()
        var facets = KeyFacets(lists: index.keys.count, names: KeyFacets.names(of: cache))
        let columns = FacetCache.columnsInOrder(cache), map = facets.slotMap(for: cache)
        var slots: [Int32] = [], counted = true
        var batch = KeyFacets.Batch(lists: index.keys.count)
        let masks = batch.masks
        // Through a buffer: a captured array checked its uniqueness on each of the ~800 adds an
        // article makes (3% of the rebuild, `perf`).
        try lists.withUnsafeMutableBufferPointer { lists in
            try StoredCounts.forEach(db, sql: "\(articleText) ORDER BY rowid", transform: { ($0.length, index.components.matches($0)) }) { rowid, found in
                if let p = cache.position(of: rowid) { KeyFacets.slots(of: p, in: columns, map: map, into: &slots) } else { counted = false; slots = [] }
                let bit = batch.next(slots: slots)
                index.forEachMember(rowid: rowid, length: found.0, matches: found.1, scratch: &scratch) { l, m in
                    lists[l].add(m)
                    masks[l] |= bit
                }
                if batch.isFull { facets.count(&batch) }
            }
        }
        facets.count(&batch)
        // An article the cache lacks (it is built in the same transaction, so never expected):
        // no counts are saved, and facets are counted over the matches.
        try write(index.keys, lists, facets: counted ? facets : nil, articles: articles, db: db)
    }

    /// Grouped keys for the prefixes a reader types on the way to a listed word past its stem
    /// (`regula`, `regulat`… of "regulation", whose stem is "regul"): each prefix of each word
    /// the library has with a listed stem, where the prefix is completed with one stem.
    static func groupKeys(words: [ShortlistKey], db: Database) throws -> [ShortlistKey] {
        let stems = Set(words.filter { !$0.prefix }.map { String(decoding: $0.bytes, as: UTF8.self) })
        guard !stems.isEmpty else { return [] }
        var prefixes = Set<String>()
        for row in try Row.fetchAll(db, sql: "SELECT surface, stem FROM search_word") where stems.contains(row[1]) {
            let surface: String = row[0]
            let scalars = Array(surface.unicodeScalars)
            guard scalars.count > 2 else { continue }
            for n in 2..<scalars.count { prefixes.insert(String(String.UnicodeScalarView(scalars[..<n]))) }
            prefixes.insert(surface)
        }
        var keys = Set<ShortlistKey>()
        for p in prefixes {
            let completions = try WordList.prefixTerms(p, db: db)
            if completions.count == 1, let k = ShortlistKey(query: p, prefix: true, completions: completions) { keys.insert(k) }
        }
        return keys.sorted { $0.name < $1.name }
    }

    /// An article's text as `StoredCounts` reads it.
    private static let articleText = "SELECT rowid, title, body, tags FROM article"

    /// The articles at rowids `?1`, `?1 + ?2`, … up to `?3`, each found by its key: a filter
    /// on `rowid % n` read every row, bodies and all, to keep one in fifty at 1M (0.6 s with
    /// the file in memory, 20 s without, against 0.1 s).
    private static let sampleText = """
        WITH RECURSIVE pick(r) AS (SELECT ?1 UNION ALL SELECT r + ?2 FROM pick WHERE r + ?2 <= ?3)
        SELECT a.rowid, a.title, a.body, a.tags FROM pick CROSS JOIN article a ON a.rowid = pick.r
        """

    private static func write(_ keys: [ShortlistKey], _ lists: [Shortlist], facets: KeyFacets?, articles: Int, db: Database) throws {
        try clearFacets(db)
        try db.execute(sql: "DELETE FROM shortlist; DELETE FROM shortlist_gone")
        let insert = try db.makeStatement(sql: "INSERT INTO shortlist(key, data) VALUES (?, ?)")
        let insertFacets = try db.makeStatement(sql: "INSERT INTO shortlist_facets(key, data) VALUES (?, ?)")
        for (l, (k, var list)) in zip(keys, lists).enumerated() {
            list.sweep()
            try insert.execute(arguments: [k.name, Data(list.encoded())])
            if let facets { try insertFacets.execute(arguments: [k.name, Data(facets.encoded(l))]) }
        }
        if let facets {
            // Labelled with the generation this save makes: any later write changes it.
            try SnapshotBlob.save("shortlist_facet_names", generation: Library.generation(db), db: db) { w in
                try KeyFacets.encodeNames(facets.names, into: &w)
            }
        }
        try db.execute(sql: "INSERT OR REPLACE INTO shortlist_state(id, rowidHigh, articles) VALUES (1, ?, ?)",
                       arguments: [try Library.articleRowidHigh(db), articles])
    }

    /// No lists: searches rank every match.
    static func clear(_ db: Database) throws {
        try clearFacets(db)
        try db.execute(sql: "DELETE FROM shortlist; DELETE FROM shortlist_gone; DELETE FROM shortlist_state")
    }

    private static func clearFacets(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM shortlist_facets; DELETE FROM shortlist_facet_names")
    }

    // MARK: Reading

    /// The marked articles as they were at the snapshot and as they are now, counted.
    struct Delta {
        /// Articles that were in the saved lists and have left them (removed or replaced).
        var gone: [(rowid: Int64, counts: TermCounts)] = []
        /// Articles to add as they are now (new since, or replaced).
        var now: [(rowid: Int64, counts: TermCounts)] = []

        init(marks: [Int64], rowidHigh: Int64, db: Database) throws {
            guard !marks.isEmpty else { return }
            // CROSS JOIN: the marks drive the loop (as in `FacetCache.patched`).
            try StoredCounts.forEach(db, sql: """
                SELECT g.article, g.title, g.body, g.tags FROM facet_dirty d CROSS JOIN shortlist_gone g ON g.article = d.article
                """, transform: { $0 }) { r, counts in gone.append((r, counts)) }
            // An article of the snapshot that was not removed still has the text the lists counted.
            try StoredCounts.forEach(db, sql: """
                SELECT a.rowid, a.title, a.body, a.tags FROM facet_dirty d CROSS JOIN article a ON a.rowid = d.article
                WHERE a.rowid > ? OR a.rowid IN (SELECT article FROM shortlist_gone)
                """, arguments: [rowidHigh], transform: { $0 }) { r, counts in now.append((r, counts)) }
        }

        /// Brings `lists` (one per key of `index`) up to date; `counted(list, rowid, removing)`
        /// follows each article a list takes out or adds (`KeyFacets`).
        func apply(to lists: inout [Shortlist], index: ShortlistIndex, counted: (Int, Int64, Bool) -> Void = { _, _, _ in }) {
            var scratch = ShortlistIndex.Scratch()
            for (r, c) in gone {
                index.forEachMember(rowid: r, counts: c, scratch: &scratch) { l, m in lists[l].remove(m); counted(l, r, true) }
            }
            for (r, c) in now {
                index.forEachMember(rowid: r, counts: c, scratch: &scratch) { l, m in lists[l].add(m); counted(l, r, false) }
            }
        }
    }
}

extension Library {
    /// The list of `key` for the library as it is now, or nil when there is none (a small
    /// library, a rare word, too many marks to patch).
    func shortlist(_ key: ShortlistKey, db: Database) throws -> Shortlist? {
        guard try db.tableExists("shortlist_state"), let state = try ShortlistStore.state(db),
              let data = try Data.fetchOne(db.cachedStatement(sql: "SELECT data FROM shortlist WHERE key = ?"), arguments: [key.name]),
              var list = data.withUnsafeBytes({ Shortlist(encoded: $0, grouped: key.completion != nil) }) else { return nil }
        let generation = try Self.generation(db)
        let delta: ShortlistStore.Delta
        if let cached = shortlistDeltaBox.value, cached.generation == generation {
            delta = cached.delta
        } else {
            guard try FacetDelta.count(db) <= FacetDelta.patchLimit else { return nil }
            let marks = try Int64.fetchAll(db, sql: "SELECT article FROM facet_dirty ORDER BY article")
            delta = try ShortlistStore.Delta(marks: marks, rowidHigh: state.rowidHigh, db: db)
            shortlistDeltaBox.value = (generation, delta)
        }
        let index = ShortlistIndex([key])
        guard index.keys.count == 1 else { return nil }
        var lists = [list]
        delta.apply(to: &lists, index: index)
        list = lists[0]
        return list
    }

    /// The best `limit` from `offset` on for a query of one word or prefix, from its list:
    /// the same articles, scores and order as `RankedSearch` gives, and the same match count.
    /// Nil when the query has more in it, or no list answers that deep.
    func shortlistTop(_ c: CompiledQuery, limit: Int, offset: Int, db: Database) throws -> Found? {
        guard let single = c.single, let key = ShortlistKey(query: single.word, prefix: single.prefix, completions: single.completions),
              let list = try shortlist(key, db: db), offset + limit <= list.guarantee, let totals = try FTS5Totals.read(db) else { return nil }
        let avg = RankFunction.averageLength(rows: totals.rows, tokens: totals.tokens)
        let score: (Shortlist.Member) -> Double
        if list.grouped {
            let idf = (RankFunction.idf(rows: totals.rows, matches: Int64(list.phraseMatches.first)),
                       RankFunction.idf(rows: totals.rows, matches: Int64(list.phraseMatches.second)))
            score = { RankFunction.twoPhraseScore(hits: ($0.hits, $0.hits2), idf: idf, length: $0.length, avgLength: avg) }
        } else {
            score = { RankFunction.singlePhraseScore(hits: $0.hits, length: $0.length, avgLength: avg) }
        }
        guard let best = list.best(limit, from: offset, score: score) else { return nil }
        var found = Found(total: list.matches)
        for (s, r) in best {
            found.rowids.append(r)
            found.scores[r] = -s
        }
        return found
    }
}

/// FTS5's own row count and token total (its "averages" record, rowid 1 of `%_data`), from
/// which BM25 takes the average length: what `RankFunction` reads through `xRowCount` and
/// `xColumnTotalSize`.
enum FTS5Totals {
    static func read(_ db: Database) throws -> (rows: Int64, tokens: Int64)? {
        guard let data = try Data.fetchOne(db.cachedStatement(sql: "SELECT block FROM article_fts_data WHERE id = 1")) else { return nil }
        return data.withUnsafeBytes { b -> (Int64, Int64)? in
            var at = 0
            guard let rows = varint(b, &at) else { return nil }
            var tokens: UInt64 = 0
            while at < b.count {
                guard let column = varint(b, &at) else { return nil }
                tokens &+= column
            }
            return (Int64(bitPattern: rows), Int64(bitPattern: tokens))
        }
    }

    /// SQLite's varint: big-endian 7-bit groups, the ninth byte whole.
    private static func varint(_ b: UnsafeRawBufferPointer, _ at: inout Int) -> UInt64? {
        var v: UInt64 = 0
        for i in 0..<9 {
            guard at < b.count else { return nil }
            let byte = b[at]
            at += 1
            if i == 8 { return (v << 8) | UInt64(byte) }
            v = (v << 7) | UInt64(byte & 0x7F)
            if byte & 0x80 == 0 { return v }
        }
        return v
    }
}
