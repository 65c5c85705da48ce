import Foundation
import GRDB

/// Read and starred marks: their own table (`state`, keyed by article id), so writing them
/// never touches the full-text index.
extension Library {
    /// Marks one article read or unread (by full id).
    public func setRead(_ id: String, _ read: Bool) throws {
        try setRead([id], read)
    }

    /// Marks several articles at once (one transaction).
    public func setRead(_ ids: [String], _ read: Bool) throws {
        guard !ids.isEmpty else { return }
        try write { db in
            let upsert = try db.cachedStatement(sql: "INSERT INTO state(id, read) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET read = excluded.read")
            for id in ids { try upsert.execute(arguments: [id, read]) }
        }
    }

    /// Stars or unstars an article (by full id).
    public func setStarred(_ id: String, _ starred: Bool) throws {
        try write { db in
            try db.execute(sql: "INSERT INTO state(id, starred) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET starred = excluded.starred",
                           arguments: [id, starred])
        }
    }

    /// Marks every article `query` matches read (all of them, not only a page of results),
    /// and returns the ids that were unread, so that the change can be undone exactly.
    public func markAllRead(_ query: SearchQuery) throws -> [String] {
        let ids: [String] = try read { db in
            let c = try self.compile(query, db: db)
            let matching = c.matching
            return try String.fetchAll(db, SQLRequest<String>(literal: """
                SELECT id FROM article WHERE rowid IN (\(literal: matching))
                AND id NOT IN (SELECT id FROM state WHERE read = 1)
                """))
        }
        try setRead(ids, true)
        return ids
    }

    /// Which of `ids` are read and which starred.
    static func readingState(_ ids: [String], db: Database) throws -> (read: Set<String>, starred: Set<String>) {
        guard !ids.isEmpty else { return ([], []) }
        var read = Set<String>(), starred = Set<String>()
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
        for row in try Row.fetchAll(db, sql: "SELECT id, read, starred FROM state WHERE id IN (\(marks))", arguments: StatementArguments(ids)) {
            if row[1] as Bool { read.insert(row[0]) }
            if row[2] as Bool { starred.insert(row[0]) }
        }
        return (read, starred)
    }
}
