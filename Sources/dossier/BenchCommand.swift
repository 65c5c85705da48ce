import ArgumentParser
import DossierCore
import DossierBench
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Dossier's performance (build with -c release).",
        subcommands: [ParseBench.self, SearchBench.self, QueriesBench.self, CJKBench.self, LibraryBench.self, TUIBench.self, CorpusCommand.self])
}

/// Parse throughput on one core: the given pages repeated until the corpus reaches the target
/// size, parsed `runs` times; reports the median and spread in MB/s.
struct ParseBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse", abstract: "Parse throughput (MB/s, one core) over pages repeated to a target size.")

    @Option(help: "Corpus size to reach by repeating the pages, in MB.")
    var megabytes = 50

    @Option(help: "Timed runs (the median is reported).")
    var runs = 5

    @Flag(help: "Instead: seconds per MB on pages of 1k, 10k, 100k and 1M short lines and one 50 MB line (is parsing linear?).")
    var shapes = false

    @Argument(help: "Page files or folders (default: seeds).")
    var paths: [String] = ["seeds"]

    func run() throws {
        if shapes { return runShapes() }
        let inputs = InputFiles.expand(paths)
        var pages: [(String, String)] = []
        for f in inputs.files {
            if let d = try? PageDecoder.read(path: f) { pages.append((f, d.text)) }
        }
        guard !pages.isEmpty else { throw ValidationError("no readable pages in \(paths.joined(separator: " "))") }
        let pageBytes = pages.reduce(0) { $0 + $1.1.utf8.count }
        let target = megabytes * 1_000_000
        let repeats = max(1, (target + pageBytes - 1) / pageBytes)
        let totalBytes = repeats * pageBytes
        let parser = ArticleParser()
        _ = parser.parse(text: pages[0].1, path: pages[0].0) // load resources outside the timing
        print("corpus: \(pages.count) pages x \(repeats) = \(String(format: "%.1f", Double(totalBytes) / 1e6)) MB")
        var rates: [Double] = []
        var articles = 0
        for run in 1...runs {
            articles = 0
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<repeats {
                for (path, text) in pages { articles += parser.parse(text: text, path: path).articles.count }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let rate = Double(totalBytes) / 1e6 / seconds
            rates.append(rate)
            print(String(format: "run %d: %.2f s, %.1f MB/s, %d articles", run, seconds, rate, articles))
        }
        rates.sort()
        let median = rates[rates.count / 2]
        print(String(format: "parse throughput: median %.1f MB/s (min %.1f, max %.1f) over %d runs, %d articles per run",
                     median, rates.first!, rates.last!, runs, articles))
    }

    /// Linearity: time per MB should not depend on how the bytes are laid out in lines.
    private func runShapes() {
        let parser = ArticleParser()
        _ = parser.parse(text: ParseShapes.shortLines(100), path: "warm.txt")
        var rows: [(String, Int, Double, Int)] = []
        for (kind, make) in [("short lines", { ParseShapes.shortLines($0) }), ("one-word lines", { ParseShapes.oneWordLines($0) })] {
            for lines in [1_000, 10_000, 100_000, 1_000_000] {
                let text = make(lines)
                // Small pages are parsed again and again, to time at least 8 MB each run.
                let m = ParseShapes.secondsPerMB(text, parser: parser, atLeast: 8_000_000, runs: runs)
                rows.append(("\(lines) \(kind)", text.utf8.count, m.secondsPerMB, m.articles))
            }
        }
        let line = ParseShapes.singleLine(bytes: megabytes * 1_000_000)
        let m = ParseShapes.secondsPerMB(line, parser: parser, atLeast: 0, runs: max(1, runs / 2))
        rows.append(("one \(megabytes) MB line", line.utf8.count, m.secondsPerMB, m.articles))
        let best = rows.map(\.2).min()!
        print("shape                       bytes        s/MB    × best  articles")
        for (name, bytes, spm, articles) in rows {
            print(name.padding(toLength: 26, withPad: " ", startingAt: 0)
                  + String(format: "%11d  %8.3f  %6.2f  %8d", bytes, spm, spm / best, articles))
        }
        print(String(format: "worst / best: %.2f× over every shape", rows.map(\.2).max()! / best))
        for (kind, range) in [("short lines", 0..<4), ("one-word lines", 4..<8)] {
            let v = rows[range].map(\.2)
            print(String(format: "%@, 1k to 1M lines: %.2f× (linear when near 1)", kind, v.max()! / v.min()!))
        }
    }
}

