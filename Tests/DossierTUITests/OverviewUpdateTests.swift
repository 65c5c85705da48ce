import DossierCore
@testable import DossierTUI
import Foundation
import Testing

/// The timeline (`t`), the directory (`a`) and the sparklines, all drawn from the query's
/// activity.
@Suite struct OverviewUpdateTests {
    @Test("The activity of a stale search is dropped; the current one draws the header's sparkline")
    func activityArrives() {
        var s = AppState(width: 100, height: 30)
        guard case .search(let id, _, _, _)? = s.start().first else { Issue.record("no search"); return }
        _ = s.update(.activity(id: id - 1, Fixtures.activity))
        #expect(s.activity == nil)
        _ = s.update(.activity(id: id, Fixtures.activity))
        #expect(s.activity == Fixtures.activity)
        // Months 2025-01…06 with articles in February, May and June.
        #expect(s.render().text.split(separator: "\n")[0].contains("2025  █  ██  sort: date"))
        s.width = 60
        #expect(!s.render().text.contains("█"), "no room for it on a narrow bar")
    }

    @Test("t opens the timeline on the newest month; j moves; s groups by quarter, then year; t closes")
    func timeline() {
        var s = Fixtures.state()
        _ = s.update(.key(.char("t")))
        #expect(s.overview?.kind == .timeline && s.overview?.step == .month)
        #expect(s.timelineBuckets.map(\.key) == ["2025-06", "2025-05", "2025-04", "2025-03", "2025-02", "2025-01"])
        #expect(s.timelineBuckets.map(\.count) == [1, 1, 0, 0, 1, 0])
        _ = s.update(.key(.char("j")))
        // The selected month's busiest authorities and topics.
        let screen = s.render().text
        #expect(screen.contains("2025-05: 1 article") && screen.contains("1 MAS@SG"), "\(screen)")
        _ = s.update(.key(.char("s")))
        #expect(s.overview?.step == .quarter && s.timelineBuckets.map(\.key) == ["2025-Q2", "2025-Q1"])
        #expect(s.timelineBuckets.map(\.count) == [2, 1])
        _ = s.update(.key(.char("s")))
        #expect(s.overview?.step == .year && s.timelineBuckets.map(\.count) == [3])
        _ = s.update(.key(.char("x")))
        #expect(s.message?.contains("Enter filter") == true, "an unbound key says what the view's keys are")
        _ = s.update(.key(.char("t")))
        #expect(s.overview == nil)
        #expect(OverviewState.step(forMonths: 30) == .month && OverviewState.step(forMonths: 80) == .quarter && OverviewState.step(forMonths: 400) == .year)
    }

    @Test("Tab in the timeline keeps its selection and field: only the directory has two lists")
    func tabInTimeline() {
        var s = Fixtures.state()
        _ = s.update(.key(.char("t")))
        _ = s.update(.key(.char("j")))
        let field = s.overview?.field
        for key in [Key.tab, .backTab] {
            _ = s.update(.key(key))
            #expect(s.overview?.rows.selected == 1 && s.overview?.field == field, "\(key)")
            #expect(s.message?.contains("Enter filter") == true, "an unbound key says what the view's keys are")
        }
    }

    @Test("Enter in the timeline narrows the query to that month, replacing another date")
    func timelineFilters() {
        var s = Fixtures.state(query: "stablecoin date:2024")
        _ = s.update(.key(.char("t")))
        _ = s.update(.key(.char("j")))
        let effects = s.update(.key(.enter))
        #expect(s.query == "stablecoin date:2025-05" && s.overview == nil)
        guard case .search(_, "stablecoin date:2025-05", _, _)? = effects.first else { Issue.record("\(effects)"); return }
        // A quarter is a range.
        _ = s.update(.key(.char("t")))
        _ = s.update(.key(.char("s")))
        _ = s.update(.key(.enter))
        #expect(s.query == "stablecoin date:2025-04..2025-06")
    }

    @Test("a opens the directory; s sorts by count, recent, name; Tab switches to countries; Enter filters")
    func directory() {
        var s = Fixtures.state(width: 120, height: 30)
        _ = s.update(.key(.char("a")))
        #expect(s.overview?.kind == .directory)
        #expect(s.directoryEntries.map(\.label) == ["MAS@SG", "SFC@HK", "FSA@JP"])
        _ = s.update(.key(.char("s")))
        #expect(s.overview?.order == .recent && s.directoryEntries.map(\.label) == ["SFC@HK", "MAS@SG", "FSA@JP"])
        _ = s.update(.key(.char("s")))
        #expect(s.overview?.order == .name && s.directoryEntries.map(\.label) == ["FSA@JP", "MAS@SG", "SFC@HK"])
        let screen = s.render().text
        #expect(screen.contains("MAS@SG     SG        1") && screen.contains("Monetary Authority of Singapore"), "\(screen)")
        _ = s.update(.key(.char("j")))
        _ = s.update(.key(.enter))
        #expect(s.query.lowercased() == "authority:mas@sg" && s.overview == nil)
        _ = s.update(.key(.char("a")))
        _ = s.update(.key(.tab))
        #expect(s.overview?.field == .country && s.directoryEntries.first?.key == "HK")
        _ = s.update(.key(.enter))
        #expect(s.query.lowercased() == "country:hk authority:mas@sg")
        // :countries opens the directory on countries.
        _ = s.update(.key(.char(":")))
        for c in "countries" { _ = s.update(.key(.char(c))) }
        _ = s.update(.key(.enter))
        #expect(s.overview?.kind == .directory && s.overview?.field == .country)
        _ = s.update(.key(.escape))
        #expect(s.overview == nil)
    }

