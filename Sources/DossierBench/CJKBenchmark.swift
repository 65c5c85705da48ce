import DossierCore
import Foundation
import GRDB

/// How Korean, Japanese and Chinese text is indexed, compared on a library's own articles:
/// FTS5's `porter unicode61` alone (a run of CJK characters is one token), Dossier's
/// tokenizer (CJK runs as overlapping bigrams), and FTS5's `trigram` tokenizer. For each:
/// index size, build time, and for a set of CJK queries the matches found against the truth
/// (`instr` over the text) and the query time.
public struct CJKBenchmark {
    /// One way of indexing and what it gave.
    public struct Scheme: Sendable {
        /// The tokenizer.
        public var name: String
        /// Index size in bytes.
        public var bytes: Int
        /// Time to build the index, in ms.
        public var buildMs: Double
        /// Per query: (query, matches found, true matches, ms).
        public var queries: [(String, Int, Int, Double)]
    }

    /// The library whose articles are indexed.
    public let library: String
    /// CJK queries to compare.
    public let queries: [String]

    /// A comparison over `library` for `queries`.
    public init(library: String, queries: [String]) { self.library = library; self.queries = queries }

    /// Builds each index in memory and runs every query on it.
    public func run() throws -> [Scheme] {
        var config = Configuration()
        config.prepareDatabase { db in Library.registerFunctions(db) }
        let lib = try DatabaseQueue(path: library, configuration: config)
        // The library is only read; the tables being compared go to a scratch database.
        let scratch = NSTemporaryDirectory() + "dossier-cjk-\(UUID().uuidString).sqlite"
        defer { for s in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: scratch + s) } }
        var out: [Scheme] = []
        try lib.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS scratch", arguments: [scratch])
            defer { try? db.execute(sql: "DETACH DATABASE scratch") }
            let truth: [String: Int] = Dictionary(uniqueKeysWithValues: try queries.map { q in
                (q, try Int.fetchOne(db, sql: "SELECT count(*) FROM article WHERE instr(title, ?) > 0 OR instr(dossier_text(body), ?) > 0", arguments: [q, q]) ?? 0)
            })
            for (name, tokenize) in [("porter unicode61 (FTS5 alone)", "porter unicode61 remove_diacritics 2"),
                                     ("dossier: CJK bigrams", "dossier"), ("trigram", "trigram")] {
                let table = "scratch.t\(out.count)"
                try db.execute(sql: "CREATE VIRTUAL TABLE \(table) USING fts5(title, body, tokenize = '\(tokenize)')")
                let t = DispatchTime.now().uptimeNanoseconds
                try db.execute(sql: "INSERT INTO \(table)(rowid, title, body) SELECT rowid, title, dossier_text(body) FROM article")
                try db.execute(sql: "INSERT INTO \(table)(\(table.split(separator: ".")[1])) VALUES ('optimize')")
                let build = Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6
                let bytes = try Int.fetchOne(db, sql: "SELECT sum(length(block)) FROM \(table)_data") ?? 0
                var rows: [(String, Int, Int, Double)] = []
                for q in queries {
                    let t = DispatchTime.now().uptimeNanoseconds
                    let n = (try? Int.fetchOne(db, sql: "SELECT count(*) FROM \(table) WHERE \(table.split(separator: ".")[1]) MATCH ?",
                                              arguments: ["\"" + q + "\""])) ?? 0
                    rows.append((q, n, truth[q] ?? 0, Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6))
                }
                out.append(Scheme(name: name, bytes: bytes, buildMs: build, queries: rows))
            }
        }
        return out
    }

    /// The comparison as a Markdown table.
    public static func table(_ schemes: [Scheme]) -> String {
        var s = "| scheme | index size | build | " + (schemes.first?.queries.map { "`\($0.0)` found / true" } ?? []).joined(separator: " | ") + " |\n"
        s += "|---|---|---|" + String(repeating: "---|", count: schemes.first?.queries.count ?? 0) + "\n"
        for x in schemes {
            s += "| \(x.name) | \(String(format: "%.2f MB", Double(x.bytes) / 1e6)) | \(String(format: "%.0f ms", x.buildMs)) | "
            s += x.queries.map { "\($0.1) / \($0.2) (\(String(format: "%.2f", $0.3)) ms)" }.joined(separator: " | ") + " |\n"
        }
        return s
    }
}
