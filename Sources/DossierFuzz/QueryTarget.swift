import DossierCore
import Foundation

/// Any text as a query, parsed with the vocabulary of a small library of the bundled seeds:
/// the parser either refuses it with a position inside the text or returns a tree whose
/// `description` parses back to the same tree. The query parser alone, so that its ten
/// million executions take minutes, not the hours that running each tree costs
/// (`SearchTarget` runs them).
enum QueryTarget {
    static func run(_ bytes: Data) {
        _ = parsed(String(decoding: bytes, as: UTF8.self))
    }

    /// The tree of `text`, checked; nil when the parser refused it (with a position inside it).
    static func parsed(_ text: String) -> SearchQuery? {
        let query: SearchQuery
        do {
            query = try FuzzLibrary.seeds.parse(text)
        } catch {
            precondition(error.position >= 0 && error.position <= text.count + 1, "error position \(error.position) outside the query")
            return nil
        }
        guard let again = try? FuzzLibrary.seeds.parse(query.description) else {
            preconditionFailure("description does not parse: \(query.description)")
        }
        precondition(again == query, "description does not round-trip: \(query.description)")
        return query
    }
}

/// `QueryTarget`'s check, then the tree runs against the library (search with snippets,
/// facets) without an error: a malformed FTS5 expression or SQL would throw here.
enum SearchTarget {
    static func run(_ bytes: Data) {
        guard let query = QueryTarget.parsed(String(decoding: bytes, as: UTF8.self)) else { return }
        do {
            // (The sidebar's what-if counts are left out: they run the same filters as
            // `facets`, many times over, for no new code paths.)
            let results = try FuzzLibrary.seeds.search(query, limit: 5)
            precondition(results.hits.count <= min(5, results.total), "more hits than matches")
            _ = try FuzzLibrary.seeds.facets(query)
        } catch {
            preconditionFailure("a parsed query failed to run: \(query.description): \(error)")
        }
    }
}

/// The library the query targets parse against and search: the bundled seeds, indexed once
/// per process into a temporary file.
enum FuzzLibrary {
    static let seeds: Library = {
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
}
