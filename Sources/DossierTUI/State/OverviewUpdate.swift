import DossierCore

extension AppState {
    /// The sidebar's key for a value's series: field and value, either spelling (an
    /// authority's row says `SFC@HK`, its key is `hk-sfc`).
    static func sparkKey(_ field: SearchQuery.Field, _ value: String) -> String { field.rawValue + ":" + value.lowercased() }

    /// A newly arrived activity, with its series indexed for the sidebar.
    mutating func receive(activity a: Activity) {
        activity = Sanitize.activity(a)
        sparks = [:]
        for field in [SearchQuery.Field.country, .authority, .topic] {
            for e in activity?.entries(field) ?? [] {
                sparks[Self.sparkKey(field, e.key)] = e.months
                sparks[Self.sparkKey(field, e.label)] = e.months
            }
        }
        // A year's months, for the sidebar's years.
        if let a = activity {
            for (i, month) in a.span.enumerated() { sparks[Self.sparkKey(.date, String(month.prefix(4))), default: []].append(a.months[i]) }
        }
        clampAll()
    }

    /// `t` or `a`: opens that view (the same key again closes it).
    mutating func openOverview(_ kind: OverviewState.Kind) -> [Effect] {
        if overview?.kind == kind { overview = nil; return [] }
        var o = OverviewState(kind: kind)
        o.step = OverviewState.step(forMonths: activity?.span.count ?? 0)
        overview = o
        // The newest bucket, or the busiest entry, first.
        clampAll()
        if activity == nil { message = searching ? "counting…" : "no counts yet" }
        return []
    }

    /// Keys while the timeline or directory is open.
    mutating func overviewKey(_ key: Key) -> [Effect] {
        guard var o = overview else { return [] }
        switch key {
        case .char("q"), .escape: overview = nil
        case .char("t") where o.kind == .timeline: overview = nil
        case .char("a") where o.kind == .directory: overview = nil
        case .char("t"): return openOverview(.timeline)
        case .char("a"): return openOverview(.directory)
        case .char("Q"): quitting = true; return [.quit]
        case .char("?"): showHelp = true
        case .char("s"):
            if o.kind == .timeline {
                let all = TimelineStep.allCases
                o.step = all[(all.firstIndex(of: o.step)! + 1) % all.count]
                message = "by \(o.step.rawValue)"
            } else {
                let all = DirectoryOrder.allCases
                o.order = all[(all.firstIndex(of: o.order)! + 1) % all.count]
                message = "sorted by \(o.order.rawValue)"
            }
            o.rows = ListState()
            overview = o
        // Only the directory has two lists (authorities, countries) to switch between.
        case .tab where o.kind == .directory, .backTab where o.kind == .directory:
            o.field = o.field == .authority ? .country : .authority
            o.rows = ListState()
            overview = o
        case .enter:
            return filterToOverviewRow()
        default:
            let page = max(1, OverviewView.listHeight(self) - 1)
            guard let target = ListState.target(of: key, from: o.rows.selected, count: overviewCount, page: page) else {
                message = "\(OverviewView.keysHint(o)) — ? lists the keys"
                return []
            }
            overview?.rows.selected = target
        }
        clampAll()
        return []
    }

    /// Enter: the query narrowed to the selected month (quarter, year), or filtered to the
    /// selected authority or country (toggled, as in the sidebar); the view closes.
    private mutating func filterToOverviewRow() -> [Effect] {
        guard let o = overview, let parsed = parsedQuery() else { return [] }
        let i = o.rows.selected
        switch o.kind {
        case .timeline:
            let buckets = timelineBuckets
            guard buckets.indices.contains(i) else { return [] }
            query = parsed.narrowing(.date, to: String(buckets[i].filter.dropFirst("date:".count))).description
        case .directory:
            let entries = directoryEntries
            guard entries.indices.contains(i) else { return [] }
            query = parsed.toggling(o.field, String(entries[i].filter.dropFirst(o.field.rawValue.count + 1))).description
        }
        overview = nil
        focus = .list
        return [search(resetSelection: true)]
    }
}
