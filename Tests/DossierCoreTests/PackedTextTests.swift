import DossierBench
import Foundation
import GRDB
import Testing
@testable import DossierCore

/// Article texts stored deflated (`PackedText`) read back exactly, and the full-text index,
/// which reads them through the `article_text` view, stays whole.
@Suite struct PackedTextTests {
    /// Any text, of any script and length, unpacks to itself; short texts stay plain TEXT,
    /// long ones become smaller BLOBs.
    @Test func textsReadBackExactly() throws {
        var rng = SyntheticCorpus.SplitMix(seed: 13)
        let pieces = ["stablecoin", "監管", "스테이블코인", "é", "👩‍💻", "\u{200D}", "\n", " ", "SFC", "0.5%", "\u{0}", "ทดสอบ"]
        for _ in 0..<300 {
            let text = (0..<rng.next(600)).map { _ in rng.pick(pieces) }.joined()
            let packed = PackedText(text)
            #expect(packed.text == text)
            #expect(PackedText.fromDatabaseValue(packed.databaseValue)?.text == text)
            switch packed.databaseValue.storage {
            case .blob(let d): #expect(d.count < text.utf8.count)
            case .string(let s): #expect(s == text)
            default: Issue.record("stored as neither TEXT nor BLOB")
            }
        }
        let long = String(repeating: "The regulator published its rules. ", count: 200)
        guard case .blob(let d) = PackedText(long).databaseValue.storage else { Issue.record("a long text is packed"); return }
        #expect(d.count * 10 < long.utf8.count)
        #expect(PackedText("short").databaseValue == "short".databaseValue)
        // A damaged or unknown BLOB is refused, not read as some other text.
        var damaged = d
        damaged[damaged.count / 2] ^= 0x55
        #expect(PackedText.unpack(damaged) == nil)
        #expect(PackedText.unpack(Data([9]) + d.dropFirst()) == nil)
    }

