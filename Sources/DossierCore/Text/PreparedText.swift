import Foundation
import GRDB
import GRDBSQLite

/// A text's tokens for the full-text index, computed ahead on a parsing thread.
///
/// FTS5 tokenizes a text inside the `INSERT` that indexes it, on the one thread that writes.
/// Indexing spent a fifth of its time there, while the other core waited for work. So the
/// parsing threads run the same tokenizer (`SearchTokenizer`, document mode) over each
/// article's title, body and tags, and the writer offers the results to its connection
/// (`offer`). When FTS5 then asks for the tokens of a text that is byte for byte one of those
/// offered, the tokenizer replays them, with the words as written they noted; any other text
/// is tokenized as before. The index is the same either way (a test compares them).
struct PreparedText: Sendable {
    /// The text, to recognise it when FTS5 asks for its tokens.
    let text: [UInt8]
    /// Token bytes, one after another.
    private var bytes: [UInt8] = []
    private var tokens: [Token] = []
    /// Words as written, with their stems, as the tokenizer noted them (`WordList`), and
    /// each one's hash (hashed here, off the writer's thread).
    private(set) var words: [(surface: String, stem: String)] = []
    private var wordHashes: [UInt64] = []

    /// Whether the tokens are all there (false if the tokenizer could not run): only a ready
    /// text is offered.
    private(set) var ready = false

    private struct Token { var flags: Int32, offset: Int32, count: Int32, start: Int32, end: Int32 }

    /// Tokenizes `text` as FTS5 will when it indexes it.
    init(_ text: String) {
        let utf8 = Array(text.utf8)
        self.text = utf8
        let collector = WordList.Collector()
        var rc = SQLITE_ERROR
        Self.pool.withTokenizer { porter in
            utf8.withUnsafeBufferPointer { buf in
                withUnsafeMutablePointer(to: &self) { me in
                    rc = SearchTokenizer.tokenize(with: porter, tokenization: .document, text: buf, words: collector,
                                                  context: UnsafeMutableRawPointer(me), output: PreparedText.record)
                }
            }
        }
        words = collector.noted
        wordHashes = collector.pendingHashes
        ready = rc == SQLITE_OK
    }

    /// The FTS5 token callback that records into the `PreparedText` at `context`.
    private static let record: FTS5TokenCallback = { context, flags, token, count, start, end in
        guard let context, let token, count > 0 else { return SQLITE_OK }
        let me = context.assumingMemoryBound(to: PreparedText.self)
        let offset = Int32(me.pointee.bytes.count)
        me.pointee.bytes.append(contentsOf: UnsafeRawBufferPointer(start: token, count: Int(count)))
        me.pointee.tokens.append(Token(flags: flags, offset: offset, count: count, start: start, end: end))
        return SQLITE_OK
    }

