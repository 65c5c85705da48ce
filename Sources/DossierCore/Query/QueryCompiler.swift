import Foundation
import GRDB

/// A `SearchQuery` as SQL: an FTS5 MATCH expression for the words (every user string
/// quoted, so FTS5 never sees raw syntax) and SQL conditions with bound parameters for the
/// filters.
struct CompiledQuery {
    /// FTS5 expression for the required words (nil when the query has none).
    var match: String?
    /// FTS5 expression matching any excluded term (nil when none).
    var exclude: String?
    /// Conditions on `article a`, ANDed.
    var conditions: [String] = []
    var arguments: [any DatabaseValueConvertible] = []

    /// `WHERE …` for `FROM article a` (with `fts` joined when `match` is set).
    func whereClause(ftsAlias: String?) -> (sql: String, arguments: StatementArguments) {
        var parts: [String] = []
        var args: [any DatabaseValueConvertible] = []
        if let m = match, let f = ftsAlias { parts.append("\(f) MATCH ?"); args.append(m) }
        if let x = exclude {
            parts.append("a.rowid NOT IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ?)")
            args.append(x)
        }
        parts += conditions
        args += arguments
        return (parts.isEmpty ? "" : "WHERE " + parts.joined(separator: " AND "), StatementArguments(args))
    }
}

extension SearchQuery {
    /// Compiles the query. `countryCodes` maps lower-cased names and codes to ISO codes.
    func compiled(countryCodes: [String: String]) throws(QueryError) -> CompiledQuery {
        var c = CompiledQuery()
        if !groups.isEmpty {
            c.match = groups.map { group in
                let alts = group.map(Self.fts)
                return alts.count == 1 ? alts[0] : "(" + alts.joined(separator: " OR ") + ")"
            }.joined(separator: " AND ")
        }
        if !excluded.isEmpty { c.exclude = excluded.map(Self.fts).joined(separator: " OR ") }
        for field in Field.allCases {
            guard let values = filters[field], !values.isEmpty else { continue }
            var alts: [String] = []
            for v in values {
                switch field {
                case .country:
                    guard let code = countryCodes[v.lowercased()] else {
                        throw QueryError(message: "unknown country \"\(v)\" (use an ISO code such as hk, or a name)", position: 1)
                    }
                    alts.append("a.rowid IN (SELECT article FROM article_country WHERE code = ?)")
                    c.arguments.append(code)
                case .regulator:
                    let parts = v.split(separator: "@", maxSplits: 1).map(String.init)
                    if parts.count == 2 {
                        alts.append("a.rowid IN (SELECT article FROM article_regulator WHERE regId = ?)")
                        c.arguments.append("\(parts[1].lowercased())-\(parts[0].lowercased())")
                    } else {
                        alts.append("a.rowid IN (SELECT article FROM article_regulator WHERE acronym = ?)")
                        c.arguments.append(v)
                    }
                case .topic:
                    alts.append("a.rowid IN (SELECT article FROM article_topic WHERE topic = ?)")
                    c.arguments.append(v.lowercased())
                case .category:
                    alts.append("a.category = ?")
                    c.arguments.append(v)
                case .date:
                    guard let r = DateRange.parse(v) else { continue }
                    var both: [String] = []
                    if let lo = r.from { both.append("a.published >= ?"); c.arguments.append(lo) }
                    if let hi = r.before { both.append("a.published < ?"); c.arguments.append(hi) }
                    alts.append("(" + both.joined(separator: " AND ") + ")")
                }
            }
            c.conditions.append(alts.count == 1 ? alts[0] : "(" + alts.joined(separator: " OR ") + ")")
        }
        return c
    }

    /// One term as FTS5 syntax: always a quoted string (quotes doubled), so "U.S.",
    /// "e-mail", "don't", "AND" or a lone quote are plain text to FTS5.
    static func fts(_ term: Term) -> String {
        func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        switch term {
        case .word(let w, let prefix, let title):
            return (title ? "title : " : "") + quoted(w) + (prefix ? " *" : "")
        case .phrase(let p, let title):
            return (title ? "title : " : "") + quoted(p)
        }
    }
}
