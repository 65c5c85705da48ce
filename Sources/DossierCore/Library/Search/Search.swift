import Foundation
import GRDB
import GRDBSQLite

/// How results are ordered: best match first, newest first, or oldest first.
public enum SearchOrder: String, Sendable, CaseIterable {
    /// Best match first (BM25, titles weighted); newest first; oldest first.
    case relevance, date, oldest
}

/// One result: the article (paragraphs included only when asked for), its relevance and
/// a snippet with the matched words between `SearchHit.markOpen` and `markClose`.
public struct SearchHit: Sendable {
    /// Private-use characters around matched words in `snippet`, for a front end to style or
    /// replace (`«»` in the CLI).
    public static let markOpen = "\u{E000}", markClose = "\u{E001}"
    /// The matched article; its `paragraphs` are empty unless the search asked for them.
    public var article: Article
    /// BM25 with the title weighted ×10; higher is better. Nil for filter-only queries.
    public var score: Double?
    /// A passage around the best matches, matched words between `markOpen` and `markClose`.
    public var snippet: String
    /// True when the article was opened (or marked read) before.
    public var read: Bool
    /// True when the article is starred.
    public var starred: Bool
    /// True when a watchlist shows it as indexed since the watchlist was last opened.
    public var isNew = false
    /// A result.
    public init(article: Article, score: Double? = nil, snippet: String, read: Bool = false, starred: Bool = false) {
        self.article = article; self.score = score; self.snippet = snippet; self.read = read; self.starred = starred
    }
}

/// The answer to a search: how many match, the first page of them, and how the query was read.
public struct SearchResults: Sendable {
    /// How many articles match (all of them, not only those returned).
    public var total: Int
    /// `limit` of them from `offset` on, best first (or newest first).
    public var hits: [SearchHit]
    /// Where `hits` start among all the matches (0: the best, or the newest).
    public var offset: Int
    /// What the query was read as, when that differs from what was typed.
    public var notes: [String]
    /// What to highlight in these results (the reader uses it too).
    public var highlighter: Highlighter
    /// Results of a search.
    public init(total: Int, hits: [SearchHit], offset: Int = 0, notes: [String] = [], highlighter: Highlighter = Highlighter(terms: [])) {
        self.total = total; self.hits = hits; self.offset = offset; self.notes = notes; self.highlighter = highlighter
    }
}

/// One value of a facet (a country, an authority, a topic, a category, a month) and how many
/// matching articles have it.
public struct FacetCount: Sendable, Codable, Equatable {
    /// The value as a query takes it (`HK`, `hk-sfc`, `aml-kyc`, `2024-05`).
    public var key: String
    /// How it is shown (`Hong Kong`, `SFC@HK`, `AML / KYC`).
    public var label: String
    /// Matching articles with this value.
    public var count: Int
    /// An authority's full name, when known ("Securities and Futures Commission").
    public var name: String?
    /// A facet value and its count.
    public init(key: String, label: String, count: Int, name: String? = nil) {
        self.key = key; self.label = label; self.count = count; self.name = name
    }
}

/// Counts over the articles a query matches, per facet.
public struct FacetCounts: Sendable, Codable, Equatable {
    /// Articles the query matches.
    public var total: Int
    /// Countries by count, most first.
    public var countries: [FacetCount]
    /// Authorities by count, most first (`regulators` in JSON).
    public var authorities: [FacetCount]
    /// Topics by count, most first.
    public var topics: [FacetCount]
    /// The pages' own section labels by count, most first.
    public var categories: [FacetCount]
    /// Months ("2025-06") with articles, newest first.
    public var months: [FacetCount]
    /// Years, newest first (the months added up, or counted as `Library.sidebarFacets` says).
    public var years: [FacetCount]
    /// Facet counts; `years` defaults to the months added up.
    public init(total: Int, countries: [FacetCount] = [], authorities: [FacetCount] = [], topics: [FacetCount] = [],
                categories: [FacetCount] = [], months: [FacetCount] = [], years: [FacetCount]? = nil) {
        self.total = total; self.countries = countries; self.authorities = authorities; self.topics = topics
        self.categories = categories; self.months = months
        self.years = years ?? Self.years(of: months)
    }

