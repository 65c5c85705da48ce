#if canImport(Glibc)
import Glibc
#endif

/// Large arrays a new process fills at once (the saved caches: tens of megabytes at 1M
/// articles) are asked to be backed by 2 MB pages where the kernel allows it
/// (`transparent_hugepage` = madvise, Debian's default): one fault per 2 MB instead of one
/// per 4 KB. The faults were a third of `dossier facets` at 1M (docs/performance.md).
enum HugePages {
    /// Arrays below this are left alone: they hold no whole 2 MB page worth advising.
    static let threshold = 4 << 20

    /// Advises the 2 MB-aligned part of `buffer`'s memory, before anything is written to it.
    static func advise<T>(_ buffer: UnsafeMutableBufferPointer<T>) {
        #if os(Linux)
        let bytes = buffer.count * MemoryLayout<T>.stride
        guard bytes >= threshold, let base = buffer.baseAddress else { return }
        let huge = 1 << 21
        let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: base) + bytes) & ~(huge - 1)
        guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(aligned, end - start, MADV_HUGEPAGE)
        #endif
    }
}
