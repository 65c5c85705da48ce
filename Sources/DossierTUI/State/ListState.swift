/// A scrolled list (ratatui's `ListState`): the selected row and the first row on screen.
/// The article list, the sidebar and the reader each have one, and share these rules.
public struct ListState: Equatable, Sendable {
    /// The row under the cursor.
    public var selected = 0
    /// The first row shown.
    public var offset = 0

    /// A position in a list.
    public init(selected: Int = 0, offset: Int = 0) { self.selected = selected; self.offset = offset }

    /// The selection moved by a navigation key over `count` rows, `page` rows a screenful;
    /// nil for a key that does not move.
    static func target(of key: Key, from i: Int, count: Int, page: Int) -> Int? {
        guard count > 0 else { return 0 }
        let next: Int
        switch key {
        case .char("j"), .down: next = i + 1
        case .char("k"), .up: next = i - 1
        case .char("g"), .home: next = 0
        case .char("G"), .end: next = count - 1
        case .pageDown: next = i + page
        case .pageUp: next = i - page
        case .ctrl("d"): next = i + page / 2
        case .ctrl("u"): next = i - page / 2
        default: return nil
        }
        return min(max(next, 0), count - 1)
    }

    /// Keeps the selection inside `count` rows and its row (`row(selected)`, for lists whose
    /// rows include headings) inside the `height` rows on screen, with `lead` rows above it
    /// kept in view when they exist (a heading); the offset never leaves blank rows.
    mutating func clamp(count: Int, rows: Int? = nil, height: Int?, lead: Int = 0, row: (Int) -> Int = { $0 }) {
        selected = min(max(selected, 0), max(count - 1, 0))
        guard let height else { offset = max(offset, 0); return }
        let r = row(selected)
        if r - lead < offset { offset = max(r - lead, 0) }
        if r >= offset + height { offset = r - height + 1 }
        offset = min(max(offset, 0), max((rows ?? count) - height, 0))
    }

    /// For a pane that only scrolls (the reader): the offset kept within `lines`.
    mutating func clampScroll(lines: Int, height: Int?) {
        offset = min(max(offset, 0), max(lines - (height ?? lines), 0))
    }
}