    /// Months added up into years, newest first.
    static func years(of months: [FacetCount]) -> [FacetCount] {
        var byYear: [String: Int] = [:]
        for m in months { byYear[String(m.key.prefix(4)), default: 0] += m.count }
        return byYear.sorted { $0.key > $1.key }.map { FacetCount(key: $0.key, label: $0.key, count: $0.value) }
    }

    enum CodingKeys: String, CodingKey {
        case total, countries, topics, categories, months, years
        case authorities = "regulators"   // `facets --json` keeps its public key
    }
}

/// What `dossier stats` shows: the library's size and contents and its last index run.
public struct LibraryStats: Sendable, Codable {
    /// Distinct stories stored.
    public var articles: Int
    /// Pages indexed.
    public var files: Int
    /// Size of the library file (with its write-ahead log), in bytes.
    public var libraryBytes: Int64
    /// Size of the indexed pages as they were when indexed, in bytes.
    public var sourceBytes: Int64
    /// When the last index run ended (ISO 8601), or nil if none has.
    public var lastIndexRun: String?
    /// That run's one-line summary (`IndexSummary.line`).
    public var lastIndexSummary: String?
    /// The library file.
    public var path: String
    /// Articles that only the bundled sample pages hold (`dossier samples --remove`).
    public var sampleArticles: Int
    /// Why the library opened read-only, or nil.
    public var readOnly: String?
    /// True when the full-text index is in the older, larger layout that `dossier compact`
    /// rebuilds (`FullTextLayout`).
    public var olderFullTextIndex: Bool
}

/// An article id prefix that names no article, or several.
public enum LookupError: Error, Sendable, CustomStringConvertible {
    /// No article id starts with the prefix.
    case notFound(String)
    /// Several do; `candidates` are their ids and headlines.
    case ambiguous(String, candidates: [String])

    /// The message for a person, with the candidates when the prefix is ambiguous.
    public var description: String {
        switch self {
        case .notFound(let p): return "no article with an id starting \"\(p)\""
        case .ambiguous(let p, let c):
            return "\"\(p)\" matches \(c.count) articles; give more of the id:\n" + c.prefix(10).map { "  " + $0 }.joined(separator: "\n")
        }
    }
}

extension Library {
    /// The articles `query` matches: the `limit` best by relevance when it has words and
    /// `sort` is `.relevance`, else the newest first; from the `offset`-th on (a reader
    /// shows the stretch it scrolled to, not everything before it). Relevance is exact over
    /// every match (see `RankedSearch`); ties go to the more recently indexed article.
    /// `snippets: false` leaves each hit's summary in place of a snippet (the reader shows
    /// none, and cutting them tokenizes every article loaded).
    public func search(_ query: SearchQuery, limit: Int = 50, offset: Int = 0, sort: SearchOrder = .relevance,
                       snippets: Bool = true) throws -> SearchResults {
        try search(query, limit: limit, offset: offset, sort: sort, snippets: snippets, indexed: nil)
    }

    /// Which articles by when they were indexed: those after a watchlist's mark (its new
    /// ones), or those up to it (the rest). Rowids only grow (`Library.nextArticleRowid`).
    enum IndexedBound {
        case after(Int64), upTo(Int64)
    }

    /// `search`, over the articles within `indexed` alone when given. `split`: whether a ranked
    /// search runs on two cores (`RowidHalves`): by default on a large library.
    func search(_ query: SearchQuery, limit: Int, offset: Int = 0, sort: SearchOrder, snippets: Bool = true,
                indexed: IndexedBound?, split: RowidHalves.Choice = .whenLarge) throws -> SearchResults {
        let offset = max(0, offset), limit = max(0, limit)
        return try read { db in
            var c = try self.compile(query, db: db)
            switch indexed {
            case .after(let rowid): c.restrict(toRowidsAbove: rowid)
            case .upTo(let rowid): c.restrict(toRowidsUpTo: rowid)
            case nil: break
            }
            var found: Found
            if let match = c.match, c.ranked, sort == .relevance {
                if indexed == nil, let short = try self.shortlistTop(c, limit: limit, offset: offset, db: db) {
                    found = short
                } else {
                    found = try RankedSearch.top(limit, from: offset, match: match, c, lengths: self.cheapLengths(db),
                                                 db: db, helper: self.helper, split: split)
                }
            } else {
                found = try NewestSearch.first(offset + limit, c, oldestFirst: sort == .oldest,
                                               cache: self.cheapFacetCache(db, depth: .order),
                                               loadCache: { try self.facetCache(db) }, db: db)
                found.rowids.removeFirst(min(offset, found.rowids.count))
            }
            let highlighter = Highlighter(terms: c.match == nil ? [] : query.highlightTerms, completions: c.completions)
            var results = try self.finish(found, highlighter: highlighter, snippets: snippets, db: db)
            results.offset = offset
            results.notes = query.notes
            return results
        }
    }

