import ArgumentParser
import DossierBench
import DossierCore
import DossierTUI
import Foundation

/// `dossier bench tui`: the reader's figures on a large library, without a terminal (the
/// backend's own drawing is left out; everything up to the cells it is handed is timed).
struct TUIBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Time the reader: first frame, keystrokes while typing a query, watchlist counts, full 200×50 frames.")

    /// `--library PATH` (the root command's option group: a field of its own was never set,
    /// because the root took the option first).
    @OptionGroup var options: LibraryOptions
    var library: String { options.library ?? NSTemporaryDirectory() + "dossier-realistic-100000.sqlite" }
    @Option(help: "Timed repetitions.") var repeats = 30

    func run() throws {
        func ms(_ since: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - since) / 1e6 }
        func summary(_ name: String, _ times: [Double]) {
            let t = times.sorted()
            print(String(format: "%@ p50 %6.2f ms  p99 %6.2f ms", name as NSString, t[t.count / 2], t[min(t.count - 1, Int(Double(t.count) * 0.99))]))
        }
        guard FileManager.default.fileExists(atPath: library) else {
            Diagnostics.error("no library at \(library); build one with `dossier bench search`")
            throw ExitCode(1)
        }

        // Launch: the process itself (exec to exit of a trivial command), median of 5.
        var launches: [Double] = []
        for _ in 0..<5 { launches.append(try ProcessTimer.wallTime(CommandLine.arguments[0], ["--help"])) }
        launches.sort()

        // First frame, as App.run does it: open, first state, render; then the first results.
        let t0 = DispatchTime.now().uptimeNanoseconds
        let lib = try Library.open(at: library)
        var state = AppState(width: 200, height: 50)
        let first = state.start()
        var frame = state.render()
        _ = frame.changes(from: nil)
        let firstFrame = ms(t0)
        guard case .search(let id, _, let sort, let rows) = first.first else { return }
        let results = try lib.search(SearchQuery(), limit: rows.count, offset: rows.lowerBound, sort: sort)
        _ = state.update(.results(id: id, results, libraryTotal: try lib.articleCount()))
        var previous = frame
        frame = state.render()
        _ = frame.changes(from: previous)
        let withArticles = ms(t0)
        _ = state.update(.facets(id: id, try lib.facets(SearchQuery())))
        frame = state.render()
        let withCounts = ms(t0)
        print(String(format: "launch (exec to exit of `dossier --help`, median of 5): %.1f ms", launches[2]))
        print(String(format: "first frame after launch: %.1f ms + launch; with the newest %d articles: %.1f ms; with facet counts: %.1f ms",
                     firstFrame, results.hits.count, withArticles, withCounts))

        // Typing: each key's update, render and diff on the UI thread; then, as the runner
        // does off it, the search for the typed text until its results are on screen (parse,
        // search, results applied, frame drawn), and the sidebar counts after them.
        var keyTimes: [Double] = [], resultTimes: [Double] = [], countTimes: [Double] = [], activityTimes: [Double] = []
        var slowest = (ms: 0.0, query: "")
        for _ in 0..<max(1, repeats / 10) {
            for word in ["regulation", "stablecoin", "tokenization"] {
                var s = state
                previous = s.render()
                _ = s.update(.key(.char("/")))
                for (k, ch) in word.enumerated() {
                    let t = DispatchTime.now().uptimeNanoseconds
                    let effects = s.update(.key(.char(ch)))
                    let f = s.render()
                    _ = f.changes(from: previous)
                    keyTimes.append(ms(t))
                    previous = f
                    guard k >= 2, case .search(let sid, let q, let so, let rows) = effects.first else { continue }
                    let ts = DispatchTime.now().uptimeNanoseconds
                    let parsed = try lib.parse(q)
                    let r = try lib.search(parsed, limit: rows.count, offset: rows.lowerBound, sort: so, snippets: false)
                    _ = s.update(.results(id: sid, r, libraryTotal: try lib.articleCount()))
                    let shown = s.render()
                    _ = shown.changes(from: previous)
                    previous = shown
                    resultTimes.append(ms(ts))
                    if ms(ts) > slowest.ms { slowest = (ms(ts), q) }
                    let tc = DispatchTime.now().uptimeNanoseconds
                    _ = s.update(.facets(id: sid, try lib.sidebarFacets(parsed)))
                    _ = s.render()
                    countTimes.append(ms(tc))
                    let ta = DispatchTime.now().uptimeNanoseconds
                    _ = s.update(.activity(id: sid, try lib.activity(parsed)))
                    _ = s.render()
                    activityTimes.append(ms(ta))
                }
            }
        }
        summary("keystroke to frame (update + render + diff, 200×50)", keyTimes)
        summary("results on screen after a key (prefixes from the 3rd letter of regulation, stablecoin, tokenization)", resultTimes)
        summary("sidebar counts after the results", countTimes)
        summary("activity after the counts (sparklines, timeline, directory)", activityTimes)
        print(String(format: "slowest results: %.1f ms for \"%@\"", slowest.ms, slowest.query))

        // Watchlists: the sidebar's new counts for 20 of them, as `watchlists()` computes
        // them (one count each, bounded to the articles above the mark), when the newest
        // 1,000 articles are new; a mark at the newest article costs nothing to count.
        let watchQueries = ["country:hk topic:stablecoins", "country:sg", "authority:mas", "topic:aml-kyc country:kr",
                            "stablecoin reserve", "country:jp topic:licensing", "authority:sfc@hk", "topic:enforcement",
                            "tokenization country:sg", "country:cn -topic:policy", "kyc OR aml", "date:2024..",
                            "topic:cbdc", "country:ae", "\"virtual asset\"", "country:in topic:taxation", "authority:fsa@jp",
                            "exchange licence", "topic:stablecoins date:2025", "country:th OR country:vn"]
        let parsedWatch = try watchQueries.map { try lib.parse($0) }
        let now = try lib.currentMark()
        let since = WatchMark(rowid: max(0, now.rowid - 1000))
        var watchTimes: [Double] = []
        var newTotal = 0
        for _ in 0..<repeats {
            let t = DispatchTime.now().uptimeNanoseconds
            newTotal = try parsedWatch.reduce(0) { $0 + (try lib.count($1, since: since)) }
            watchTimes.append(ms(t))
        }
        summary("new counts of 20 watchlists (the newest 1,000 articles new; \(newTotal) new in all)", watchTimes)
        // Beside it: the same 20 queries counting every match (no bound to seek on).
        var fullTimes: [Double] = []
        for _ in 0..<max(1, repeats / 3) {
            let t = DispatchTime.now().uptimeNanoseconds
            _ = try parsedWatch.reduce(0) { $0 + (try lib.count($1, since: WatchMark(rowid: 0))) }
            fullTimes.append(ms(t))
        }
        summary("  baseline: the same 20 queries counting all their matches", fullTimes)

        // Full frames at 200×50 with the reader open on a long article.
        var s = state
        _ = s.update(.key(.enter))
        var renders: [Double] = []
        for _ in 0..<(repeats * 10) {
            let t = DispatchTime.now().uptimeNanoseconds
            let f = s.render()
            _ = f.changes(from: nil)
            renders.append(ms(t))
        }
        summary("full 200×50 frame (render + diff against nothing)", renders)

        try overviews(lib, state: state, summary: summary, ms: ms)
        try briefs(lib, summary: summary, ms: ms)
    }

    /// The timeline and the directory: opening one with the query's activity in hand (as it
    /// always is once the counts are on screen), and, cold, computing that activity first;
    /// and what the sidebar's sparklines add to a 200×50 frame.
    func overviews(_ lib: Library, state: AppState, summary: (String, [Double]) -> Void, ms: (UInt64) -> Double) throws {
        let queries = ["", "stablecoin", "country:hk", "topic:aml-kyc date:2024..", "regulation OR licence"]
        var cold: [Double] = [], warm: [(String, [Double])] = [("t", []), ("a", [])]
        for _ in 0..<max(1, repeats / 3) {
            for text in queries {
                var s = state
                s.query = text
                let t = DispatchTime.now().uptimeNanoseconds
                _ = s.update(.activity(id: s.searchID, try lib.activity(lib.parse(text))))
                for i in warm.indices {
                    let tw = DispatchTime.now().uptimeNanoseconds
                    _ = s.update(.key(.char(Character(warm[i].0))))
                    _ = s.render().changes(from: nil)
                    warm[i].1.append(ms(tw))
                    _ = s.update(.key(.char("q")))
                }
                cold.append(ms(t))
            }
        }
        summary("open the timeline (t), activity in hand, 200×50 frame", warm[0].1)
        summary("open the directory (a), activity in hand, 200×50 frame", warm[1].1)
        summary("  cold: the query's activity computed, then both opened (5 queries, all 100k to a few)", cold)

        var with = state, without = state
        _ = with.update(.activity(id: with.searchID, try lib.activity(SearchQuery())))
        _ = without.update(.key(.char("f")))
        _ = with.update(.key(.char("f")))
        var a: [Double] = [], b: [Double] = []
        for _ in 0..<(repeats * 10) {
            var t = DispatchTime.now().uptimeNanoseconds
            _ = with.render().changes(from: nil)
            a.append(ms(t))
            t = DispatchTime.now().uptimeNanoseconds
            _ = without.render().changes(from: nil)
            b.append(ms(t))
        }
        summary("200×50 frame with sidebar and header sparklines", a)
        summary("  the same frame without them", b)
    }

    /// Briefs of the newest 10,000 articles' worth: a query matching about that many, in
    /// each format, in-process and as a whole `dossier export` process.
    func briefs(_ lib: Library, summary: (String, [Double]) -> Void, ms: (UInt64) -> Double) throws {
        // The date range whose articles come closest to 10,000 (counted, not assumed).
        let months = try lib.facets(SearchQuery()).months.sorted { $0.key > $1.key }
        var n = 0, from = months.first?.key ?? ""
        for m in months where n < 10_000 { n += m.count; from = m.key }
        let text = "date:\(from).."
        let q = try lib.parse(text)
        for format in BriefFormat.allCases {
            var times: [Double] = [], bytes = 0, articles = 0
            for _ in 0..<3 {
                let t = DispatchTime.now().uptimeNanoseconds
                let brief = try lib.brief(q, text: text)
                bytes = try brief.data(format).count
                articles = brief.articles.count
                times.append(ms(t))
            }
            summary("brief of \(articles) articles (\(text)) as \(format.rawValue), \(bytes / 1024) KB, in-process", times)
        }
        var whole: [Double] = []
        let out = NSTemporaryDirectory() + "dossier-bench-brief.md"
        for _ in 0..<3 {
            whole.append(try ProcessTimer.wallTime(CommandLine.arguments[0], ["export", "--library", library, "--out", out, text]))
        }
        try? FileManager.default.removeItem(atPath: out)
        summary("  whole process: dossier export \(text) --out FILE (md)", whole)
    }
}
