import DossierCore
@testable import DossierTUI
import Testing

/// Cells, display widths and diffs: the rules every view relies on.
@Suite struct ScreenBufferTests {
    @Test("Display width: ASCII 1, CJK and emoji 2, combining marks ride on their base")
    func widths() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("金融庁") == 6)
        #expect(DisplayWidth.of("🚀") == 2)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("🇯🇵") == 2)
        #expect(DisplayWidth.of("\u{200B}") == 0)
        #expect(DisplayWidth.of("\u{7}\u{7F}\r\n\t") == 0)   // ASCII controls take no column
    }

    @Test("A wide character that does not fit is replaced by spaces, never split")
    func neverSplit() {
        var b = ScreenBuffer(width: 5, height: 1)
        #expect(b.put("ab金融", x: 0, y: 0) == 5)
        #expect(b.text == "ab金")
        #expect(b[4, 0].text == " ")
        var c = ScreenBuffer(width: 6, height: 1)
        c.put("金融庁", x: 0, y: 0)
        c.put("x", x: 1, y: 0)  // lands on the right half of 金: the left half is blanked
        #expect(c.text == " x融庁")
        c.put("y", x: 2, y: 0)  // the left half of 融: its right half is blanked
        #expect(c.text == " xy 庁")
    }

    @Test("Writes clip to the limit and the screen; rows never overflow")
    func clipping() {
        var b = ScreenBuffer(width: 4, height: 2)
        b.put("hello", x: 2, y: 0)
        b.put("way off", x: 9, y: 1)
        b.put("x", x: 0, y: 5)
        b.put("abcdef", x: 0, y: 1, limit: 2)
        #expect(b.text == "  he\nab")
    }

    @Test("Diffs: only changed runs, never starting inside a wide character")
    func diff() {
        var a = ScreenBuffer(width: 10, height: 2)
        a.put("hello 金", x: 0, y: 0)
        var b = a
        b.put("J", x: 0, y: 0)
        let changes = b.changes(from: a)
        #expect(changes.count == 1 && changes[0].x == 0 && changes[0].cells.count == 1)
        var c = a
        c.put("融", x: 6, y: 0)
        #expect(c.changes(from: a).allSatisfy { $0.x == 6 })
        #expect(a.changes(from: nil).count == 2, "no previous frame: every row")
        #expect(a.changes(from: a).isEmpty)
    }

    @Test("Escape sequences and controls in article text never reach the screen")
    func hostileText() {
        var hit = Fixtures.hits[0]
        hit.article.title = "Red \u{1B}[31mALERT\u{1B}[0m \u{1B}]0;pwned\u{07}title \u{202E}reversed\u{202C} bell\u{07}"
        hit.article.paragraphs = ["\u{1B}P1;2q payload\u{1B}\\ text with \u{9B}2J csi"]
        var s = AppState(width: 80, height: 24)
        let e = s.start()
        guard case .search(let id, _, _, _) = e[0] else { return }
        _ = s.update(.results(id: id, DossierCore.SearchResults(total: 1, hits: [hit]), libraryTotal: 1))
        _ = s.update(.key(.enter))
        let text = s.render().text
        #expect(text.contains("Red ALERT title reversed bell"))
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) || $0.value == 0x202E })
        #expect(text.contains("text with"))
        #expect(!text.contains("payload") && !text.contains("pwned"))
    }
}

/// The scrolled-list rules the list, the sidebar and the reader share.
@Suite struct ListStateTests {
    @Test("clamp keeps the selection in range and in view, without blank rows at the end")
    func clamp() {
        var s = ListState(selected: 40, offset: 0)
        s.clamp(count: 30, height: 10)
        #expect(s == ListState(selected: 29, offset: 20))
        s.selected = 3
        s.clamp(count: 30, height: 10)
        #expect(s.offset == 3)
        var empty = ListState(selected: 5, offset: 5)
        empty.clamp(count: 0, height: 10)
        #expect(empty == ListState(selected: 0, offset: 0))
    }

    @Test("with headings: the entry's row and the heading above it stay in view")
    func headings() {
        // rows: H e e H e e H e e (entries at 1, 2, 4, 5, 7, 8)
        let entryRows = [1, 2, 4, 5, 7, 8]
        var s = ListState(selected: 4, offset: 0)
        s.clamp(count: 6, rows: 9, height: 3, lead: 1) { entryRows[$0] }
        #expect(s.offset == 5, "row 7 and its heading (6) in view")
        s.selected = 2
        s.clamp(count: 6, rows: 9, height: 3, lead: 1) { entryRows[$0] }
        #expect(s.offset == 3)
    }

    @Test("navigation keys move within the rows; other keys do not move")
    func target() {
        #expect(ListState.target(of: .char("j"), from: 0, count: 5, page: 3) == 1)
        #expect(ListState.target(of: .end, from: 0, count: 5, page: 3) == 4)
        #expect(ListState.target(of: .pageUp, from: 1, count: 5, page: 3) == 0)
        #expect(ListState.target(of: .char("x"), from: 1, count: 5, page: 3) == nil)
    }
}
