import Foundation
import GRDB
import GRDBSQLite

/// Relevance order: the exact top `limit` by `dossier_rank` (BM25, title ×10) over every
/// article that matches. No cut-off: one pass over the matches scores each of them and
/// keeps the best in a bounded list, and counts them on the way.
///
/// Ties (equal scores) go to the more recently indexed article (the higher rowid).
enum RankedSearch {
    /// `lengths`: the library's token counts by rowid (`LengthCache`), when loaded.
    /// `offset`: the best `offset` are passed over (a later stretch of the results).
    /// `rowids`: only the articles in this range (one half of a split search, `RowidHalves`).
    static func top(_ limit: Int, from offset: Int = 0, match: String, _ c: CompiledQuery, lengths: [Int32]?,
                    rowids: ClosedRange<Int64>? = nil, db: Database) throws -> Library.Found {
        let rank = "\(RankFunction.name)(article_fts, \(c.textPhrases))"
        let range: SQL = rowids.map(CompiledQuery.rowid(in:)) ?? ""
        // The full-text table alone (no join): a join costs a B-tree lookup per match. With
        // leftover SQL filters the allowed rowids are materialised once and tested per
        // match; BM25 is computed only for members (CASE), never by probing the index per
        // allowed rowid (that recomputes BM25's statistics each time).
        let sql: SQL
        if let filters = c.rowFilters {
            sql = """
                \(literal: filters.with)
                SELECT rowid, CASE WHEN \(literal: filters.test) THEN \(sql: rank) END FROM article_fts WHERE article_fts MATCH \(match)\(literal: range)
                """
        } else {
            sql = "SELECT rowid, \(sql: rank) FROM article_fts WHERE article_fts MATCH \(match)\(literal: range)"
        }
        var best = TopK(offset + limit)
        var total = 0
        try RankFunction.withLengths(lengths, db: db) {
            try Library.step(sql, db: db) { handle in
                guard sqlite3_column_type(handle, 1) != SQLITE_NULL else { return }
                total += 1
                best.offer(score: sqlite3_column_double(handle, 1), rowid: sqlite3_column_int64(handle, 0))
            }
        }
        var found = Library.Found(total: total)
        for (s, r) in best.sorted().dropFirst(offset) {
            found.rowids.append(r)
            found.scores[r] = -s
        }
        return found
    }
}

/// The `k` best (score, rowid) pairs seen: lower score, then higher rowid. A binary heap
/// with the worst kept at the root, so each offer costs O(log k) even when `k` is every
/// match (a reader's last page of a million results).
struct TopK {
    let k: Int
    private var heap: [(Double, Int64)] = []

    init(_ k: Int) { self.k = max(0, k) }

    static func better(_ a: (Double, Int64), _ b: (Double, Int64)) -> Bool { a.0 < b.0 || (a.0 == b.0 && a.1 > b.1) }

    mutating func offer(score: Double, rowid: Int64) {
        let x = (score, rowid)
        if heap.count < k {
            heap.append(x)
            siftUp(heap.count - 1)
        } else if k > 0, Self.better(x, heap[0]) {
            heap[0] = x
            siftDown(0)
        }
    }

    /// The pairs kept, best first.
    func sorted() -> [(Double, Int64)] { heap.sorted(by: Self.better) }

    // The root is the worst: a parent is never better than its children.
    private mutating func siftUp(_ i: Int) {
        var i = i
        while i > 0 {
            let parent = (i - 1) / 2
            guard Self.better(heap[parent], heap[i]) else { return }
            heap.swapAt(parent, i)
            i = parent
        }
    }

    private mutating func siftDown(_ i: Int) {
        var i = i
        while true {
            let l = 2 * i + 1, r = l + 1
            var worst = i
            if l < heap.count, Self.better(heap[worst], heap[l]) { worst = l }
            if r < heap.count, Self.better(heap[worst], heap[r]) { worst = r }
            if worst == i { return }
            heap.swapAt(i, worst)
            i = worst
        }
    }
}
