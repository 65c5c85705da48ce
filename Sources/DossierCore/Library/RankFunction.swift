import Foundation
import GRDB
import GRDBSQLite

/// `dossier_rank(article_fts, textPhrases)`: Okapi BM25 as FTS5's own `bm25()` computes it
/// (k1 1.2, b 0.75, title weighted 10, body 1, tags 0), with one saving that matters at
/// scale. `bm25()` first counts, for every phrase of the query, the documents containing it:
/// a full pass over each posting list, as long as the search itself for a common word or
/// a phrase. The counts only set each phrase's weight (idf) relative to the others, so:
/// - the query's first `textPhrases` phrases are its words (the compiler puts them first);
///   the facet tags after them have weight 0 and are never counted;
/// - with one word or phrase, its idf scales every score alike and does not change the
///   order, so nothing is counted at all.
/// Like `bm25()`, lower is better.
enum RankFunction {
    static let name = "dossier_rank"

    static func register(_ db: Database) {
        let api = FTS5.api(db)
        _ = api.pointee.xCreateFunction(UnsafeMutablePointer(mutating: api), name, nil, rank, nil)
    }

    // MARK: Document lengths from memory

    /// Token counts by rowid that statements on a connection may use instead of asking FTS5
    /// for each row's size (a lookup in `%_docsize` per row, a large share of ranking a
    /// common word). Set around a statement by `withLengths`.
    private static let lock = NSLock()
    nonisolated(unsafe) private static var lengthsByConnection: [OpaquePointer: UnsafeBufferPointer<Int32>] = [:]

    /// Runs `body` with `lengths` (the library's current ones, from `LengthCache`) offered to
    /// the rank function on `db`'s connection.
    static func withLengths<T>(_ lengths: [Int32]?, db: Database, _ body: () throws -> T) rethrows -> T {
        guard let lengths, let handle = db.sqliteConnection else { return try body() }
        return try lengths.withUnsafeBufferPointer { buffer in
            lock.lock(); lengthsByConnection[handle] = buffer; lock.unlock()
            defer { lock.lock(); lengthsByConnection[handle] = nil; lock.unlock() }
            return try body()
        }
    }

    private static func lengths(for handle: OpaquePointer?) -> UnsafeBufferPointer<Int32>? {
        guard let handle else { return nil }
        lock.lock(); defer { lock.unlock() }
        return lengthsByConnection[handle]
    }

    // MARK: The function

    /// Per statement: average row length, each text phrase's idf, a scratch row of
    /// frequencies, and the lengths table if one was offered. Plain memory, no reference
    /// counting on the per-row path.
    private struct Stats {
        var avgLength = 1.0
        var phrases = 0
        var idf: UnsafeMutablePointer<Double>
        var freq: UnsafeMutablePointer<Double>
        var lengths: UnsafeBufferPointer<Int32>?
        /// Which column is the title's (`FullTextLayout`), read once per statement.
        var layout: FullTextLayout
    }

    private static let k1 = 1.2, b = 0.75

    private static func makeStats(_ api: Fts5ExtensionApi, _ fts: OpaquePointer, _ ctx: OpaquePointer, textPhrases: Int) -> UnsafeMutablePointer<Stats>? {
        var rows: sqlite3_int64 = 0, tokens: sqlite3_int64 = 0
        _ = api.xRowCount(fts, &rows)
        _ = api.xColumnTotalSize(fts, -1, &tokens)
        let n = max(0, min(textPhrases, Int(api.xPhraseCount(fts))))
        let idf = UnsafeMutablePointer<Double>.allocate(capacity: max(n, 1))
        let freq = UnsafeMutablePointer<Double>.allocate(capacity: max(n, 1))
        if n > 1 {
            for i in 0..<n {
                var hits: sqlite3_int64 = 0
                _ = api.xQueryPhrase(fts, Int32(i), &hits) { _, _, user in
                    user!.assumingMemoryBound(to: sqlite3_int64.self).pointee += 1
                    return SQLITE_OK
                }
                idf[i] = Self.idf(rows: rows, matches: hits)
            }
        } else {
            idf[0] = 1
        }
        let handle = sqlite3_context_db_handle(ctx)
        let stats = UnsafeMutablePointer<Stats>.allocate(capacity: 1)
        stats.initialize(to: Stats(avgLength: averageLength(rows: rows, tokens: tokens), phrases: n, idf: idf, freq: freq,
                                   lengths: lengths(for: handle), layout: FullTextLayout.of(handle: handle)))
        let rc = api.xSetAuxdata(fts, stats) { p in
            guard let s = p?.assumingMemoryBound(to: Stats.self) else { return }
            s.pointee.idf.deallocate(); s.pointee.freq.deallocate()
            s.deinitialize(count: 1); s.deallocate()
        }
        return rc == SQLITE_OK ? stats : nil
    }