    /// Whether `text` is this text.
    func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        text.count == self.text.count && self.text.withUnsafeBufferPointer { memcmp($0.baseAddress!, text.baseAddress!, text.count) == 0 }
    }

    /// Hands the recorded tokens to FTS5, and notes the words in `words`.
    func replay(context: UnsafeMutableRawPointer?, output: FTS5TokenCallback, words: WordList.Collector?) -> CInt {
        let rc = bytes.withUnsafeBufferPointer { b -> CInt in
            for t in tokens {
                let p = UnsafeRawPointer(b.baseAddress! + Int(t.offset)).assumingMemoryBound(to: CChar.self)
                let rc = output(context, t.flags, p, t.count, t.start, t.end)
                if rc != SQLITE_OK { return rc }
            }
            return SQLITE_OK
        }
        // By hash first: most words were seen in earlier articles, and reading each one's
        // strings retained and released them (3.7% of the samples while storing, on the writer).
        if rc == SQLITE_OK, let words {
            for (i, h) in wordHashes.enumerated() where !words.hasSeen(h) {
                words.note(surface: self.words[i].surface, stem: self.words[i].stem, hash: h)
            }
        }
        return rc
    }

    /// Calls `body` with each token FTS5 indexes for `text` (document mode), without noting
    /// words; false if the tokenizer could not run.
    static func forEachToken(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
        var rc = SQLITE_ERROR
        let utf8 = Array(text.utf8)
        withoutActuallyEscaping(body) { body in
            var callback = body
            pool.withTokenizer { porter in
                utf8.withUnsafeBufferPointer { buf in
                    withUnsafeMutablePointer(to: &callback) { p in
                        rc = SearchTokenizer.tokenize(with: porter, tokenization: .document, text: buf, words: nil,
                                                      context: UnsafeMutableRawPointer(p)) { context, _, token, count, _, _ in
                            guard let context, let token, count > 0 else { return SQLITE_OK }
                            context.assumingMemoryBound(to: ((UnsafeBufferPointer<UInt8>) -> Void).self).pointee(
                                UnsafeBufferPointer(start: UnsafeRawPointer(token).assumingMemoryBound(to: UInt8.self), count: Int(count)))
                            return SQLITE_OK
                        }
                    }
                }
            }
        }
        return rc == SQLITE_OK
    }

    /// The tokens FTS5 searches for when a query holds `text` as a quoted string, or as a
    /// prefix (`"text" *`): the same tokenizer in query mode.
    static func queryTokens(_ text: String, prefix: Bool) -> [[UInt8]] {
        var out: [[UInt8]] = []
        let utf8 = Array(text.utf8)
        pool.withTokenizer { porter in
            utf8.withUnsafeBufferPointer { buf in
                withUnsafeMutablePointer(to: &out) { list in
                    _ = SearchTokenizer.tokenize(with: porter, tokenization: prefix ? [.query, .prefix] : .query, text: buf, words: nil,
                                                 context: UnsafeMutableRawPointer(list)) { context, _, token, count, _, _ in
                        guard let context, let token, count > 0 else { return SQLITE_OK }
                        context.assumingMemoryBound(to: [[UInt8]].self).pointee.append(Array(UnsafeRawBufferPointer(start: token, count: Int(count))))
                        return SQLITE_OK
                    }
                }
            }
        }
        return out
    }

    // MARK: Offering texts to a connection

    private static let lock = NSLock()
    nonisolated(unsafe) private static var offered: [UnsafeMutableRawPointer: [PreparedText]] = [:]

    /// Runs `body` (the statement that indexes these texts) with `texts` offered to `db`'s
    /// tokenizer.
    static func offering<T>(_ texts: [PreparedText], to db: Database, _ body: () throws -> T) rethrows -> T {
        let texts = texts.filter(\.ready)
        guard !texts.isEmpty, let handle = db.sqliteConnection else { return try body() }
        let key = UnsafeMutableRawPointer(handle)
        lock.lock(); offered[key] = texts; lock.unlock()
        defer { lock.lock(); offered[key] = nil; lock.unlock() }
        return try body()
    }

    /// The offered text equal to `text` on connection `key`, taken from the offer.
    static func take(_ text: UnsafeBufferPointer<UInt8>, connection key: UnsafeMutableRawPointer) -> PreparedText? {
        lock.lock(); defer { lock.unlock() }
        guard var texts = offered[key], let i = texts.firstIndex(where: { $0.matches(text) }) else { return nil }
        let found = texts.remove(at: i)
        offered[key] = texts
        return found
    }

    // MARK: Tokenizers for the parsing threads

    /// FTS5's porter tokenizer, one instance per thread at a time, made on a private
    /// in-memory connection that lives as long as the process.
    private static let pool = TokenizerPool()

    final class TokenizerPool: @unchecked Sendable {
        private let lock = NSLock()
        private var free: [any FTS5Tokenizer] = []
        private lazy var connection: DatabaseQueue? = try? DatabaseQueue()

        func withTokenizer(_ body: (any FTS5Tokenizer) -> Void) {
            lock.lock()
            var tokenizer = free.popLast()
            if tokenizer == nil { tokenizer = try? connection?.inDatabase { db in try SearchTokenizer.porter(db) } }
            lock.unlock()
            guard let tokenizer else { return }
            body(tokenizer)
            lock.lock(); free.append(tokenizer); lock.unlock()
        }
    }
}
