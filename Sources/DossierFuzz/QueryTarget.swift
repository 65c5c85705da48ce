import DossierCore
import Foundation

/// Any text as a query, against a small library of the bundled seeds: the parser either
/// refuses it with a position inside the text or returns a tree whose `description` parses
/// back to the same tree, and that tree runs (search with snippets, facets) without an
/// error: a malformed FTS5 expression or SQL would throw here.
enum QueryTarget {
    private static let library: Library = {
        let path = NSTemporaryDirectory() + "dossier-fuzz-\(getpid()).sqlite"
        let seeds = ProcessInfo.processInfo.environment["DOSSIER_SEEDS"] ?? "seeds"
        do {
            let library = try Library.open(at: path)
            _ = try library.index([seeds])
            precondition(!library.isEmpty, "no seeds at \(seeds): set DOSSIER_SEEDS")
            return library
        } catch {
            fatalError("cannot build the fuzz library at \(path): \(error)")
        }
    }()

    static func run(_ bytes: Data) {
        let text = String(decoding: bytes, as: UTF8.self)
        let query: SearchQuery
        do {
            query = try library.parse(text)
        } catch {
            precondition(error.position >= 0 && error.position <= text.count + 1, "error position \(error.position) outside the query")
            return
        }
        guard let again = try? library.parse(query.description) else {
            preconditionFailure("description does not parse: \(query.description)")
        }
        precondition(again == query, "description does not round-trip: \(query.description)")
        do {
            // (The sidebar's what-if counts are left out: they run the same filters as
            // `facets`, many times over, for no new code paths.)
            let results = try library.search(query, limit: 5)
            precondition(results.hits.count <= min(5, results.total), "more hits than matches")
            _ = try library.facets(query)
        } catch {
            preconditionFailure("a parsed query failed to run: \(query.description): \(error)")
        }
    }
}
