import Foundation
import GRDB

/// Every distinct word the index has seen, as written (folded to lower case), with its
/// stem: the table `search_word`. It lets a prefix match words as typed.
///
/// `tokeni*` means "any word starting with tokeni, and whatever that word finds". The index
/// holds stems, so FTS5's own prefix query (`"tokeni" *`) finds the stems starting with
/// "tokeni" but not the stem "token" of "tokenization". The list supplies those shorter
/// stems: for each, one word that has it, which FTS5 then stems back (see `prefixTerms`).
///
/// The tokenizer notes words while it indexes (`Collector`, one per connection); the indexer
/// writes them in the same transaction as the articles (`flush`).
enum WordList {
    /// Words noted on one connection and not yet written. Used on that connection's
    /// thread only (SQLite serialises a connection), so it needs no lock of its own.
    final class Collector: @unchecked Sendable {
        /// Hashes of the words already noted (written or pending). Not a `Set`: it ran SipHash
        /// over each hash, for each word of each article, on the writer's thread (2.8% of a
        /// fresh index's samples with the hashing of each word there, `perf`; now 1.8%).
        private var seen = HashSlots(capacity: 1 << 14)
        /// Tokenizers using it; at zero it is dropped, so a later connection at the same
        /// address starts afresh.
        fileprivate var users = 0
        fileprivate var pending: [(surface: String, stem: String)] = []
        /// The hash of each word in `pending`.
        private(set) var pendingHashes: [UInt64] = []

        @inline(__always)
        func note(surface: UnsafeBufferPointer<UInt8>, stem: UnsafeBufferPointer<UInt8>) {
            let h = Self.hash(surface)
            guard insert(h) else { return }
            pending.append((String(decoding: surface, as: UTF8.self), String(decoding: stem, as: UTF8.self)))
            pendingHashes.append(h)
        }

        /// A word noted elsewhere (`PreparedText`), with the hash made there, noted here.
        func note(surface: String, stem: String, hash: UInt64) {
            guard insert(hash) else { return }
            pending.append((surface, stem))
            pendingHashes.append(hash)
        }

        /// Whether a word with the hash `h` was noted.
        @inline(__always)
        func hasSeen(_ h: UInt64) -> Bool { seen[h] != nil }

        /// Whether `h` was not seen before.
        @inline(__always)
        private func insert(_ h: UInt64) -> Bool {
            guard seen[h] == nil else { return false }
            seen.set(h, 0)
            return true
        }

        /// FNV-1a: cheap, and a collision only costs one word its list entry.
        @inline(__always)
        private static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 { FNV.hash(bytes) }

        /// The words noted and not yet written.
        var noted: [(surface: String, stem: String)] { pending }

        /// Forgets what was seen, so that every word is noted again (after a failed write).
        func reset() { seen.removeAll(); pending.removeAll(); pendingHashes.removeAll() }

        /// Forgets the pending words once written (they stay seen).
        fileprivate func written() { pending.removeAll(keepingCapacity: true); pendingHashes.removeAll(keepingCapacity: true) }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var collectors: [UnsafeMutableRawPointer: Collector] = [:]

    /// The collector of `db`'s connection (made on first use; one per connection).
    static func collector(for db: Database) -> Collector {
        let key = UnsafeMutableRawPointer(db.sqliteConnection!)
        lock.lock(); defer { lock.unlock() }
        if let c = collectors[key] { return c }
        let c = Collector()
        collectors[key] = c
        return c
    }

    /// A tokenizer on `db`'s connection starts using its collector.
    static func attach(_ db: Database) -> (Collector, key: UnsafeMutableRawPointer) {
        let c = collector(for: db)
        lock.lock(); c.users += 1; lock.unlock()
        return (c, UnsafeMutableRawPointer(db.sqliteConnection!))
    }

    /// A tokenizer is gone (its connection is closing).
    static func detach(_ key: UnsafeMutableRawPointer) {
        lock.lock(); defer { lock.unlock() }
        guard let c = collectors[key] else { return }
        c.users -= 1
        if c.users <= 0 { collectors[key] = nil }
    }

    /// Writes the words noted on `db`'s connection. Call inside the transaction that
    /// indexed them.
    static func flush(_ db: Database) throws {
        let c = collector(for: db)
        guard !c.pending.isEmpty else { return }
        let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO search_word(surface, stem) VALUES (?, ?)")
        for w in c.pending { try insert.execute(arguments: [w.surface, w.stem]) }
        c.written()
    }

    /// Forgets the connection's notes: the transaction they belonged to failed.
    static func discard(_ db: Database) { collector(for: db).reset() }

    /// For a prefix as typed: one word for each stem that words starting with the prefix
    /// have, where that stem does not itself start with the prefix (FTS5's prefix query
    /// finds those). `tokeni` → ["tokenization"] (stem "token").
    static func prefixTerms(_ prefix: String, db: Database) throws -> [String] {
        let p = prefix.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
        guard !p.isEmpty, let last = p.unicodeScalars.last, let next = Unicode.Scalar(last.value + 1) else { return [] }
        let upper = String(p.unicodeScalars.dropLast()) + String(next)
        return try String.fetchAll(db, sql: """
            SELECT min(surface) FROM search_word WHERE surface >= ? AND surface < ? AND substr(stem, 1, ?) <> ? GROUP BY stem
            """, arguments: [p, upper, p.unicodeScalars.count, p])
    }
}
