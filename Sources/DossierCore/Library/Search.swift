import Foundation
import GRDB
import GRDBSQLite

public enum SearchOrder: String, Sendable, CaseIterable {
    case relevance, date
}

/// One result: the article (paragraphs included only when asked for), its relevance and
/// a snippet with the matched words between `SearchHit.markOpen` and `markClose`.
public struct SearchHit: Sendable {
    public static let markOpen = "\u{E000}", markClose = "\u{E001}"
    public var article: Article
    /// BM25 with the title weighted ×10; higher is better. Nil for filter-only queries.
    public var score: Double?
    public var snippet: String
    public var read: Bool
    public init(article: Article, score: Double? = nil, snippet: String, read: Bool = false) {
        self.article = article; self.score = score; self.snippet = snippet; self.read = read
    }
}

public struct SearchResults: Sendable {
    public var total: Int
    public var hits: [SearchHit]
    /// True when the query matched so many articles that only the most recently indexed
    /// `Library.broadQueryCandidates` of them were ranked (see docs/performance.md).
    public var rankedSubset: Bool
    public init(total: Int, hits: [SearchHit], rankedSubset: Bool = false) {
        self.total = total; self.hits = hits; self.rankedSubset = rankedSubset
    }
}

public struct FacetCount: Sendable, Codable, Equatable {
    public var key: String
    public var label: String
    public var count: Int
    public init(key: String, label: String, count: Int) { self.key = key; self.label = label; self.count = count }
}

/// Counts over the articles a query matches, per facet.
public struct FacetCounts: Sendable, Codable, Equatable {
    public var total: Int
    public var countries: [FacetCount]
    public var authorities: [FacetCount]
    public var topics: [FacetCount]
    public var categories: [FacetCount]
    public var months: [FacetCount]
    public init(total: Int, countries: [FacetCount] = [], authorities: [FacetCount] = [], topics: [FacetCount] = [],
                categories: [FacetCount] = [], months: [FacetCount] = []) {
        self.total = total; self.countries = countries; self.authorities = authorities; self.topics = topics
        self.categories = categories; self.months = months
    }

    enum CodingKeys: String, CodingKey {
        case total, countries, topics, categories, months
        case authorities = "regulators"   // `facets --json` keeps its public key
    }
}

public struct LibraryStats: Sendable, Codable {
    public var articles: Int
    public var files: Int
    public var libraryBytes: Int64
    public var sourceBytes: Int64
    public var lastIndexRun: String?
    public var lastIndexSummary: String?
    public var path: String
}

/// An article id prefix that names no article, or several.
public enum LookupError: Error, Sendable, CustomStringConvertible {
    case notFound(String)
    case ambiguous(String, candidates: [String])

    public var description: String {
        switch self {
        case .notFound(let p): return "no article with an id starting \"\(p)\""
        case .ambiguous(let p, let c):
            return "\"\(p)\" matches \(c.count) articles; give more of the id:\n" + c.prefix(10).map { "  " + $0 }.joined(separator: "\n")
        }
    }
}

extension Library {
    /// Queries matching more articles than this rank only the most recently indexed this
    /// many (in rowid order, which FTS5 walks without scoring). BM25 over every match of a
    /// term found in half the library costs ~170 ms at 200k articles; this keeps it bounded.
    public static let broadQueryCandidates = 4000

    /// Lower-cased country names and codes → ISO code, from the gazetteer.
    static let countryCodes: [String: String] = {
        var m: [String: String] = [:]
        for c in ResourceData.shared.countries {
            m[c.code.lowercased()] = c.code
            m[c.name.lowercased()] = c.code
            for n in c.names { m[n.lowercased()] = c.code }
        }
        return m
    }()

