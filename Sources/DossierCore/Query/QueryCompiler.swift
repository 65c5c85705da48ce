import Foundation
import GRDB

/// A `SearchQuery` as an FTS5 MATCH expression (every user string quoted, so FTS5 never
/// sees raw syntax), plus, for what FTS5 cannot express, an SQL `SELECT` of the article
/// rowids allowed (a GRDB `SQL` literal: values are bound, never spliced).
///
/// Facet filters are FTS5 terms on the hidden `tags` column (see `FacetTag`), so words and
/// filters intersect inside the index, and an excluded filter is an FTS5 `NOT`. SQL is left
/// for day-precise or open date ranges, reading state (`is:`), `role:`, and for exclusions
/// when nothing positive is asked for ("everything except"). Those conditions are written
/// as the smaller side where one exists: `is:unread` is "all but the read ones" (a few rows
/// of `state`), `role:main` "all but the teasers and roundup items", so no filter makes SQL
/// materialise most of the library.
struct CompiledQuery {
    /// FTS5 expression: words, facet tags and exclusions (nil when nothing positive is asked).
    var match: String?
    /// True when the query has words to rank by; otherwise results are sorted by date.
    var ranked = false
    /// How many phrases the words make; they come first in `match` (see `RankFunction`).
    var textPhrases = 0
    /// True when `match` has a prefix query. FTS5 (without a prefix index) answers one by
    /// merging every matching word's postings into one list in memory, whatever rowid range
    /// is asked for, so splitting such a search by rowid would only do that twice.
    var hasPrefix = false
    /// The query's one word or prefix (searched in title and body) and the prefix's
    /// completions, when it has nothing else: no other term, filter or exclusion. Such a
    /// query may be answered from a shortlist (`Library.shortlistTop`).
    var single: (word: String, prefix: Bool, completions: [String])?
    /// The query's one date range, when it has nothing else (no word, other filter or
    /// exclusion): its articles are a range of the date index, in date order already
    /// (`NewestSearch`).
    var dateRange: DateRange?
    /// `SELECT rowid …` of the articles the remaining filters allow (nil: every article).
    var rowSet: SQL?
    /// `SELECT rowid …` of the articles the remaining filters leave out (nil: none).
    var excludedRows: SQL?
    /// For a query of exclusions only: the rowids excluded (the result is every other
    /// article), so that a caller with the facet cache can count and walk "all but these"
    /// without materialising the large remainder.
    var complement: SQL? { match == nil && rowSet == nil ? excludedRows : nil }
    /// True when the query matches every article: no word, filter or exclusion.
    var matchesEverything: Bool { match == nil && rowSet == nil && excludedRows == nil }

    /// The allowed and excluded sets, each materialised once as a CTE, and the test of a
    /// match's rowid against them (`+rowid`: tested per match, never pushed into FTS5 as
    /// probes); nil when no SQL filter is left.
    var rowFilters: (with: SQL, test: SQL)? {
        var with: [SQL] = [], tests: [SQL] = []
        if let rowSet { with.append("f(id) AS MATERIALIZED (\(literal: rowSet))"); tests.append("+rowid IN f") }
        if let excludedRows { with.append("x(id) AS MATERIALIZED (\(literal: excludedRows))"); tests.append("+rowid NOT IN x") }
        return with.isEmpty ? nil : ("WITH " + with.joined(separator: ", "), tests.joined(separator: " AND "))
    }

    /// A `SELECT` whose first column is the rowid of every matching article.
    var matching: SQL {
        guard let match else {
            // No words: the allowed set (or every article) less the excluded.
            let base: SQL = rowSet ?? "SELECT rowid FROM article"
            guard let excludedRows else { return base }
            return "SELECT * FROM (\(literal: base)) EXCEPT SELECT * FROM (\(literal: excludedRows))"
        }
        let select: SQL = "SELECT rowid FROM article_fts WHERE article_fts MATCH \(match)"
        guard let filters = rowFilters else { return select }
        return "\(literal: filters.with) \(literal: select) AND \(literal: filters.test)"
    }

    /// `matching` for the articles with their rowid in `rowids` alone (a query with words).
    func matching(within rowids: ClosedRange<Int64>) -> SQL {
        "\(literal: matching)\(literal: Self.rowid(in: rowids))"
    }

    /// ` AND rowid BETWEEN …`, added to a full-text match: FTS5 takes the range itself and
    /// seeks in each posting list, never visiting the rest (one half of a split search).
    static func rowid(in rowids: ClosedRange<Int64>) -> SQL {
        " AND rowid BETWEEN \(rowids.lowerBound) AND \(rowids.upperBound)"
    }

