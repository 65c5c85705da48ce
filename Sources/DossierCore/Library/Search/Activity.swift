import Foundation

/// A query's articles over time, as a whole and per country, authority and topic: what the
/// reader's sparklines, its timeline and its directory draw, and what `dossier timeline`,
/// `dossier authorities` and `dossier countries` print. Every series runs over the months
/// the whole library spans, so series of different queries line up.
public struct Activity: Sendable, Equatable {
    /// Every month from the library's first dated month to its last ("2024-11", …).
    public var span: [String]
    /// Matching articles per month of `span`.
    public var months: [Int]
    /// Articles the query matches.
    public var total: Int
    /// Those with no publication date (in no month).
    public var undated: Int
    /// Every country, authority and topic in the library (including those the query does
    /// not match, with a count of 0), most matching first.
    public var countries: [ActivityEntry], authorities: [ActivityEntry], topics: [ActivityEntry]

    /// The entries of one facet field (country, authority or topic).
    public func entries(_ field: SearchQuery.Field) -> [ActivityEntry] {
        switch field {
        case .country: return countries
        case .authority: return authorities
        case .topic: return topics
        default: return []
        }
    }

    /// The series of `field`'s value `key` (nil when the library has no such value).
    public func series(_ field: SearchQuery.Field, _ key: String) -> [Int]? {
        entries(field).first { $0.key.caseInsensitiveCompare(key) == .orderedSame }?.months
    }

    /// An activity (tests and other front ends build their own).
    public init(span: [String], months: [Int], total: Int, undated: Int,
                countries: [ActivityEntry], authorities: [ActivityEntry], topics: [ActivityEntry]) {
        self.span = span; self.months = months; self.total = total; self.undated = undated
        self.countries = countries; self.authorities = authorities; self.topics = topics
    }

    /// Nothing yet (an empty library).
    public static let empty = Activity(span: [], months: [], total: 0, undated: 0, countries: [], authorities: [], topics: [])
}

/// One country, authority or topic: how the query's articles carrying it spread over time.
public struct ActivityEntry: Sendable, Equatable {
    /// As a filter takes it (`HK`, `hk-sfc`, `stablecoins`).
    public var key: String
    /// As shown (`Hong Kong`, `SFC@HK`, `Stablecoins`).
    public var label: String
    /// An authority's full name, when known.
    public var name: String?
    /// An authority's country code.
    public var country: String?
    /// Matching articles that carry it.
    public var count: Int
    /// Articles in the whole library that carry it.
    public var libraryCount: Int
    /// The first and last month it appears in the library (nil: only undated articles).
    public var firstSeen: String?, lastSeen: String?
    /// Matching articles per month of `Activity.span`.
    public var months: [Int]
    /// The busiest topics among its matching articles (for a topic: the busiest
    /// authorities), at most three, most first.
    public var top: [FacetCount]
    /// The filter that selects it (`authority:SFC@HK`).
    public var filter: String

    /// An entry (tests and other front ends build their own).
    public init(key: String, label: String, name: String? = nil, country: String? = nil, count: Int, libraryCount: Int,
                firstSeen: String?, lastSeen: String?, months: [Int], top: [FacetCount], filter: String) {
        self.key = key; self.label = label; self.name = name; self.country = country; self.count = count
        self.libraryCount = libraryCount; self.firstSeen = firstSeen; self.lastSeen = lastSeen
        self.months = months; self.top = top; self.filter = filter
    }
}

/// How a directory orders its entries.
public enum DirectoryOrder: String, Sendable, CaseIterable {
    /// Most matching articles first; most recently seen first; by label.
    case count, recent, name

    /// `entries` in this order (ties by label).
    public func sorted(_ entries: [ActivityEntry]) -> [ActivityEntry] {
        entries.sorted { a, b in
            switch self {
            case .count where a.count != b.count: return a.count > b.count
            case .recent where a.lastSeen != b.lastSeen: return (a.lastSeen ?? "") > (b.lastSeen ?? "")
            default: return a.label.localizedCaseInsensitiveCompare(b.label) == .orderedAscending
            }
        }
    }
}

extension Library {
    /// `query`'s articles per month, and per country, authority and topic per month, over
    /// the library's whole span: one pass over the in-memory facet cache.
    public func activity(_ query: SearchQuery) throws -> Activity {
        try read { db in
            let cache = try self.facetCache(db)
            return ActivityCounter(cache).count(try self.positions(of: query, cache: cache, db: db))
        }
    }
}

