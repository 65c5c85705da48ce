import DossierCore

/// Watchlists with their new counts, then facet groups with counts for the current query;
/// `[x]` marks a value in force, `[-]` one excluded.
enum SidebarView {
    /// Sparklines need this much room (the sidebar is this wide on wide screens).
    static let sparkFrom = 33, sparkWidth = 8

    static func draw(_ s: AppState, into b: inout ScreenBuffer, _ r: Rect) {
        let rows = s.sidebarRows
        let inner = r.width - 1  // the last column is the divider
        var entryIndex = rows[..<min(s.facetTop, rows.count)].filter { $0.kind != .heading }.count
        for line in 0..<r.height {
            let y = r.y + line
            b.put("│", x: r.x + inner, y: y, style: Style(.dim))
            let i = s.facetTop + line
            guard rows.indices.contains(i) else { continue }
            let row = rows[i]
            if row.kind == .heading {
                b.put(" " + row.label, x: r.x, y: y, limit: inner, style: Style(.accent, bold: true))
                continue
            }
            let isCursor = entryIndex == s.facetCursor
            entryIndex += 1
            if row.kind == .watchlist {
                // Its name, and its new articles ("3 new") when there are any.
                let style = isCursor ? Style(s.focus == .facets ? .selection : .selectionDim) : Style(row.selected ? .accent : .normal, bold: row.selected)
                b.fill(x: r.x, y: y, width: inner, height: 1, style: style)
                let count = row.count > 0 ? "\(row.count) new" : ""
                let cw = DisplayWidth.of(count)
                b.put(" ◆ " + row.label, x: r.x, y: y, limit: max(0, inner - cw - 2), style: style)
                if !count.isEmpty, inner > cw + 6 {
                    b.put(count, x: r.x + inner - cw - 1, y: y, style: isCursor ? style : Style(.marker, bold: true))
                }
                continue
            }
            let count = row.count > 0 || !(row.selected || row.excluded) ? String(row.count) : "–"
            let mark = row.selected ? "[x] " : row.excluded ? "[-] " : "[ ] "
            let style = isCursor ? Style(s.focus == .facets ? .selection : .selectionDim)
                : row.excluded ? Style(.dim) : Style(row.selected ? .accent : .normal, bold: row.selected)
            b.fill(x: r.x, y: y, width: inner, height: 1, style: style)
            let cw = DisplayWidth.of(count)
            // A wide sidebar shows each value's months: which one is heating up.
            let spark = inner >= sparkFrom ? row.field.flatMap { s.sparks[AppState.sparkKey($0, row.value)] } : nil
            let sw = spark == nil ? 0 : sparkWidth + 1
            b.put(" " + mark + row.label, x: r.x, y: y, limit: max(0, inner - cw - 2 - sw), style: style)
            if let spark {
                b.put(Sparkline.of(spark, width: sparkWidth), x: r.x + inner - cw - 1 - sw, y: y, style: isCursor ? style : Style(.accent))
            }
            if inner > cw + 6 { b.put(count, x: r.x + inner - cw - 1, y: y, style: isCursor ? style : Style(.dim)) }
        }
    }
}

