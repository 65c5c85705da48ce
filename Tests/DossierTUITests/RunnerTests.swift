import DossierCore
import Foundation
import Testing
@testable import DossierTUI

/// A library that records calls; its first search can be made to wait until interrupted.
final class FakeLibrary: ReaderLibrary, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var searched: [String] = []
    private(set) var interrupts = 0
    private(set) var readCalls: [([String], Bool)] = []
    var blockFirstSearch = false
    let firstStarted = DispatchSemaphore(value: 0)
    private let released = DispatchSemaphore(value: 0)
    var hits: [SearchHit] = Fixtures.hits
    var readOnlyReason: String?

    func parse(_ text: String) throws(QueryError) -> SearchQuery { try SearchQuery.parse(text) }
    func search(_ query: SearchQuery, limit: Int, offset: Int, sort: SearchOrder, snippets: Bool) throws -> SearchResults {
        lock.lock(); searched.append(query.description); let wait = blockFirstSearch && searched.count == 1; lock.unlock()
        if wait {
            firstStarted.signal()
            // Until interrupt(); a runner that never interrupts gets through after a while
            // (so a broken runner fails the test instead of hanging it).
            if released.wait(timeout: .now() + 5) == .success { throw CancellationError() }
        }
        return SearchResults(total: hits.count, hits: Array(hits.dropFirst(offset).prefix(limit)), offset: offset)
    }
    func sidebarFacets(_ query: SearchQuery) throws -> FacetCounts { Fixtures.facets }
    func activity(_ query: SearchQuery) throws -> Activity { Fixtures.activity }
    /// The newest article's rowid, as an indexer beside the reader moves it.
    var newest: Int64 = 24
    func currentMark() throws -> WatchMark { WatchMark(rowid: newest) }
    func count(_ query: SearchQuery, since: WatchMark) throws -> Int { Int(newest - since.rowid) }
    func brief(_ query: SearchQuery, text: String) throws -> Brief {
        Brief(query: text, articles: try search(query, limit: 1000, offset: 0, sort: .date, snippets: false).hits.map(\.article), facets: Fixtures.facets)
    }
    func articleCount() throws(LibraryError) -> Int { 24 }
    func setRead(_ ids: [String], _ read: Bool) throws { lock.lock(); readCalls.append((ids, read)); lock.unlock() }
    func setStarred(_ id: String, _ starred: Bool) throws {}
    func markAllRead(_ query: SearchQuery) throws -> [String] { hits.filter { !$0.read }.map(\.article.id) }
    func interrupt() { lock.lock(); interrupts += 1; lock.unlock(); released.signal() }

    // Watchlists: kept in memory; an opened one's first `newCount` hits are its new ones.
    private(set) var saved: [Watchlist] = []
    func watchlists(totals: Bool) throws -> [Watchlist] { lock.lock(); defer { lock.unlock() }; return saved }
    func addWatchlist(_ name: String, query: String) throws -> Watchlist {
        lock.lock(); defer { lock.unlock() }
        if saved.contains(where: { $0.name.lowercased() == name.lowercased() }) { throw WatchlistError.exists(name) }
        let w = Watchlist(name: name, query: query, since: WatchMark(rowid: 0))
        saved.append(w)
        return w
    }
    func openWatchlist(_ name: String, limit: Int, sort: SearchOrder?, onlyNew: Bool) throws -> WatchlistResults {
        lock.lock()
        guard let i = saved.firstIndex(where: { $0.name == name }) else { lock.unlock(); throw WatchlistError.notFound(name) }
        let w = saved[i]
        saved[i].newCount = 0
        lock.unlock()
        return WatchlistResults(watchlist: w, results: try watchlistSearch(SearchQuery.parse(w.query), since: w.since, limit: limit, offset: 0, sort: sort, onlyNew: onlyNew),
                                markedSeen: readOnlyReason == nil)
    }
    /// Marks as many hits new as the watchlist with this mark had.
    var newHits = 2
    func watchlistSearch(_ query: SearchQuery, since: WatchMark, limit: Int, offset: Int, sort: SearchOrder?, onlyNew: Bool) throws -> SearchResults {
        var r = try search(query, limit: limit, offset: offset, sort: sort ?? .date, snippets: false)
        for i in r.hits.indices { r.hits[i].isNew = offset + i < newHits }
        return r
    }
}

@Suite struct RunnerTests {
    @Test("A search superseded while it runs is interrupted, not waited for; only the newest answers")
    func interruptsStaleSearches() {
        let lib = FakeLibrary()
        lib.blockFirstSearch = true
        let runner = SearchRunner(library: lib)
        runner.search(id: 1, query: "alpha", sort: .relevance, rows: 0..<50)
        #expect(lib.firstStarted.wait(timeout: .now() + 30) == .success)
        runner.search(id: 2, query: "beta", sort: .relevance, rows: 0..<50)
        // Jobs run in order on one queue: once the newest has answered, the first is done.
        var messages: [Message] = []
        let deadline = Date().addingTimeInterval(30)
        while !messages.contains(where: { if case .results(2, _, _) = $0 { return true } else { return false } }), Date() < deadline {
            messages += runner.takeMessages()
            usleep(1_000)
        }
        #expect(lib.interrupts == 1)
        let ids = messages.compactMap { m -> Int? in if case .results(let id, _, _) = m { return id } else { return nil } }
        #expect(ids == [2])
        #expect(!messages.contains { if case .searchFailed = $0 { return true } else { return false } }, "the interruption is not an error")
        #expect(lib.searched == ["alpha", "beta"])
    }

    @Test("A whole reader run without a terminal: keys in, screens and library calls out")
    func wholeRun() {
        let lib = FakeLibrary()
        let backend = RecordingBackend()
        backend.size = (100, 30)
        backend.queued = [.key(.char("/")), .key(.char("k")), .key(.char("y")), .key(.char("c")), .key(.enter),
                          .key(.enter), .key(.char("J")), .key(.char("q")), .key(.char("Q"))]
        let app = App(library: lib, backend: backend, query: "", inlineSearches: true)
        app.run()
        #expect(lib.searched.first == "", "the first screen searched everything")
        #expect(lib.searched.contains("kyc*"), "typing searched as you type (prefix from the third letter)")
        #expect(lib.searched.last == "kyc", "Enter searched the word as written")
        #expect(backend.frames.contains { $0.text.hasPrefix(" / kyc") })
        // Enter opened the first article, J the next one (hits[1], read already), q closed it.
        #expect(lib.readCalls.map(\.0) == [[Fixtures.hits[0].article.id]])
        #expect(backend.frames.contains { $0.text.contains("Singapore MAS finalises stablecoin framework") })
        #expect(backend.frames.count >= 9)
    }
}
