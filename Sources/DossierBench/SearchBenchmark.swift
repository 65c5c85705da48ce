import DossierCore
import Foundation
import GRDB

/// Search latency by query kind, in process (warm, and the first query of a new `Library`)
/// and as a whole `dossier` process, each beside a raw SQLite baseline on the same articles:
/// FTS5's own `ORDER BY bm25(…)` on a plain FTS5 table, or plain SQL over the facet tables.
public struct SearchBenchmark {
    /// One kind of query, as Dossier runs it and as the baseline does.
    public struct Kind: Sendable {
        /// Its name in the table ("rare term", "3-letter prefix").
        public var name: String
        /// The Dossier command and query words (`search`, `list` or `facets`).
        public var command: String
        /// The query text.
        public var query: String
        /// The baseline's SQL, run on the baseline database (`sqlite3` for whole-process).
        public var baseline: String
    }

    /// The timings of one kind, in milliseconds.
    public struct Figure: Sendable {
        /// The query kind.
        public var kind: Kind
        /// Articles it matched (the baseline must match as many).
        public var matches: Int
        /// In process, on an open library, after the first query.
        public var warm: (p50: Double, p99: Double)
        /// The first query of a newly opened `Library` (cold caches of ours, warm OS cache).
        public var firstInProcess: Double
        /// A whole `dossier` process, start to exit.
        public var process: (p50: Double, p99: Double)
        /// The baseline SQL in process.
        public var baselineWarm: (p50: Double, p99: Double)
        /// The baseline as a whole `sqlite3` process, when `sqlite3` is installed.
        public var baselineProcess: (p50: Double, p99: Double)?
    }

    /// The query kinds of issue 10, on `RealisticCorpus`'s words.
    public static let kinds: [Kind] = {
        let fts = { (match: String) in
            "SELECT rowid, bm25(base, 10.0, 1.0) AS s FROM base WHERE base MATCH '\(match)' ORDER BY s LIMIT 50"
        }
        let newest = { (set: String) in
            "SELECT rowid FROM article WHERE rowid IN (\(set)) ORDER BY published DESC LIMIT 50"
        }
        let facets = { (set: String?) in
            let within = set.map { " WHERE article IN (\($0))" } ?? ""
            return ["SELECT code, count(*) FROM article_country\(within) GROUP BY code",
                    "SELECT regId, count(*) FROM article_regulator\(within) GROUP BY regId",
                    "SELECT topic, count(*) FROM article_topic\(within) GROUP BY topic"].joined(separator: "; ")
        }
        return [
            Kind(name: "rare term", command: "search", query: RealisticCorpus.rareWord, baseline: fts(RealisticCorpus.rareWord)),
            Kind(name: "term in ~60%", command: "search", query: RealisticCorpus.commonWord, baseline: fts(RealisticCorpus.commonWord)),
            Kind(name: "term in every article", command: "search", query: RealisticCorpus.everyArticleWord,
                 baseline: fts(RealisticCorpus.everyArticleWord)),
            Kind(name: "phrase", command: "search", query: "\"\(RealisticCorpus.phrase)\"", baseline: fts("\"\(RealisticCorpus.phrase)\"")),
            Kind(name: "3-letter prefix", command: "search", query: "reg*", baseline: fts("reg*")),
            // `+rowid`: a bare `rowid IN (…)` is handed to FTS5 as an equality, and SQLite then
            // runs the MATCH once per Japanese article (past 90 s at 1M; 92 ms this way).
            Kind(name: "filtered", command: "search", query: "stablecoin country:jp",
                 baseline: "SELECT rowid, bm25(base, 10.0, 1.0) AS s FROM base WHERE base MATCH 'stablecoin' AND +rowid IN (SELECT article FROM article_country WHERE code = 'JP') ORDER BY s LIMIT 50"),
            Kind(name: "filter only (country)", command: "list", query: "country:kr",
                 baseline: newest("SELECT article FROM article_country WHERE code = 'KR'")),
            Kind(name: "filter only (year)", command: "list", query: "date:2024",
                 baseline: "SELECT rowid FROM article WHERE published >= '2024' AND published < '2025' ORDER BY published DESC LIMIT 50"),
            Kind(name: "exclusion only", command: "list", query: "-country:cn",
                 baseline: newest("SELECT rowid FROM article EXCEPT SELECT article FROM article_country WHERE code = 'CN'")),
            Kind(name: "facets (all)", command: "facets", query: "", baseline: facets(nil)),
            Kind(name: "facets (term in ~60%)", command: "facets", query: RealisticCorpus.commonWord,
                 baseline: facets("SELECT rowid FROM base WHERE base MATCH '\(RealisticCorpus.commonWord)'")),
        ]
    }()

