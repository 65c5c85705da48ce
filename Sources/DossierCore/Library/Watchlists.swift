import Foundation
import GRDB

/// A named query kept in the library ("HK stablecoins" = `country:hk topic:stablecoins`),
/// with what it has gained since it was last opened.
public struct Watchlist: Sendable, Equatable {
    /// Its name, unique in the library regardless of case.
    public var name: String
    /// The query as it was saved.
    public var query: String
    /// Matching articles indexed after it was last opened (or saved).
    public var newCount: Int
    /// Every matching article, when asked for (`watchlists(totals: true)`).
    public var total: Int?
    /// When it was last opened (or saved).
    public var seenAt: Date
    /// Why its query no longer runs (the library's authorities changed), or nil; its counts
    /// are 0 then.
    public var problem: String?
    /// Where "new" starts: the articles indexed after it was last opened.
    public var since: WatchMark

    /// A watchlist as the library reports it (front ends' test doubles make their own).
    public init(name: String, query: String, newCount: Int = 0, total: Int? = nil, seenAt: Date = Date(),
                problem: String? = nil, since: WatchMark) {
        self.name = name; self.query = query; self.newCount = newCount; self.total = total
        self.seenAt = seenAt; self.problem = problem; self.since = since
    }
}

/// A point in the library's indexing history: articles indexed after it are new to a
/// watchlist. A reader keeps the one a watchlist was opened with, so re-sorting or paging
/// keeps the same articles marked (`Library.watchlistSearch`).
public struct WatchMark: Sendable, Equatable, Hashable {
    /// The highest article rowid at that point (rowids only grow).
    public let rowid: Int64

    /// The point after the article with this rowid.
    public init(rowid: Int64) { self.rowid = rowid }
}

/// A watchlist opened: its results with the new articles first (`SearchHit.isNew`).
public struct WatchlistResults: Sendable {
    /// The watchlist as it was before this opening: its `newCount` is what was new, and its
    /// `since` marks them (keep it to re-sort or page without losing the marks).
    public var watchlist: Watchlist
    /// New articles first, then the others, `limit` in all; `total` counts every match
    /// (or every new one, when only those were asked for).
    public var results: SearchResults
    /// False when the library is read-only and the opening could not be recorded.
    public var markedSeen: Bool

    /// An opened watchlist's answer.
    public init(watchlist: Watchlist, results: SearchResults, markedSeen: Bool) {
        self.watchlist = watchlist; self.results = results; self.markedSeen = markedSeen
    }
}

/// What can go wrong with a watchlist by name.
public enum WatchlistError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No watchlist has that name.
    case notFound(String)
    /// One already has it.
    case exists(String)
    /// The name cannot be used (empty, too long, or with control characters).
    case badName(String)

    /// The message for a person.
    public var description: String {
        switch self {
        case .notFound(let n): return "no watchlist named \"\(n)\" (`dossier watch list` shows them)"
        case .exists(let n): return "a watchlist named \"\(n)\" exists already (`dossier watch rm` it first)"
        case .badName(let why): return "bad watchlist name: \(why)"
        }
    }
}

extension Library {
    /// Longest watchlist name, in characters (it has to fit a sidebar).
    public static let watchlistNameLimit = 60

    /// Saves `query` under `name`. It counts as opened now: what is new is what gets
    /// indexed from here on. The query must parse against this library.
    @discardableResult
    public func addWatchlist(_ name: String, query: String) throws -> Watchlist {
        let name = name.trimmingCharacters(in: .whitespaces)
        if name.isEmpty { throw WatchlistError.badName("it is empty") }
        if name.count > Self.watchlistNameLimit { throw WatchlistError.badName("longer than \(Self.watchlistNameLimit) characters") }
        if TerminalText.visible(name) != name { throw WatchlistError.badName("it holds control or invisible characters") }
        let text = query.trimmingCharacters(in: .whitespaces)
        _ = try SearchQuery.parse(text, vocabulary: vocabulary())
        let now = Date()
        let saved: Watchlist? = try write { db in
            let high = try Self.articleRowidHigh(db)
            try db.execute(sql: "INSERT OR IGNORE INTO watchlist(name, query, seenRowid, seenAt, createdAt) VALUES (?, ?, ?, ?, ?)",
                           arguments: [name, text, high, now.timeIntervalSince1970, now.timeIntervalSince1970])
            guard db.changesCount > 0 else { return nil }
            return Watchlist(name: name, query: text, newCount: 0, total: nil, seenAt: now, problem: nil, since: WatchMark(rowid: high))
        }
        guard let saved else { throw WatchlistError.exists(name) }
        return saved
    }

