import Foundation
import GRDB
import GRDBSQLite

/// Date order: the newest `limit` of the matching articles (published descending, then
/// most recently indexed; undated last), for filter-only queries and for words sorted by date;
/// or the oldest first (published ascending, then first indexed; undated still last).
enum NewestSearch {
    static func first(_ limit: Int, _ c: CompiledQuery, oldestFirst: Bool = false, cache warm: FacetCache?,
                      loadCache: () throws -> FacetCache, db: Database) throws -> Library.Found {
        let order: SQL = oldestFirst ? "published IS NULL, published, rowid" : "published DESC, rowid DESC"
        if let r = c.dateRange {
            // One date range and nothing else: a range of the date index, walked in its order
            // and counted there (the tags' postings marked against the cached date order cost
            // 27–45 ms at 1M, and a new process the cache's read).
            var range: [SQL] = []
            if let from = r.from { range.append("published >= \(from)") }
            if let before = r.before { range.append("published < \(before)") }
            let condition = range.joined(separator: " AND ")
            // Every article in a range has a date: the index's own order, either way.
            let order: SQL = oldestFirst ? "published, rowid" : "published DESC, rowid DESC"
            return Library.Found(
                rowids: try Int64.fetchAll(db, SQLRequest(literal: """
                    SELECT rowid FROM article INDEXED BY article_published WHERE \(literal: condition) ORDER BY \(literal: order) LIMIT \(limit)
                    """)),
                total: try Int.fetchOne(db, SQLRequest(literal: "SELECT count(*) FROM article INDEXED BY article_published WHERE \(literal: condition)")) ?? 0)
        }
        if let complement = c.complement, let warm {
            // "All but these": the few excluded are marked, the rest walked in date order.
            return try newest(limit, of: complement, cache: warm, inverted: true, oldestFirst: oldestFirst, db: db)
        }
        if c.match == nil, c.rowSet == nil, c.excludedRows == nil {
            return Library.Found(
                rowids: try Int64.fetchAll(db, SQLRequest(literal: "SELECT rowid FROM article ORDER BY \(literal: order) LIMIT \(limit)")),
                total: try Int.fetchOne(db, sql: "SELECT count(*) FROM article") ?? 0)
        }
        let matching = c.matching
        if let warm { return try newest(limit, of: matching, cache: warm, oldestFirst: oldestFirst, db: db) }
        let total = try Int.fetchOne(db, SQLRequest<Int>(literal: "SELECT count(*) FROM (\(literal: matching))")) ?? 0
        if total <= 2000 {
            // A small set: looked up and sorted.
            let rowids = try Int64.fetchAll(db, SQLRequest(literal: """
                SELECT rowid FROM article WHERE rowid IN (\(literal: matching)) ORDER BY \(literal: order) LIMIT \(limit)
                """))
            return Library.Found(rowids: rowids, total: total)
        }
        if c.match != nil || oldestFirst { return try newest(limit, of: matching, cache: loadCache(), oldestFirst: oldestFirst, db: db) }
        // A large filter set: the date index walked newest first until enough members turn up.
        let rowids = try Int64.fetchAll(db, SQLRequest(literal: """
            WITH m(id) AS MATERIALIZED (\(literal: matching))
            SELECT rowid FROM article INDEXED BY article_published WHERE rowid IN m ORDER BY published DESC, rowid DESC LIMIT \(limit)
            """))
        return Library.Found(rowids: rowids, total: total)
    }

    /// The matches marked in a bitmap, then the cached date order walked until enough turn
    /// up (SQL would materialise every match and sort it).
    /// `inverted`: `matching` gives the articles to leave out.
    static func newest(_ limit: Int, of matching: SQL, cache: FacetCache, inverted: Bool = false, oldestFirst: Bool = false,
                       db: Database) throws -> Library.Found {
        var marked = [Bool](repeating: inverted, count: cache.rowids.count)
        var total = inverted ? cache.rowids.count : 0
        for p in try Library.positions(matching, cache: cache, db: db) where marked[p] != !inverted {
            marked[p] = !inverted
            total += inverted ? -1 : 1
        }
        var rowids: [Int64] = []
        for p in cache.dateOrder(oldestFirst: oldestFirst) where marked[Int(p)] {
            if rowids.count == limit { break }
            rowids.append(cache.rowids[Int(p)])
        }
        return Library.Found(rowids: rowids, total: total)
    }
}

extension Library {
    /// Runs `sql`, calling `row` with the statement handle for each row. Stepped by hand:
    /// a cursor's per-row overhead doubled the cost of 100k rows.
    static func step(_ sql: SQL, db: Database, row: (OpaquePointer) throws -> Void) throws {
        let (text, arguments) = try sql.build(db)
        let statement = try db.makeStatement(sql: text)
        try statement.setArguments(arguments)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        while true {
            let rc = sqlite3_step(handle)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: text)
            }
            try row(handle)
        }
    }

    /// The facet-cache positions of the rowids `sql` gives (its first column).
    static func positions(_ sql: SQL, cache: FacetCache, db: Database) throws -> [Int] {
        var out: [Int] = []
        try step(sql, db: db) { handle in
            if let p = cache.position(of: sqlite3_column_int64(handle, 0)) { out.append(p) }
        }
        return out
    }
}
