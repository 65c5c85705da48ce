import Foundation
import GRDB

/// A `SearchQuery` as an FTS5 MATCH expression (every user string quoted, so FTS5 never
/// sees raw syntax), plus, for what FTS5 cannot express, a subquery giving the set of
/// article rowids allowed, with bound parameters.
///
/// Facet filters are FTS5 terms on the hidden `tags` column (see `FacetTag`), so words and
/// filters intersect inside the index. SQL is left for day-precise or open date ranges and
/// for exclusions when nothing positive is asked for.
struct CompiledQuery {
    /// FTS5 expression: words, facet tags and exclusions (nil when the query has none).
    var match: String?
    /// True when the query has words to rank by; otherwise results are sorted by date.
    var ranked = false
    /// How many phrases the words make; they come first in `match` (see `RankFunction`).
    var textPhrases = 0
    /// `SELECT …` of the rowids the remaining filters allow (nil: every article).
    var rowSet: String?
    var rowSetArguments: [any DatabaseValueConvertible] = []
}

extension SearchQuery {
    /// Compiles the query. `countryCodes` maps lower-cased names and codes to ISO codes.
    func compiled(countryCodes: [String: String]) throws(QueryError) -> CompiledQuery {
        var c = CompiledQuery()
        var positive: [String] = groups.map { group in
            let alts = group.map(Self.fts)
            return alts.count == 1 ? alts[0] : "(" + alts.joined(separator: " OR ") + ")"
        }
        c.ranked = !positive.isEmpty
        c.textPhrases = groups.reduce(0) { $0 + $1.count }
        // Each field: the union of its values; fields intersect (notmuch's rule).
        var sets: [String] = []
        for field in Field.allCases {
            guard let values = filters[field], !values.isEmpty else { continue }
            var tags: [String] = []
            var sql: [String] = []
            for v in values {
                switch field {
                case .country:
                    guard let code = countryCodes[v.lowercased()] else {
                        throw QueryError(message: "unknown country \"\(v)\" (use an ISO code such as hk, or a name)", position: 1)
                    }
                    tags.append(FacetTag.token(.country, code))
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
                    if let covering = FacetTag.tokens(covering: r) {
                        tags += covering
                        continue
                    }
                    var both: [String] = []
                    if let lo = r.from { both.append("published >= ?"); c.rowSetArguments.append(lo) }
                    if let hi = r.before { both.append("published < ?"); c.rowSetArguments.append(hi) }
                    sql.append("SELECT rowid FROM article WHERE " + both.joined(separator: " AND "))
                }
            }
            if sql.isEmpty {
                guard !tags.isEmpty else { continue }
                positive.append("tags : (" + tags.map { "\"\($0)\"" }.joined(separator: " OR ") + ")")
            } else {
                // Alternatives must stay together: one SQL union (tags as a subquery too).
                if !tags.isEmpty {
                    sql.append("SELECT rowid FROM article_fts WHERE article_fts MATCH ?")
                    c.rowSetArguments.append("tags : (" + tags.map { "\"\($0)\"" }.joined(separator: " OR ") + ")")
                }
                sets.append(sql.joined(separator: " UNION "))
            }
        }
        if !excluded.isEmpty {
            let ex = excluded.map(Self.fts).joined(separator: " OR ")
            if positive.isEmpty {
                if sets.isEmpty { sets.append("SELECT rowid FROM article") }
                sets[sets.count - 1] += " EXCEPT SELECT rowid FROM article_fts WHERE article_fts MATCH ?"
                c.rowSetArguments.append(ex)
            } else {
                c.match = "(" + positive.joined(separator: " AND ") + ") NOT (" + ex + ")"
            }
        }
        if c.match == nil, !positive.isEmpty { c.match = positive.joined(separator: " AND ") }
        if !sets.isEmpty {
            // Compound SELECTs evaluate left to right: wrap each so INTERSECT applies to whole fields.
            c.rowSet = sets.count == 1 ? sets[0] : sets.map { "SELECT * FROM (\($0))" }.joined(separator: " INTERSECT ")
        }
        return c
    }

    /// One term as FTS5 syntax: always a quoted string (quotes doubled), so "U.S.",
    /// "e-mail", "don't", "AND" or a lone quote are plain text to FTS5.
    static func fts(_ term: Term) -> String {
        func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        switch term {
        case .word(let w, let prefix, let title):
            return (title ? "title : " : "{title body} : ") + quoted(w) + (prefix ? " *" : "")
        case .phrase(let p, let title):
            return (title ? "title : " : "{title body} : ") + quoted(p)
        }
    }
}
