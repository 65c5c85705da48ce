import Foundation
import GRDB

extension Library {
    /// The authorities and categories this library holds, for the query parser: with it,
    /// `authority:` and `category:` values no article has are errors with suggestions.
    /// Each value is looked up on its own through an index; the full lists are read only
    /// to suggest a correction.
    public func vocabulary() -> QueryVocabulary {
        QueryVocabulary(authority: { acronym, country in
            try? self.read { db -> AuthorityName? in
                if let country {
                    return try Row.fetchOne(db, sql: "SELECT acronym, country FROM article_regulator WHERE regId = ? LIMIT 1",
                                            arguments: ["\(country.lowercased())-\(acronym.lowercased())"])
                        .map { AuthorityName(acronym: $0[0], country: $0[1], name: "") }
                }
                // Through the acronym's tag in the full-text index, then that article's row.
                let tag = "tags : \"" + FacetTag.token(.acronym, acronym) + "\""
                return try Row.fetchOne(db, sql: """
                    SELECT acronym, country FROM article_regulator
                    WHERE article = (SELECT rowid FROM article_fts WHERE article_fts MATCH ? LIMIT 1) AND acronym = ? COLLATE NOCASE
                    """, arguments: [tag, acronym]).map { AuthorityName(acronym: $0[0], country: $0[1], name: "") }
            } ?? nil
        }, category: { name in
            try? self.read { db in
                try String.fetchOne(db, sql: "SELECT category FROM article WHERE category = ? LIMIT 1", arguments: [name])
            } ?? nil
        }, everything: {
            (try? self.read { db in
                let authorities = try Row.fetchAll(db, sql: "SELECT min(acronym), min(country) FROM article_regulator GROUP BY regId")
                    .map { AuthorityName(acronym: $0[0], country: $0[1], name: "") }
                let categories = try String.fetchAll(db, sql: "SELECT DISTINCT category FROM article WHERE category IS NOT NULL ORDER BY category")
                return (authorities, categories)
            }) ?? ([], [])
        })
    }

    /// Parses `text` against this library's vocabulary (see `SearchQuery.parse`).
    public func parse(_ text: String) throws(QueryError) -> SearchQuery {
        try SearchQuery.parse(text, vocabulary: vocabulary())
    }
}
