import Foundation
import DossierCore
import Testing
@testable import DossierTUI

/// The daily reading loop of mutt and newsboat: q backs out, J/K and Space walk the list,
/// unread only, mark all read with undo, stars, the true last result, automatic order.
@Suite struct ReadingLoopTests {
    func press(_ s: inout AppState, _ keys: Key...) -> [Effect] { keys.flatMap { s.update(.key($0)) } }
    func searches(_ effects: [Effect]) -> [String] {
        effects.compactMap { if case .search(_, let q, _, _) = $0 { return q } else { return nil } }
    }

    @Test("q closes the innermost thing: help, reader, facets focus, then quits; Q quits from anywhere")
    func quitting() {
        var s = Fixtures.state(width: 120, height: 35)
        _ = press(&s, .enter)
        #expect(s.readerOpen && s.focus == .reader)
        #expect(press(&s, .char("q")).isEmpty)
        #expect(!s.readerOpen && s.focus == .list && !s.quitting, "q leaves the reader, even on a wide screen")
        _ = press(&s, .char("f"))
        #expect(press(&s, .char("q")).isEmpty && s.focus == .list)
        _ = press(&s, .char("?"))
        #expect(press(&s, .char("q")).isEmpty && !s.showHelp)
        #expect(press(&s, .char("q")) == [.quit])
        var t = Fixtures.state(width: 120, height: 35)
        _ = press(&t, .enter, .char("?"))
        #expect(press(&t, .char("Q")) == [.quit], "Q quits from inside the help over the reader")
    }

    @Test("J / K and ] / [ walk the list from the reader, marking what they open read")
    func nextPrevious() {
        var s = Fixtures.state(width: 120, height: 35)
        _ = press(&s, .enter)
        #expect(s.reading?.article.id == Fixtures.hits[0].article.id)
        #expect(press(&s, .char("J")).isEmpty, "hits[1] is read already: nothing to save")
        #expect(s.reading?.article.id == Fixtures.hits[1].article.id && s.selected == 1)
        #expect(press(&s, .char("]")) == [.setRead(id: Fixtures.hits[2].article.id, read: true)])
        _ = press(&s, .char("K"), .char("["))
        #expect(s.selected == 0)
        _ = press(&s, .char("K"))
        #expect(s.message == "this is the first article")
        var list = Fixtures.state(width: 120, height: 35)
        _ = press(&list, .char("J"))
        #expect(list.message?.contains("does nothing here") == true, "J outside the reader says so")
    }

    @Test("Space pages down in the reader, then opens the next unread article")
    func spaceToNextUnread() {
        var s = Fixtures.state(width: 80, height: 8)   // a short reader: several pages
        _ = press(&s, .enter)
        let pages = s.readerLines().count
        var effects: [Effect] = []
        var guardCount = 0
        while s.reading?.article.id == Fixtures.hits[0].article.id, guardCount < pages + 2 {
            effects = press(&s, .char(" "))
            guardCount += 1
        }
        #expect(guardCount > 1, "the first Space pages down")
        // hits[1] is read: the next unread is hits[2].
        #expect(s.reading?.article.id == Fixtures.hits[2].article.id)
        #expect(effects == [.setRead(id: Fixtures.hits[2].article.id, read: true)])
    }

    @Test("u toggles unread only through the query")
    func unreadOnly() {
        var s = Fixtures.state(query: "licence")
        #expect(searches(press(&s, .char("u"))) == ["licence is:unread"])
        #expect(searches(press(&s, .char("u"))) == ["licence"])
    }

    @Test("A marks every result read, U undoes exactly that")
    func markAllAndUndo() {
        var s = Fixtures.state(query: "licence")
        #expect(press(&s, .char("A")) == [.markAllRead(query: "licence")])
        let ids = [Fixtures.hits[0].article.id, Fixtures.hits[2].article.id]
        _ = s.update(.markedRead(ids))
        #expect(s.hits.allSatisfy(\.read) == false || s.hits.filter { ids.contains($0.article.id) }.allSatisfy(\.read))
        #expect(s.message == "marked 2 read — U to undo")
        #expect(press(&s, .char("U")) == [.setReadMany(ids: ids, read: false)])
        #expect(s.hits.filter { ids.contains($0.article.id) }.allSatisfy { !$0.read })
        #expect(press(&s, .char("U")).isEmpty && s.message == "nothing to undo")
    }