    private static let rank: fts5_extension_function = { api, fts, ctx, argc, argv in
        guard let api = api?.pointee, let fts, let ctx else { return }
        let stats: UnsafeMutablePointer<Stats>
        if let data = api.xGetAuxdata(fts, 0) {
            stats = data.assumingMemoryBound(to: Stats.self)
        } else {
            let textPhrases = argc > 0 ? Int(sqlite3_value_int(argv![0])) : Int(api.xPhraseCount(fts))
            guard let made = makeStats(api, fts, ctx, textPhrases: textPhrases) else { sqlite3_result_error(ctx, "dossier_rank: out of memory", -1); return }
            stats = made
        }
        let n = stats.pointee.phrases
        let freq = stats.pointee.freq
        let layout = stats.pointee.layout
        // Each text phrase's own position list, walked directly: cheaper than xInstCount,
        // which first merges every phrase's instances (the facet tags' too) into one array.
        for i in 0..<n {
            var iter = Fts5PhraseIter()
            var column: Int32 = -1, offset: Int32 = 0
            var f = 0.0
            if api.xPhraseFirst(fts, Int32(i), &iter, &column, &offset) == SQLITE_OK {
                while column >= 0 {
                    f += layout.weight(ofColumn: column)
                    api.xPhraseNext(fts, &iter, &column, &offset)
                }
            }
            freq[i] = f
        }
        var length: Int32 = -1
        if let table = stats.pointee.lengths {
            let rowid = Int(api.xRowid(fts))
            if rowid >= 0, rowid < table.count { length = table[rowid] }
        }
        if length < 0 { _ = api.xColumnSize(fts, -1, &length) }
        let norm = norm(length: length, avgLength: stats.pointee.avgLength)
        var score = 0.0
        for i in 0..<n where freq[i] > 0 {
            score += phraseScore(idf: stats.pointee.idf[i], hits: freq[i], norm: norm)
        }
        sqlite3_result_double(ctx, -score)
    }

    // MARK: The formula, shared with `Shortlist`'s scoring

    /// BM25's length normalisation of an article of `length` tokens.
    @inline(__always)
    static func norm(length: Int32, avgLength: Double) -> Double { k1 * (1 - b + b * Double(length) / avgLength) }

    /// One phrase's part of an article's score.
    @inline(__always)
    static func phraseScore(idf: Double, hits: Double, norm: Double) -> Double { idf * (hits * (k1 + 1)) / (hits + norm) }

    /// What the function returns for a query of one word or phrase (idf 1, see above) in an
    /// article with `hits` weighted hits and `length` tokens: the same arithmetic, so the
    /// same value to the last bit.
    static func singlePhraseScore(hits: Int32, length: Int32, avgLength: Double) -> Double {
        var score = 0.0
        if hits > 0 { score += phraseScore(idf: 1, hits: Double(hits), norm: norm(length: length, avgLength: avgLength)) }
        return -score
    }

    /// A phrase's weight when the query has several: BM25's idf of a phrase found in `matches`
    /// of `rows` articles, never below 1e-6 (as `bm25()`).
    static func idf(rows: Int64, matches: Int64) -> Double {
        max(log((Double(rows) - Double(matches) + 0.5) / (Double(matches) + 0.5)), 1e-6)
    }

    /// What the function returns for a query of two phrases (a prefix and its completion)
    /// with those `idf`s: the same sum in the same order, so the same value to the last bit.
    static func twoPhraseScore(hits: (Int32, Int32), idf: (Double, Double), length: Int32, avgLength: Double) -> Double {
        let norm = norm(length: length, avgLength: avgLength)
        var score = 0.0
        if hits.0 > 0 { score += phraseScore(idf: idf.0, hits: Double(hits.0), norm: norm) }
        if hits.1 > 0 { score += phraseScore(idf: idf.1, hits: Double(hits.1), norm: norm) }
        return -score
    }

    /// The average length BM25 uses: FTS5's row count and token total, as `makeStats` reads them.
    static func averageLength(rows: Int64, tokens: Int64) -> Double {
        rows > 0 ? max(Double(tokens) / Double(rows), 1) : 1
    }
}
