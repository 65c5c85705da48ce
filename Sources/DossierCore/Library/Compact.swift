import GRDB

/// What `Library.compact()` did.
public struct CompactReport: Sendable, Codable, Equatable {
    /// The library file's size before and after, in bytes (its write-ahead log included).
    public var bytesBefore: Int64, bytesAfter: Int64
    /// True when the full-text index was rebuilt in the smaller layout (`FullTextLayout`).
    public var fullTextRebuilt: Bool
}

extension Library {
    /// Rebuilds the full-text index body first when it is still title first (libraries made
    /// before v18 with more articles than were converted on opening), then gives the file's
    /// free pages back to the file system (`VACUUM`). Each step is one transaction: a crash
    /// leaves the library as it was before that step. `VACUUM` writes a copy of the library
    /// through the write-ahead log, so it needs about as much free disk as the library takes.
    public func compact() throws(LibraryError) -> CompactReport {
        let before = onDiskBytes()
        let rebuilt = try write { db in try FullTextLayout.rebuild(db, as: .bodyFirst) }
        do {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "VACUUM")
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
        } catch { throw LibraryError(path: path, underlying: error) }
        return CompactReport(bytesBefore: before, bytesAfter: onDiskBytes(), fullTextRebuilt: rebuilt)
    }
}