    /// For each prefix as typed, the words it was completed with (for highlighting).
    var completions: [String: [String]] = [:]

    /// Leaves only the articles above rowid `rowid`: those indexed after it (rowids only
    /// grow, see `Library.nextArticleRowid`).
    mutating func restrict(toRowidsAbove rowid: Int64) {
        restrict(to: "SELECT rowid FROM article WHERE rowid > \(rowid)")
    }

    /// Leaves only the articles up to rowid `rowid`: those indexed by then.
    mutating func restrict(toRowidsUpTo rowid: Int64) {
        restrict(to: "SELECT rowid FROM article WHERE rowid <= \(rowid)")
    }

    private mutating func restrict(to rows: SQL) {
        dateRange = nil
        rowSet = rowSet.map { "SELECT * FROM (\(literal: $0)) INTERSECT SELECT * FROM (\(literal: rows))" } ?? rows
    }
}

extension SearchQuery {
    /// `completions` gives, for a prefix as typed, the words whose stems its matches also
    /// need (`WordList.prefixTerms`); none without a library.
    func compiled(completions lookUp: (String) throws -> [String] = { _ in [] }) rethrows -> CompiledQuery {
        var c = CompiledQuery()
        var known: [String: [String]] = [:]
        func completions(_ w: String) throws -> [String] {
            if let k = known[w] { return k }
            let k = try lookUp(w)
            known[w] = k
            return k
        }
        func fts(_ t: Term) throws -> String {
            guard case .word(let w, true, _) = t else { return Self.fts(t) }
            return Self.fts(t, completions: try completions(w))
        }
        var positive: [String] = try groups.map { group in
            let alts = try group.map(fts)
            return alts.count == 1 ? alts[0] : "(" + alts.joined(separator: " OR ") + ")"
        }
        c.ranked = !positive.isEmpty
        c.hasPrefix = (groups.joined() + excluded).contains { if case .word(_, true, _) = $0 { return true } else { return false } }
        // Each term is one phrase for the rank function, a prefix with completions included.
        c.textPhrases = try groups.reduce(0) { n, g in
            try g.reduce(n) { n, t in
                if case .word(let w, true, _) = t { return n + 1 + (try completions(w)).count }
                return n + 1
            }
        }
        var negative: [String] = try excluded.map(fts)
        var include: [SQL] = [], exclude: [SQL] = []
        for field in Field.allCases {
            if let values = filters[field], !values.isEmpty {
                switch Self.condition(field, values) {
                case .fts(let e): positive.append(e)
                case .rows(let s): include.append(s)
                case .allBut(let s): exclude.append(s)
                }
            }
            if let values = excludedFilters[field], !values.isEmpty {
                switch Self.condition(field, values) {
                case .fts(let e): negative.append(e)
                case .rows(let s): exclude.append(s)
                case .allBut(let s): include.append(s)
                }
            }
        }
        if !positive.isEmpty {
            let p = positive.joined(separator: " AND ")
            c.match = negative.isEmpty ? p : "(" + p + ") NOT (" + negative.joined(separator: " OR ") + ")"
        } else if !negative.isEmpty {
            let n = negative.joined(separator: " OR ")
            exclude.append("SELECT rowid FROM article_fts WHERE article_fts MATCH \(n)")
        }
        c.completions = known
        if groups.count == 1, groups[0].count == 1, excluded.isEmpty, filters.values.allSatisfy(\.isEmpty),
           excludedFilters.values.allSatisfy(\.isEmpty), case .word(let w, let prefix, false) = groups[0][0] {
            c.single = (w, prefix, prefix ? known[w] ?? [] : [])
        }
        if groups.isEmpty, excluded.isEmpty, excludedFilters.values.allSatisfy(\.isEmpty),
           filters.allSatisfy({ $0.key == .date || $0.value.isEmpty }), let dates = filters[.date], dates.count == 1,
           let r = DateRange.parse(dates[0]), r.from != nil || r.before != nil {
            c.dateRange = r
        }
        // Compound SELECTs evaluate left to right: each part is wrapped so that INTERSECT and
        // UNION apply to whole fields.
        if !include.isEmpty { c.rowSet = include.map { "SELECT * FROM (\(literal: $0))" as SQL }.joined(separator: " INTERSECT ") }
        if !exclude.isEmpty { c.excludedRows = exclude.map { "SELECT * FROM (\(literal: $0))" as SQL }.joined(separator: " UNION ") }
        return c
    }

