import Foundation
import GRDB
import GRDBSQLite

/// The order of the full-text index's columns.
///
/// FTS5 stores each (term, article) pair as a position list that starts in its first column;
/// positions in any other column follow a two-byte marker (0x01 and the column's number).
/// With the title first (v4 to v17), nearly every pair paid those two bytes for the body:
/// the body first makes the index about a quarter smaller (docs/performance.md, "Library
/// size"), and answers the same, since queries, inserts and deletes name their columns.
/// Only the rank function goes by column number, so it reads the layout (`of(handle:)`).
enum FullTextLayout: Equatable {
    /// `title, body, tags`: libraries made before v18 that were too large to convert on opening.
    case titleFirst
    /// `body, title, tags`: every new library, and older ones converted (`rebuild`).
    case bodyFirst

    /// How `article_fts` is declared in this layout: external content read through the
    /// `article_text` view, the `dossier` tokenizer.
    var declaration: String {
        let columns = self == .bodyFirst ? "body, title, tags" : "title, body, tags"
        return "CREATE VIRTUAL TABLE article_fts USING fts5(\(columns), content='article_text', content_rowid='rowid', tokenize='\(SearchTokenizer.name)')"
    }

    /// BM25 weight of each column by number: title 10, body 1, tags 0.
    func weight(ofColumn column: Int32) -> Double {
        switch (self, column) {
        case (.titleFirst, 0), (.bodyFirst, 1): return 10
        case (.titleFirst, 1), (.bodyFirst, 0): return 1
        default: return 0
        }
    }

    /// The layout of the library on a connection, from the table's declaration.
    static func of(_ db: Database) throws -> FullTextLayout {
        parse(try String.fetchOne(db, sql: declarationSQL) ?? "")
    }

    /// The same, from inside an SQL function (the rank function, once per statement), where
    /// only the connection's handle is at hand. Title first when it cannot be read.
    static func of(handle: OpaquePointer?) -> FullTextLayout {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, declarationSQL, -1, &statement, nil) == SQLITE_OK else { return .titleFirst }
        defer { sqlite3_finalize(statement) }
        guard sqlite3_step(statement) == SQLITE_ROW, let text = sqlite3_column_text(statement, 0) else { return .titleFirst }
        return parse(String(cString: text))
    }

    private static let declarationSQL = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'article_fts'"

    /// Body first when the first argument of `fts5(…)` in the declaration is `body`.
    static func parse(_ declaration: String) -> FullTextLayout {
        guard let open = declaration.range(of: "fts5(") else { return .titleFirst }
        let first = declaration[open.upperBound...].prefix { $0 != "," && $0 != ")" }
        return first.trimmingCharacters(in: .whitespacesAndNewlines) == "body" ? .bodyFirst : .titleFirst
    }

    /// Libraries of at most this many articles are converted when they are opened (v18): about
    /// a second's work. Larger ones keep their layout until `dossier compact`, since rebuilding
    /// the index reads and tokenizes every article (minutes at 1M).
    static let convertOnOpening = 5_000

    /// Converts the library body first when it has at most `limit` articles; what v18 does.
    static func convertIfSmall(_ db: Database, limit: Int = convertOnOpening) throws {
        let articles = try Int.fetchOne(db, sql: "SELECT count(*) FROM article") ?? 0
        if articles <= limit { try rebuild(db, as: .bodyFirst) }
    }

    /// Rebuilds `article_fts` in `layout` from the stored articles, unless it is already so;
    /// true when it did. Rowids, token counts and the words list do not change, so nothing
    /// else is rebuilt; the FTS5 settings that index runs set (`Schema.useFTSHashSize`) are
    /// set again by the next run.
    @discardableResult
    static func rebuild(_ db: Database, as layout: FullTextLayout) throws -> Bool {
        guard try of(db) != layout else { return false }
        try db.execute(sql: "DROP TABLE article_fts")
        try db.execute(sql: layout.declaration)
        try db.execute(sql: "INSERT INTO article_fts(article_fts) VALUES ('rebuild')")
        return true
    }
}
