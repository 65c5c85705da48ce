import Foundation
import GRDB
import GRDBSQLite

/// The index's tokenizer (`SearchTokenizer`) for text outside the index: highlighting in
/// snippets and in the reader. It runs on a private in-memory SQLite connection (FTS5
/// tokenizers live on a connection), so no library is needed.
public final class TextTokens: @unchecked Sendable {
    /// One token: what the index stores for it, and where it stands in the text (UTF-8).
    struct Token {
        var term: [UInt8]
        var start: Int
        var end: Int
    }

    enum Mode { case document, query, prefix }

    static let shared = TextTokens()

    private let lock = NSLock()
    private let queue: DatabaseQueue
    private let tokenizer: any FTS5Tokenizer

    private init() {
        do {
            queue = try DatabaseQueue()
            tokenizer = try queue.inDatabase { db in
                db.add(tokenizer: SearchTokenizer.self)
                return try db.makeTokenizer(SearchTokenizer.tokenizerDescriptor())
            }
        } catch {
            fatalError("the search tokenizer cannot be created: \(error)")   // SQLite without FTS5: a build defect
        }
    }

    /// The tokens of `text`, as indexed (`.document`, read as an auxiliary function would,
    /// so nothing is noted) or as a query reads them.
    func tokens(_ text: String, mode: Mode) -> [Token] {
        final class Sink { var out: [Token] = [] }
        let sink = Sink()
        var text = text
        let flags: FTS5Tokenization = switch mode {
        case .document: .aux
        case .query: .query
        case .prefix: [.query, .prefix]
        }
        lock.lock(); defer { lock.unlock() }
        text.withUTF8 { buf in
            guard let base = buf.baseAddress, !buf.isEmpty else { return }
            _ = withExtendedLifetime(sink) {
                tokenizer.tokenize(context: Unmanaged.passUnretained(sink).toOpaque(), tokenization: flags,
                                   pText: UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), nText: CInt(buf.count)) { ctx, _, token, n, start, end in
                    guard let ctx, let token else { return SQLITE_OK }
                    let sink = Unmanaged<Sink>.fromOpaque(ctx).takeUnretainedValue()
                    let bytes = UnsafeRawBufferPointer(start: token, count: Int(n))
                    sink.out.append(Token(term: Array(bytes), start: Int(start), end: Int(end)))
                    return SQLITE_OK
                }
            }
        }
        return sink.out
    }
}
