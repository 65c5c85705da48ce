import DossierBench
import Foundation
import Testing
@testable import DossierCore

/// The parsing threads of an index run (`ParsePool`): the same pages as parsing one by one,
/// each batch freed once stored, below the writer's priority.
@Suite struct ParsePoolTests {
    let seeds = try! FileManager.default.contentsOfDirectory(atPath: Repo.root.path + "/seeds").sorted()
        .map { Repo.root.path + "/seeds/" + $0 }

    /// Each batch's results are its pages' own, in order, whatever thread parsed them; a page
    /// that cannot be read is a failure in its slot, not a lost batch.
    @Test func batchesHoldTheirPagesInOrder() throws {
        let pool = ParsePool(parser: sharedParser, threads: 3)
        defer { pool.stop() }
        // Seeded: the same shuffles every run.
        var rng = SyntheticCorpus.SplitMix(seed: 7)
        let batches = (0..<6).map { _ -> [String] in
            var paths = seeds + ["/nonexistent/dossier-page.txt"]
            for i in stride(from: paths.count - 1, to: 0, by: -1) { paths.swapAt(i, Int(rng.nextUInt64() % UInt64(i + 1))) }
            return paths
        }
        let parsed = batches.map { pool.parse($0) }
        for (paths, batch) in zip(batches, parsed) {
            batch.group.wait()
            for (path, result) in zip(paths, batch.results) {
                switch result {
                case .success(let page, let prepared):
                    #expect(page.path == path)
                    let alone = try sharedParser.parse(fileAt: path).articles.map { (a: Article) in a.id }
                    #expect(page.articles.map { (a: Article) in a.id } == alone)
                    #expect(prepared.map { (p: PreparedArticle) in p.article.id } == alone)
                case .failure(let reason):
                    #expect(path.hasPrefix("/nonexistent/"), "\(path): \(reason)")
                }
            }
        }
    }

    /// A batch taken and dropped is freed while the pool goes on with later ones: the pool's
    /// queue keeps no batch it has handed out (it held every batch of a run, 437 MB at 100k).
    @Test func aBatchIsFreedOnceDroppedWhileThePoolGoesOn() {
        let pool = ParsePool(parser: sharedParser, threads: 2)
        defer { pool.stop() }
        weak var first: ParsedBatch?
        var later: [ParsedBatch] = []
        do {
            let batch = pool.parse(seeds)
            first = batch
            for _ in 0..<3 { later.append(pool.parse(seeds)) }
            batch.group.wait()
        }
        // Later batches still queued or parsing: the pool is not idle, and the first is gone.
        later.append(pool.parse(seeds))
        #expect(first == nil, "the pool still holds a batch it finished")
        for b in later { b.group.wait() }
    }

    /// The pool's threads run niced below the thread that made it (the writer's), and only they.
    @Test func parsingThreadsRunBelowTheWriter() throws {
        let mine = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        let pool = ParsePool(parser: sharedParser, threads: 2)
        defer { pool.stop() }
        pool.parse(seeds).group.wait()
        var niced: [Int] = []
        for task in try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task") {
            guard let comm = try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8),
                  comm.trimmingCharacters(in: .whitespacesAndNewlines) == "dossier-parse",
                  let stat = try? String(contentsOfFile: "/proc/self/task/\(task)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            // Fields after the command's closing parenthesis: state is field 3, nice field 19.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if let nice = Int(fields[16]) { niced.append(nice) }
        }
        #expect(niced.count >= 2)
        #expect(niced.allSatisfy { $0 == Int(mine) + Int(ParsePool.niceness) }, "\(niced)")
        #expect(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) == mine, "the calling thread keeps its priority")
    }
}
