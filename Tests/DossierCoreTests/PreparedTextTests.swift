import Foundation
import GRDB
import GRDBSQLite
import Testing
@testable import DossierCore
import DossierBench

/// Tokens computed ahead on a parsing thread (`PreparedText`) must be exactly those FTS5
/// gets from the tokenizer in place: same tokens, flags and offsets, same words noted.
@Suite struct PreparedTextTests {
    /// What a tokenization produced.
    struct Tokens: Equatable, CustomStringConvertible {
        var items: [String] = []
        var description: String { items.joined(separator: " ") }
    }

    static let collect: FTS5TokenCallback = { context, flags, token, count, start, end in
        guard let context, let token else { return SQLITE_OK }
        let word = String(decoding: UnsafeRawBufferPointer(start: token, count: Int(count)), as: UTF8.self)
        context.assumingMemoryBound(to: Tokens.self).pointee.items.append("\(word)/\(flags)/\(start)-\(end)")
        return SQLITE_OK
    }

    /// The texts of the seed pages' articles, and awkward ones.
    static func texts() throws -> [String] {
        var texts = [
            "", " ", "a", "香港金管局发布稳定币发行人发牌制度指引", "업비트가 금융정보분석원의 영업정지 처분에", "暗号資産exchange交換業者 ABC-123",
            "Ünïcödé DIACRITICS naïve café", "e\u{301}toile \u{200D}joined\u{200B}words", "🚀 emoji 🇭🇰 flags", String(repeating: "x", count: 5000),
            "tag:country-hk authority:hk-sfc topic:stablecoins",
        ]
        for name in try FileManager.default.contentsOfDirectory(atPath: Repo.root.path + "/seeds").sorted() {
            for a in try parse(Repo.root.path + "/seeds/" + name) {
                let record = ArticleRecord(a, fileId: 0, titleKey: "")
                texts += [record.title, record.body, record.tags]
            }
        }
        return texts
    }

    @Test("Prepared tokens equal the tokenizer's own, text by text")
    func sameTokens() throws {
        let queue = try DatabaseQueue()
        try queue.inDatabase { db in
            db.add(tokenizer: SearchTokenizer.self)
            let tokenizer = try db.makeTokenizer(FTS5TokenizerDescriptor(components: [SearchTokenizer.name]))
            let texts = try Self.texts()
            #expect(texts.count > 60)
            for text in texts {
                var expected = Tokens()
                let live = WordList.collector(for: db)
                live.reset()
                var bytes = Array(text.utf8) + [0]
                bytes.withUnsafeMutableBufferPointer { b in
                    b.baseAddress!.withMemoryRebound(to: CChar.self, capacity: b.count) { p in
                        _ = withUnsafeMutablePointer(to: &expected) { e in
                            tokenizer.tokenize(context: e, tokenization: .document, pText: p, nText: CInt(b.count - 1), tokenCallback: Self.collect)
                        }
                    }
                }
                let prepared = PreparedText(text)
                #expect(prepared.ready)
                var replayed = Tokens()
                let words = WordList.Collector()
                let rc = withUnsafeMutablePointer(to: &replayed) { prepared.replay(context: $0, output: Self.collect, words: words) }
                #expect(rc == SQLITE_OK)
                #expect(replayed == expected, "\(text.prefix(60))")
                #expect(words.noted.map { $0.surface + "=" + $0.stem } == live.noted.map { $0.surface + "=" + $0.stem }, "\(text.prefix(60))")
            }
        }
    }

    /// The word list is what prefix searches typed past a stem complete from: every term the
    /// index holds for titles and bodies must have a word there. Checked against FTS5's own
    /// vocabulary, which the word list's collector never touches.
    @Test("Every indexed title and body term has a word in the word list")
    func wordListCoversTheIndex() throws {
        let scratch = try ScratchFolder("wordlist")
        defer { scratch.remove() }
        _ = try RealisticCorpus(seed: 5).write(articles: 300, to: scratch.pages)
        let library = try Library.open(at: scratch.library)
        _ = try library.index([Repo.root.path + "/seeds", scratch.pages])
        let (terms, missing) = try library.write { db in
            try db.execute(sql: "CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, article_fts, 'col')")
            let terms = try Int.fetchOne(db, sql: "SELECT count(DISTINCT term) FROM temp.vocab WHERE col IN ('title', 'body')") ?? 0
            let missing = try String.fetchAll(db, sql: """
                SELECT DISTINCT term FROM temp.vocab WHERE col IN ('title', 'body') AND term NOT IN (SELECT stem FROM search_word) LIMIT 20
                """)
            return (terms, missing)
        }
        #expect(terms > 3_000)
        #expect(missing.isEmpty, "terms without a word: \(missing)")
    }

    @Test("Only the text offered is replayed, once; another text is tokenized in place")
    func offeredTextsOnly() throws {
        let queue = try DatabaseQueue()
        try queue.inDatabase { db in
            let key = UnsafeMutableRawPointer(db.sqliteConnection!)
            let a = PreparedText("first text"), b = PreparedText("second text")
            func take(_ s: String) -> PreparedText? { Array(s.utf8).withUnsafeBufferPointer { PreparedText.take($0, connection: key) } }
            PreparedText.offering([a, b], to: db) {
                #expect(take("other text") == nil)
                #expect(take("second text")?.text == b.text)
                #expect(take("second text") == nil)
                #expect(take("first tex") == nil)
                #expect(take("first text")?.text == a.text)
            }
            PreparedText.offering([a], to: db) {}
            #expect(take("first text") == nil, "nothing stays offered after the statement")
        }
    }
}
