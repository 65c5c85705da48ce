import Foundation
import GRDB

extension Library {
    /// The authorities and categories this library holds, for the query parser: with it,
    /// `authority:` and `category:` values no article has are errors with suggestions.
    public func vocabulary() throws -> QueryVocabulary {
        try read { db in
            let authorities = try Row.fetchAll(db, sql: """
                SELECT min(acronym), min(country) FROM article_regulator GROUP BY regId
                """).map { AuthorityName(acronym: $0[0], country: $0[1], name: "") }
            let categories = try String.fetchAll(db, sql: "SELECT DISTINCT category FROM article WHERE category IS NOT NULL ORDER BY category")
            return QueryVocabulary(authorities: authorities, categories: categories)
        }
    }

    /// Parses `text` against this library's vocabulary (see `SearchQuery.parse`).
    public func parse(_ text: String) throws -> SearchQuery {
        try SearchQuery.parse(text, vocabulary: vocabulary())
    }
}
