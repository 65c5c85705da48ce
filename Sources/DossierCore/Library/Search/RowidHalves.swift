import Foundation
import GRDB

/// Work over a large library on two cores: the articles are cut in two by rowid, and each
/// half runs on its own connection at the same time, the upper half on `HelperReader`'s.
/// Used by relevance (`RankedSearch.top` per half, the two best lists merged) and by the
/// facet counts' match lists (`Library.positions`). A query with a prefix is not split
/// (`CompiledQuery.hasPrefix`).
///
/// Both halves must read the same library. Without SQLite snapshots (Debian's build has
/// none), the helper's read may begin after a write committed: then its `generation`
/// (bumped by every write that changes articles, as the caches already rely on) differs,
/// and the upper half runs again on the first connection.
enum RowidHalves {
    /// Below this many rowids nothing is split: a second thread and connection cost more
    /// than they save.
    static let minimumSpan: Int64 = 50_000

    /// Whether to split: never, for a library of `minimumSpan` rowids or more, or always
    /// (tests, on small libraries); `beforeHelper` runs just before the helper's read begins.
    enum Choice: Equatable {
        case never, whenLarge, always(beforeHelper: @Sendable () -> Void = {})
        static func == (a: Choice, b: Choice) -> Bool {
            switch (a, b) {
            case (.never, .never), (.whenLarge, .whenLarge), (.always, .always): return true
            default: return false
            }
        }
    }

    /// `part` over the lower half of the rowids on `db` and over the upper half on `helper`,
    /// at once; nil when the work is not split (then run it once, on `db`, over everything).
    static func run<T: Sendable>(_ c: CompiledQuery, db: Database, helper: HelperReader?, choice: Choice,
                                 _ part: @escaping @Sendable (Database, ClosedRange<Int64>) throws -> T) throws -> (lower: T, upper: T)? {
        var beforeHelper: (() -> Void)?
        if case .always(let hook) = choice { beforeHelper = hook }
        guard let helper, choice != .never, !c.hasPrefix, let span = try rowidSpan(db),
              beforeHelper != nil || span.upperBound - span.lowerBound >= minimumSpan else { return nil }
        let middle = span.lowerBound + (span.upperBound - span.lowerBound) / 2
        let lower = span.lowerBound...middle, upper = (middle + 1)...span.upperBound
        let generation = try Library.generation(db)
        beforeHelper?()
        let other = helper.start { hdb -> T? in
            guard try Library.generation(hdb) == generation else { return nil }
            return try part(hdb, upper)
        }
        let mine: T
        do {
            mine = try part(db, lower)
        } catch {
            _ = try? other.wait()
            throw error
        }
        return (mine, try other.wait() ?? part(db, upper))
    }

    /// The library's rowids, first to last (nil when it is empty).
    private static func rowidSpan(_ db: Database) throws -> ClosedRange<Int64>? {
        // Two subqueries: SQLite reads a lone min() or max() from the end of the b-tree, but
        // both in one SELECT scan the whole table (58 ms at 1M articles).
        guard let row = try Row.fetchOne(db, sql: "SELECT (SELECT min(rowid) FROM article), (SELECT max(rowid) FROM article)"),
              let lo = row[0] as Int64?, let hi = row[1] as Int64?, lo <= hi else { return nil }
        return lo...hi
    }
}

extension RankedSearch {
    /// `top`, on two cores for a large library (`RowidHalves`): each half keeps its best
    /// `offset + limit`, so the overall best are among them, and BM25's statistics (row
    /// count, average length, idf) are the whole index's in both halves: the same answer.
    static func top(_ limit: Int, from offset: Int, match: String, _ c: CompiledQuery, lengths: [Int32]?,
                    db: Database, helper: HelperReader?, split: RowidHalves.Choice) throws -> Library.Found {
        let keep = offset + limit
        guard let halves = try RowidHalves.run(c, db: db, helper: helper, choice: split, { db, rowids in
            try top(keep, match: match, c, lengths: lengths, rowids: rowids, db: db)
        }) else {
            return try top(limit, from: offset, match: match, c, lengths: lengths, db: db)
        }
        return merge(halves.lower, halves.upper, limit: limit, offset: offset)
    }

    /// Two halves' best lists as one: the same order and ties as `TopK` (lower score first,
    /// then the higher rowid), from `offset` on.
    static func merge(_ a: Library.Found, _ b: Library.Found, limit: Int, offset: Int) -> Library.Found {
        var best = TopK(offset + limit)
        for part in [a, b] {
            for r in part.rowids { best.offer(score: -(part.scores[r] ?? 0), rowid: r) }
        }
        var found = Library.Found(total: a.total + b.total)
        for (s, r) in best.sorted().dropFirst(offset) {
            found.rowids.append(r)
            found.scores[r] = -s
        }
        return found
    }
}

/// A second, read-only connection to the library for the other half of a split search,
/// opened on first use and used by one search at a time (`RowidHalves`). It never waits for the main
/// pool's readers, so a search holding one of them cannot deadlock waiting for it.
final class HelperReader: @unchecked Sendable {
    private let path: String
    private let lock = NSLock()
    private var connection: DatabaseQueue?
    private let queue = DispatchQueue(label: "dossier.split-search", qos: .userInitiated)

    init(path: String) { self.path = path }

    /// Work running on the helper connection; `wait` returns its answer or throws its error.
    final class Pending<T>: @unchecked Sendable {
        fileprivate let done = DispatchSemaphore(value: 0)
        fileprivate var result: Result<T, Error>?
        func wait() throws -> T {
            done.wait()
            return try result!.get()
        }
    }

    /// Runs `body` in a read transaction of the helper connection, on its own thread.
    func start<T>(_ body: @escaping @Sendable (Database) throws -> T) -> Pending<T> {
        let pending = Pending<T>()
        queue.async { [self] in
            pending.result = Result {
                let q = try open()
                return try q.inDatabase { db in
                    var answer: T?
                    try db.inTransaction(.deferred) {
                        answer = try body(db)
                        return .commit
                    }
                    return answer!
                }
            }
            pending.done.signal()
        }
        return pending
    }

    /// Stops what the helper runs now (with the main connections' search).
    func interrupt() {
        lock.lock(); let c = connection; lock.unlock()
        c?.interrupt()
    }

    private func open() throws -> DatabaseQueue {
        lock.lock(); defer { lock.unlock() }
        if let connection { return connection }
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(5)
        config.prepareDatabase { db in
            try Library.prepareReader(db)
            Library.registerFunctions(db)
        }
        let q = try DatabaseQueue(path: path, configuration: config)
        connection = q
        return q
    }
}