    /// Deletes the watchlist called `name` (any case).
    public func removeWatchlist(_ name: String) throws {
        let removed = try write { db in
            try db.execute(sql: "DELETE FROM watchlist WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
        if !removed { throw WatchlistError.notFound(name) }
    }

    /// Every watchlist by name, with its new count (and its total with `totals`). A library
    /// with nothing indexed since a watchlist was opened answers without running its query.
    public func watchlists(totals: Bool = false) throws -> [Watchlist] {
        let vocabulary = vocabulary()
        return try read { db in
            let high = try Self.articleRowidHigh(db)
            return try Self.storedWatchlists(db).map { w in
                var w = w
                do {
                    let c = try self.compile(SearchQuery.parse(w.query, vocabulary: vocabulary), db: db)
                    w.newCount = w.since.rowid >= high ? 0 : try Self.count(c, after: w.since.rowid, db: db)
                    if totals { w.total = try Self.count(c, after: nil, db: db) }
                } catch let e as QueryError {
                    w.problem = e.description
                }
                return w
            }
        }
    }

    /// Runs the watchlist called `name`: the articles indexed since it was last opened come
    /// first and are marked (`SearchHit.isNew`), then the others, `limit` in all, each part
    /// in `sort` order; with `onlyNew`, the new ones alone. Records the opening (unless the
    /// library is read-only), so they are not new the next time.
    public func openWatchlist(_ name: String, limit: Int = 50, sort: SearchOrder? = nil, onlyNew: Bool = false) throws -> WatchlistResults {
        let vocabulary = vocabulary()
        let (found, high) = try read { db in (try Self.storedWatchlists(db, named: name).first, try Self.articleRowidHigh(db)) }
        guard let watchlist = found else { throw WatchlistError.notFound(name) }
        let q = try SearchQuery.parse(watchlist.query, vocabulary: vocabulary)
        let results = try watchlistSearch(q, since: watchlist.since, limit: limit, sort: sort, onlyNew: onlyNew)
        var shown = watchlist
        shown.newCount = try count(q, since: watchlist.since)
        var marked = false
        if !isReadOnly {
            try write { db in
                try db.execute(sql: "UPDATE watchlist SET seenRowid = max(seenRowid, ?), seenAt = ? WHERE name = ?",
                               arguments: [high, Date().timeIntervalSince1970, watchlist.name])
            }
            marked = true
        }
        return WatchlistResults(watchlist: shown, results: results, markedSeen: marked)
    }

    /// `query`'s articles with those indexed after `since` first, marked (`SearchHit.isNew`),
    /// then the others, each part in `sort` order (by default relevance when the query has
    /// words, else date): `limit` of that list from `offset` on. With `onlyNew`, the new ones
    /// alone (and `total` counts them). Records nothing: a reader re-sorting or scrolling an
    /// opened watchlist uses this.
    public func watchlistSearch(_ query: SearchQuery, since: WatchMark, limit: Int = 50, offset: Int = 0, sort: SearchOrder? = nil,
                                onlyNew: Bool = false) throws -> SearchResults {
        let order = sort ?? (query.hasText ? .relevance : .date)
        let offset = max(0, offset), limit = max(0, limit)
        var fresh = try search(query, limit: limit, offset: offset, sort: order, indexed: .after(since.rowid))
        for i in fresh.hits.indices { fresh.hits[i].isNew = true }
        if onlyNew { return fresh }
        // The others follow the new ones: their stretch starts where the new ones end.
        var rest = try search(query, limit: limit - fresh.hits.count, offset: max(0, offset - fresh.total), sort: order,
                              indexed: .upTo(since.rowid))
        rest.hits = fresh.hits + rest.hits
        rest.total += fresh.total
        rest.offset = offset
        return rest
    }

    /// The mark as of now: what is indexed from here on is after it.
    public func currentMark() throws -> WatchMark {
        try read { db in WatchMark(rowid: try Self.articleRowidHigh(db)) }
    }

    /// How many of `query`'s articles were indexed after `since`.
    public func count(_ query: SearchQuery, since: WatchMark) throws -> Int {
        try read { db in try Self.count(self.compile(query, db: db), after: since.rowid, db: db) }
    }

    // MARK: Storage

    private static func storedWatchlists(_ db: Database, named name: String? = nil) throws -> [Watchlist] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT name, query, seenRowid, seenAt FROM watchlist \(name == nil ? "" : "WHERE name = ?") ORDER BY name COLLATE NOCASE
            """, arguments: name.map { [$0] } ?? [])
        return rows.map { row in
            Watchlist(name: row["name"], query: row["query"], newCount: 0, total: nil,
                      seenAt: Date(timeIntervalSince1970: row["seenAt"]), problem: nil, since: WatchMark(rowid: row["seenRowid"]))
        }
    }

    /// How many articles `c` matches, only those above rowid `after` when given. The bound
    /// goes to FTS5 as a rowid range, so it seeks past older articles instead of testing them.
    static func count(_ c: CompiledQuery, after: Int64?, db: Database) throws -> Int {
        let bound: SQL = after.map { "rowid > \($0)" } ?? "1"
        let sql: SQL
        if let match = c.match {
            let filters = c.rowFilters
            sql = "\(literal: filters?.with ?? "") SELECT count(*) FROM article_fts WHERE article_fts MATCH \(match) AND \(literal: bound) AND \(literal: filters?.test ?? "1")"
        } else if let filters = c.rowFilters {
            sql = "\(literal: filters.with) SELECT count(*) FROM article WHERE \(literal: bound) AND \(literal: filters.test)"
        } else {
            sql = "SELECT count(*) FROM article WHERE \(literal: bound)"
        }
        return try Int.fetchOne(db, SQLRequest<Int>(literal: sql)) ?? 0
    }
}
