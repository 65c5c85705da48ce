import Foundation

/// Names the page that crashed the parser, so that the next index run can skip it.
///
/// While `index` parses, each worker thread notes the page it is on in a fixed slot. A crash
/// (a trap, a bad access, an abort) runs `record`, a signal handler that writes the crashing
/// thread's page to `LIBRARY-crashed` with async-signal-safe calls only, puts back the
/// handler it replaced (the Swift runtime's backtracer) and returns, so the crash goes on as
/// it would have. The next run reads the file (`takeCrashed`) and stores the page as failed.
enum CrashJournal {
    /// Slots for concurrently parsing threads; more threads than this simply go unnamed.
    private static let slotCount = 64
    private static let pathCapacity = Int(PATH_MAX) + 2

    private struct Slot {
        var thread: pthread_t?
        var length: Int
    }

    nonisolated(unsafe) private static var slots = UnsafeMutablePointer<Slot>.allocate(capacity: slotCount)
    nonisolated(unsafe) private static var paths = UnsafeMutablePointer<CChar>.allocate(capacity: slotCount * pathCapacity)
    nonisolated(unsafe) private static var target = UnsafeMutablePointer<CChar>.allocate(capacity: pathCapacity)
    nonisolated(unsafe) private static var previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 32)
    nonisolated(unsafe) private static var armed = false
    private static let lock = NSLock()
    private static let signals: [Int32] = [SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE]

    /// The file beside the library that names crashing pages.
    static func file(for library: String) -> String { library + "-crashed" }

    /// Runs `body` with the crash handler installed for the library at `library`.
    static func guarding<T>(library: String, _ body: () throws -> T) rethrows -> T {
        lock.lock()
        let f = file(for: library)
        _ = f.withCString { strncpy(target, $0, pathCapacity - 1) }
        target[pathCapacity - 1] = 0
        for i in 0..<slotCount { slots[i] = Slot(thread: nil, length: 0) }
        for s in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = { sig, _, _ in CrashJournal.record(sig) }
            action.sa_flags = SA_SIGINFO
            sigemptyset(&action.sa_mask)
            sigaction(s, &action, previous + Int(s))
        }
        armed = true
        lock.unlock()
        defer {
            lock.lock()
            armed = false
            for s in signals { sigaction(s, previous + Int(s), nil) }
            lock.unlock()
        }
        return try body()
    }

    /// Notes that this thread parses `path` while `body` runs.
    static func parsing<T, E: Error>(_ path: String, _ body: () throws(E) -> T) throws(E) -> T {
        let me = pthread_self()
        lock.lock()
        var slot: Int?
        if armed {
            slot = (0..<slotCount).first { slots[$0].thread.map { pthread_equal($0, me) != 0 } ?? false }
                ?? (0..<slotCount).first { slots[$0].thread == nil }
            if let k = slot {
                let bytes = Array(path.utf8.prefix(pathCapacity - 2))
                bytes.withUnsafeBufferPointer { b in
                    paths.advanced(by: k * pathCapacity).withMemoryRebound(to: UInt8.self, capacity: pathCapacity) {
                        $0.update(from: b.baseAddress!, count: b.count)
                        $0[b.count] = UInt8(ascii: "\n")
                    }
                }
                slots[k] = Slot(thread: me, length: bytes.count + 1)
            }
        }
        lock.unlock()
        defer {
            if let k = slot { lock.lock(); slots[k] = Slot(thread: nil, length: 0); lock.unlock() }
        }
        return try body()
    }

    /// The signal handler: async-signal-safe calls only (no locks, no allocation).
    private static func record(_ sig: Int32) {
        let me = pthread_self()
        for k in 0..<slotCount {
            guard let t = slots[k].thread, pthread_equal(t, me) != 0, slots[k].length > 0 else { continue }
            let fd = open(target, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            if fd >= 0 {
                _ = write(fd, paths.advanced(by: k * pathCapacity), slots[k].length)
                close(fd)
            }
            break
        }
        // Back to the handler this one replaced; returning re-runs the trapping instruction
        // (or abort raises again), which then crashes as it would have.
        sigaction(sig, previous + Int(sig), nil)
    }

    /// The pages named by crashes since the last run; the file is removed.
    static func takeCrashed(library: String) -> [String] {
        let f = file(for: library)
        guard let text = try? String(contentsOfFile: f, encoding: .utf8) else { return [] }
        unlink(f)
        var seen = Set<String>()
        return text.split(separator: "\n").map(String.init).filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}