/// Writes the deterministic synthetic corpus (for benchmarks and for trying Dossier at scale).
struct CorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corpus", abstract: "Write a deterministic corpus of realistic pages (mostly unique articles of 300–1,200 words).")

    @Option(help: "Stories to generate (teasers come on top).") var articles = 100_000
    @Option(help: "Generator seed.") var seed: UInt64 = 42
    @Flag(help: "The older corpus of short, templated stories (kept for comparisons).") var templated = false
    @Argument(help: "Folder to write.") var folder: String

    func run() throws {
        if templated {
            let w = try SyntheticCorpus(seed: seed).write(articles: articles, to: folder)
            print("wrote \(w.pages) pages, \(w.articles) articles, \(w.bytes) bytes to \(folder)")
            return
        }
        let t = Date()
        let w = try RealisticCorpus(seed: seed).write(articles: articles, to: folder)
        print(String(format: "wrote %d pages, %d stories, %d teasers, %.1f MB to %@ in %.1f s", w.pages, w.stories, w.teasers,
                     Double(w.bytes) / 1e6, folder, Date().timeIntervalSince(t)))
    }
}

/// Indexing throughput (MB of pages per second, new articles per second, peak memory, size
/// against the pages) on the realistic corpus, then search and facet latency by query kind.
struct LibraryBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "library", abstract: "Index the realistic corpus (MB/s, peak memory, size), then time searches and facets (p50/p99).")

    @Option(help: "Stories in the corpus.") var articles = 100_000
    @Option(help: "Where the corpus is (generated when missing).") var corpus: String?
    @Flag(help: "The older corpus of short, templated stories (kept for comparisons).") var templated = false
    @OptionGroup var options: LibraryOptions   // --library: the file to build (replaced)
    @Option(help: "Timed repetitions per query kind (0: index only).") var repeats = 50
    @Flag(help: "Reuse an existing library instead of rebuilding it.") var reuse = false

    func run() throws {
        let kind = templated ? "corpus" : "realistic"
        let dir = corpus ?? NSTemporaryDirectory() + "dossier-\(kind)-\(articles)"
        let fm = FileManager.default
        if !fm.fileExists(atPath: dir) {
            let t = Date()
            if templated {
                let w = try SyntheticCorpus().write(articles: articles, to: dir)
                print(String(format: "corpus: %d pages, %d articles, %.1f MB, written in %.1f s", w.pages, w.articles, Double(w.bytes) / 1e6, Date().timeIntervalSince(t)))
            } else {
                let w = try RealisticCorpus().write(articles: articles, to: dir)
                print(String(format: "corpus: %d pages, %d stories, %d teasers, %.1f MB, written in %.1f s", w.pages, w.stories, w.teasers,
                             Double(w.bytes) / 1e6, Date().timeIntervalSince(t)))
            }
        }
        let path = options.library ?? NSTemporaryDirectory() + "dossier-bench-\(kind)-\(articles).sqlite"
        if !reuse { for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: path + suffix) } }
        let lib = try Library.open(at: path)
        if !reuse || lib.isEmpty {
            let t = Date()
            let s = try lib.index([dir])
            let seconds = Date().timeIntervalSince(t)
            let st = try lib.stats()
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            print(String(format: "index: %d pages, %.1f MB in %.1f s = %.2f MB/s; %d new articles = %.0f articles/s; peak memory %.0f MB",
                         s.filesIndexed, Double(st.sourceBytes) / 1e6, seconds, Double(st.sourceBytes) / 1e6 / seconds,
                         s.articlesNew, Double(s.articlesNew) / seconds, Double(usage.ru_maxrss) / 1024))
        }
        let stats = try lib.stats()
        print(String(format: "size: library %.1f MB for %.1f MB of pages = %.2fx", Double(stats.libraryBytes) / 1e6,
                     Double(stats.sourceBytes) / 1e6, Double(stats.libraryBytes) / Double(max(stats.sourceBytes, 1))))
        guard repeats > 0 else { return }
        let kinds: [(String, String, SearchOrder)] = templated ? [
            ("term", "Kestrel", .relevance), ("common term", "review", .relevance),
            ("phrase", "\"licensing regime\"", .relevance), ("prefix", "stable*", .relevance),
            ("filtered", "disclose country:jp topic:stablecoins", .relevance), ("filters only", "country:jp topic:stablecoins", .date),
            ("common, date", "review", .date), ("all, date", "", .date),
        ] : [
            ("rare term", RealisticCorpus.rareWord, .relevance), ("term in ~60%", RealisticCorpus.commonWord, .relevance),
            ("every article", RealisticCorpus.everyArticleWord, .relevance), ("phrase", "\"\(RealisticCorpus.phrase)\"", .relevance),
            ("prefix", "reg*", .relevance), ("filtered", "stablecoin country:jp", .relevance),
            ("filters only", "country:kr", .date), ("exclusion only", "-country:cn", .date), ("all, date", "", .date),
        ]
        // Searches sorted by date use the facet cache once it is loaded (a one-off cost
        // per index generation, timed below as "facets cold"): load it first, as the TUI does.
        _ = try lib.facets(SearchQuery())
        for (name, text, sort) in kinds {
            let q = try SearchQuery.parse(text)
            var times: [Double] = []
            var total = 0
            for _ in 0..<repeats {
                let t = DispatchTime.now().uptimeNanoseconds
                let r = try lib.search(q, limit: 50, sort: sort)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
                total = r.total
            }
            times.sort()
            print(String(format: "search %-13@ p50 %6.1f ms  p99 %6.1f ms  (%d matches)  %@", name as NSString,
                         times[times.count / 2], times[min(times.count - 1, Int(Double(times.count) * 0.99))], total, text as NSString))
        }
        do {
            let cold = try Library.open(at: path)
            let t = DispatchTime.now().uptimeNanoseconds
            _ = try cold.facets(SearchQuery.parse(templated ? "review" : RealisticCorpus.commonWord))
            print(String(format: "facets cold (loads the facet cache once) %.1f ms", Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6))
        }
        for text in templated ? ["review", "disclose country:jp", ""] : [RealisticCorpus.commonWord, "stablecoin country:jp", ""] {
            let q = try SearchQuery.parse(text)
            var times: [Double] = []
            for _ in 0..<max(repeats / 5, 5) {
                let t = DispatchTime.now().uptimeNanoseconds
                _ = try lib.facets(q)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
            }
            times.sort()
            print(String(format: "facets %-13@ p50 %6.1f ms  p99 %6.1f ms", (text.isEmpty ? "(all)" : text) as NSString,
                         times[times.count / 2], times[times.count - 1]))
        }
    }
}

