import DossierCore

/// A view over the whole body of the screen, for the current query: the timeline (`t`)
/// or the directory of authorities and countries (`a`). Both draw from the query's
/// `Activity`, which arrives with its facet counts, so opening one waits for nothing.
public struct OverviewState: Equatable, Sendable {
    /// Which view.
    public enum Kind: Equatable, Sendable { case timeline, directory }
    /// Timeline or directory.
    public var kind: Kind
    /// The selected row and the first row shown.
    public var rows = ListState()
    /// The timeline's grouping: by month, quarter (long spans) or year.
    public var step: TimelineStep = .month
    /// The directory's field: authorities or countries (Tab switches).
    public var field: SearchQuery.Field = .authority
    /// The directory's order (`s` cycles).
    public var order: DirectoryOrder = .count

    /// A view of this kind, on its first row.
    public init(kind: Kind) { self.kind = kind }

    /// The grouping that keeps a span readable: months up to three years, then quarters,
    /// then years.
    static func step(forMonths n: Int) -> TimelineStep { n <= 36 ? .month : n <= 180 ? .quarter : .year }
}

extension AppState {
    /// The timeline's buckets, newest first (as the list and the sidebar's years).
    var timelineBuckets: [TimelineBucket] {
        guard let a = activity, let o = overview else { return [] }
        return Timeline.buckets(a.span, a.months, by: o.step).reversed()
    }

    /// The directory's entries in its order.
    var directoryEntries: [ActivityEntry] {
        guard let a = activity, let o = overview else { return [] }
        return o.order.sorted(a.entries(o.field))
    }

    /// Rows the open overview has.
    var overviewCount: Int { overview?.kind == .timeline ? timelineBuckets.count : directoryEntries.count }

    /// Of `field`, the values busiest in `bucket` (its months summed), most first.
    func busiest(_ field: SearchQuery.Field, in bucket: TimelineBucket, limit: Int) -> [(label: String, count: Int)] {
        guard let a = activity else { return [] }
        let months = a.span.indices.filter { a.span[$0] >= bucket.from && a.span[$0] <= bucket.to }
        let counted = a.entries(field).map { e in (label: e.label, count: months.reduce(0) { $0 + e.months[$1] }) }
        return Array(counted.filter { $0.count > 0 }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.label < $1.label }.prefix(limit))
    }
}
