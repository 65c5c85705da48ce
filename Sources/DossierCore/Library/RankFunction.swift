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

    /// Per statement: average row length and each text phrase's idf.
    private final class Stats {
        var avgLength = 1.0
        var idf: [Double] = []
    }

    private static let weights: [Double] = [10, 1, 0]
    private static let k1 = 1.2, b = 0.75

    private static let rank: fts5_extension_function = { api, fts, ctx, argc, argv in
        guard let api = api?.pointee, let fts, let ctx else { return }
        let textPhrases = argc > 0 ? Int(sqlite3_value_int(argv![0])) : Int(api.xPhraseCount(fts))
        let stats: Stats
        if let data = api.xGetAuxdata(fts, 0) {
            stats = Unmanaged<Stats>.fromOpaque(data).takeUnretainedValue()
        } else {
            stats = Stats()
            var rows: sqlite3_int64 = 0, tokens: sqlite3_int64 = 0
            _ = api.xRowCount(fts, &rows)
            _ = api.xColumnTotalSize(fts, -1, &tokens)
            stats.avgLength = rows > 0 ? max(Double(tokens) / Double(rows), 1) : 1
            let n = min(textPhrases, Int(api.xPhraseCount(fts)))
            if n > 1 {
                for i in 0..<n {
                    var hits: sqlite3_int64 = 0
                    _ = api.xQueryPhrase(fts, Int32(i), &hits) { _, _, user in
                        user!.assumingMemoryBound(to: sqlite3_int64.self).pointee += 1
                        return SQLITE_OK
                    }
                    let idf = log((Double(rows) - Double(hits) + 0.5) / (Double(hits) + 0.5))
                    stats.idf.append(max(idf, 1e-6))
                }
            } else {
                stats.idf = Array(repeating: 1, count: max(n, 0))
            }
            let box = Unmanaged.passRetained(stats).toOpaque()
            let rc = api.xSetAuxdata(fts, box) { p in Unmanaged<Stats>.fromOpaque(p!).release() }
            guard rc == SQLITE_OK else { sqlite3_result_error_code(ctx, rc); return }
        }
        var instances: Int32 = 0
        guard api.xInstCount(fts, &instances) == SQLITE_OK else { sqlite3_result_error(ctx, "dossier_rank: xInstCount failed", -1); return }
        var freq = [Double](repeating: 0, count: stats.idf.count)
        for k in 0..<instances {
            var phrase: Int32 = 0, column: Int32 = 0, offset: Int32 = 0
            guard api.xInst(fts, k, &phrase, &column, &offset) == SQLITE_OK else { continue }
            let p = Int(phrase), c = Int(column)
            if p < freq.count, c < weights.count { freq[p] += weights[c] }
        }
        var length: Int32 = 0
        _ = api.xColumnSize(fts, -1, &length)
        let norm = k1 * (1 - b + b * Double(length) / stats.avgLength)
        var score = 0.0
        for (i, f) in freq.enumerated() where f > 0 {
            score += stats.idf[i] * (f * (k1 + 1)) / (f + norm)
        }
        sqlite3_result_double(ctx, -score)
    }
}
