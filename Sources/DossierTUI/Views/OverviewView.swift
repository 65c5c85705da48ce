import DossierCore

/// The timeline (`t`) and the directory (`a`), over the whole body of the screen.
enum OverviewView {
    /// The rows between the query bar and the status line.
    static func body(_ s: AppState) -> Rect { Rect(x: 0, y: 1, width: s.width, height: max(0, s.height - 2)) }

    /// The timeline's selected-bucket details go beside the bars when there is room, else
    /// under them when the screen is tall enough, else nowhere.
    static func detailBeside(_ s: AppState) -> Bool { s.width >= 80 }
    static func detailBelow(_ s: AppState) -> Int { !detailBeside(s) && body(s).height >= 14 ? 7 : 0 }

    /// Rows of buckets or entries on screen.
    static func listHeight(_ s: AppState) -> Int {
        let h = body(s).height
        guard let o = s.overview else { return h }
        return max(1, o.kind == .timeline ? h - 1 - detailBelow(s) : h - 2)
    }

    /// The keys of the view, for its title and the status line.
    static func keysHint(_ o: OverviewState) -> String {
        o.kind == .timeline ? "s by month/quarter/year · Enter filter · t or q close"
            : "s sort · Tab " + (o.field == .authority ? "countries" : "authorities") + " · Enter filter · a or q close"
    }

    static func draw(_ s: AppState, into b: inout ScreenBuffer) {
        guard let o = s.overview else { return }
        let r = body(s)
        b.fill(x: r.x, y: r.y, width: r.width, height: r.height, style: .normal)
        guard r.height > 0 else { return }
        guard let a = s.activity else {
            b.put(" counting…", x: r.x, y: r.y, limit: r.width, style: Style(.dim))
            return
        }
        if o.kind == .timeline { drawTimeline(s, a, o, into: &b, r) } else { drawDirectory(s, a, o, into: &b, r) }
    }

    /// The title row: what the view shows, and its keys on the right when they fit.
    private static func title(_ text: String, _ o: OverviewState, into b: inout ScreenBuffer, _ r: Rect) {
        let used = b.put(" " + text, x: r.x, y: r.y, limit: r.width, style: Style(.accent, bold: true))
        let hint = keysHint(o) + " "
        let hw = DisplayWidth.of(hint)
        if used + hw + 2 <= r.width { b.put(hint, x: r.x + r.width - hw, y: r.y, style: Style(.dim)) }
    }

    private static func drawTimeline(_ s: AppState, _ a: Activity, _ o: OverviewState, into b: inout ScreenBuffer, _ r: Rect) {
        let buckets = s.timelineBuckets
        title("Timeline by \(o.step.rawValue) · \(a.total) articles" + (a.undated > 0 ? " (\(a.undated) undated)" : ""), o, into: &b, r)
        guard !buckets.isEmpty else {
            b.put(" no dated articles", x: r.x, y: r.y + 1, limit: r.width, style: Style(.dim))
            return
        }
        let beside = detailBeside(s)
        let detailWidth = beside ? min(42, r.width / 3) : 0
        let listWidth = r.width - detailWidth
        let height = listHeight(s)
        let keyWidth = buckets.map { DisplayWidth.of($0.key) }.max() ?? 7
        let most = max(1, buckets.map(\.count).max() ?? 1)
        let countWidth = String(most).count
        let barWidth = max(1, listWidth - keyWidth - countWidth - 6)
        for line in 0..<height {
            let i = o.rows.offset + line
            guard buckets.indices.contains(i) else { break }
            let bucket = buckets[i], y = r.y + 1 + line
            let isSelected = i == o.rows.selected
            let base: Style = isSelected ? Style(.selection) : .normal
            b.fill(x: r.x, y: y, width: listWidth - (beside ? 1 : 0), height: 1, style: base)
            b.put(" " + bucket.key.padding(keyWidth) + " ", x: r.x, y: y, style: isSelected ? base : Style(.dim))
            b.put(Sparkline.bar(bucket.count, of: most, width: barWidth), x: r.x + keyWidth + 2, y: y, style: isSelected ? base : Style(.accent))
            let count = String(bucket.count)
            b.put(count, x: r.x + listWidth - (beside ? 2 : 1) - DisplayWidth.of(count), y: y, style: base)
        }
        guard o.rows.selected < buckets.count else { return }
        let bucket = buckets[o.rows.selected]
        if beside {
            let d = Rect(x: r.x + listWidth, y: r.y + 1, width: detailWidth, height: r.height - 1)
            for y in d.y..<(d.y + d.height) { b.put("│", x: d.x - 1, y: y, style: Style(.dim)) }
            drawBucket(s, bucket, into: &b, Rect(x: d.x + 1, y: d.y, width: d.width - 1, height: d.height), rows: max(1, (d.height - 4) / 2))
        } else if detailBelow(s) > 0 {
            let y = r.y + 1 + height
            b.put(String(repeating: "─", count: r.width), x: r.x, y: y, style: Style(.dim))
            drawBucket(s, bucket, into: &b, Rect(x: r.x + 1, y: y + 1, width: r.width - 1, height: detailBelow(s) - 1), rows: 2)
        }
    }

