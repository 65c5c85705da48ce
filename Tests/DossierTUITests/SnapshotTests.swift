import DossierCore
@testable import DossierTUI
import Foundation
import Testing

/// Rendered screens as text with their styles (`ScreenBuffer.styleMap`, under a `--- styles`
/// line), compared with the files in Snapshots/. A missing file is written and the test fails
/// once; `UPDATE_SNAPSHOTS=1 swift test` rewrites them all.
@Suite struct SnapshotTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    func check(_ name: String, _ s: AppState) throws {
        let screen = s.render()
        let text = screen.text + "\n--- styles\n" + screen.styleMap
        // Whatever the size, no row is wider than the screen.
        for line in screen.text.split(separator: "\n") { #expect(DisplayWidth.of(line) <= s.width, "\(name): \(line)") }
        let url = Self.folder.appendingPathComponent(name + ".txt")
        let stored = try? String(contentsOf: url, encoding: .utf8)
        if stored == nil || ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] != nil {
            try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            try (text + "\n").write(to: url, atomically: true, encoding: .utf8)
            if stored == nil { Issue.record("recorded \(name).txt; check it and run again") }
            return
        }
        #expect(stored == text + "\n", "screen \(name) differs from Snapshots/\(name).txt:\n\(text)")
    }

    @Test("80×24: list with facets; reader open; help overlay")
    func standard() throws {
        var s = Fixtures.state(width: 80, height: 24, query: "licence")
        try check("80x24-list", s)
        _ = s.update(.key(.enter))
        try check("80x24-reader", s)
        _ = s.update(.key(.char("?")))
        try check("80x24-help", s)
    }

    @Test("80×24 and 120×35: the timeline (t) with its selected month; the directory (a) of authorities and countries")
    func overviews() throws {
        for (w, h) in [(80, 24), (120, 35)] {
            var s = Fixtures.state(width: w, height: h)
            _ = s.update(.key(.char("t")))
            _ = s.update(.key(.char("j")))
            try check("\(w)x\(h)-timeline", s)
            _ = s.update(.key(.char("a")))
            try check("\(w)x\(h)-directory", s)
            _ = s.update(.key(.tab))
            try check("\(w)x\(h)-directory-countries", s)
        }
    }

    @Test("80×24 and 120×35: watchlists head the sidebar; an opened one marks its new articles")
    func watchlists() throws {
        for (w, h) in [(80, 24), (120, 35)] {
            var s = Fixtures.state(width: w, height: h)
            _ = s.update(.watchlists(WatchlistUpdateTests.lists))
            _ = s.update(.key(.char("f")))
            guard case .openWatchlist(let id, _, _, _)? = s.update(.key(.enter)).first else { Issue.record("no opening"); return }
            _ = s.update(.watchOpened(id: id, WatchlistUpdateTests.lists[0]))
            var hits = Fixtures.hits
            hits[0].isNew = true
            _ = s.update(.results(id: id, SearchResults(total: hits.count, hits: hits), libraryTotal: 24))
            _ = s.update(.facets(id: id, Fixtures.facets))
            var seen = WatchlistUpdateTests.lists
            seen[0].newCount = 0   // as the runner reports them after the opening
            _ = s.update(.watchlists(seen))
            try check("\(w)x\(h)-watchlists", s)
        }
    }

    @Test("40×12: one pane at a time; CJK headline and text in the reader")
    func narrow() throws {
        var s = Fixtures.state(width: 40, height: 12)
        try check("40x12-list", s)
        _ = s.update(.key(.char("f")))
        try check("40x12-facets", s)
        _ = s.update(.key(.tab))
        _ = s.update(.key(.char("j")))
        _ = s.update(.key(.char("j")))
        _ = s.update(.key(.enter))
        try check("40x12-reader-cjk", s)
    }

    @Test("200×50: sidebar, list and reader side by side, editing the query")
    func wide() throws {
        var s = Fixtures.state(width: 200, height: 50, query: "stablecoin")
        _ = s.update(.key(.char("j")))
        try check("200x50-three-panes", s)
        _ = s.update(.key(.char("/")))
        _ = s.update(.key(.char(" ")))
        _ = s.update(.key(.char("金")))
        try check("200x50-editing", s)
        #expect(s.cursorPosition?.y == 0)
    }

    @Test("120×35: the pager index — the list above with whole headlines, the article under it")
    func pagerIndex() throws {
        var s = Fixtures.state(width: 120, height: 35, query: "licence")
        try check("120x35-index", s)
        _ = s.update(.key(.enter))
        try check("120x35-index-reading", s)
        let l = Layout.of(s)
        #expect((l.list?.width ?? 0) >= 90, "a 60-character headline fits beside date, codes and markers")
        #expect(l.reader.map { $0.y > l.list!.y } == true)
    }

    @Test("Too small: 20×5")
    func tiny() throws {
        try check("20x5-too-small", Fixtures.state(width: 20, height: 5))
    }
}
