import DossierCore
@testable import DossierTUI
import Foundation
import Testing

/// Watchlists in the reader: the sidebar section, Enter to open one, `w` to save the query.
@Suite struct WatchlistUpdateTests {
    static let lists = [
        Watchlist(name: "HK stablecoins", query: "country:hk topic:stablecoins", newCount: 3, since: WatchMark(rowid: 10)),
        Watchlist(name: "Korea", query: "country:kr", newCount: 0, since: WatchMark(rowid: 12)),
    ]

    /// The fixture state with the watchlists loaded and the sidebar focused on the first.
    func state(width: Int = 80, height: Int = 24) -> AppState {
        var s = Fixtures.state(width: width, height: height)
        _ = s.update(.watchlists(Self.lists))
        _ = s.update(.key(.char("f")))
        return s
    }

    @Test("Start asks for the watchlists; they head the sidebar with their new counts")
    func sidebar() {
        var s = AppState(width: 80, height: 24)
        #expect(s.start().contains(.loadWatchlists))
        s = state()
        let rows = s.sidebarRows
        #expect(rows.prefix(3).map(\.label) == ["Watchlists", "HK stablecoins", "Korea"])
        #expect(rows[1].kind == .watchlist && rows[1].count == 3)
        let screen = s.render().text
        #expect(screen.contains("◆ HK stablecoins") && screen.contains("3 new"), "\(screen)")
        #expect(s.render().text.contains("HK stablecoins: country:hk topic:stablecoins"), "the status line shows the query under the cursor")
    }

    @Test("Enter opens a watchlist; its new articles are marked N; re-sorting keeps the marks")
    func open() {
        var s = state()
        let effects = s.update(.key(.enter))
        guard case .openWatchlist(let id, let name, nil, _)? = effects.first else { Issue.record("\(effects)"); return }
        #expect(name == "HK stablecoins" && s.query == "country:hk topic:stablecoins" && s.focus == .list)
        _ = s.update(.watchOpened(id: id, Self.lists[0]))
        var hits = Fixtures.hits
        hits[0].isNew = true
        _ = s.update(.results(id: id, SearchResults(total: hits.count, hits: hits), libraryTotal: 24))
        #expect(s.message == "HK stablecoins: 3 new since you last looked, marked N")
        let lines = s.render().text.split(separator: "\n")
        #expect(lines.contains { $0.contains(" N 2025-06-27") }, "\(lines)")
        #expect(!lines.contains { $0.contains(" N 2025-05-09") })
        // Re-sorted: the same mark goes with the search, so the same articles stay new.
        let again = s.update(.key(.char("s")))
        #expect(again == [.watchSearch(id: s.searchID, query: "country:hk topic:stablecoins", since: WatchMark(rowid: 10), sort: .relevance, rows: 0..<SearchPaging.page)])
        // Another query: an ordinary search, and the watchlist is no longer in force.
        _ = s.update(.key(.char("/")))
        let typed = s.update(.key(.char("x")))
        guard case .search? = typed.first else { Issue.record("\(typed)"); return }
        #expect(s.watching == nil)
    }

    @Test("A stale opening (another search since) is dropped")
    func staleOpening() {
        var s = state()
        guard case .openWatchlist(let id, _, _, _)? = s.update(.key(.enter)).first else { Issue.record("no opening"); return }
        _ = s.update(.key(.char("s")))
        _ = s.update(.watchOpened(id: id, Self.lists[0]))
        #expect(s.watching == nil)
    }

    @Test("w names the current query as a watchlist on the command line; Enter saves it")
    func save() {
        var s = Fixtures.state(query: "stablecoin country:sg")
        #expect(s.update(.key(.char("w"))).isEmpty)
        #expect(s.commandLine == "watch ")
        for c in "SG coins" { _ = s.update(.key(.char(c))) }
        #expect(s.update(.key(.enter)) == [.saveWatchlist(name: "SG coins", query: "stablecoin country:sg")])
        // With no name, or no query, nothing is saved and the status line says why.
        _ = s.update(.key(.char(":")))
        for c in "watch" { _ = s.update(.key(.char(c))) }
        #expect(s.update(.key(.enter)).isEmpty)
        #expect(s.message == "give the watchlist a name: watch NAME")
        var empty = Fixtures.state()
        #expect(empty.update(.key(.char("w"))).isEmpty)
        #expect(empty.commandLine == nil && empty.message?.hasPrefix("type a query first") == true)
        var readOnly = Fixtures.state(query: "kyc")
        readOnly.readOnly = "the file is immutable"
        #expect(readOnly.update(.key(.char("w"))).isEmpty)
        #expect(readOnly.message == "read-only library (the file is immutable): watchlists cannot be saved")
    }

    @Test("x on a watchlist explains itself instead of editing the query")
    func excludeOnWatchlist() {
        var s = state()
        #expect(s.update(.key(.char("x"))).isEmpty)
        #expect(s.query == "" && s.message?.hasPrefix("x excludes") == true)
    }

    @Test("Runner: opening answers with the watchlist, its results, counts and fresh new counts")
    func runner() throws {
        let lib = FakeLibrary()
        try lib.addWatchlist("Singapore", query: "country:sg")
        let runner = SearchRunner(library: lib, inline: true)
        runner.openWatchlist(id: 7, name: "Singapore", sort: nil, limit: 10)
        let got = runner.takeMessages()
        guard got.count == 5, case .watchOpened(7, let w) = got[0], case .results(7, let r, _) = got[1],
              case .watchlists = got[2], case .facets(7, _) = got[3], case .activity(7, _) = got[4] else { Issue.record("\(got)"); return }
        #expect(w.name == "Singapore")
        #expect(r.hits.map(\.isNew) == [true, true] + Array(repeating: false, count: r.hits.count - 2))
        runner.saveWatchlist(name: "singapore", query: "kyc")
        guard case .failed(let why)? = runner.takeMessages().first else { Issue.record("no failure"); return }
        #expect(why.contains("exists already"))
    }
}