/// The article list: unread marker, date, country codes, headline (cut by display width).
enum ListView {
    static func draw(_ s: AppState, into b: inout ScreenBuffer, _ r: Rect) {
        if s.hits.isEmpty, s.total == 0 || s.searching {
            let text = s.searching ? "searching…" : (s.message == nil ? "no articles match" : "")
            b.put("  " + text, x: r.x, y: r.y, limit: r.width, style: Style(.dim))
            return
        }
        for line in 0..<r.height {
            let i = s.listTop + line
            guard i < s.total else { break }
            let y = r.y + line
            let isSelected = i == s.selected
            let base: Style = isSelected ? Style(s.focus == .list ? .selection : .selectionDim) : .normal
            b.fill(x: r.x, y: y, width: r.width, height: 1, style: base)
            // A row whose result is still being loaded (after G or a long jump).
            guard let hit = s.hit(at: i) else {
                b.put("   …", x: r.x, y: y, limit: r.width, style: isSelected ? base : Style(.dim))
                continue
            }
            let a = hit.article
            var x = r.x
            // Unread dot, and a star for starred articles (mutt's flag).
            // N: new to the watchlist being shown (mutt's mark for new mail).
            let mark = hit.isNew ? (hit.starred ? "*N" : " N") : hit.starred ? (hit.read ? " *" : "*•") : (hit.read ? "  " : " •")
            x += b.put(mark, x: x, y: y, limit: r.x + r.width - x,
                       style: isSelected ? base : Style(.marker, bold: true))
            // The date, with "~" when the parser inferred it (as the CLI marks it).
            let date = (a.published.map { String($0.prefix(10)) } ?? "undated").padding(10) + (a.publishedInferred ? "~" : " ")
            x += b.put(" " + date, x: x, y: y, limit: r.x + r.width - x, style: isSelected ? base : Style(.dim))
            if r.width >= 50 {
                let codes = a.countries.prefix(2).map(\.code).joined(separator: " ")
                x += b.put(codes.padding(5) + " ", x: x, y: y, limit: r.x + r.width - x, style: isSelected ? base : Style(.accent))
            }
            // Where it stood on its page, and "≈" for a headline the parser made up.
            let role = a.source.role == .related ? "[related] " : a.source.role == .roundupItem ? "[roundup] " : ""
            if !role.isEmpty { x += b.put(role, x: x, y: y, limit: r.x + r.width - x, style: isSelected ? base : Style(.dim)) }
            if a.titleInferred { x += b.put("≈ ", x: x, y: y, limit: r.x + r.width - x, style: isSelected ? base : Style(.dim)) }
            var titleStyle = base
            titleStyle.bold = !hit.read
            // Off-topic articles (the classifier found no digital-asset subject) are dimmed.
            if a.offTopic, !isSelected { titleStyle.role = .dim }
            b.put(a.title, x: x, y: y, limit: r.x + r.width - x - 1, style: titleStyle)
        }
    }
}

/// The open (or, on wide screens, the selected) article.
enum ReaderView {
    /// Where the text goes inside the reader's pane: beside the list, a rule on the left;
    /// under it (the pager index), a rule on top.
    static func textArea(_ s: AppState, _ r: Rect) -> Rect {
        if let list = Layout.of(s).list, list.x == r.x, r.y > list.y {
            return Rect(x: r.x - 1, y: r.y + 1, width: r.width + 1, height: max(r.height - 1, 0))
        }
        return r
    }

    static func draw(_ s: AppState, into b: inout ScreenBuffer, _ pane: Rect) {
        let r = textArea(s, pane)
        if r.y > pane.y {
            b.put(String(repeating: "─", count: pane.width), x: pane.x, y: pane.y, style: Style(.dim))
        } else {
            for y in r.y..<(r.y + r.height) { b.put("│", x: r.x, y: y, style: Style(.dim)) }
        }
        guard s.readerHit != nil else {
            b.put(" no article selected", x: r.x + 1, y: r.y, limit: r.width - 1, style: Style(.dim))
            return
        }
        let lines = s.readerLines()
        for line in 0..<r.height {
            let i = s.readerTop + line
            guard lines.indices.contains(i) else { break }
            let l = lines[i], y = r.y + line, x = r.x + 2, room = r.width - 3
            switch l.kind {
            case .blank: continue
            case .headline: b.put(l.text, x: x, y: y, limit: room, style: Style(.title, bold: true))
            case .facts: b.put(l.text, x: x, y: y, limit: room, style: Style(.dim))
            case .subheading: b.put(l.text, x: x, y: y, limit: room, style: Style(.accent, bold: true))
            case .body:
                guard l.hasHit else { b.put(l.text, x: x, y: y, limit: room); continue }
                // Run by run, hits highlighted.
                var cx = x, at = 0
                let chars = Array(l.text)
                for hit in l.hits {
                    cx += b.put(String(chars[at..<hit.lowerBound]), x: cx, y: y, limit: x + room - cx)
                    cx += b.put(String(chars[hit]), x: cx, y: y, limit: x + room - cx, style: Style(.highlight, bold: true))
                    at = hit.upperBound
                }
                b.put(String(chars[at...]), x: cx, y: y, limit: x + room - cx)
            }
        }
        // How far through: on the status line, never over the text.
    }