    @Test("* stars and unstars the article")
    func star() {
        var s = Fixtures.state()
        #expect(press(&s, .char("*")) == [.setStarred(id: Fixtures.hits[0].article.id, starred: true)])
        #expect(s.hits[0].starred)
        #expect(press(&s, .char("*")) == [.setStarred(id: Fixtures.hits[0].article.id, starred: false)])
    }

    /// Results numbered `rows` of a list of `total` made-up stories, as the library answers.
    func stretch(_ rows: Range<Int>, of total: Int) -> SearchResults {
        let rows = rows.clamped(to: 0..<total)
        let hits = rows.map { i in
            SearchHit(article: Fixtures.article(100 + i, title: "Story \(i)", date: nil, countries: [], paragraphs: ["text"]), snippet: "")
        }
        return SearchResults(total: total, hits: hits, offset: rows.lowerBound)
    }

    @Test("G goes to the last of all results at once and loads only the stretch around it")
    func trueLast() {
        var s = Fixtures.state()
        // A library with a million matches, of which the first 60 are loaded.
        let total = 1_000_000
        _ = s.update(.results(id: s.searchID, stretch(0..<SearchPaging.page, of: total), libraryTotal: total))
        let effects = press(&s, .char("G"))
        #expect(s.selected == total - 1)
        guard case .search(let id, _, _, let rows) = effects.first else { Issue.record("no search"); return }
        #expect(rows.contains(total - 1) && rows.count <= SearchPaging.window, "asked for \(rows)")
        // Before they come, the rows on screen say they are loading.
        #expect(s.render().text.contains("…"))
        _ = s.update(.results(id: id, stretch(rows, of: total), libraryTotal: total))
        #expect(s.selectedHit?.article.title == "Story 999999")
        #expect(s.hits.count <= SearchPaging.window)
        #expect(s.render().text.contains("Story 999999"))
        // g goes back to the top, which is loaded again the same way.
        guard case .search(let back, _, _, let top) = press(&s, .char("g")).first else { Issue.record("no search"); return }
        #expect(top.lowerBound == 0 && top.count <= SearchPaging.window)
        _ = s.update(.results(id: back, stretch(top, of: total), libraryTotal: total))
        #expect(s.selectedHit?.article.title == "Story 0")
    }

    @Test("Paging through 20,000 results keeps a bounded stretch loaded and never shows a wrong row")
    func longScroll() {
        var s = Fixtures.state(width: 100, height: 30)
        let total = 20_000
        _ = s.update(.results(id: s.searchID, stretch(0..<SearchPaging.page, of: total), libraryTotal: total))
        var asked = 0
        for _ in 0..<1_000 {
            for e in press(&s, .pageDown) {
                guard case .search(let id, _, _, let rows) = e else { continue }
                asked += 1
                #expect(rows.count <= SearchPaging.window)
                _ = s.update(.results(id: id, stretch(rows, of: total), libraryTotal: total))
            }
            #expect(s.hits.count <= SearchPaging.window)
            // Each row on screen is the story of its number.
            #expect(s.selectedHit?.article.title == "Story \(s.selected)")
        }
        #expect(s.selected == total - 1)
        #expect(asked > 10 && asked < 1_000, "one load per stretch, not per key: \(asked)")
        // A new query starts from its first results, whatever the cursor was on: typed, and
        // accepted with Enter (the prefix searched while typing becomes the word).
        _ = press(&s, .char("/"), .ctrl("u"))
        let typed = press(&s, .char("k"), .char("y"), .char("c"))
        #expect(typed.contains(.search(id: s.searchID, query: "kyc*", sort: .relevance, rows: 0..<SearchPaging.page)), "\(typed)")
        #expect(press(&s, .enter) == [.search(id: s.searchID, query: "kyc", sort: .relevance, rows: 0..<SearchPaging.page)])
        var fresh = AppState(width: 100, height: 30)
        #expect(fresh.start().first == .search(id: 1, query: "", sort: .date, rows: 0..<SearchPaging.page), "the first screen loads one page")
    }