    /// The Dossier library to time.
    public let library: String
    /// Where the plain FTS5 baseline database is built (from the same articles).
    public let baselinePath: String
    /// The `dossier` binary for whole-process timings.
    public let dossier: String
    /// In-process runs per kind.
    public let repeats: Int
    /// Whole-process runs per kind.
    public let processRuns: Int

    /// A benchmark of `library`.
    public init(library: String, baselinePath: String, dossier: String, repeats: Int, processRuns: Int) {
        self.library = library; self.baselinePath = baselinePath; self.dossier = dossier
        self.repeats = repeats; self.processRuns = processRuns
    }

    /// Makes the baseline database: the library's articles in a plain FTS5 table (the
    /// tokenizer FTS5 ships, porter over unicode61) and its facet tables, so that the
    /// `sqlite3` shell can run every baseline query. The table is contentless: the baseline
    /// queries read rowids and `bm25()` only, and at 1M articles a copy of the text cost
    /// 4.7 GB and most of the build time.
    public func buildBaseline() throws {
        for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: baselinePath + s) }
        // The library's functions: its bodies are read plain through `dossier_text`.
        var config = Configuration()
        config.prepareDatabase { db in Library.registerFunctions(db) }
        let q = try DatabaseQueue(path: baselinePath, configuration: config)
        try q.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA page_size = 16384; ATTACH DATABASE ? AS lib", arguments: [library])
            try db.execute(sql: """
                CREATE TABLE article AS SELECT rowid, id, published FROM lib.article;
                CREATE INDEX article_published ON article(published);
                CREATE TABLE article_country AS SELECT article, code FROM lib.article_country;
                CREATE INDEX article_country_code ON article_country(code, article);
                CREATE TABLE article_regulator AS SELECT article, regId FROM lib.article_regulator;
                CREATE INDEX article_regulator_id ON article_regulator(regId, article);
                CREATE TABLE article_topic AS SELECT article, topic FROM lib.article_topic;
                CREATE INDEX article_topic_topic ON article_topic(topic, article);
                CREATE VIRTUAL TABLE base USING fts5(title, body, content = '', tokenize = 'porter unicode61 remove_diacritics 2');
                INSERT INTO base(rowid, title, body) SELECT rowid, title, dossier_text(body) FROM lib.article;
                INSERT INTO base(base) VALUES ('optimize');
                """)
            try db.execute(sql: "DETACH DATABASE lib")
        }
        try q.close()
    }

    /// Builds the baseline if needed, then times every kind; `progress` hears each step.
    public func run(progress: (String) -> Void = { _ in }) throws -> [Figure] {
        let warmLibrary = try Library.open(at: library)
        let base = try DatabaseQueue(path: baselinePath)
        var out: [Figure] = []
        for kind in Self.kinds {
            progress(kind.name)
            let query = try warmLibrary.parse(kind.query)
            func once(_ lib: Library) throws -> Int {
                switch kind.command {
                case "facets": return try lib.facets(query).total
                case "list": return try lib.search(query, limit: 50, sort: .date).total
                default: return try lib.search(query, limit: 50, sort: .relevance).total
                }
            }
            // The first query of a new Library (nothing in memory yet).
            let fresh = try Library.open(at: library)
            let t0 = DispatchTime.now().uptimeNanoseconds
            let matches = try once(fresh)
            let first = Self.ms(since: t0)
            var warm: [Double] = []
            for _ in 0..<repeats {
                let t = DispatchTime.now().uptimeNanoseconds
                _ = try once(warmLibrary)
                warm.append(Self.ms(since: t))
            }
            var baseWarm: [Double] = []
            try base.read { db in
                for _ in 0..<repeats {
                    let t = DispatchTime.now().uptimeNanoseconds
                    for sql in kind.baseline.split(separator: ";") { _ = try Row.fetchAll(db, sql: String(sql)) }
                    if kind.command == "search" {
                        // Counting the matches too, as Dossier does.
                        let m = kind.baseline.range(of: "MATCH '").map { kind.baseline[$0.upperBound...].prefix { $0 != "'" } } ?? ""
                        _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM base WHERE base MATCH ?", arguments: [String(m)])
                    }
                    baseWarm.append(Self.ms(since: t))
                }
            }
            var process: [Double] = []
            let args = [kind.command, "--library", library] + (kind.command == "facets" ? [] : ["--limit", "50"])
                + (kind.query.isEmpty ? [] : ["--", kind.query])
            for _ in 0..<processRuns { process.append(try ProcessTimer.wallTime(dossier, args)) }
            var baseProcess: [Double]?
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") {
                baseProcess = try (0..<processRuns).map { _ in try ProcessTimer.wallTime("/usr/bin/sqlite3", [baselinePath, kind.baseline]) }
            }
            out.append(Figure(kind: kind, matches: matches, warm: Self.p(warm), firstInProcess: first, process: Self.p(process),
                              baselineWarm: Self.p(baseWarm), baselineProcess: baseProcess.map(Self.p)))
        }
        return out
    }

    static func ms(since t: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6 }

    /// Median and 99th percentile.
    static func p(_ xs: [Double]) -> (p50: Double, p99: Double) {
        let s = xs.sorted()
        guard !s.isEmpty else { return (0, 0) }
        return (s[s.count / 2], s[min(s.count - 1, Int((Double(s.count) * 0.99).rounded(.up)) - 1)])
    }

    /// The figures as a Markdown table.
    public static func table(_ figures: [Figure]) -> String {
        func f(_ x: Double) -> String { String(format: x < 10 ? "%.1f" : "%.0f", x) }
        var s = "| query kind | query | matches | in-process p50 / p99 | first in a new process's library | whole process p50 / p99 | raw baseline in-process p50 / p99 | baseline process (sqlite3) p50 / p99 |\n"
        s += "|---|---|---|---|---|---|---|---|\n"
        for x in figures {
            s += "| \(x.kind.name) | `\(x.kind.command) \(x.kind.query)` | \(x.matches) | \(f(x.warm.p50)) / \(f(x.warm.p99)) ms | \(f(x.firstInProcess)) ms | "
            s += "\(f(x.process.p50)) / \(f(x.process.p99)) ms | \(f(x.baselineWarm.p50)) / \(f(x.baselineWarm.p99)) ms | "
            s += (x.baselineProcess.map { "\(f($0.p50)) / \(f($0.p99)) ms" } ?? "—") + " |\n"
        }
        return s
    }
}

/// Whole-process timing.
public enum ProcessTimer {
    /// Wall time of one process run, output discarded: posix_spawn and waitpid (Foundation's
    /// `Process.waitUntilExit` polls, adding up to 50 ms).
    public static func wallTime(_ path: String, _ args: [String]) throws -> Double {
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + args).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let t = DispatchTime.now().uptimeNanoseconds
        let rc = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EINVAL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        return Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6
    }

}
