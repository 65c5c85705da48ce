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
}