    @Test("Before the activity arrives the views say they are counting; tiny screens never crash")
    func withoutActivity() {
        var s = AppState(width: 80, height: 24)
        _ = s.start()
        _ = s.update(.key(.char("a")))
        #expect(s.render().text.contains("counting…"))
        s = Fixtures.state()
        _ = s.update(.key(.char("t")))
        for (w, h) in [(1, 1), (30, 6), (31, 7), (79, 13), (200, 50)] {
            _ = s.update(.resize(width: w, height: h))
            for key in [Key.char("j"), .char("G"), .pageDown, .char("s"), .char("a"), .tab, .char("t")] { _ = s.update(.key(key)); _ = s.render() }
        }
    }

    @Test("A wide sidebar shows each value's months; a narrow one does not")
    func sidebarSparklines() {
        let wide = Fixtures.state(width: 160, height: 30).render().text
        #expect(wide.contains("[ ] HK Hong Kong          █   1"), "\(wide)")
        let narrow = Fixtures.state(width: 120, height: 30).render().text
        #expect(narrow.contains("[ ] HK Hong Kong      1"), "\(narrow)")
    }
}

/// `e`: the results as a Markdown brief in a file; the status line says where.
@Suite struct ExportUpdateTests {
    @Test("e asks to export the live query; with no results it says there is nothing")
    func key() {
        var s = Fixtures.state(query: "licence")
        #expect(s.update(.key(.char("e"))) == [.export(query: "licence")])
        #expect(s.message?.hasPrefix("exporting 4 articles") == true)
        s.total = 0
        #expect(s.update(.key(.char("e"))).isEmpty && s.message?.hasPrefix("nothing to export") == true)
    }

    @Test("Runner: the brief goes to a new file each time, named for the query; the notice names it")
    func runner() throws {
        let folder = NSTemporaryDirectory() + "dossier-export-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let runner = SearchRunner(library: FakeLibrary(), inline: true)
        runner.export(query: "country:sg \"stable coin\"", folder: folder)
        runner.export(query: "country:sg \"stable coin\"", folder: folder)
        let notices = runner.takeMessages().compactMap { m -> String? in if case .notice(let t) = m { return t } else { return nil } }
        #expect(notices.count == 2)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(files.count == 2 && files.allSatisfy { $0.hasPrefix("brief-country-sg-stable-coin-") }, "\(files)")
        #expect(files.contains { $0.hasSuffix("-2.md") }, "the second never replaces the first")
        for f in files { #expect(notices.contains { $0.hasSuffix(folder + "/" + f) }, "\(notices)") }
        let text = try String(contentsOfFile: folder + "/" + files[0], encoding: .utf8)
        #expect(text.hasPrefix("# Brief: country:sg"))
        runner.export(query: "x", folder: folder + "/missing/deeper")
        guard case .failed(let why)? = runner.takeMessages().first else { Issue.record("no failure"); return }
        #expect(why.contains("could not export to " + folder + "/missing/deeper"))
        #expect(BriefFile.slug("   ") == "all" && BriefFile.slug("Hong Kong: SFC") == "hong-kong-sfc")
    }
}

/// Pages indexed beside an open reader (`index --watch`): noticed, counted, shown on `.`.
@Suite struct LibraryGrowthTests {
    @Test("Runner: the first look sets the baseline; growth is posted once per new number; . resets it")
    func runner() {
        let lib = FakeLibrary()
        let runner = SearchRunner(library: lib, inline: true)
        runner.checkForNew()
        #expect(runner.takeMessages().isEmpty, "the first look only notes where the library stands")
        runner.checkForNew()
        #expect(runner.takeMessages().isEmpty, "nothing new")
        lib.newest += 12
        runner.checkForNew()
        runner.checkForNew()
        let got = runner.takeMessages()
        guard got.count == 1, case .libraryGrew(12) = got[0] else { Issue.record("\(got)"); return }
        runner.acknowledgeNew()
        lib.newest += 3
        runner.checkForNew()
        guard case .libraryGrew(3)? = runner.takeMessages().first else { Issue.record("counts from the acknowledgement"); return }
    }

    @Test("12 new shows on the status line and refreshes the watchlists; . searches again and keeps the place")
    func state() {
        var s = Fixtures.state()
        _ = s.update(.key(.char("j")))
        let selected = s.selectedHit?.article.id
        s.message = "saved watchlist"
        #expect(s.update(.libraryGrew(12)) == [.loadWatchlists])
        #expect(s.render().text.contains("12 new — press . to show"))
        let effects = s.update(.key(.char(".")))
        #expect(effects.contains(.acknowledgeNew) && effects.contains(.loadWatchlists))
        guard case .search(let id, "", _, _)? = effects.first else { Issue.record("\(effects)"); return }
        #expect(s.newArticles == 0 && !s.render().text.contains("new — press"))
        _ = s.update(.results(id: id, SearchResults(total: Fixtures.hits.count + 1, hits: [Fixtures.hits[3]] + Fixtures.hits), libraryTotal: 25))
        #expect(s.selectedHit?.article.id == selected, "the selection stays on its article")
        _ = s.update(.key(.char(".")))
        #expect(s.message == "nothing new since the reader opened")
    }
}
