import Foundation
import GRDB

/// Stored articles' term counts (`TermCounts`), computed on every core.
///
/// Building the lists at the end of a fresh index of 100k articles took 36 s of wall time
/// for 17 s of work: this thread read a batch, unpacked its bodies, waited for the batch to be
/// tokenized, and matched every article against the keys alone, while the other core idled
/// (`perf`, docs/performance.md). Here this thread only reads rows; unpacking, tokenizing and
/// `transform` (matching, say) run on the workers, while this thread reads the next batch and
/// hands the last one's results to `body`.
enum StoredCounts {
    /// Rows read and counted together.
    static let batchSize = 512

    /// Runs `sql`, which selects `rowid, title, body, tags` with the body as stored (packed or
    /// not), and calls `body` with each row's rowid and `transform` of its counts, in row
    /// order, on this thread.
    static func forEach<T>(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments(),
                           transform: @escaping @Sendable (TermCounts) -> T, _ body: (Int64, T) throws -> Void) throws {
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        var pending: Job<T>?
        var batch: [Stored] = []
        batch.reserveCapacity(batchSize)
        func take(_ job: Job<T>) throws {
            job.group.wait()
            for (i, row) in job.rows.enumerated() {
                guard let value = job.out[i] else { throw DatabaseError(message: "shortlists: article \(row.rowid) could not be tokenized") }
                try body(row.rowid, value)
            }
        }
        func launch() throws {
            let job = Job(batch, transform)
            batch.removeAll(keepingCapacity: true)
            if let last = pending { pending = nil; try take(last) }
            pending = job
        }
        // A job still running when this throws finishes on its own: it holds what it reads.
        while let row = try rows.next() {
            batch.append(Stored(rowid: row[0], title: row[1] ?? "", body: row[2], tags: row[3] ?? ""))
            if batch.count == batchSize { try launch() }
        }
        if !batch.isEmpty { try launch() }
        if let last = pending { try take(last) }
    }

    /// A row as read: the body still packed.
    private struct Stored: Sendable {
        var rowid: Int64, title: String, body: DatabaseValue, tags: String

        var counts: TermCounts? {
            guard let text = body.isNull ? "" : PackedText.fromDatabaseValue(body)?.text else { return nil }
            return TermCounts(title: title, body: text, tags: tags)
        }
    }

    /// One batch on the workers. Each worker writes only its own rows' slots of `out`, and
    /// `group` is left after the last: reading `out` after `group.wait()` is safe.
    private final class Job<T>: @unchecked Sendable {
        let rows: [Stored]
        let group = DispatchGroup()
        private(set) var out: [T?]

        init(_ rows: [Stored], _ transform: @escaping @Sendable (TermCounts) -> T) {
            self.rows = rows
            out = [T?](repeating: nil, count: rows.count)
            group.enter()
            DispatchQueue.global(qos: .userInitiated).async { [self] in
                out.withUnsafeMutableBufferPointer { slots in
                    nonisolated(unsafe) let slots = slots
                    DispatchQueue.concurrentPerform(iterations: rows.count) { i in
                        slots[i] = rows[i].counts.map(transform)
                    }
                }
                group.leave()
            }
        }
    }
}
