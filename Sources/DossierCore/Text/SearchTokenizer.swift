import Foundation
import GRDB
import GRDBSQLite

/// The one tokenizer of the full-text index, of queries and of highlighting: FTS5's
/// `porter unicode61 remove_diacritics 2`, with two additions.
///
/// - **Words as written.** While it indexes, it notes every distinct word with its stem
///   (`WordList`), so that a prefix query can match words as typed: `regulati*` finds the
///   words starting "regulati" ("regulation", "regulations") and then everything those
///   words find ("regul…"), never the stem "regul" merely because it is short. In a prefix
///   query the typed prefix is not stemmed.
/// - **Korean, Japanese and Chinese.** These scripts have no spaces between words, so a run
///   of them becomes overlapping two-character tokens ("稳定币" → "稳定", "定币"); a query
///   of two or more characters is then a phrase of bigrams and matches as a substring
///   anywhere, Korean particles included ("업비트" finds "업비트가").
///
/// Registered on every connection of a `Library` (see `Library.open`).
final class SearchTokenizer: FTS5CustomTokenizer {
    static let name = "dossier"

    private let porter: any FTS5Tokenizer
    private let words: WordList.Collector
    private let connection: UnsafeMutableRawPointer

    init(db: Database, arguments: [String]) throws {
        porter = try Self.porter(db)
        (words, connection) = WordList.attach(db)
    }

    deinit { WordList.detach(connection) }

    /// The FTS5 tokenizer under ours: porter stemming over unicode61 without diacritics.
    static func porter(_ db: Database) throws -> any FTS5Tokenizer {
        try db.makeTokenizer(.porter(wrapping: .unicode61(diacritics: .remove)))
    }

    func tokenize(context: UnsafeMutableRawPointer?, tokenization: FTS5Tokenization, pText: UnsafePointer<CChar>?, nText: CInt,
                  tokenCallback: @escaping FTS5TokenCallback) -> CInt {
        guard let pText, nText > 0 else { return SQLITE_OK }
        let text = UnsafeBufferPointer(start: UnsafeRawPointer(pText).assumingMemoryBound(to: UInt8.self), count: Int(nText))
        // Words are noted only when text is indexed, not when it is highlighted (aux).
        let indexing = tokenization.contains(.document)
        if indexing, let prepared = PreparedText.take(text, connection: connection) {
            return prepared.replay(context: context, output: tokenCallback, words: words)
        }
        return Self.tokenize(with: porter, tokenization: tokenization, text: text, words: indexing ? words : nil,
                             context: context, output: tokenCallback)
    }