    /// "42%" when the article is longer than the pane, for the status line.
    static func position(_ s: AppState) -> String? {
        guard s.readerHit != nil, let pane = Layout.of(s).reader else { return nil }
        let r = textArea(s, pane)
        let count = s.readerLines().count
        guard count > r.height else { return nil }
        return "\(min(100, (s.readerTop + r.height) * 100 / max(count, 1)))%"
    }
}

/// Every key (from `KeyHelp`), in a box over the screen.
enum HelpOverlay {
    /// Rows of keys that fit at this screen height.
    static func visibleRows(height: Int) -> Int { max(0, min(height - 2, KeyHelp.entries.count + 2) - 2) }

    static func draw(into b: inout ScreenBuffer, top: Int = 0) {
        let keyWidth = KeyHelp.entries.map { DisplayWidth.of($0.keys) }.max() ?? 0
        let actionWidth = KeyHelp.entries.map { DisplayWidth.of($0.action) }.max() ?? 0
        let w = min(b.width - 2, keyWidth + actionWidth + 7)
        let h = min(b.height - 2, KeyHelp.entries.count + 2)
        guard w > 10, h > 3 else { return }
        let x0 = (b.width - w) / 2, y0 = (b.height - h) / 2
        let frame = Style(.bar)
        b.fill(x: x0, y: y0, width: w, height: h, style: .normal)
        b.put("┌" + String(repeating: "─", count: w - 2) + "┐", x: x0, y: y0, style: frame)
        b.put("└" + String(repeating: "─", count: w - 2) + "┘", x: x0, y: y0 + h - 1, style: frame)
        for y in (y0 + 1)..<(y0 + h - 1) {
            b.put("│", x: x0, y: y, style: frame)
            b.put("│", x: x0 + w - 1, y: y, style: frame)
        }
        b.put(" Keys (? or Esc closes) ", x: x0 + 2, y: y0, limit: w - 4, style: Style(.bar, bold: true))
        // A screen too short for every key scrolls (j/k), and says there is more.
        let first = min(max(top, 0), max(KeyHelp.entries.count - (h - 2), 0))
        for (i, e) in KeyHelp.entries.dropFirst(first).prefix(h - 2).enumerated() {
            let y = y0 + 1 + i
            b.put(e.keys, x: x0 + 2, y: y, limit: keyWidth, style: Style(.accent, bold: true))
            b.put(e.action, x: x0 + 4 + keyWidth, y: y, limit: w - keyWidth - 6)
        }
        let more = (first > 0 ? "↑" : "") + (first + h - 2 < KeyHelp.entries.count ? "↓" : "")
        if !more.isEmpty { b.put(" \(more) more: j / k ", x: x0 + 2, y: y0 + h - 1, limit: w - 4, style: Style(.bar, bold: true)) }
    }
}

extension String {
    /// Padded with spaces to `n` display columns (or cut to them).
    func padding(_ n: Int) -> String {
        let w = DisplayWidth.of(self)
        if w >= n {
            var out = "", ow = 0
            for c in self { let cw = DisplayWidth.of(c); if ow + cw > n { break }; out.append(c); ow += cw }
            return out + String(repeating: " ", count: n - ow)
        }
        return self + String(repeating: " ", count: n - w)
    }
}
