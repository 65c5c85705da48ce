import DossierCore
@testable import DossierTUI
import Foundation
import Testing

/// `update`, key by key: what each key does to the state and which effects it asks for.
@Suite struct UpdateTests {
    func press(_ s: inout AppState, _ keys: Key...) -> [Effect] {
        keys.flatMap { s.update(.key($0)) }
    }

    func searches(_ effects: [Effect]) -> [String] {
        effects.compactMap { if case .search(_, let q, _, _) = $0 { return q } else { return nil } }
    }

    @Test("j k arrows g G Home End PgDn PgUp Ctrl-d Ctrl-u move the list selection")
    func listMovement() {
        var s = Fixtures.state(width: 80, height: 8)  // a list of 6 rows
        _ = press(&s, .char("j")); #expect(s.selected == 1)
        _ = press(&s, .down); #expect(s.selected == 2)
        _ = press(&s, .char("k")); #expect(s.selected == 1)
        _ = press(&s, .up, .up, .up); #expect(s.selected == 0)
        _ = press(&s, .char("G")); #expect(s.selected == 3)
        _ = press(&s, .char("g")); #expect(s.selected == 0)
        _ = press(&s, .end); #expect(s.selected == 3)
        _ = press(&s, .home); #expect(s.selected == 0)
        _ = press(&s, .pageDown); #expect(s.selected == 3)
        _ = press(&s, .pageUp); #expect(s.selected == 0)
        _ = press(&s, .ctrl("d")); #expect(s.selected == 2)
        _ = press(&s, .ctrl("u")); #expect(s.selected == 0)
    }

    @Test("/ edits the query: every change searches at once; Enter accepts")
    func editing() {
        var s = Fixtures.state()
        #expect(press(&s, .char("/")).isEmpty)
        #expect(s.editing)
        // The word being typed searches as a prefix from its third letter on.
        #expect(searches(press(&s, .char("k"))) == ["k"])
        #expect(searches(press(&s, .char("y"), .char("c"))) == ["ky", "kyc*"])
        #expect(searches(press(&s, .backspace)) == ["ky"])
        _ = press(&s, .left, .char("x"))
        #expect(s.draft == "kxy")
        _ = press(&s, .ctrl("w"))
        #expect(s.draft == "y")
        #expect(searches(press(&s, .end, .char(" "))) == ["y "])
        #expect(searches(press(&s, .char("c"), .char(":"))) == ["y c", "y c:"])
        #expect(searches(press(&s, .backspace, .backspace, .char("a"), .char("m"), .char("l"))) == ["y c", "y ", "y a", "y am", "y aml*"])
        #expect(searches(press(&s, .enter)) == ["y aml"], "Enter searches the words as written")
        #expect(!s.editing && s.query == "y aml")
        _ = press(&s, .char("/"), .char(" "))
        #expect(searches(press(&s, .enter)).isEmpty, "nothing new to search")
        #expect(s.render().text.hasPrefix(" / y aml"))
    }

    @Test("As you type: prefixes from three letters, not for CJK, never inside quotes or fields")
    func asYouType() {
        #expect(AppState.asYouType("tokenization") == "tokenization*")
        #expect(AppState.asYouType("stablecoin tok") == "stablecoin tok*")
        #expect(AppState.asYouType("-tok") == "-tok*")
        #expect(AppState.asYouType("to") == "to")
        #expect(AppState.asYouType("稳定币") == "稳定币")
        #expect(AppState.asYouType("\"purpose bou") == "\"purpose bou")
        #expect(AppState.asYouType("country:kor") == "country:kor")
        #expect(AppState.asYouType("kyc OR") == "kyc OR")
    }

    @Test("Esc while editing cancels and searches the old query again; Esc after clears the query")
    func escape() {
        var s = Fixtures.state(query: "stablecoin")
        _ = press(&s, .char("/"), .char("s"))
        #expect(searches(press(&s, .escape)) == ["stablecoin"])
        #expect(s.query == "stablecoin" && !s.editing)
        #expect(searches(press(&s, .escape)) == [""])
        #expect(s.query.isEmpty)
        #expect(press(&s, .escape).isEmpty)
    }