    /// Our tokens of `text`, from `porter`'s, handed to `output` with `context`; words as
    /// written are noted in `words`. Used by FTS5 through `tokenize` and, ahead of the
    /// insert, by `PreparedText`.
    static func tokenize(with porter: any FTS5Tokenizer, tokenization: FTS5Tokenization, text: UnsafeBufferPointer<UInt8>,
                         words: WordList.Collector?, context: UnsafeMutableRawPointer?, output: @escaping FTS5TokenCallback) -> CInt {
        guard let base = text.baseAddress, !text.isEmpty else { return SQLITE_OK }
        let mode: Emitter.Mode = tokenization.contains(.prefix) ? .prefix : tokenization.contains(.query) ? .query : .document
        var emitter = Emitter(output: output, context: context, text: base, mode: mode, words: words)
        return withUnsafeMutablePointer(to: &emitter) { p in
            porter.tokenize(context: p, tokenization: tokenization, pText: UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self),
                            nText: CInt(text.count)) { ctx, flags, token, n, start, end in
                guard let ctx, let token else { return SQLITE_OK }
                return ctx.assumingMemoryBound(to: Emitter.self).pointee.accept(
                    stem: UnsafeBufferPointer(start: UnsafeRawPointer(token).assumingMemoryBound(to: UInt8.self), count: Int(n)),
                    flags: flags, start: Int(start), end: Int(end))
            }
        }
    }

    /// Turns porter's tokens into ours, with the original text at hand for the word as written.
    struct Emitter {
        enum Mode { case document, query, prefix }
        let output: FTS5TokenCallback
        let context: UnsafeMutableRawPointer?
        let text: UnsafePointer<UInt8>
        let mode: Mode
        let words: WordList.Collector?
        var buffer: [UInt8] = []

        init(output: @escaping FTS5TokenCallback, context: UnsafeMutableRawPointer?, text: UnsafePointer<UInt8>, mode: Mode,
             words: WordList.Collector?) {
            self.output = output; self.context = context; self.text = text; self.mode = mode; self.words = words
            buffer.reserveCapacity(64)
        }

        mutating func accept(stem: UnsafeBufferPointer<UInt8>, flags: CInt, start: Int, end: Int) -> CInt {
            let raw = UnsafeBufferPointer(start: text + start, count: max(0, end - start))
            var ascii = true
            for b in raw where b >= 0x80 { ascii = false; break }
            if !ascii, SearchTokenizer.hasCJK(raw) { return cjk(raw, start: start) }
            guard mode != .query else { return emit(stem, flags: flags, start, end) }
            // The word as written: lower case, diacritics off (as unicode61 reads it).
            buffer.removeAll(keepingCapacity: true)
            if ascii {
                for b in raw { buffer.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b) }
            } else {
                buffer += SearchTokenizer.fold(raw).utf8
            }
            if mode == .prefix { return buffer.withUnsafeBufferPointer { emit($0, flags: flags, start, end) } }
            buffer.withUnsafeBufferPointer { words?.note(surface: $0, stem: stem) }
            return emit(stem, flags: flags, start, end)
        }

    /// A token with CJK in it: each CJK run as overlapping bigrams (a lone character as
        /// itself), anything else in it as a folded word.
        private mutating func cjk(_ raw: UnsafeBufferPointer<UInt8>, start: Int) -> CInt {
            var scalars: [(value: UInt32, offset: Int, length: Int)] = []
            var i = 0
            while i < raw.count {
                let (v, n) = Tokenizer.decode(raw, i)
                scalars.append((v, i, n))
                i += n
            }
            var k = 0
            while k < scalars.count {
                let isCJK = Tokenizer.isCJK(scalars[k].value)
                var e = k
                while e < scalars.count, Tokenizer.isCJK(scalars[e].value) == isCJK { e += 1 }
                let runStart = scalars[k].offset, runEnd = scalars[e - 1].offset + scalars[e - 1].length
                if !isCJK {
                    let word = Array(SearchTokenizer.fold(UnsafeBufferPointer(rebasing: raw[runStart..<runEnd])).utf8)
                    let rc = word.withUnsafeBufferPointer { emit($0, flags: 0, start + runStart, start + runEnd) }
                    guard rc == SQLITE_OK else { return rc }
                } else if e - k == 1 {
                    let rc = emit(UnsafeBufferPointer(rebasing: raw[runStart..<runEnd]), flags: 0, start + runStart, start + runEnd)
                    guard rc == SQLITE_OK else { return rc }
                } else {
                    for j in k..<(e - 1) {
                        let a = scalars[j].offset, b = scalars[j + 1].offset + scalars[j + 1].length
                        let rc = emit(UnsafeBufferPointer(rebasing: raw[a..<b]), flags: 0, start + a, start + b)
                        guard rc == SQLITE_OK else { return rc }
                    }
                }
                k = e
            }
            return SQLITE_OK
        }

        private func emit(_ token: UnsafeBufferPointer<UInt8>, flags: CInt, _ start: Int, _ end: Int) -> CInt {
            guard let base = token.baseAddress, !token.isEmpty else { return SQLITE_OK }
            return output(context, flags, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), CInt(token.count), CInt(start), CInt(end))
        }
    }

    static func hasCJK(_ raw: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < raw.count {
            let (v, n) = Tokenizer.decode(raw, i)
            if Tokenizer.isCJK(v) { return true }
            i += n
        }
        return false
    }

    /// Lower case without diacritics, as unicode61's `remove_diacritics 2` reads a word.
    static func fold(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: raw, as: UTF8.self).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
    }
}
