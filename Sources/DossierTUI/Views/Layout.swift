/// A rectangle of the screen.
public struct Rect: Equatable, Sendable {
    /// Top-left corner and size, in cells.
    public var x, y, width, height: Int
    /// True when the cell at (px, py) is inside (for mouse clicks).
    public func contains(_ px: Int, _ py: Int) -> Bool { px >= x && px < x + width && py >= y && py < y + height }
}

/// Where each pane goes for a terminal size. Very wide terminals (≥ 170 columns) show
/// sidebar, list and reader side by side; wide ones (≥ 120) put the article under the list,
/// as mutt's pager index does, so headlines keep their full width; medium ones open the
/// reader over sidebar and list; narrow ones show one pane at a time.
public struct Layout: Equatable, Sendable {
    /// Below this size only "terminal too small" is drawn.
    public static let minWidth = 30, minHeight = 6

    /// The top line: the query.
    public var queryBar: Rect
    /// The bottom line: counts, messages, key hints.
    public var status: Rect
    /// The facets, when shown at this size and in this state.
    public var sidebar: Rect?
    /// The article list, when shown.
    public var list: Rect?
    /// The article, when shown.
    public var reader: Rect?
    /// True below `minWidth`×`minHeight`: nothing but a notice fits.
    public var tooSmall: Bool

    /// The panes for the state's terminal size, focus and open reader.
    public static func of(_ s: AppState) -> Layout {
        let w = s.width, h = s.height
        guard w >= minWidth, h >= minHeight else {
            let r = Rect(x: 0, y: 0, width: max(w, 0), height: max(h, 0))
            return Layout(queryBar: r, status: r, sidebar: nil, list: nil, reader: nil, tooSmall: true)
        }
        let bar = Rect(x: 0, y: 0, width: w, height: 1)
        let status = Rect(x: 0, y: h - 1, width: w, height: 1)
        let bodyY = 1, bodyH = h - 2
        func rect(_ x: Int, _ width: Int) -> Rect { Rect(x: x, y: bodyY, width: width, height: bodyH) }
        // From 160 columns the sidebar widens to hold a sparkline per value.
        let wideSide = w >= 160 ? 34 : 26
        if w >= 170 {
            // Three columns; the list keeps room for a whole headline with its facts.
            let side = wideSide
            let list = max(84, (w - side) * 9 / 20)
            return Layout(queryBar: bar, status: status, sidebar: rect(0, side), list: rect(side, list),
                          reader: rect(side + list, w - side - list), tooSmall: false)
        }
        if w >= 120 {
            // mutt's pager index: the list above, the article below it, beside the facets.
            let side = wideSide
            let listH = max(4, min(bodyH / 3, 12))
            return Layout(queryBar: bar, status: status, sidebar: rect(0, side),
                          list: Rect(x: side, y: bodyY, width: w - side, height: listH),
                          reader: Rect(x: side, y: bodyY + listH, width: w - side, height: bodyH - listH), tooSmall: false)
        }
        if s.readerOpen {
            return Layout(queryBar: bar, status: status, sidebar: nil, list: nil, reader: rect(0, w), tooSmall: false)
        }
        if w >= 70 {
            let side = min(26, w / 3)
            return Layout(queryBar: bar, status: status, sidebar: rect(0, side), list: rect(side, w - side), reader: nil, tooSmall: false)
        }
        if s.focus == .facets {
            return Layout(queryBar: bar, status: status, sidebar: rect(0, w), list: nil, reader: nil, tooSmall: false)
        }
        return Layout(queryBar: bar, status: status, sidebar: nil, list: rect(0, w), reader: nil, tooSmall: false)
    }
}
