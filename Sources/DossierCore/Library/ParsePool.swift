import Foundation

/// Threads of an index run's own that parse pages (`ArticleParser`, `PreparedArticle`) while
/// the writer stores the pages before them, a few batches ahead, below the writer's priority.
///
/// The writer sets a run's pace, and with the parsing on the shared dispatch threads it had
/// to share the two cores with them: the cores stood idle for a sixth of a fresh run (160–165%
/// CPU at 100k) while the writer waited for a batch, or the parsing waited for the writer to
/// take one. Here the parsing runs `ahead` batches ahead on threads niced below the writer,
/// which then always has a core and leaves the rest to them: 170–178% CPU
/// (docs/performance.md, "The writer first"). Threads of its own, since a nice value cannot
/// be taken back without privileges, and the dispatch threads serve queries later.
final class ParsePool: @unchecked Sendable {
    /// Batches in the pool while one is stored (each 64 pages: a few MB).
    static let ahead = 2
    /// How much lower the parsing threads' priority is than the writer's (nice values).
    static let niceness: Int32 = 5

    private let parser: ArticleParser
    /// What bodies are packed with (zlib when nil).
    private let packer: BodyPacker?
    private let condition = NSCondition()
    /// Pages waiting, in order (`next` is the first not taken; taken ones are nil, so that
    /// a batch is freed as soon as its taker drops it).
    private var queue: [(batch: ParsedBatch, index: Int)?] = []
    private var next = 0
    private var stopped = false

    /// Starts one thread per core.
    init(parser: ArticleParser, packer: BodyPacker? = nil, threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.parser = parser
        self.packer = packer
        // Relative to the thread that makes the pool (the writer's): a run started with `nice`
        // keeps its order.
        let nice = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) + Self.niceness
        for _ in 0..<max(1, threads) {
            let thread = Thread { [self] in
                // On Linux the nice value is per thread: this one's, not the writer's.
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice)
                Thread.current.name = "dossier-parse"
                work()
            }
            thread.start()
        }
    }

    /// Queues `paths` for parsing; the batch's `group` is left once every page is parsed.
    func parse(_ paths: [String]) -> ParsedBatch {
        let batch = ParsedBatch(paths)
        condition.lock()
        for i in paths.indices { batch.group.enter(); queue.append((batch, i)) }
        condition.broadcast()
        condition.unlock()
        return batch
    }

    /// Lets the threads end once they finish the page in hand; pages still queued are dropped
    /// (a run that stops early does not wait for them).
    func stop() {
        condition.lock()
        stopped = true
        queue.removeAll()
        next = 0
        condition.broadcast()
        condition.unlock()
    }

    private func work() {
        // The group is left once this thread's hold on the batch has ended: the batch's
        // taker may be the last one holding it.
        while let group = parseNext() { group.leave() }
    }

    /// Takes the next page, waiting for one, and parses it into its batch; nil once stopped.
    private func parseNext() -> DispatchGroup? {
        condition.lock()
        while next == queue.count, !stopped { condition.wait() }
        guard !stopped, let (batch, i) = queue[next] else { condition.unlock(); return nil }
        // Taken entries go, or the queue (never empty while batches are parsed ahead) would
        // hold every batch of the run, pages and all.
        queue[next] = nil
        next += 1
        if next >= 64 || next == queue.count { queue.removeFirst(next); next = 0 }
        condition.unlock()
        batch.results[i] = Self.parse(batch.paths[i], parser: parser, packer: packer)
        return batch.group
    }

    /// One page, parsed and its articles prepared, or why not.
    static func parse(_ path: String, parser: ArticleParser, packer: BodyPacker? = nil) -> Library.ParseResult {
        do throws(PageDecoder.Failure) {
            // Preparing is part of reading the page: a crash there is charged to the page too.
            let (page, prepared) = try CrashJournal.parsing(path) { () throws(PageDecoder.Failure) in
                let page = try parser.parse(fileAt: path)
                let dictionary = packer?.dictionary
                return (page, page.articles.map { PreparedArticle($0, dictionary: dictionary) })
            }
            return .success(page, prepared)
        } catch { return .failure(error.description) }
    }
}

/// A batch of pages being parsed by a `ParsePool`; `results` is read only after
/// `group.wait()`. Each page's slot is written by the one thread that parsed it.
final class ParsedBatch: @unchecked Sendable {
    let paths: [String]
    let group = DispatchGroup()
    let results: UnsafeMutableBufferPointer<Library.ParseResult>

    init(_ paths: [String]) {
        self.paths = paths
        results = .allocate(capacity: paths.count)
        results.initialize(repeating: .failure("not parsed"))
    }

    // Deinitialized as well: the results hold the pages, which would otherwise never be freed.
    deinit { _ = results.deinitialize(); results.deallocate() }
}