    @Test("Tab Shift-Tab h l move focus; f goes to the facets")
    func focus() {
        var s = Fixtures.state(width: 80)
        #expect(s.focus == .list)
        _ = press(&s, .tab); #expect(s.focus == .facets)
        _ = press(&s, .tab); #expect(s.focus == .list)
        _ = press(&s, .backTab); #expect(s.focus == .facets)
        _ = press(&s, .char("l")); #expect(s.focus == .list)
        _ = press(&s, .char("h")); #expect(s.focus == .facets)
        _ = press(&s, .char("l"), .char("f")); #expect(s.focus == .facets)
        var wide = Fixtures.state(width: 140)
        _ = press(&wide, .tab); #expect(wide.focus == .reader, "wide screens show the reader beside the list")
    }

    @Test("Enter opens the article, marks it read; q and Esc close a full-screen reader")
    func reader() {
        var s = Fixtures.state(width: 80)
        let effects = press(&s, .enter)
        #expect(s.readerOpen && s.focus == .reader)
        #expect(effects == [.setRead(id: Fixtures.hits[0].article.id, read: true)])
        #expect(s.hits[0].read)
        #expect(s.render().text.contains("Hong Kong licenses two more"))
        _ = press(&s, .char("q")); #expect(!s.readerOpen && !s.quitting)
        _ = press(&s, .enter, .escape); #expect(!s.readerOpen && s.focus == .list)
        _ = press(&s, .escape)
        // Opening the first article again: already read, so nothing is saved.
        #expect(press(&s, .enter).isEmpty, "an article already read is not marked again")
        _ = press(&s, .escape, .char("j"))
        // hits[1] is read in the fixtures too.
        #expect(press(&s, .enter).isEmpty && s.reading?.article.id == Fixtures.hits[1].article.id)
    }

    @Test("Space and Enter toggle a facet; the query shows the filter; c clears filters")
    func facets() {
        var s = Fixtures.state(query: "licence")
        _ = press(&s, .char("f"))
        #expect(searches(press(&s, .char(" "))) == ["licence country:hk"])
        #expect(s.query == "licence country:hk")
        #expect(s.sidebarEntries.first?.selected == true)
        _ = press(&s, .char("j"))
        #expect(searches(press(&s, .enter)) == ["licence country:hk country:jp"])
        _ = press(&s, .char("k"), .char(" "))
        #expect(s.query == "licence country:jp")
        #expect(searches(press(&s, .char("c"))) == ["licence"])
        #expect(press(&s, .char("c")).isEmpty, "nothing to clear")
    }

    @Test("s toggles the sort and searches again; r toggles read and saves it")
    func sortAndRead() {
        var s = Fixtures.state()
        let e = press(&s, .char("s"))
        #expect(s.sort == .relevance)
        #expect(e.contains { if case .search(_, _, .relevance, _) = $0 { return true } else { return false } })
        _ = press(&s, .char("s")); #expect(s.sort == .date)
        #expect(press(&s, .char("r")) == [.setRead(id: Fixtures.hits[0].article.id, read: true)])
        #expect(press(&s, .char("r")) == [.setRead(id: Fixtures.hits[0].article.id, read: false)])
    }