/// `dossier bench search`: issue 10's table. Builds (or reuses) a library of the realistic
/// corpus and a raw-FTS5 baseline beside it, then times every query kind warm, first in a
/// new library, and as a whole process.
struct SearchBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Search latency by query kind (in process and whole process) beside raw SQLite FTS5.")

    @Option(help: "Stories in the realistic corpus.") var articles = 100_000
    @Option(help: "Where the corpus is (generated when missing).") var corpus: String?
    @OptionGroup var options: LibraryOptions   // --library: the library (built when missing)
    @Option(help: "Timed repetitions in process.") var repeats = 50
    @Option(help: "Timed whole-process runs.") var processRuns = 20

    func run() throws {
        let fm = FileManager.default
        let dir = corpus ?? NSTemporaryDirectory() + "dossier-realistic-\(articles)"
        if !fm.fileExists(atPath: dir) {
            let t = Date()
            let w = try RealisticCorpus().write(articles: articles, to: dir)
            print(String(format: "corpus: %d pages, %d stories, %d teasers, %.1f MB, written in %.1f s", w.pages, w.stories, w.teasers,
                         Double(w.bytes) / 1e6, Date().timeIntervalSince(t)))
        }
        let path = options.library ?? NSTemporaryDirectory() + "dossier-realistic-\(articles).sqlite"
        if !fm.fileExists(atPath: path) {
            let t = Date()
            let s = try Library.open(at: path).index([dir])
            let seconds = Date().timeIntervalSince(t)
            let st = try Library.open(at: path).stats()
            print(String(format: "index: %d files, %d articles stored, %.1f MB of pages in %.1f s = %.2f MB/s, %.0f articles/s; library %.1f MB = %.2fx the pages",
                         s.filesIndexed, st.articles, Double(st.sourceBytes) / 1e6, seconds, Double(st.sourceBytes) / 1e6 / seconds,
                         Double(st.articles) / seconds, Double(st.libraryBytes) / 1e6, Double(st.libraryBytes) / Double(max(st.sourceBytes, 1))))
        }
        let bench = SearchBenchmark(library: path, baselinePath: path + ".baseline", dossier: CommandLine.arguments[0],
                                    repeats: repeats, processRuns: processRuns)
        if !fm.fileExists(atPath: path + ".baseline") {
            let t = Date()
            try bench.buildBaseline()
            print(String(format: "baseline (plain FTS5 and facet tables) built in %.1f s", Date().timeIntervalSince(t)))
        }
        print("articles: \(try Library.open(at: path).articleCount())")
        let figures = try bench.run { print("  timing \($0)…") }
        print(SearchBenchmark.table(figures))
    }
}