    public func search(_ query: SearchQuery, limit: Int = 50, sort: SearchOrder = .relevance) throws -> SearchResults {
        let c = try query.compiled(countryCodes: Self.countryCodes)
        return try read { db in
            var rowids: [Int64] = []
            var scores: [Int64: Double] = [:]
            var total = 0
            var subset = false
            let setArgs = StatementArguments(c.rowSetArguments.map { Optional($0) })
            let with = c.rowSet.map { "WITH f(id) AS MATERIALIZED (\($0)) " } ?? ""
            if let match = c.match {
                // The full-text table alone (no join) whenever possible: a join costs a
                // B-tree lookup per match, which dominated common-term queries.
                // With leftover SQL filters: the allowed rowids are materialised once, and the
                // full-text cursor walks its matches testing membership. BM25 is computed only
                // for members (CASE), and never per probed row: probing the index once per
                // rowid recomputes BM25's statistics each time (0.7 s for 300 articles).
                let args: StatementArguments = setArgs + [match]
                let bm25 = "\(RankFunction.name)(article_fts, \(c.textPhrases))"
                let score = c.rowSet == nil ? bm25 : "CASE WHEN rowid IN f THEN \(bm25) END"
                if c.ranked, c.rowSet != nil, sort == .relevance {
                    // One walk: every member's score, newest first; count them, rank the
                    // newest `broadQueryCandidates`.
                    var members: [(Int64, Double)] = []
                    let cursor = try Row.fetchCursor(db, sql: """
                        \(with)SELECT r, s FROM (SELECT rowid AS r, \(score) AS s FROM article_fts WHERE article_fts MATCH ? ORDER BY rowid DESC)
                        WHERE s IS NOT NULL
                        """, arguments: args)
                    while let row = try cursor.next() {
                        if let sc = row[1] as Double? { members.append((row[0], sc)) }
                    }
                    total = members.count
                    subset = total > Self.broadQueryCandidates
                    for (r, sc) in members.prefix(Self.broadQueryCandidates).sorted(by: { $0.1 < $1.1 }).prefix(limit) {
                        rowids.append(r)
                        scores[r] = -sc
                    }
                    return try self.finish(rowids, scores: scores, total: total, subset: subset, match: match, highlight: query.highlightTerms, db: db)
                }
                // `+rowid`: membership tested per match, never pushed into FTS5 as probes.
                let matching = c.rowSet == nil
                    ? "SELECT rowid FROM article_fts WHERE article_fts MATCH ?"
                    : "\(with)SELECT rowid FROM article_fts WHERE article_fts MATCH ? AND +rowid IN f"
                if !(c.ranked && sort == .relevance), let cache = try self.warmFacetCache(db) {
                    (rowids, total) = try self.newestMatches(matching, arguments: args, cache: cache, limit: limit, db: db)
                    return try self.finish(rowids, scores: scores, total: total, subset: false, match: match, highlight: query.highlightTerms, db: db)
                }
                total = try Int.fetchOne(db, sql: c.rowSet == nil
                    ? "SELECT count(*) FROM article_fts WHERE article_fts MATCH ?"
                    : "\(with)SELECT coalesce(sum(rowid IN f), 0) FROM article_fts WHERE article_fts MATCH ?", arguments: args) ?? 0
                if c.ranked, sort == .relevance {
                    let scored = "SELECT rowid AS r, \(score) AS s FROM article_fts WHERE article_fts MATCH ?"
                    let sql: String
                    if total > Self.broadQueryCandidates {
                        subset = true
                        sql = "SELECT r, s FROM (\(scored) ORDER BY rowid DESC LIMIT \(Self.broadQueryCandidates)) ORDER BY s LIMIT \(limit)"
                    } else {
                        sql = "SELECT r, s FROM (\(scored)) ORDER BY s LIMIT \(limit)"
                    }
                    for row in try Row.fetchAll(db, sql: sql, arguments: args) {
                        let r: Int64 = row["r"]
                        rowids.append(r)
                        scores[r] = -(row["s"] as Double)
                    }
                } else if total > 2000 {
                    rowids = try self.newestMatches(matching, arguments: args, cache: self.facetCache(db), limit: limit, db: db).rowids
                } else {
                    let members = c.rowSet == nil ? "" : " AND +rowid IN f"
                    let matched = "SELECT rowid FROM article_fts WHERE article_fts MATCH ?\(members)"
                    rowids = try Int64.fetchAll(db, sql: Self.newest(matched, with: with, total: total, limit: limit), arguments: args)
                }
            } else if let rowSet = c.rowSet {
                total = try Int.fetchOne(db, sql: "\(with)SELECT count(*) FROM f", arguments: setArgs) ?? 0
                rowids = try Int64.fetchAll(db, sql: Self.newest("SELECT id FROM f", with: "WITH f(id) AS MATERIALIZED (\(rowSet)) ", total: total, limit: limit),
                                            arguments: setArgs)
            } else {
                total = try Int.fetchOne(db, sql: "SELECT count(*) FROM article") ?? 0
                rowids = try Int64.fetchAll(db, sql: "SELECT rowid FROM article ORDER BY published DESC, rowid DESC LIMIT \(limit)")
            }
            return try self.finish(rowids, scores: scores, total: total, subset: subset, match: c.match, highlight: query.highlightTerms, db: db)
        }
    }

