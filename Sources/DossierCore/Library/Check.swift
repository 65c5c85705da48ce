import GRDB

/// What `Library.check()` found: each check by name, with "ok" or what is wrong.
public struct LibraryCheck: Sendable, Codable, Equatable {
    /// One check and its outcome.
    public struct Item: Sendable, Codable, Equatable {
        /// What was checked ("sqlite", "foreign keys", "full-text index").
        public var name: String
        /// True when the check passed, false when it found damage, nil when it could not run.
        public var ok: Bool?
        /// "ok", or what the check reported (one problem per line).
        public var detail: String
    }

    /// Articles in the library.
    public var articles: Int
    /// The checks, in the order they ran.
    public var items: [Item]
    /// True when no check found damage (a check that could not run is not damage).
    public let ok: Bool

    /// A check's outcome; `ok` follows from the items.
    public init(articles: Int, items: [Item]) {
        self.articles = articles
        self.items = items
        ok = !items.contains { $0.ok == false }
    }
}

extension Library {
    /// Checks that the library is whole: SQLite's `integrity_check` over every page and index,
    /// `foreign_key_check`, and FTS5's `integrity-check`, which compares the full-text index
    /// with the stored articles. It reads every page of the file: seconds at 100k articles.
    ///
    /// FTS5 runs its check as a write statement, so a read-only library reports that check
    /// as not run rather than passed.
    public func check() throws(LibraryError) -> LibraryCheck {
        let (articles, integrity, foreignKeys) = try read { db in
            let articles = try Int.fetchOne(db, sql: "SELECT count(*) FROM article") ?? 0
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            // One line per table and missing parent (WITHOUT ROWID tables report no rowid).
            var orphans: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                orphans["\(row[0] as String? ?? "?") → \(row[2] as String? ?? "?")", default: 0] += 1
            }
            let foreignKeys = orphans.sorted { $0.key < $1.key }.map { "\($0.value) \($0.value == 1 ? "row of \($0.key) points at a missing row" : "rows of \($0.key) point at missing rows")" }
            return (articles, integrity, foreignKeys)
        }
        var items = [
            LibraryCheck.Item(name: "sqlite", ok: integrity == ["ok"], detail: integrity.joined(separator: "\n")),
            LibraryCheck.Item(name: "foreign keys", ok: foreignKeys.isEmpty,
                              detail: foreignKeys.isEmpty ? "ok" : foreignKeys.joined(separator: "\n")),
        ]
        if let reason = readOnlyReason {
            items.append(.init(name: "full-text index", ok: nil, detail: "not run: the library is read-only (\(reason))"))
        } else {
            do {
                // rank = 1 also compares the index with the articles it was built from; without
                // it, FTS5 checks only that the index agrees with itself.
                try pool.write { db in try db.execute(sql: "INSERT INTO article_fts(article_fts, rank) VALUES ('integrity-check', 1)") }
                items.append(.init(name: "full-text index", ok: true, detail: "ok"))
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
                items.append(.init(name: "full-text index", ok: false, detail: "it does not match the stored articles (FTS5: \(error.message ?? "damaged"))"))
            } catch {
                throw LibraryError(path: path, underlying: error)
            }
        }
        return LibraryCheck(articles: articles, items: items)
    }
}