    /// What a filter's values select: FTS5 tags, the rowids that have them, or every article
    /// but the rowids given (when those are the few).
    private enum Condition { case fts(String), rows(SQL), allBut(SQL) }

    /// The articles having any of `values` for `field`: FTS5 tags when they say it exactly,
    /// else one SQL union (tags included as a subquery, so alternatives stay together), or
    /// "all but" a set when a value is stated through its complement.
    private static func condition(_ field: Field, _ values: [String]) -> Condition {
        var tags: [String] = []
        var sql: [SQL] = []
        var allBut: [SQL] = []   // any of these values: every article but those in all of these
        for v in values {
            switch field {
            case .country:
                tags.append(FacetTag.token(.country, v))
            case .authority:
                let parts = v.split(separator: "@", maxSplits: 1).map(String.init)
                tags.append(parts.count == 2
                    ? FacetTag.token(.authority, "\(parts[1].lowercased())-\(parts[0].lowercased())")
                    : FacetTag.token(.acronym, v))
            case .topic:
                tags.append(FacetTag.token(.topic, v))
            case .category:
                tags.append(FacetTag.token(.category, v))
            case .date:
                guard let r = DateRange.parse(v) else { continue }
                if let covering = FacetTag.tokens(covering: r) { tags += covering; continue }
                switch (r.from, r.before) {
                case let (lo?, hi?): sql.append("SELECT rowid FROM article WHERE published >= \(lo) AND published < \(hi)")
                case let (lo?, nil): sql.append("SELECT rowid FROM article WHERE published >= \(lo)")
                case let (nil, hi?): sql.append("SELECT rowid FROM article WHERE published < \(hi)")
                case (nil, nil): continue
                }
            case .state:
                // `state` holds the few articles someone marked; its rows are walked, never
                // every article's.
                let read: SQL = "SELECT a.rowid FROM state s JOIN article a ON a.id = s.id WHERE s.read = 1"
                switch v {
                case "read": sql.append(read)
                case "unread": allBut.append(read)
                case "starred": sql.append("SELECT a.rowid FROM state s JOIN article a ON a.id = s.id WHERE s.starred = 1")
                default: sql.append("SELECT rowid FROM article WHERE offTopic = 1")
                }
            case .role:
                // A page's own articles are most of a library: "main" is all but the others.
                let others = ArticleRole.allCases.map(\.rawValue).filter { $0 != v }
                if v == ArticleRole.main.rawValue {
                    allBut.append("SELECT rowid FROM article WHERE role IN \(others)")
                } else {
                    sql.append("SELECT rowid FROM article WHERE role = \(v)")
                }
            }
        }
        let tagExpr = tags.isEmpty ? nil : "tags : (" + tags.map { "\"\($0)\"" }.joined(separator: " OR ") + ")"
        if let tagExpr, !allBut.isEmpty || !sql.isEmpty { sql.append("SELECT rowid FROM article_fts WHERE article_fts MATCH \(tagExpr)") }
        if !allBut.isEmpty {
            // Any value holds = all but (what every "all but" value leaves out, less what the
            // other values select).
            var left: SQL = allBut.map { "SELECT * FROM (\(literal: $0))" as SQL }.joined(separator: " INTERSECT ")
            for s in sql { left += " EXCEPT SELECT * FROM (\(literal: s))" }
            return .allBut(left)
        }
        if sql.isEmpty, let tagExpr { return .fts(tagExpr) }
        return .rows(sql.joined(separator: " UNION "))
    }

    /// One term as FTS5 syntax: always a quoted string (quotes doubled), so "U.S.",
    /// "e-mail", "don't", "AND" or a lone quote are plain text to FTS5. A prefix is FTS5's
    /// prefix query on it as typed, or any of its `completions` (whose stems are shorter).
    static func fts(_ term: Term, completions: [String] = []) -> String {
        func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        switch term {
        case .word(let w, let prefix, let title):
            let columns = title ? "title : " : "{title body} : "
            if prefix, !completions.isEmpty {
                return columns + "(" + ([quoted(w) + " *"] + completions.map(quoted)).joined(separator: " OR ") + ")"
            }
            return columns + quoted(w) + (prefix ? " *" : "")
        case .phrase(let p, let title):
            return (title ? "title : " : "{title body} : ") + quoted(p)
        }
    }
}