    /// The newest `limit` of the rowids `sql` gives, and how many it gave: the matches are
    /// marked in a bitmap and the cached date order walked until enough turn up (SQL
    /// materialised and re-sorted them: 35 ms for a word in every article at 100k).
    private func newestMatches(_ sql: String, arguments: StatementArguments, cache: FacetCache, limit: Int,
                               db: Database) throws -> (rowids: [Int64], total: Int) {
        var marked = [Bool](repeating: false, count: cache.rowids.count)
        let found = try Self.positions(sql, arguments: arguments, cache: cache, db: db)
        for p in found { marked[p] = true }
        var rowids: [Int64] = []
        for p in cache.newestFirst where marked[Int(p)] {
            rowids.append(cache.rowids[Int(p)])
            if rowids.count == limit { break }
        }
        return (rowids, found.count)
    }

    /// The cache positions of the rowids `sql` gives (its first column).
    static func positions(_ sql: String, arguments: StatementArguments, cache: FacetCache, db: Database) throws -> [Int] {
        // Stepped by hand: a cursor's per-row overhead doubled the cost of 100k rows.
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        var out: [Int] = []
        while true {
            let rc = sqlite3_step(handle)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
            }
            if let p = cache.position(of: sqlite3_column_int64(handle, 0)) { out.append(p) }
        }
        return out
    }

    /// SQL for the newest `limit` of the rowids `subquery` gives (`total` of them). A large
    /// set walks the date index newest first until enough members turn up; a small one is
    /// looked up and sorted.
    static func newest(_ subquery: String, with: String, total: Int, limit: Int) -> String {
        if total > 2000 {
            let ctes = with.isEmpty ? "WITH m(id) AS MATERIALIZED (\(subquery)) " : with + ", m(id) AS MATERIALIZED (\(subquery)) "
            return ctes + "SELECT rowid FROM article INDEXED BY article_published WHERE rowid IN m ORDER BY published DESC, rowid DESC LIMIT \(limit)"
        }
        return with + "SELECT rowid FROM article WHERE rowid IN (\(subquery)) ORDER BY published DESC, rowid DESC LIMIT \(limit)"
    }

    /// Loads the chosen articles, with snippets and read marks.
    private func finish(_ rowids: [Int64], scores: [Int64: Double], total: Int, subset: Bool, match: String?,
                        highlight: [String], db: Database) throws -> SearchResults {
        let articles = try Self.loadArticles(rowids, db: db, full: true)
        // Snippets are cut in Swift from the loaded text: FTS5's snippet() probes the index
        // once per result, which cost more than the search itself.
        var snippets: [Int64: String] = [:]
        if match != nil, !highlight.isEmpty {
            for (r, a) in articles { snippets[r] = Snippet.make(a, terms: highlight) }
        }
        let read = try Self.readIDs(articles.values.map(\.id), db: db)
        let hits = rowids.compactMap { r -> SearchHit? in
            guard let a = articles[r] else { return nil }
            return SearchHit(article: a, score: scores[r], snippet: snippets[r] ?? a.summary, read: read.contains(a.id))
        }
        return SearchResults(total: total, hits: hits, rankedSubset: subset)
    }

    /// Counts per country, authority, topic, category and month over what `query` matches.
    /// The matched rowids come from SQLite; the counting runs over the in-memory `FacetCache`.
    public func facets(_ query: SearchQuery) throws -> FacetCounts {
        let c = try query.compiled(countryCodes: Self.countryCodes)
        return try read { db in
            let cache = try self.facetCache(db)
            var positions: [Int]?
            let setArgs = StatementArguments(c.rowSetArguments.map { Optional($0) })
            if let match = c.match {
                // `+rowid`: membership tested per match, never pushed into FTS5 as probes.
                let sql = c.rowSet.map { "WITH f(id) AS MATERIALIZED (\($0)) SELECT rowid FROM article_fts WHERE article_fts MATCH ? AND +rowid IN f" }
                    ?? "SELECT rowid FROM article_fts WHERE article_fts MATCH ?"
                positions = try Self.positions(sql, arguments: setArgs + [match], cache: cache, db: db)
            } else if let rowSet = c.rowSet {
                positions = try Int64.fetchAll(db, sql: rowSet, arguments: setArgs).compactMap(cache.position(of:))
            }
            func sorted(_ list: [(name: String, count: Int)], label: (String) -> String = { $0 }, key: (String) -> String = { $0 }) -> [FacetCount] {
                list.map { FacetCount(key: key($0.name), label: label($0.name), count: $0.count) }
                    .sorted { $0.count != $1.count ? $0.count > $1.count : $0.key < $1.key }
            }
            let names = Self.countryNames
            // Regulators are cached as "regId<TAB>ACR@CC".
            func regKey(_ s: String) -> String { String(s.split(separator: "\t", maxSplits: 1).first ?? "") }
            func regLabel(_ s: String) -> String { String(s.split(separator: "\t", maxSplits: 1).last ?? "") }
            return FacetCounts(
                total: positions?.count ?? cache.rowids.count,
                countries: sorted(cache.counts(cache.countries, over: positions), label: { names[$0] ?? $0 }),
                authorities: sorted(cache.counts(cache.authorities, over: positions), label: regLabel, key: regKey),
                topics: sorted(cache.counts(cache.topics, over: positions)),
                categories: sorted(cache.counts(cache.categories, over: positions)),
                months: cache.counts(cache.months, over: positions).map { FacetCount(key: $0.name, label: $0.name, count: $0.count) }
                    .sorted { $0.key > $1.key })
        }
    }

    static let countryNames: [String: String] = {
        var m: [String: String] = [:]
        for c in ResourceData.shared.countries { m[c.code] = c.name }
        return m
    }()

    /// The article whose id starts with `prefix` (as git resolves abbreviated hashes).
    public func article(idPrefix prefix: String) throws -> Article {
        let p = prefix.lowercased().filter { $0.isHexDigit }
        guard !p.isEmpty, p.count == prefix.count else { throw LookupError.notFound(prefix) }
        let rows = try read { db in
            try Row.fetchAll(db, sql: "SELECT rowid, id FROM article WHERE id >= ? AND id < ? ORDER BY id LIMIT 11", arguments: [p, p + "g"])
        }
        guard !rows.isEmpty else { throw LookupError.notFound(prefix) }
        let exact = rows.first { ($0["id"] as String) == p }
        if rows.count > 1, exact == nil { throw LookupError.ambiguous(prefix, candidates: rows.map { $0["id"] }) }
        let rowid: Int64 = (exact ?? rows[0])["rowid"]
        guard let a = try read({ db in try Self.loadArticles([rowid], db: db, full: true)[rowid] }) else { throw LookupError.notFound(prefix) }
        return a
    }

    public func stats() throws -> LibraryStats {
        try read { db in
            let articles = try Int.fetchOne(db, sql: "SELECT count(*) FROM article") ?? 0
            let files = try Int.fetchOne(db, sql: "SELECT count(*) FROM file") ?? 0
            let source = try Int64.fetchOne(db, sql: "SELECT coalesce(sum(size), 0) FROM file") ?? 0
            let last = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'lastIndexRun'")
            let summary = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'lastIndexSummary'")
            return LibraryStats(articles: articles, files: files, libraryBytes: self.onDiskBytes(), sourceBytes: source,
                                lastIndexRun: last, lastIndexSummary: summary, path: path)
        }
    }

    /// The database file and its WAL.
    public func onDiskBytes() -> Int64 {
        [path, path + "-wal"].reduce(0) { sum, p in
            sum + ((try? FileManager.default.attributesOfItem(atPath: p)[.size] as? NSNumber)?.int64Value ?? 0)
        }
    }

    // MARK: Read state (its own table: never touches the full-text index)

    public func setRead(_ id: String, _ read: Bool) throws {
        try write { db in
            try db.execute(sql: "INSERT INTO state(id, read) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET read = excluded.read",
                           arguments: [id, read])
        }
    }

    public func setStarred(_ id: String, _ starred: Bool) throws {
        try write { db in
            try db.execute(sql: "INSERT INTO state(id, starred) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET starred = excluded.starred",
                           arguments: [id, starred])
        }
    }

    public func isRead(_ id: String) throws -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT read FROM state WHERE id = ?", arguments: [id]) ?? false }
    }

    static func readIDs(_ ids: [String], db: Database) throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
        return Set(try String.fetchAll(db, sql: "SELECT id FROM state WHERE read = 1 AND id IN (\(marks))", arguments: StatementArguments(ids)))
    }

    // MARK: Loading

    static func loadArticles(_ rowids: [Int64], db: Database, full: Bool) throws -> [Int64: Article] {
        guard !rowids.isEmpty else { return [:] }
        let list = rowids.map(String.init).joined(separator: ",")
        var out: [Int64: Article] = [:]
        var alsoIn: [Int64: [SourceReference]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT s.article, s.line, s.fileId, f.path, a.fileId AS primaryFile, a.line AS primaryLine
            FROM sighting s JOIN file f ON f.id = s.fileId JOIN article a ON a.rowid = s.article
            WHERE s.article IN (\(list)) ORDER BY f.path, s.line
            """) {
            let fileId: Int64 = row["fileId"], primary: Int64 = row["primaryFile"]
            let line: Int = row["line"], primaryLine: Int = row["primaryLine"]
            if fileId == primary && line == primaryLine { continue }
            alsoIn[row["article"], default: []].append(SourceReference(path: row["path"], line: line))
        }
        let decoder = JSONDecoder()
        for row in try Row.fetchAll(db, sql: """
            SELECT a.rowid, a.id, a.title, a.body, a.meta, a.published, a.category, a.offTopic, a.line, a.role, f.path
            FROM article a JOIN file f ON f.id = a.fileId WHERE a.rowid IN (\(list))
            """) {
            let rowid: Int64 = row["rowid"]
            // A row whose extra fields cannot be read still shows its text.
            let meta = (try? decoder.decode(StoredMeta.self, from: Data((row["meta"] as String? ?? "{}").utf8))) ?? StoredMeta()
            let body: String = row["body"]
            let role = ArticleRole(rawValue: row["role"]) ?? .main
            // Byte-level split: Character-level splitting cost more than the query itself.
            let paragraphs = body.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(Substring($0)) }
            let subheads = Set(meta.subheadings)
            let blocks = paragraphs.enumerated().map { BodyBlock(kind: subheads.contains($0.offset) ? .subheading : .paragraph, text: $0.element, line: 0) }
            out[rowid] = Article(
                id: row["id"], title: row["title"], titleInferred: meta.titleInferred, category: row["category"],
                published: row["published"], publishedInferred: meta.publishedInferred,
                source: SourceLocation(path: row["path"], line: row["line"], role: role),
                countries: meta.countries.map { CountryTag(code: $0.c, name: countryNames[$0.c] ?? $0.c, score: $0.s) },
                authorities: meta.authorities, topics: meta.topics, offTopic: row["offTopic"],
                summary: Summary.of(blocks), paragraphs: full ? paragraphs : [],
                subheadings: meta.subheadings, alsoIn: alsoIn[rowid] ?? [])
        }
        return out
    }
}