    /// A library of packed bodies: bodies are BLOBs, words from them are found, the article
    /// shows its whole text, and FTS5's integrity check (which reads the text through the
    /// view) passes, also with rows stored plain before packing and after they are replaced.
    @Test func theIndexReadsPackedTextsThroughTheView() throws {
        let fm = FileManager.default
        let dir = NSTemporaryDirectory() + "dossier-packed-\(UUID().uuidString)"
        try fm.createDirectory(atPath: dir + "/pages", withIntermediateDirectories: true)
        defer { try? fm.removeItem(atPath: dir) }
        for n in 0...4 { try fm.copyItem(atPath: Repo.seed(String(format: "%03d", n)), toPath: dir + "/pages/\(n).txt") }
        let library = try Library.open(at: dir + "/library.sqlite")
        _ = try library.index([dir + "/pages"])
        func integrity() throws {
            try library.write { db in try db.execute(sql: "INSERT INTO article_fts(article_fts, rank) VALUES ('integrity-check', 1)") }
        }
        let (blobs, total) = try library.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM article WHERE typeof(body) = 'blob'") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM article") ?? 0)
        }
        #expect(blobs > total / 2, "most bodies are packed (\(blobs) of \(total))")
        try integrity()

        // A word from deep in a packed body is found, and the article shows all its text.
        let (id, body) = try library.read { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT id, dossier_text(body) FROM article WHERE typeof(body) = 'blob' AND offTopic = 0 ORDER BY length DESC"))
            return (row[0] as String, row[1] as String)
        }
        let word = try #require(body.split(separator: " ").map(String.init).last { $0.count > 6 && $0.allSatisfy(\.isLetter) })
        let found = try library.search(library.parse("\"\(word)\""), limit: 1_000)
        #expect(found.hits.contains { $0.article.id == id }, "\(word): \(found.hits.map(\.article.id)) \(id)")
        #expect(try library.article(idPrefix: id).paragraphs.joined(separator: "\n") == body)

        // A page replaced: its packed rows leave the index.
        try "Another page\n\nThe central bank said a digital currency pilot starts next year.".write(toFile: dir + "/pages/1.txt", atomically: true, encoding: .utf8)
        _ = try library.index([dir + "/pages"], prune: true)
        try integrity()

        // Rows from before packing (plain TEXT) read and leave the index as they came.
        try library.write { db in try db.execute(sql: "UPDATE article SET body = dossier_text(body)") }
        try integrity()
        try "Replaced page\n\nA regulator in Singapore said stablecoin issuers need a licence.".write(toFile: dir + "/pages/0.txt", atomically: true, encoding: .utf8)
        _ = try library.index([dir + "/pages"], prune: true)
        try integrity()
        #expect(try library.check().ok)
    }

    /// Texts packed with a trained dictionary read back exactly, take less room than deflated,
    /// and a damaged one, or one naming a dictionary nobody has, is refused.
    @Test func dictionaryPackedTextsReadBackExactly() throws {
        var rng = SyntheticCorpus.SplitMix(seed: 17)
        let words = ["the", "regulator", "said", "stablecoin", "issuers", "licence", "監管", "스테이블코인", "é", "👩‍💻",
                     "virtual", "asset", "service", "providers", "must", "report", "\n", "0.5%", "SFC", "ทดสอบ", "by", "2025"]
        func text() -> String { (0..<(40 + rng.next(700))).map { _ in rng.pick(words) }.joined(separator: " ") }
        let samples = (0..<300).map { _ in text() }
        let trained = try #require(BodyDictionary.train(on: samples))
        // Unknown until saved in a library or registered: its bodies do not read back.
        let unknown = try #require(PackedText.pack(samples[0], dictionary: trained))
        #expect(PackedText.unpack(unknown) == nil)
        let dictionary = BodyDictionary.register(trained)
        var deflated = 0, packed = 0
        for _ in 0..<200 {
            let t = text()
            let p = PackedText(t, dictionary: dictionary)
            guard case .blob(let d) = p.databaseValue.storage else { Issue.record("a long text is packed"); continue }
            #expect(d.first == PackedText.Format.zstdDictionary.rawValue)
            #expect(PackedText.dictionaryKey(of: d) == dictionary.key)
            #expect(PackedText.fromDatabaseValue(p.databaseValue)?.text == t)
            packed += d.count
            deflated += try #require(PackedText.pack(t)).count
            var damaged = d
            damaged[damaged.count - 6] ^= 0x20
            #expect(PackedText.unpack(damaged) == nil)
        }
        #expect(packed * 10 < deflated * 9, "packed \(packed) bytes, deflated \(deflated)")
        // Another dictionary's key: no library opened here holds it.
        let blob = try #require(PackedText.pack(samples[0], dictionary: dictionary))
        var stranger = blob
        var at = 1   // after the format byte and the length: the key
        _ = stranger.withUnsafeBytes { Varint.get($0, &at) }
        stranger[at] ^= 0xFF
        #expect(PackedText.dictionaryKey(of: stranger) != dictionary.key)
        #expect(PackedText.unpack(stranger) == nil)
        #expect(PackedText("short", dictionary: dictionary).databaseValue == "short".databaseValue)
    }

    /// An index run deflates its first bodies, trains a dictionary on them and packs the rest
    /// with it, in the same transactions; every body reads back and is found. `compact` trains
    /// a new dictionary, packs every body with it and drops the first; answers do not change.
    @Test func anIndexRunTrainsADictionaryAndCompactPacksAgain() throws {
        let scratch = try ScratchFolder("dictionary")
        defer { scratch.remove() }
        let library = try scratch.indexedLibrary(articles: 400, seed: 5, samplesToTrain: 100)

        func formats() throws -> [Int: Int] {
            try library.read { db in
                Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: """
                    SELECT unicode(CAST(substr(body, 1, 1) AS TEXT)), count(*) FROM article WHERE typeof(body) = 'blob' GROUP BY 1
                    """).map { ($0[0] as Int, $0[1] as Int) })
            }
        }
        func dictionaries() throws -> [Int64] { try library.read { db in try Int64.fetchAll(db, sql: "SELECT key FROM body_dictionary") } }
        func integrity() throws {
            try library.write { db in try db.execute(sql: "INSERT INTO article_fts(article_fts, rank) VALUES ('integrity-check', 1)") }
            #expect(try library.check().ok)
        }
        let first = try dictionaries()
        #expect(first.count == 1)
        let before = try formats()
        #expect((before[1] ?? 0) >= 100 && (before[2] ?? 0) > 100, "\(before)")
        try integrity()

        // A word from deep in a dictionary-packed body is found, and the article shows it all.
        let (id, body) = try library.read { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT id, dossier_text(body) FROM article WHERE substr(body, 1, 1) = x'02' ORDER BY length DESC"))
            return (row[0] as String, row[1] as String)
        }
        let word = try #require(body.split(separator: " ").map(String.init).last { $0.count > 6 && $0.allSatisfy(\.isLetter) })
        let queries = ["\"\(word)\"", "stablecoin", "reg* -country:cn", "\"virtual asset\""]
        let answers = { try queries.map { try library.search(library.parse($0), limit: 50).hits.map(\.article) } }
        let found = try answers()
        #expect(found[0].contains { $0.id == id })
        #expect(try library.article(idPrefix: id).paragraphs.joined(separator: "\n") == body)

        let report = try library.compact()
        #expect(report.bodiesRepacked == (before[1] ?? 0) + (before[2] ?? 0))
        let after = try formats()
        #expect(after[1] == nil && after[2] == report.bodiesRepacked, "\(after)")
        let second = try dictionaries()
        #expect(second.count == 1 && second != first)
        #expect(try answers() == found)
        #expect(try library.article(idPrefix: id).paragraphs.joined(separator: "\n") == body)
        try integrity()
    }

    /// A library with enough articles but no dictionary (made by an older Dossier, or grown by
    /// runs too small to train one) trains one on its stored bodies when a run starts: the new
    /// page's bodies are packed with it, the older ones read as they were.
    /// A library attached to another database (`ATTACH`, as `bench search` builds its
    /// baseline): its bodies read back through `dossier_text` though no library holding the
    /// dictionary was opened in this process.
    @Test func bodiesOfAnAttachedLibraryReadBack() throws {
        let scratch = try ScratchFolder("dictionary-attached")
        defer { scratch.remove() }
        var rng = SyntheticCorpus.SplitMix(seed: 23)
        let words = ["central", "bank", "tokenised", "deposits", "pilot", "sandbox", "exchange", "custody", "rules", "the", "of"]
        let texts = (0..<120).map { _ in (0..<(60 + rng.next(400))).map { _ in rng.pick(words) }.joined(separator: " ") }
        // Trained here but never saved nor registered: only the attached file holds it.
        let dictionary = try #require(BodyDictionary.train(on: texts))
        #expect(BodyDictionary.named(dictionary.key) == nil)
        let other = scratch.dir + "/other.sqlite"
        try DatabaseQueue(path: other).write { db in
            try db.execute(sql: """
                CREATE TABLE body_dictionary(key INTEGER PRIMARY KEY, data BLOB NOT NULL, createdAt REAL NOT NULL);
                CREATE TABLE article(body);
                """)
            try db.execute(sql: "INSERT INTO body_dictionary VALUES (?, ?, 0)", arguments: [dictionary.key, Data(dictionary.bytes)])
            for t in texts { try db.execute(sql: "INSERT INTO article VALUES (?)", arguments: [PackedText(t, dictionary: dictionary).databaseValue]) }
        }
        var config = Configuration()
        config.prepareDatabase { db in Library.registerFunctions(db) }
        let main = try DatabaseQueue(path: scratch.dir + "/main.sqlite", configuration: config)
        let read = try main.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS lib", arguments: [other])
            return try String?.fetchAll(db, sql: "SELECT dossier_text(body) FROM lib.article ORDER BY rowid")
        }
        #expect(read.elementsEqual(texts), "\(read.filter { $0 == nil }.count) of \(texts.count) bodies did not read back")
    }

    @Test func aRunOnALibraryWithoutADictionaryTrainsOneOnItsBodies() throws {
        let scratch = try ScratchFolder("dictionary-start")
        defer { scratch.remove() }
        let library = try scratch.indexedLibrary(articles: 300, seed: 8, samplesToTrain: 100_000)
        let count = { (sql: String) in try library.read { db in try Int.fetchOne(db, sql: sql) ?? -1 } }
        #expect(try count("SELECT count(*) FROM body_dictionary") == 0)
        let deflated = try count("SELECT count(*) FROM article WHERE substr(body, 1, 1) = x'01'")
        #expect(deflated > 250)

        library.bodySamplesToTrainBox.value = 100
        let page = scratch.dir + "/late.txt"
        try FileManager.default.copyItem(atPath: Repo.seed("002"), toPath: page)
        let summary = try library.index([page])
        #expect(summary.articlesNew > 0)
        #expect(try count("SELECT count(*) FROM body_dictionary") == 1)
        let late = try library.read { db in
            try String.fetchAll(db, sql: """
                SELECT hex(substr(a.body, 1, 1)) FROM article a JOIN file f ON f.id = a.fileId
                WHERE f.path LIKE '%late.txt' AND typeof(a.body) = 'blob'
                """)
        }
        #expect(!late.isEmpty && late.allSatisfy { $0 == "02" }, "\(late)")
        #expect(try count("SELECT count(*) FROM article WHERE substr(body, 1, 1) = x'01'") == deflated)
        #expect(try library.check().ok)
    }
}