/// Counts `Activity` over the facet cache.
struct ActivityCounter {
    let cache: FacetCache
    /// Each month value's index in the span (-1: not a month).
    let spanIndex: [Int]
    let span: [String]

    init(_ cache: FacetCache) {
        self.cache = cache
        let months = cache.months.names.filter(Timeline.isMonth).sorted()
        span = months.first.map { Timeline.months(from: $0, to: months.last!) } ?? []
        let at = Dictionary(uniqueKeysWithValues: span.enumerated().map { ($1, $0) })
        spanIndex = cache.months.names.map { at[$0] ?? -1 }
    }

    /// The span index of the article at `p`, or -1 when it has no month.
    func month(_ p: Int) -> Int {
        let c = cache.months
        return c.starts[p] < c.starts[p + 1] ? spanIndex[Int(c.values[Int(c.starts[p])])] : -1
    }

    func count(_ positions: [Int]?) -> Activity {
        let all = positions ?? Array(0..<cache.rowids.count)
        var months = [Int](repeating: 0, count: span.count)
        var undated = 0
        for p in all {
            let m = month(p)
            if m >= 0 { months[m] += 1 } else { undated += 1 }
        }
        return Activity(span: span, months: months, total: all.count, undated: undated,
                        countries: entries(.country, cache.countries, all, top: cache.topics, topField: .topic),
                        authorities: entries(.authority, cache.authorities, all, top: cache.topics, topField: .topic),
                        topics: entries(.topic, cache.topics, all, top: cache.authorities, topField: .authority))
    }

    /// One entry per value of `column`, with its series over `positions` and its busiest
    /// values of `top` there.
    private func entries(_ field: SearchQuery.Field, _ column: FacetCache.Column, _ positions: [Int],
                         top: FacetCache.Column, topField: SearchQuery.Field) -> [ActivityEntry] {
        let n = column.names.count
        var count = [Int](repeating: 0, count: n)
        var series = [Int](repeating: 0, count: n * span.count)
        var together = [Int](repeating: 0, count: n * top.names.count)
        for p in positions {
            let m = month(p)
            for k in Int(column.starts[p])..<Int(column.starts[p + 1]) {
                let v = Int(column.values[k])
                count[v] += 1
                if m >= 0 { series[v * span.count + m] += 1 }
                for t in Int(top.starts[p])..<Int(top.starts[p + 1]) { together[v * top.names.count + Int(top.values[t])] += 1 }
            }
        }
        // The whole library: how often, and from when to when, each value appears.
        var libraryCount = [Int](repeating: 0, count: n)
        var first = [Int](repeating: Int.max, count: n), last = [Int](repeating: -1, count: n)
        for p in 0..<cache.rowids.count {
            let m = month(p)
            for k in Int(column.starts[p])..<Int(column.starts[p + 1]) {
                let v = Int(column.values[k])
                libraryCount[v] += 1
                if m >= 0 { first[v] = min(first[v], m); last[v] = max(last[v], m) }
            }
        }
        // Labels (and authorities' names) once per value, not once per use.
        let labels = column.names.map { Library.entries(field, [($0, 0)])[0] }
        let topLabels = top.names.map { Library.entries(topField, [($0, 0)])[0] }
        var out: [ActivityEntry] = []
        for v in 0..<n {
            let label = labels[v]
            var busiest: [FacetCount] = []
            for t in 0..<top.names.count where together[v * top.names.count + t] > 0 {
                var c = topLabels[t]
                c.count = together[v * top.names.count + t]
                busiest.append(c)
            }
            let entry = ActivityEntry(
                key: label.key, label: label.label, name: label.name,
                country: field == .authority ? label.label.split(separator: "@").last.map(String.init) : nil,
                count: count[v], libraryCount: libraryCount[v],
                firstSeen: first[v] == Int.max ? nil : span[first[v]], lastSeen: last[v] < 0 ? nil : span[last[v]],
                months: Array(series[(v * span.count)..<((v + 1) * span.count)]),
                top: Array(Library.ordered(busiest).prefix(3)),
                filter: "\(field.rawValue):\(SearchQuery.canonical(field, label.key))")
            out.append(entry)
        }
        return DirectoryOrder.count.sorted(out)
    }
}