/// `dossier bench queries`: random queries on a large library, each timed (issue 12, point 2).
struct QueriesBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queries", abstract: "Time random queries one by one (parse, search, sidebar counts) on a large library.")

    @OptionGroup var options: LibraryOptions
    @Option(help: "Queries to run.") var count = 2000
    @Option(help: "Generator seed.") var seed: UInt64 = 1
    @Option(help: "How many of the slowest to list.") var show = 10
    @Option(name: .customLong("query"), help: "Time this query instead (repeatable), --count times each; prints its median.")
    var given: [String] = []

    func run() throws {
        let path = options.library ?? NSTemporaryDirectory() + "dossier-realistic-100000.sqlite"
        let bench = QueryFuzzBenchmark(library: path, count: count, seed: seed, given: given)
        let timings = try bench.run()
        if !given.isEmpty {
            for q in given {
                let t = timings.filter { $0.query == q }.map(\.seconds).sorted()
                print(String(format: "%8.1f ms median of %d, %d matches  ", t[t.count / 2] * 1000, t.count, timings.first { $0.query == q }?.total ?? 0)
                      + TerminalText.visible(q))
            }
            return
        }
        let sorted = timings.map(\.seconds).sorted()
        func ms(_ s: Double) -> String { String(format: "%.1f ms", s * 1000) }
        print("articles: \(try Library.open(at: path).articleCount()); queries: \(timings.count) (seed \(seed)), refused: \(timings.filter { $0.error != nil }.count)")
        print("median \(ms(sorted[sorted.count / 2])), p99 \(ms(sorted[sorted.count * 99 / 100])), max \(ms(sorted.last!)); over 100 ms: \(sorted.filter { $0 > 0.1 }.count)")
        print("slowest:")
        for t in timings.sorted(by: { $0.seconds > $1.seconds }).prefix(show) {
            print("  \(ms(t.seconds).padding(toLength: 10, withPad: " ", startingAt: 0)) \(t.total) matches  \(TerminalText.visible(String(t.query.prefix(100))))")
        }
    }
}

/// `dossier bench cjk`: how CJK text is indexed (issue 10, point 8), on a library's articles.
struct CJKBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cjk", abstract: "Compare CJK indexing schemes (FTS5 alone, bigrams, trigram): size, build time, matches found.")

    @OptionGroup var options: LibraryOptions
    @Argument(help: "CJK queries (default: a set from the development pages).")
    var queries: [String] = ["稳定币", "稳定", "金融庁", "暗号資産", "가상자산", "업비트", "금융위", "스테이블코인", "证监会", "金融"]

    func run() throws {
        let schemes = try CJKBenchmark(library: options.path, queries: queries).run()
        print(CJKBenchmark.table(schemes))
    }
}
