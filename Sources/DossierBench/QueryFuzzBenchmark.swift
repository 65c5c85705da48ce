import DossierCore
import Foundation
import GRDB

/// Random queries against a large library, timed one by one: what a user waits for after
/// typing anything at all. Queries mix the library's own words (common and rare), prefixes,
/// phrases, OR, exclusions, filters, repeats, CJK, hostile characters and the longest query
/// allowed (64 terms); deterministic for a seed.
public struct QueryFuzzBenchmark {
    /// The library to query.
    public let library: String
    /// How many random queries.
    public let count: Int
    /// Seed for the queries.
    public let seed: UInt64
    /// Queries to time instead of random ones (each `count` times), to look into one.
    public let given: [String]

    /// A benchmark of `count` random queries.
    public init(library: String, count: Int, seed: UInt64, given: [String] = []) {
        self.library = library; self.count = count; self.seed = seed; self.given = given
    }

    /// One query's time and outcome.
    public struct Timing {
        /// The query as generated.
        public var query: String
        /// Parse, search (50 results with snippets) and the sidebar's counts, as the reader asks.
        public var seconds: Double
        /// Articles matched.
        public var total: Int
        /// The query error, for queries the parser refuses (timed too).
        public var error: String?
    }

    /// The queries, from the library's vocabulary.
    public func queries() throws -> [String] {
        if !given.isEmpty { return given.flatMap { Array(repeating: $0, count: count) } }
        var config = Configuration()
        config.readonly = true
        let q = try DatabaseQueue(path: library, configuration: config)
        let words = try q.read { db in try String.fetchAll(db, sql: "SELECT surface FROM search_word WHERE length(surface) > 1") }
        try q.close()
        guard !words.isEmpty else { throw NSError(domain: "bench", code: 1, userInfo: [NSLocalizedDescriptionKey: "no words in \(library)"]) }
        var rng = SyntheticCorpus.SplitMix(seed: seed)
        func pick<T>(_ list: [T]) -> T { list[Int(rng.nextUInt64() % UInt64(list.count))] }
        let common = ["the", "and", "crypto", "regulator", "said", "stablecoin", "exchange", "market", "bank", "digital"]
        let filters = ["country:sg", "country:hk", "-country:us", "authority:mas", "topic:stablecoins", "-topic:enforcement",
                       "date:2024", "date:2023-06..2024-02", "is:unread", "-is:read", "role:main", "category:news"]
        let hostile = ["\"", "(", ")", "*", "-", "OR", "NOT", "\u{1b}[31m", "\u{0}", "監管", "稳定币", "'", "a:b", "NEAR(a b)", "🚀"]
        var out: [String] = []
        for _ in 0..<count {
            var parts: [String] = []
            let n = rng.nextUInt64() % 20 == 0 ? 64 : Int(1 + rng.nextUInt64() % 6)
            for _ in 0..<n {
                switch rng.nextUInt64() % 12 {
                case 0, 1, 2: parts.append(pick(words))
                case 3: parts.append(pick(common))
                case 4: let w = pick(words); parts.append(String(w.prefix(max(2, w.count / 2))) + "*")
                case 5: parts.append("\"" + pick(words) + " " + pick(words) + "\"")
                case 6: parts.append("OR"); parts.append(pick(words))
                case 7: parts.append("-" + pick(words))
                case 8, 9: parts.append(pick(filters))
                case 10: parts.append(pick(hostile))
                default: let w = pick(common); parts.append(w); parts.append(w)   // a repeat
                }
            }
            out.append(parts.joined(separator: " "))
        }
        return out
    }

    /// Parse, search (50 results with snippets) and the sidebar's counts, as the reader does
    /// for each query; a refused query is timed too (its error is the answer).
    public func run() throws -> [Timing] {
        let lib = try Library.open(at: library)
        _ = try lib.search(SearchQuery.parse("warm"), limit: 1)
        var timings: [Timing] = []
        for text in try queries() {
            let start = DispatchTime.now().uptimeNanoseconds
            var total = 0
            var error: String?
            do {
                let q = try lib.parse(text)
                total = try lib.search(q, limit: 50, sort: q.hasText ? .relevance : .date).total
                _ = try lib.sidebarFacets(q)
            } catch let e as QueryError {
                error = e.description
            }
            timings.append(Timing(query: text, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, total: total, error: error))
        }
        return timings
    }
}
