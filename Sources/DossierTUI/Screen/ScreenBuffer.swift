/// What a cell looks like, by role: the backend maps roles to colours (or, with `NO_COLOR`
/// or a monochrome terminal, to bold/reverse/underline only), so views never name colours.
public enum Role: UInt8, Sendable, CaseIterable {
    case normal, dim, title, accent, highlight, selection, selectionDim, bar, marker, error
}

/// How a cell is drawn: its role (mapped to colours by the backend), bold, underline.
public struct Style: Equatable, Sendable {
    /// What the cell is (title, highlight, selection…), not which colour.
    public var role: Role
    /// Drawn bold.
    public var bold: Bool
    /// Drawn underlined.
    public var underline: Bool
    /// A style.
    public init(_ role: Role = .normal, bold: Bool = false, underline: Bool = false) {
        self.role = role; self.bold = bold; self.underline = underline
    }
    /// Plain text.
    public static let normal = Style()
}

/// One terminal cell. A wide grapheme occupies its cell (width 2) and the next one, which
/// holds an empty `continuation` cell that backends skip.
public struct Cell: Equatable, Sendable {
    /// The grapheme shown (" " when blank, "" in a continuation cell).
    public var text: String
    /// Columns it takes: 1, 2 for a wide grapheme, 0 for the cell a wide one covers.
    public var width: UInt8
    /// How it is drawn.
    public var style: Style
    /// A space in the normal style: what a new buffer holds.
    public static let blank = Cell(text: " ", width: 1, style: .normal)
    static func blank(_ style: Style) -> Cell { Cell(text: " ", width: 1, style: style) }
    static func continuation(_ style: Style) -> Cell { Cell(text: "", width: 0, style: style) }
    /// True for the second cell of a wide grapheme, which backends skip.
    public var isContinuation: Bool { width == 0 }
}

/// A screen of cells that views draw into (ratatui's buffer). Drawing clips to the buffer
/// and never splits a wide character: one that does not fit is replaced by spaces.
public struct ScreenBuffer: Equatable, Sendable {
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// Row after row, `width` cells each.
    public private(set) var cells: [Cell]

    /// A blank buffer; negative sizes count as 0.
    public init(width: Int, height: Int) {
        self.width = max(0, width); self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    /// The cell at a column and row (both in range).
    public subscript(x: Int, y: Int) -> Cell { cells[y * width + x] }

    /// Fills a rectangle with spaces of `style`.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, style: Style = .normal) {
        for row in max(0, y)..<min(height, y + h) {
            for col in max(0, x)..<min(width, x + w) { cells[row * width + col] = .blank(style) }
        }
    }

    /// Writes `text` at (x, y), at most `limit` columns (default: to the right edge), and
    /// returns the columns used. Graphemes are laid out by display width.
    @discardableResult
    public mutating func put<S: StringProtocol>(_ text: S, x: Int, y: Int, limit: Int? = nil, style: Style = .normal) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let end = min(width, limit.map { x + max(0, $0) } ?? width)
        var col = x
        for ch in text {
            let w = DisplayWidth.of(ch)
            if w == 0 { continue }  // stray marks and controls never reach the screen
            if col + w > end {
                // A wide character that does not fit: pad instead of splitting it.
                while col < end { if col >= 0 { set(col, y, .blank(style)) }; col += 1 }
                break
            }
            if col >= 0 {
                set(col, y, Cell(text: String(ch), width: UInt8(w), style: style))
                if w == 2 { set(col + 1, y, .continuation(style)) }
            }
            col += w
        }
        return col - x
    }

    /// Writes one cell, blanking the other half of any wide character it cuts in two.
    private mutating func set(_ x: Int, _ y: Int, _ cell: Cell) {
        let i = y * width + x
        if cells[i].isContinuation, !cell.isContinuation, x > 0 { cells[i - 1] = .blank(cells[i - 1].style) }
        if cells[i].width == 2, cell.width != 2, x + 1 < width, cells[i + 1].isContinuation { cells[i + 1] = .blank(cells[i + 1].style) }
        cells[i] = cell
    }

    /// Sets the style of cells already drawn (selection bars, highlights).
    public mutating func restyle(x: Int, y: Int, width w: Int, _ change: (inout Style) -> Void) {
        guard y >= 0, y < height else { return }
        for col in max(0, x)..<min(width, x + w) { change(&cells[y * width + col].style) }
    }

    /// The screen as text, one line per row, trailing spaces removed: what a snapshot stores
    /// and what `tmux capture-pane -p` shows.
    public var text: String {
        var lines: [String] = []
        for y in 0..<height {
            var line = ""
            for x in 0..<width where !self[x, y].isContinuation { line += self[x, y].text }
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// The screen's styles, one letter per cell of the text (wide characters take one), for
    /// snapshots: `.` normal, `d` dim, `t` title, `a` accent, `h` highlight, `s` selection,
    /// `z` dimmed selection, `b` bar, `m` marker, `e` error; upper case when bold (`N` for
    /// bold normal), `_` when underlined and normal. Trailing normal cells are left out.
    public var styleMap: String {
        let letters: [Role: Character] = [.normal: ".", .dim: "d", .title: "t", .accent: "a", .highlight: "h", .selection: "s",
                                          .selectionDim: "z", .bar: "b", .marker: "m", .error: "e"]
        var lines: [String] = []
        for y in 0..<height {
            var line = ""
            for x in 0..<width where !self[x, y].isContinuation {
                let st = self[x, y].style
                var c = letters[st.role] ?? "?"
                if st.bold { c = st.role == .normal ? "N" : Character(c.uppercased()) } else if st.underline, st.role == .normal { c = "_" }
                line.append(c)
            }
            while line.hasSuffix(".") { line.removeLast() }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// Runs of cells that differ from `old` (all of them when the size changed), for a
    /// backend that draws only what changed.
    public func changes(from old: ScreenBuffer?) -> [(x: Int, y: Int, cells: ArraySlice<Cell>)] {
        var out: [(Int, Int, ArraySlice<Cell>)] = []
        let full = old == nil || old!.width != width || old!.height != height
        for y in 0..<height {
            let base = y * width
            var x = 0
            while x < width {
                if !full, old!.cells[base + x] == cells[base + x] { x += 1; continue }
                var end = x + 1
                while end < width, full || old!.cells[base + end] != cells[base + end] { end += 1 }
                // Never start or end a run inside a wide character.
                var start = x
                if start > 0, cells[base + start].isContinuation { start -= 1 }
                if end < width, cells[base + end].isContinuation { end += 1 }
                out.append((start, y, cells[(base + start)..<(base + end)]))
                x = end
            }
        }
        return out
    }
}
