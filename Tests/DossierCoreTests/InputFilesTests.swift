import DossierBench
import Foundation
import Testing
@testable import DossierCore

/// The folder walk (`InputFiles`) finds what the indexer must compare, exactly as libraries
/// recorded it.
@Suite struct InputFilesTests {
    /// The modification time computed from `stat` is Foundation's `modificationDate`, bit for
    /// bit, for any second and nanosecond: libraries hold Foundation's reading, and a time
    /// that differed in its last bit would re-index every page of an unchanged folder.
    @Test func modificationTimeIsFoundationsReadingBitForBit() throws {
        let path = NSTemporaryDirectory() + "dossier-mtime-\(UUID().uuidString).txt"
        #expect(FileManager.default.createFile(atPath: path, contents: Data("x".utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var rng = SyntheticCorpus.SplitMix(seed: 14)
        for _ in 0..<2_000 {
            let seconds = rng.next(4_000_000_000), nanoseconds = rng.next(1_000_000_000)
            var times = [timespec(tv_sec: seconds, tv_nsec: nanoseconds), timespec(tv_sec: seconds, tv_nsec: nanoseconds)]
            #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
            let foundation = try #require(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
            guard case .stamp(let size, let mtime) = InputFiles.stamp(path) else { Issue.record("no stamp for \(path)"); return }
            #expect(size == 1)
            #expect(mtime == foundation.timeIntervalSince1970, "\(seconds).\(nanoseconds)")
            if mtime != foundation.timeIntervalSince1970 { return }
        }
    }

    /// A folder's pages (page extensions only, hidden names left out), sorted by path, each
    /// with its stamp; a named file is taken whatever its extension.
    @Test func foldersAreWalkedInPathOrder() throws {
        let fm = FileManager.default
        let dir = NSTemporaryDirectory() + "dossier-walk-\(UUID().uuidString)"
        defer { try? fm.removeItem(atPath: dir) }
        for sub in ["b", "a-c", "a", ".hidden", "a/deeper"] { try fm.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true) }
        for file in ["b/2.txt", "a-c/3.md", "a/1.TXT", "a/deeper/0.text", "a/no-extension", "a/skip.html", ".hidden/x.txt", "a/.dot.txt"] {
            #expect(fm.createFile(atPath: dir + "/" + file, contents: Data(file.utf8)))
        }
        try fm.createSymbolicLink(atPath: dir + "/linked", withDestinationPath: dir + "/a")
        let found = InputFiles.expand([dir, dir + "/a/skip.html"])
        #expect(found.files == ["a-c/3.md", "a/1.TXT", "a/deeper/0.text", "a/no-extension", "b/2.txt"].map { dir + "/" + $0 } + [dir + "/a/skip.html"])
        #expect(found.stamps.count == found.files.count)
        #expect(found.problems.isEmpty)
        for (file, stamp) in zip(found.files, found.stamps) { #expect(stamp == InputFiles.stamp(file)) }
    }
}
