import Foundation
import GRDB

/// A `SearchQuery` as SQL: an FTS5 MATCH expression for the words (every user string
/// quoted, so FTS5 never sees raw syntax) and, for filters and exclusions, a subquery giving
/// the set of article rowids they allow, with bound parameters.
struct CompiledQuery {
    /// FTS5 expression for the required words (nil when the query has none).
    var match: String?
    /// `SELECT …` of the rowids the filters and exclusions allow (nil: every article).
    var rowSet: String?
    var rowSetArguments: [any DatabaseValueConvertible] = []
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
        // Each field: the union of its values; fields intersect (notmuch's rule).
        var sets: [String] = []
        for field in Field.allCases {
            guard let values = filters[field], !values.isEmpty else { continue }
            var alts: [String] = []
            for v in values {
                switch field {
                case .country:
                    guard let code = countryCodes[v.lowercased()] else {
                        throw QueryError(message: "unknown country \"\(v)\" (use an ISO code such as hk, or a name)", position: 1)
                    }
                    alts.append("SELECT article FROM article_country WHERE code = ?")
                    c.rowSetArguments.append(code)
                case .regulator:
                    let parts = v.split(separator: "@", maxSplits: 1).map(String.init)
                    if parts.count == 2 {
                        alts.append("SELECT article FROM article_regulator WHERE regId = ?")
                        c.rowSetArguments.append("\(parts[1].lowercased())-\(parts[0].lowercased())")
                    } else {
                        alts.append("SELECT article FROM article_regulator WHERE acronym = ?")
                        c.rowSetArguments.append(v)
                    }
                case .topic:
                    alts.append("SELECT article FROM article_topic WHERE topic = ?")
                    c.rowSetArguments.append(v.lowercased())
                case .category:
                    alts.append("SELECT rowid FROM article WHERE category = ?")
                    c.rowSetArguments.append(v)
                case .date:
                    guard let r = DateRange.parse(v) else { continue }
                    var both: [String] = []
                    if let lo = r.from { both.append("published >= ?"); c.rowSetArguments.append(lo) }
                    if let hi = r.before { both.append("published < ?"); c.rowSetArguments.append(hi) }
                    alts.append("SELECT rowid FROM article WHERE " + both.joined(separator: " AND "))
                }
            }
            sets.append(alts.joined(separator: " UNION "))
        }
        if !excluded.isEmpty {
            if sets.isEmpty { sets.append("SELECT rowid FROM article") }
            sets[sets.count - 1] += " EXCEPT SELECT rowid FROM article_fts WHERE article_fts MATCH ?"
            c.rowSetArguments.append(excluded.map(Self.fts).joined(separator: " OR "))
        }
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
            return (title ? "title : " : "") + quoted(w) + (prefix ? " *" : "")
        case .phrase(let p, let title):
            return (title ? "title : " : "") + quoted(p)
        }
    }
}
