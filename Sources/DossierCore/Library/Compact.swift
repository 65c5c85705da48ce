import Foundation
import GRDB

/// What `Library.compact()` did.
public struct CompactReport: Sendable, Codable, Equatable {
    /// The library file's size before and after, in bytes (its write-ahead log included).
    public var bytesBefore: Int64, bytesAfter: Int64
    /// True when the full-text index was rebuilt in the smaller layout (`FullTextLayout`).
    public var fullTextRebuilt: Bool
    /// Bodies packed again with the newly trained dictionary (`BodyDictionary`); 0 when the
    /// library has too few articles to train one.
    public var bodiesRepacked: Int
}

extension Library {
    /// Trains a body dictionary on a spread of the library's bodies and packs every body
    /// again with it (`BodyDictionary`); rebuilds the full-text index body first when it is
    /// still title first (libraries made before v18 with more articles than were converted on
    /// opening); then gives the file's free pages back to the file system (`VACUUM`).
    ///
    /// Bodies are packed again a few thousand to a transaction, and the index rebuilt in one:
    /// a crash leaves every body readable and the index whole. `VACUUM` writes a copy of the
    /// library through the write-ahead log, so it needs about as much free disk as the library takes.
    public func compact() throws(LibraryError) -> CompactReport {
        let before = onDiskBytes()
        let repacked = try repackBodies()
        let rebuilt = try write { db in try FullTextLayout.rebuild(db, as: .bodyFirst) }
        do {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "VACUUM")
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
        } catch { throw LibraryError(path: path, underlying: error) }
        return CompactReport(bytesBefore: before, bytesAfter: onDiskBytes(), fullTextRebuilt: rebuilt, bodiesRepacked: repacked)
    }

    /// Bodies packed again per transaction.
    static let repackChunk = 2_000

    /// Trains a new dictionary and packs every packable body with it; the number packed.
    /// Older dictionaries go once no body names them.
    private func repackBodies() throws(LibraryError) -> Int {
        let samplesToTrain = bodySamplesToTrain
        let trained: BodyDictionary? = try write { db in
            let d = try BodyDictionary.train(onStored: db, minimum: samplesToTrain)
            try d?.save(db)
            return d
        }
        guard let trained else { return 0 }
        var repacked = 0
        var after: Int64 = 0
        // Dictionaries still named by a body that could not be read (damaged): kept.
        var stillNamed: Set<Int64> = [trained.key]
        while true {
            let rows = try read { db in
                try Row.fetchAll(db, sql: "SELECT rowid, body FROM article WHERE rowid > ? ORDER BY rowid LIMIT ?", arguments: [after, Self.repackChunk])
                    .map { (rowid: $0[0] as Int64, body: $0["body"] as DatabaseValue) }
            }
            guard let last = rows.last else { break }
            after = last.rowid
            // Packed on every core; written in one transaction.
            var packed = [DatabaseValue?](repeating: nil, count: rows.count)
            packed.withUnsafeMutableBufferPointer { slots in
                nonisolated(unsafe) let slots = slots
                DispatchQueue.concurrentPerform(iterations: rows.count) { i in
                    guard let text = PackedText.fromDatabaseValue(rows[i].body)?.text, text.utf8.count >= PackedText.smallest else { return }
                    slots[i] = PackedText(text, dictionary: trained).databaseValue
                }
            }
            for (row, value) in zip(rows, packed) where value == nil {
                if case .blob(let d) = row.body.storage, let key = PackedText.dictionaryKey(of: d) { stillNamed.insert(key) }
            }
            try write { db in
                let update = try db.makeStatement(sql: "UPDATE article SET body = ? WHERE rowid = ?")
                for (row, value) in zip(rows, packed) {
                    guard let value else { continue }
                    try update.execute(arguments: [value, row.rowid])
                    repacked += 1
                }
            }
        }
        try write { db in
            try db.execute(sql: "DELETE FROM body_dictionary WHERE key NOT IN (\(stillNamed.map(String.init).joined(separator: ",")))")
        }
        return repacked
    }
}