    /// The query as FTS5 and SQL, with prefixes completed from the library's words.
    func compile(_ query: SearchQuery, db: Database) throws -> CompiledQuery {
        try query.compiled(completions: { try WordList.prefixTerms($0, db: db) })
    }

    /// Stops whatever query this library is running now (a search superseded by a newer
    /// one); it ends with an interruption error, which callers waiting on it ignore.
    public func interrupt() { pool.interrupt(); helper?.interrupt() }

    /// What a strategy found: the chosen rowids in order, their scores, and the match count.
    struct Found {
        var rowids: [Int64] = []
        var scores: [Int64: Double] = [:]
        var total = 0
    }

    /// Loads the chosen articles, with snippets and read marks.
    private func finish(_ found: Found, highlighter: Highlighter, snippets cut: Bool, db: Database) throws -> SearchResults {
        let articles = try Self.loadArticles(found.rowids, db: db, full: true)
        // Snippets are cut in Swift from the loaded text: FTS5's snippet() probes the index
        // once per result, which cost more than the search itself.
        var snippets: [Int64: String] = [:]
        if cut, !highlighter.isEmpty {
            for (r, a) in articles { snippets[r] = Snippet.make(a, highlighter: highlighter) }
        }
        let marks = try Self.readingState(articles.values.map(\.id), db: db)
        let hits = found.rowids.compactMap { r -> SearchHit? in
            guard let a = articles[r] else { return nil }
            return SearchHit(article: a, score: found.scores[r], snippet: snippets[r] ?? a.summary, read: marks.read.contains(a.id),
                             starred: marks.starred.contains(a.id))
        }
        return SearchResults(total: found.total, hits: hits, highlighter: highlighter)
    }

    static let countryNames: [String: String] = {
        var m: [String: String] = [:]
        for c in ResourceData.countryList { m[c.code] = c.name }
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

    /// Counts and sizes for `dossier stats`.
    public func stats() throws -> LibraryStats {
        let counts = try read { db in
            let articles = try Int.fetchOne(db, sql: "SELECT count(*) FROM article") ?? 0
            let files = try Int.fetchOne(db, sql: "SELECT count(*) FROM file") ?? 0
            let source = try Int64.fetchOne(db, sql: "SELECT coalesce(sum(size), 0) FROM file") ?? 0
            let last = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'lastIndexRun'")
            let summary = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'lastIndexSummary'")
            return (articles, files, source, last, summary, try FullTextLayout.of(db) == .titleFirst)
        }
        return LibraryStats(articles: counts.0, files: counts.1, libraryBytes: onDiskBytes(), sourceBytes: counts.2,
                            lastIndexRun: counts.3, lastIndexSummary: counts.4, path: path,
                            sampleArticles: try samples().articles, readOnly: readOnlyReason, olderFullTextIndex: counts.5)
    }

    /// The database file and its WAL.
    public func onDiskBytes() -> Int64 {
        [path, path + "-wal"].reduce(0) { sum, p in
            sum + ((try? FileManager.default.attributesOfItem(atPath: p)[.size] as? NSNumber)?.int64Value ?? 0)
        }
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
        let paths = Dictionary(try Row.fetchAll(db, sql: """
            SELECT f.id, f.path FROM file f WHERE f.id IN (SELECT fileId FROM article WHERE rowid IN (\(list)))
            """).map { ($0[0] as Int64, $0[1] as String) }, uniquingKeysWith: { a, _ in a })
        for record in try ArticleRecord.fetchAll(db, keys: rowids) {
            guard let rowid = record.rowid else { continue }
            out[rowid] = record.article(path: paths[record.fileId] ?? "", alsoIn: alsoIn[rowid] ?? [], full: full)
        }
        return out
    }
}
