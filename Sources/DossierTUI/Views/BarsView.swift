import DossierCore

/// The query bar (top row): the query, or the draft being typed, and the sort order.
enum QueryBarView {
    static let prompt = " / "
    static var promptWidth: Int { prompt.count }

    /// Columns the draft is scrolled left by, so the cursor stays visible.
    static func scroll(_ s: AppState) -> Int {
        guard s.editing else { return 0 }
        let room = max(1, s.width - promptWidth - rightWidth(s) - 1)
        let before = DisplayWidth.of(String(Array(s.draft).prefix(s.cursor)))
        return max(0, before - room + 1)
    }

    static func right(_ s: AppState) -> String {
        (s.searching ? "searching… " : "") + sparkline(s) + "sort: \(s.sort.rawValue) "
    }

    /// The query's articles month by month over the library's span, when the bar has room
    /// (with the span's first and last year on wide screens), and two spaces after it.
    static func sparkline(_ s: AppState) -> String {
        guard let a = s.activity, a.span.count > 1, s.width >= 70 else { return "" }
        let line = Sparkline.of(a.months, width: min(a.span.count, s.width >= 120 ? 36 : 20))
        guard s.width >= 100, let first = a.span.first?.prefix(4), let last = a.span.last?.prefix(4) else { return line + "  " }
        return first == last ? "\(first) \(line)  " : "\(first) \(line) \(last)  "
    }

    static func rightWidth(_ s: AppState) -> Int { DisplayWidth.of(right(s)) }

    static func draw(_ s: AppState, into b: inout ScreenBuffer, _ r: Rect) {
        let bar = Style(.bar)
        b.fill(x: r.x, y: r.y, width: r.width, height: 1, style: bar)
        b.put(prompt, x: r.x, y: r.y, style: Style(.bar, bold: true))
        let rightText = right(s)
        let room = max(0, r.width - promptWidth - DisplayWidth.of(rightText) - 1)
        if s.editing {
            // Skip the columns scrolled off to the left, by whole characters.
            var skip = scroll(s), text = Substring(s.draft)
            while skip > 0, let c = text.first { skip -= DisplayWidth.of(c); text = text.dropFirst() }
            b.put(text, x: r.x + promptWidth, y: r.y, limit: room, style: bar)
        } else if s.query.isEmpty {
            b.put("search: press /   help: ?", x: r.x + promptWidth, y: r.y, limit: room, style: Style(.bar))
        } else {
            b.put(s.query, x: r.x + promptWidth, y: r.y, limit: room, style: Style(.bar, bold: true))
        }
        let rw = DisplayWidth.of(rightText)
        if r.width - rw > promptWidth { b.put(rightText, x: r.x + r.width - rw, y: r.y, style: bar) }
    }
}

/// The status line (bottom row): counts, active filters, key hints, or a message.
enum StatusView {
    static func draw(_ s: AppState, into b: inout ScreenBuffer, _ r: Rect) {
        let bar = Style(.bar)
        b.fill(x: r.x, y: r.y, width: r.width, height: 1, style: bar)
        if let line = s.commandLine {
            b.put(":" + line, x: r.x, y: r.y, limit: r.width, style: Style(.bar, bold: true))
            return
        }
        if let m = s.message {
            // Messages quote queries and paths: their control characters are shown, not sent.
            b.put(" " + TerminalText.visible(m), x: r.x, y: r.y, limit: r.width, style: Style(.error, bold: true))
            return
        }
        // On an authority in the sidebar: its full name (the sidebar has room for the acronym).
        if s.focus == .facets, let detail = s.sidebarEntries.dropFirst(s.facetCursor).first?.detail {
            b.put(" " + detail, x: r.x, y: r.y, limit: r.width, style: bar)
            return
        }
        var parts = ["\(s.total) of \(s.libraryTotal) articles"]
        if s.newArticles > 0 { parts.insert("\(s.newArticles) new — press . to show", at: 0) }
        if let at = ReaderView.position(s) { parts.append(at) }
        let filters = s.liveParsed.map { q in
            SearchQuery.Field.allCases.flatMap { f in (q.filters[f] ?? []).map { "\(f.rawValue):\($0)" } }
        } ?? []
        if !filters.isEmpty { parts.append(filters.joined(separator: " ")) }
        let left = " " + parts.joined(separator: " · ")
        let hints = s.editing ? "Enter accept  Esc cancel " : s.overview != nil ? "j/k move  ? help " : "/ search  f facets  s sort  ? help  q quit "
        let used = b.put(left, x: r.x, y: r.y, limit: r.width, style: bar)
        let hw = DisplayWidth.of(hints)
        if used + hw + 2 <= r.width { b.put(hints, x: r.x + r.width - hw, y: r.y, style: Style(.bar)) }
    }
}
