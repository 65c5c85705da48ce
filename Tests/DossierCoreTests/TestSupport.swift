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