    @Test("A read-only library: r * A U say they cannot be saved and change nothing; opening marks nothing read")
    func readOnlyLibrary() {
        var s = Fixtures.state()
        s.readOnly = "the file is immutable"
        let before = s.hits.map { [$0.read, $0.starred] }
        for key in ["r", "*", "A", "U"] {
            s.message = nil
            #expect(press(&s, .char(Character(key))).isEmpty, "\(key)")
            #expect(s.message?.contains("read-only library (the file is immutable)") == true, "\(key)")
        }
        #expect(s.hits.map { [$0.read, $0.starred] } == before)
        let opened = press(&s, .enter)
        #expect(s.readerOpen)
        #expect(!opened.contains { if case .setRead = $0 { return true } else { return false } })
        #expect(s.hits[0].read == false)
        // A writable library: the same keys save.
        var w = Fixtures.state()
        for key in ["r", "*", "A"] { #expect(!press(&w, .char(Character(key))).isEmpty, "\(key)") }
    }

    @Test("n and N jump between lines with search hits in the reader")
    func hits() {
        var s = Fixtures.state(width: 80, height: 8, query: "licence")
        _ = press(&s, .enter)
        let lines = s.readerLines()
        let hitLines = lines.indices.filter { lines[$0].hasHit }
        #expect(hitLines.count >= 2)
        _ = press(&s, .char("n"))
        #expect(s.readerTop == min(hitLines.first { $0 > 0 }!, lines.count - 6))
        _ = press(&s, .char("N"))
        #expect(s.readerTop < lines.count)
        var plain = Fixtures.state(width: 80, height: 8)
        _ = press(&plain, .enter, .char("n"))
        #expect(plain.message == "no hits in this article")
    }

    @Test("The reader's lines follow the article, the width and the highlighter (wrapped once, never stale)")
    func readerLinesFollowTheirInputs() {
        func fresh(_ s: AppState) -> [ReaderLine] {
            guard let hit = s.readerHit, let pane = Layout.of(s).reader else { return [] }
            return ReaderLayout.lines(hit.article, width: max(1, ReaderView.textArea(s, pane).width - 3), highlighter: s.highlighter)
        }
        var s = Fixtures.state(width: 120, height: 40, query: "stablecoin")
        _ = press(&s, .enter)
        var seen: [[ReaderLine]] = []
        func check(_ what: Comment) {
            let lines = s.readerLines()
            #expect(lines == fresh(s), what)
            #expect(s.render().text.contains(lines.first { $0.kind == .headline }.map { String($0.text.prefix(12)) } ?? "?"), what)
            seen.append(lines)
        }
        check("first")
        _ = s.update(.resize(width: 70, height: 40)); check("narrower")
        _ = press(&s, .char("J")); check("another article")
        let highlighter = Highlighter(terms: (try? SearchQuery.parse("assets"))?.highlightTerms ?? [])
        _ = s.update(.results(id: s.searchID, SearchResults(total: Fixtures.hits.count, hits: Fixtures.hits, highlighter: highlighter), libraryTotal: 24))
        check("other highlights")
        _ = s.update(.resize(width: 120, height: 40)); check("wide again")
        // Every step changed what the reader shows.
        #expect(!seen.contains { $0.isEmpty })
        for i in seen.indices.dropFirst() { #expect(seen[i] != seen[i - 1], "step \(i) shows the same lines") }
    }

    @Test("? shows help; ? Esc q close it; q quits; Ctrl-c quits from anywhere")
    func helpAndQuit() {
        var s = Fixtures.state()
        _ = press(&s, .char("?")); #expect(s.showHelp)
        #expect(s.render().text.contains("Keys (? or Esc closes)"))
        _ = press(&s, .char("?")); #expect(!s.showHelp)
        _ = press(&s, .char("?"), .escape); #expect(!s.showHelp)
        _ = press(&s, .char("?"), .char("q")); #expect(!s.showHelp && !s.quitting)
        #expect(press(&s, .char("q")) == [.quit])
        var t = Fixtures.state()
        _ = press(&t, .char("/"))
        #expect(press(&t, .ctrl("c")) == [.interrupt], "Ctrl-c ends the reader as SIGINT ends any command")
    }

    @Test("Mouse: a click selects a row or a facet; the wheel scrolls")
    func mouse() {
        var s = Fixtures.state(width: 80, height: 24)
        let list = Layout.of(s).list!
        _ = s.update(.mouse(.click(x: list.x + 5, y: list.y + 2)))
        #expect(s.selected == 2 && s.focus == .list)
        let side = Layout.of(s).sidebar!
        _ = s.update(.mouse(.click(x: side.x + 2, y: side.y + 2)))
        #expect(s.focus == .facets && s.facetCursor == 1)
        var small = Fixtures.state(width: 80, height: 8, query: "licence")
        _ = small.update(.key(.enter))
        let r = Layout.of(small).reader!
        _ = small.update(.mouse(.wheelDown(x: r.x + 3, y: r.y + 1)))
        #expect(small.readerTop == 3)
        _ = small.update(.mouse(.wheelUp(x: r.x + 3, y: r.y + 1)))
        #expect(small.readerTop == 0)
    }

    @Test("Results: stale ones are dropped; the selection stays on its article")
    func results() {
        var s = Fixtures.state()
        _ = press(&s, .char("j"), .char("j"))
        let kept = s.selectedHit!.article.id
        let e = press(&s, .char("s"))
        guard case .search(let id, _, _, _) = e[0] else { Issue.record("no search"); return }
        let reordered = SearchResults(total: 4, hits: Fixtures.hits.reversed())
        _ = s.update(.results(id: id - 1, SearchResults(total: 0, hits: []), libraryTotal: 24))
        #expect(s.hits.count == 4, "a stale result is ignored")
        _ = s.update(.results(id: id, reordered, libraryTotal: 24))
        #expect(s.selectedHit?.article.id == kept)
        #expect(s.selected == 1)
        _ = s.update(.searchFailed(id: id, "query error at position 3: x"))
        #expect(s.render().text.contains("query error at position 3"))
    }

    @Test("Resize to tiny sizes and back: never crashes, says the terminal is too small")
    func resize() {
        var s = Fixtures.state()
        _ = press(&s, .char("G"), .enter)
        for (w, h) in [(20, 5), (1, 1), (0, 0), (29, 24), (30, 6), (200, 50), (40, 12), (80, 24)] {
            _ = s.update(.resize(width: w, height: h))
            let text = s.render().text
            if w < Layout.minWidth || h < Layout.minHeight, w > 0, h > 0 { #expect(text.hasPrefix(String("terminal too small".prefix(w)))) }
            for line in text.split(separator: "\n") { #expect(DisplayWidth.of(line) <= w) }
        }
    }

    @Test("Facet toggles edit the syntax tree and print it back")
    func queryEdit() throws {
        func toggled(_ field: SearchQuery.Field, _ value: String, _ text: String) throws -> String {
            try SearchQuery.parse(text).toggling(field, value).description
        }
        #expect(try toggled(.country, "HK", "kyc") == "kyc country:hk")
        #expect(try toggled(.country, "hk", "kyc country:HK -x") == "kyc -x")
        #expect(try toggled(.country, "HK", #"country:"hong kong""#) == "")
        #expect(try toggled(.authority, "SFC@HK", "authority:sfc@hk") == "")
        #expect(try toggled(.authority, "hk-sfc", "regulator:SFC@hk") == "", "the facets --json key and the alias name the same filter")
        #expect(try toggled(.category, "Policy & Regulation", "") == #"category:"Policy & Regulation""#)
        #expect(try SearchQuery.parse(#"a country:"hong kong" "b c" date:2024 -topic:cbdc"#).clearingFilters().description == #"a "b c""#)
    }

    @Test("A best-effort reading of the query shows in the status line")
    func notesShown() {
        var s = Fixtures.state(width: 120, height: 30, query: #""unbalanced"#)
        _ = s.update(.results(id: s.searchID, SearchResults(total: 1, hits: [Fixtures.hits[0]], notes: ["unbalanced quote at position 1: read to the end"]),
                              libraryTotal: 24))
        #expect(s.render().text.contains("read as: unbalanced quote at position 1"))
    }

    @Test("x in the facets excludes the entry; again lifts it; Space then includes it instead")
    func excludeFromSidebar() {
        var s = Fixtures.state(width: 120, height: 40, query: "licence")
        _ = press(&s, .char("f"))
        #expect(searches(press(&s, .char("x"))) == ["licence -country:hk"])
        let row = s.sidebarEntries.first { $0.value == "HK" }
        #expect(row?.excluded == true && row?.selected == false)
        #expect(s.render().text.contains("[-] HK"))
        #expect(searches(press(&s, .char("x"))) == ["licence"])
        _ = press(&s, .char("x"))
        #expect(searches(press(&s, .char(" "))) == ["licence country:hk"], "including lifts the exclusion")
        _ = press(&s, .char("l"))
        #expect(press(&s, .char("x")).isEmpty, "x means nothing in the list")
    }

    @Test("Sidebar toggles go through the tree: a typed spelling is recognised as selected")
    func sidebarSelection() {
        var s = Fixtures.state(width: 120, height: 40, query: #"country:"hong kong" authority:hk-sfc"#)
        _ = s.update(.facets(id: s.searchID, FacetCounts(total: 3, countries: [FacetCount(key: "HK", label: "Hong Kong", count: 3)],
                                                         authorities: [FacetCount(key: "hk-sfc", label: "SFC@HK", count: 2)])))
        let rows = s.sidebarEntries
        #expect(rows.filter(\.selected).map(\.value) == ["HK", "SFC@HK"])
        #expect(rows.count == 2, "a chosen value the counts hold is not listed twice")
    }
}

/// The help overlay, README and docs/keys.md list the same keys.
@Suite struct KeyDocsTests {
    @Test("README and docs/keys.md carry the KeyHelp table")
    func docsMatch() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for doc in ["README.md", "docs/keys.md"] {
            let text = try String(contentsOf: root.appendingPathComponent(doc), encoding: .utf8)
            #expect(text.contains(KeyHelp.markdown), "\(doc) must contain the key table of KeyHelp.swift")
        }
        var s = Fixtures.state(width: 120, height: 40)
        _ = s.update(.key(.char("?")))
        let screen = s.render().text
        for e in KeyHelp.entries { #expect(screen.contains(e.keys) && screen.contains(e.action), "\(e.keys)") }
    }
}
