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

    @Test("G goes to the last of all results, loading them first")
    func trueLast() {
        var s = Fixtures.state()
        // Pretend the library has 450 matches of which 4 are loaded.
        _ = s.update(.results(id: s.searchID, SearchResults(total: 450, hits: Fixtures.hits), libraryTotal: 500))
        let effects = press(&s, .char("G"))
        guard case .search(let id, _, _, let limit) = effects.first else { Issue.record("no search"); return }
        #expect(limit == 450)
        let many = (0..<450).map { i in SearchHit(article: Fixtures.article(100 + i, title: "Story \(i)", date: nil, countries: [], paragraphs: ["text"]), snippet: "") }
        _ = s.update(.results(id: id, SearchResults(total: 450, hits: many), libraryTotal: 500))
        #expect(s.selected == 449)
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
