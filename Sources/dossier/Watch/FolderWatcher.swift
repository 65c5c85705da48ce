import DossierCore
import Foundation

/// Wakes the watch loop when something in the watched folders may have changed: inotify
/// where the kernel has it (every folder watched, new ones added as they appear), else a
/// timer. Either way the loop then compares the folders with what it last saw, so a missed
/// or merged event costs a little latency, never a page.
final class FolderWatcher {
    private var fd: Int32 = -1
    private var watched: Set<String> = []
    /// "inotify" or "polling every N s", for the first log line.
    let method: String

    init(paths: [String], interval: Double, forcePolling: Bool) {
        if !forcePolling { fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC)) }
        method = fd >= 0 ? "inotify" : "polling every \(interval) s"
        addFolders(paths)
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Watches these folders and every folder under them not watched yet.
    func addFolders(_ paths: [String]) {
        guard fd >= 0 else { return }
        let fm = FileManager.default
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_MODIFY | IN_DELETE_SELF)
        for root in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: root, isDirectory: &isDir) else { continue }
            // A file named on the command line: its folder is watched.
            var folders = [isDir.boolValue ? root : (root as NSString).deletingLastPathComponent]
            if isDir.boolValue, let walker = fm.enumerator(atPath: root) {
                while let rel = walker.nextObject() as? String {
                    if (rel as NSString).lastPathComponent.hasPrefix(".") { walker.skipDescendants(); continue }
                    if (walker.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory {
                        folders.append((root as NSString).appendingPathComponent(rel))
                    }
                }
            }
            for f in folders where !watched.contains(f) {
                if inotify_add_watch(fd, f.isEmpty ? "." : f, mask) >= 0 { watched.insert(f) }
            }
        }
    }

    /// Waits up to `timeout` seconds for an event (or a signal); true when there was one.
    /// The events themselves are drained: the loop looks at the folders, not at them.
    @discardableResult
    func wait(_ timeout: Double) -> Bool {
        let ms = Int32(max(0, min(timeout, 3600)) * 1000)
        guard fd >= 0 else { _ = poll(nil, 0, ms); return false }
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, ms) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while read(fd, &buffer, buffer.count) > 0 {}
        return true
    }
}
