import DossierBench
import Foundation
@testable import DossierCore

/// Paths into the repository, found from this file so tests run from any directory.
enum Repo {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func seed(_ prefix: String) -> String {
        let dir = root.appendingPathComponent("seeds")
        let name = try! FileManager.default.contentsOfDirectory(atPath: dir.path).first { $0.hasPrefix(prefix) }!
        return dir.appendingPathComponent(name).path
    }
    static func fixture(_ name: String) -> String {
        root.appendingPathComponent("Tests/DossierCoreTests/Fixtures").appendingPathComponent(name).path
    }
}

let sharedParser = ArticleParser()

func parse(_ path: String) throws -> [Article] { try sharedParser.parse(fileAt: path).articles }
func parse(text: String) -> [Article] { sharedParser.parse(text: text, path: "test.txt").articles }

/// A library of the bundled seeds in a file of the temporary folder, shared by one test
/// class: built on first use, removed by `remove()` from the class's `tearDown`.
struct SeedLibrary {
    let path: String
    init(_ name: String) { path = NSTemporaryDirectory() + "dossier-\(name)-\(UUID().uuidString).sqlite" }

    /// Opens the library and indexes the seeds into it.
    func build() -> Library {
        let lib = try! Library.open(at: path)
        _ = try! lib.index([Repo.root.path + "/seeds"])
        return lib
    }

    /// Deletes the file and its WAL and shared-memory companions.
    func remove() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

/// A folder of the temporary directory holding an empty `pages` folder, for one test's pages
/// and library; `remove()` deletes it all.
struct ScratchFolder {
    let dir: String
    var pages: String { dir + "/pages" }
    var library: String { dir + "/library.sqlite" }

    init(_ name: String) throws {
        dir = NSTemporaryDirectory() + "dossier-\(name)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/pages", withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: dir) }

    /// Writes `articles` realistic stories (seed `seed`) into `pages` and indexes them into a
    /// new `library` that trains its body dictionary once it has gathered `samplesToTrain` bodies.
    func indexedLibrary(articles: Int, seed: UInt64, samplesToTrain: Int) throws -> Library {
        _ = try RealisticCorpus(seed: seed).write(articles: articles, to: pages)
        let library = try Library.open(at: self.library)
        library.bodySamplesToTrainBox.value = samplesToTrain
        _ = try library.index([pages])
        return library
    }
}

extension FullTextLayout {
    /// FTS5's `bm25()` weights that give title 10, body 1, tags 0 in this layout.
    var bm25Weights: String { self == .bodyFirst ? "1.0, 10.0, 0.0" : "10.0, 1.0, 0.0" }
}
