import ArgumentParser
import DossierCore
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Dossier's performance (build with -c release).",
        subcommands: [ParseBench.self])
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

    @Argument(help: "Page files or folders (default: seeds).")
    var paths: [String] = ["seeds"]

    func run() throws {
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
}