    /// The selected bucket: its count, its busiest authorities and topics.
    private static func drawBucket(_ s: AppState, _ bucket: TimelineBucket, into b: inout ScreenBuffer, _ r: Rect, rows: Int) {
        var y = r.y
        func line(_ text: String, _ style: Style) {
            guard y < r.y + r.height else { return }
            b.put(text, x: r.x, y: y, limit: r.width, style: style)
            y += 1
        }
        line("\(bucket.key): \(bucket.count) article\(bucket.count == 1 ? "" : "s")", Style(.title, bold: true))
        for (field, heading) in [(SearchQuery.Field.authority, "Busiest authorities"), (.topic, "Busiest topics")] {
            let top = s.busiest(field, in: bucket, limit: rows)
            line(heading, Style(.accent, bold: true))
            if top.isEmpty { line("  none", Style(.dim)) }
            let cw = top.map { String($0.count).count }.max() ?? 1
            for t in top { line("  " + String(repeating: " ", count: cw - String(t.count).count) + "\(t.count) " + t.label, .normal) }
        }
    }

    private static func drawDirectory(_ s: AppState, _ a: Activity, _ o: OverviewState, into b: inout ScreenBuffer, _ r: Rect) {
        let entries = s.directoryEntries
        let authorities = o.field == .authority
        let matching = entries.filter { $0.count > 0 }.count
        title("\(authorities ? "Authorities" : "Countries") · \(matching) of \(entries.count) in \(a.total) articles · by \(o.order.rawValue)",
              o, into: &b, r)
        // Columns: label, country, count, first and last month, trend, then top topics and name.
        let labelWidth = authorities ? min(14, max(9, entries.map { DisplayWidth.of($0.label) }.max() ?? 9))
            : min(24, max(7, entries.map { DisplayWidth.of($0.key + " " + $0.label) }.max() ?? 7))
        let countWidth = max(5, String(entries.map(\.count).max() ?? 0).count)
        let dates = r.width >= 90
        let trendWidth = r.width >= 70 ? 12 : 0
        var header = " " + (authorities ? "AUTHORITY" : "COUNTRY").padding(labelWidth) + (authorities ? "  CC    " : "  ")
        header += String(repeating: " ", count: countWidth - 5) + "COUNT  " + (dates ? "FIRST    LAST     " : "")
        header += (trendWidth > 0 ? "TREND".padding(trendWidth) + "  " : "") + "TOP TOPICS" + (authorities ? " · NAME" : "")
        b.put(header, x: r.x, y: r.y + 1, limit: r.width, style: Style(.dim, bold: true))
        for line in 0..<listHeight(s) {
            let i = o.rows.offset + line
            guard entries.indices.contains(i) else { break }
            let e = entries[i], y = r.y + 2 + line
            let isSelected = i == o.rows.selected
            let base: Style = isSelected ? Style(.selection) : e.count == 0 ? Style(.dim) : .normal
            b.fill(x: r.x, y: y, width: r.width, height: 1, style: base)
            var text = " " + (authorities ? e.label : e.key + " " + e.label).padding(labelWidth) + "  "
            // INTL for international bodies: never cut to a country's code.
            if authorities { text += (e.country ?? "").padding(4) + "  " }
            let count = String(e.count)
            text += String(repeating: " ", count: countWidth - count.count) + count + "  "
            if dates { text += (e.firstSeen ?? "–").padding(7) + "  " + (e.lastSeen ?? "–").padding(7) + "  " }
            var x = r.x + b.put(text, x: r.x, y: y, limit: r.width, style: base)
            if trendWidth > 0 {
                x += b.put(Sparkline.of(e.months, width: trendWidth).padding(trendWidth) + "  ", x: x, y: y, limit: r.x + r.width - x,
                           style: isSelected ? base : Style(.accent))
            }
            let rest = [e.top.map(\.label).joined(separator: ", "), e.name ?? ""].filter { !$0.isEmpty }.joined(separator: " · ")
            b.put(rest, x: x, y: y, limit: r.x + r.width - x, style: base)
        }
    }
}
