import DossierCore
import Foundation

/// The signal that asked `index --watch` to stop (0: none yet). Set by the handler, read
/// between batches.
nonisolated(unsafe) private var stopSignal: sig_atomic_t = 0

/// `dossier index --watch`: after the first run, indexes pages as they appear or change,
/// one batch at a time, with one log line per batch.
struct WatchLoop {
    let library: Library
    let paths: [String]
    let parser: ArticleParser
    let prune: Bool
    /// How often folders are compared without inotify, and the longest wait with it.
    let interval: Double
    /// A page changed more recently than this is still being written: it waits.
    let settle: Double
    let forcePolling: Bool

    /// What a file looked like: size and modification time.
    struct Stamp: Equatable { var size: Int64; var mtime: Double }

    static func stamps(_ paths: [String]) -> [String: Stamp] {
        let found = InputFiles.expand(paths)
        var out: [String: Stamp] = [:]
        for (f, stamp) in zip(found.files, found.stamps) {
            guard case .stamp(let size, let mtime) = stamp else { continue }
            out[f] = Stamp(size: size, mtime: mtime)
        }
        return out
    }

    /// Runs until SIGINT, SIGTERM or SIGHUP; returns that signal (the batch under way
    /// finishes first; pages not yet indexed are found by the next run).
    func run(log: (String) -> Void) -> Int32 {
        for s in [SIGINT, SIGTERM, SIGHUP] { signal(s) { stopSignal = $0 } }
        let watcher = FolderWatcher(paths: paths, interval: interval, forcePolling: forcePolling)
        var seen = Self.stamps(paths)
        log("watching \(paths.joined(separator: " ")) (\(watcher.method)); \(seen.count) pages; Ctrl-c stops")
        var timeout = interval
        // Batches leave their articles marked for readers to patch in; once a wait passes
        // quietly they are folded into the saved caches (`Library.foldPendingMarks`).
        var marksLeft = false
        while stopSignal == 0 {
            if watcher.wait(timeout) {
                // Debounce: let a burst of writes finish before looking.
                while stopSignal == 0, watcher.wait(settle / 2) {}
            } else if marksLeft {
                marksLeft = false
                do {
                    if try library.foldPendingMarks() { log("saved the caches for the batches indexed") }
                } catch {
                    log("error: \(error); readers patch the caches until the next run")
                }
            }
            if stopSignal != 0 { break }
            watcher.addFolders(paths)
            let now = Date().timeIntervalSince1970
            let current = Self.stamps(paths)
            let changed = current.filter { seen[$0.key] != $0.value }
            // Still being written (changed within `settle`): next time round.
            let ready = changed.filter { now - $0.value.mtime >= settle }.keys.sorted()
            let removed = seen.keys.filter { current[$0] == nil }
            timeout = ready.count < changed.count ? settle : interval
            for f in removed { seen[f] = nil }
            if ready.isEmpty && (removed.isEmpty || !prune) { continue }
            do {
                let summary = try library.index(ready, prune: prune && !removed.isEmpty, parser: parser)
                for s in summary.skipped { log("warning: \(s.path): \(s.reason); skipped (tried again when it changes)") }
                log("indexed: " + summary.line)
                marksLeft = true
            } catch {
                log("error: \(error); the next batch tries again")
                continue
            }
            for f in ready { seen[f] = current[f] }
        }
        return stopSignal
    }
}