    @Test("Order: relevance for words, newest first for filters only; s toggles; the header says which")
    func order() {
        var words = Fixtures.state(query: "licence")
        #expect(words.sort == .relevance)
        #expect(words.render().text.split(separator: "\n")[0].contains("sort: relevance"))
        var filters = Fixtures.state(query: "country:hk")
        #expect(filters.sort == .date)
        if case .search(_, _, let sort, _) = press(&words, .char("s")).first { #expect(sort == .date) } else { Issue.record("no search") }
        #expect(words.render().text.split(separator: "\n")[0].contains("sort: date"))
        if case .search(_, _, let sort, _) = press(&filters, .char("s")).first { #expect(sort == .relevance) } else { Issue.record("no search") }
    }

    @Test("Keys with no meaning say so; the help scrolls on a short screen")
    func unboundAndHelp() {
        var s = Fixtures.state()
        _ = press(&s, .char("z"))
        #expect(s.message == "z does nothing here — ? lists the keys")
        var h = Fixtures.state(width: 80, height: 24)
        _ = press(&h, .char("?"))
        #expect(!h.render().text.contains("click selects"))
        for _ in 0..<20 { _ = press(&h, .char("j")) }
        let screen = h.render().text
        #expect(screen.contains("click selects") && screen.contains("↑ more"), "the last keys come into view")
    }
}

@Suite struct SidebarTests {
    func press(_ s: inout AppState, _ keys: Key...) -> [Effect] { keys.flatMap { s.update(.key($0)) } }

    @Test("The cursor stays on the entry just toggled when the sidebar reorders")
    func cursorFollows() {
        var s = Fixtures.state(width: 120, height: 40)
        _ = press(&s, .char("f"), .char("j"), .char("j"))   // on KR (third country)
        let before = s.sidebarEntries[s.facetCursor]
        #expect(before.value == "KR")
        _ = press(&s, .char(" "))
        // New counts arrive in another order: KR first, the others after.
        let reordered = FacetCounts(total: 1, countries: [FacetCount(key: "SG", label: "Singapore", count: 2), FacetCount(key: "HK", label: "Hong Kong", count: 2),
                                                          FacetCount(key: "JP", label: "Japan", count: 2), FacetCount(key: "KR", label: "South Korea", count: 1)])
        _ = s.update(.facets(id: s.searchID, reordered))
        let after = s.sidebarEntries[s.facetCursor]
        #expect(after.value == "KR" && after.selected)
        _ = press(&s, .char(" "))
        #expect(s.query == "" && s.sidebarEntries[s.facetCursor].value == "KR", "a second Space toggles the same entry")
    }

    @Test("Topics show their labels; an authority's full name shows on the status line")
    func labels() {
        var s = Fixtures.state(width: 120, height: 40)
        let counts = FacetCounts(total: 2, authorities: [FacetCount(key: "sg-mas", label: "MAS@SG", count: 2, name: "Monetary Authority of Singapore")],
                                 topics: [FacetCount(key: "aml-kyc", label: "AML / KYC", count: 1)])
        _ = s.update(.facets(id: s.searchID, counts))
        #expect(s.render().text.contains("[ ] AML / KYC"))
        _ = press(&s, .char("f"))
        #expect(s.render().text.split(separator: "\n").last?.contains("MAS@SG: Monetary Authority of Singapore") == true)
        _ = press(&s, .char(" "))
        #expect(s.query == "authority:mas@sg")
    }
}

/// A terminal that records what the app sends it (no ncurses).
final class RecordingBackend: TerminalBackend {
    var size: (width: Int, height: Int) = (80, 24)
    var frames: [ScreenBuffer] = []
    var raw: [String] = []
    var suspended = 0
    var queued: [Message] = []
    var stopSignal: Int32? { queued.isEmpty && frames.count > 50 ? SIGTERM : nil }
    func draw(_ frame: ScreenBuffer, previous: ScreenBuffer?, cursor: (x: Int, y: Int)?) { frames.append(frame) }
    /// One key per wait, none when asked without waiting: a person typing, not a paste.
    func nextMessage(timeout: Double) -> Message? { queued.isEmpty || timeout == 0 ? nil : queued.removeFirst() }
    func suspend(_ body: () -> Void) { suspended += 1; body() }
    func writeRaw(_ bytes: String) { raw.append(bytes) }
}

@Suite struct CommandTests {
    func press(_ s: inout AppState, _ keys: Key...) -> [Effect] { keys.flatMap { s.update(.key($0)) } }

    @Test("o opens the source at its line, y copies a citation")
    func pagerAndCitation() {
        var s = Fixtures.state()
        let a = Fixtures.hits[0].article
        #expect(press(&s, .char("o")) == [.openPager(path: a.source.path, line: a.source.line)])
        #expect(press(&s, .char("y")) == [.copy("\(a.title) — Policy & Regulation, 2025-06-27, pages/1.txt:1")])
        _ = press(&s, .char("i"))
        #expect(s.message == "id \(a.id) — dossier show \(a.id.prefix(8))")
    }

    @Test(": runs commands: sort, read all, open; unknown ones say what exists; Esc closes")
    func commandLine() {
        var s = Fixtures.state(query: "licence")
        _ = press(&s, .char(":"))
        #expect(s.render().text.split(separator: "\n").last?.hasPrefix(":") == true)
        for c in "sort oldest" { _ = press(&s, .char(c)) }
        guard case .search(_, _, let sort, _) = press(&s, .enter).first else { Issue.record("no search"); return }
        #expect(sort == .oldest && s.commandLine == nil)
        _ = press(&s, .char(":"))
        for c in "read all" { _ = press(&s, .char(c)) }
        #expect(press(&s, .enter) == [.markAllRead(query: "licence")])
        _ = press(&s, .char(":"))
        for c in "frobnicate" { _ = press(&s, .char(c)) }
        _ = press(&s, .enter)
        #expect(s.message?.hasPrefix("unknown command: frobnicate (commands: sort date") == true)
        _ = press(&s, .char(":"), .char("x"), .escape)
        #expect(s.commandLine == nil && !s.quitting)
    }

    @Test("The pager runs on the source file and reports what it cannot open")
    func pager() throws {
        let path = NSTemporaryDirectory() + "dossier-pager-\(UInt64.random(in: 0...UInt64.max)).txt"
        try "one\ntwo\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(Pager.open(path, line: 2, environment: ["PAGER": "cat"]) == nil)
        #expect(Pager.open(path + ".gone", line: 1, environment: [:])?.contains("gone or unreadable") == true)
        #expect(Pager.open(path, line: 1, environment: ["PAGER": "/no/such/pager"])?.hasPrefix("cannot run") == true)
    }

    @Test("The citation goes to a file named on the status line, or through OSC 52 when asked")
    func clipboard() throws {
        let backend = RecordingBackend()
        let home = NSTemporaryDirectory() + "dossier-clip-\(UInt64.random(in: 0...UInt64.max))"
        defer { try? FileManager.default.removeItem(atPath: home) }
        let note = Clipboard.copy("Headline — x", backend: backend, environment: ["XDG_STATE_HOME": home])
        #expect(note == "citation written to \(home)/dossier/clipboard.txt")
        #expect(try String(contentsOfFile: home + "/dossier/clipboard.txt", encoding: .utf8) == "Headline — x\n")
        #expect(backend.raw.isEmpty)
        #expect(Clipboard.copy("Headline — x", backend: backend, environment: ["DOSSIER_CLIPBOARD": "osc52"]) == "citation copied (OSC 52)")
        #expect(backend.raw == ["\u{1B}]52;c;" + Data("Headline — x".utf8).base64EncodedString() + "\u{07}"])
    }
}
