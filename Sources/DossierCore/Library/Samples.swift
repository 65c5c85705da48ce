import GRDB

/// The bundled sample pages in a library: indexed only on request (`index(_:samples:)`),
/// marked in the `file` table, and removable in one step.
public struct SampleCount: Sendable, Equatable {
    /// Sample pages indexed.
    public var files: Int
    /// Articles that only sample pages hold (a story also in one of the user's pages is theirs).
    public var articles: Int
}

extension Library {
    /// How many sample pages, and articles seen only in them, the library holds.
    public func samples() throws(LibraryError) -> SampleCount {
        try read { db in
            let files = try Int.fetchOne(db, sql: "SELECT count(*) FROM file WHERE sample = 1") ?? 0
            let articles = try Int.fetchOne(db, sql: """
                SELECT count(DISTINCT s.article) FROM sighting s JOIN file f ON f.id = s.fileId WHERE f.sample = 1
                AND NOT EXISTS (SELECT 1 FROM sighting o JOIN file g ON g.id = o.fileId WHERE o.article = s.article AND g.sample = 0)
                """) ?? 0
            return SampleCount(files: files, articles: articles)
        }
    }

    /// Removes the sample pages and the articles only they hold, in one transaction;
    /// returns what was removed. Read state of the removed articles goes with them.
    @discardableResult
    public func removeSamples() throws(LibraryError) -> SampleCount {
        let before = try samples()
        guard before.files > 0 else { return before }
        try write { db in
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM file WHERE sample = 1")
            let gone = try String.fetchAll(db, sql: """
                SELECT a.id FROM article a WHERE a.rowid IN (SELECT s.article FROM sighting s JOIN file f ON f.id = s.fileId WHERE f.sample = 1)
                AND NOT EXISTS (SELECT 1 FROM sighting o JOIN file g ON g.id = o.fileId WHERE o.article = a.rowid AND g.sample = 0)
                """)
            for id in ids {
                try detach(fileId: id, db: db)
                try db.execute(sql: "DELETE FROM file WHERE id = ?", arguments: [id])
            }
            for id in gone { try db.execute(sql: "DELETE FROM state WHERE id = ?", arguments: [id]) }
            try saveNewGeneration(db)
        }
        // A user's teaser of a story whose full text only a sample held becomes the story.
        var refreshed = IndexSummary()
        try refreshStaleFiles(parser: ArticleParser(), summary: &refreshed)
        if refreshed.filesRefreshed > 0 { try write { db in try saveNewGeneration(db) } }
        return before
    }
}
