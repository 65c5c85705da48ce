import Foundation

/// How a timeline groups articles by publication date.
public enum TimelineStep: String, Sendable, CaseIterable {
    /// One bucket per calendar month, quarter or year.
    case month, quarter, year
}

/// Articles a query matches in one stretch of time.
public struct TimelineBucket: Sendable, Equatable, Codable {
    /// "2025-06", "2025-Q2" or "2025".
    public var key: String
    /// The first and last month it covers ("2025-04", "2025-06").
    public var from: String, to: String
    /// Matching articles published in it.
    public var count: Int
    /// The `date:` filter that selects it (`date:2025-04..2025-06`).
    public var filter: String {
        from == to ? "date:\(from)" : key.count == 4 ? "date:\(key)" : "date:\(from)..\(to)"
    }
}

/// A query's articles over the span of dates the whole library holds, oldest first, with
/// empty stretches kept (a gap is news too).
public struct Timeline: Sendable, Equatable {
    /// The grouping.
    public var step: TimelineStep
    /// Every bucket from the library's first dated month to its last.
    public var buckets: [TimelineBucket]
    /// Articles the query matches.
    public var total: Int
    /// Those with no publication date (in no bucket).
    public var undated: Int
}

extension Library {
    /// `query`'s articles counted per month, quarter or year, over the library's whole span.
    public func timeline(_ query: SearchQuery, by step: TimelineStep = .month) throws -> Timeline {
        Timeline(try activity(query), by: step)
    }
}

extension Timeline {
    /// An activity's months grouped by `step` (a quarter or year cut by the library's span
    /// still names its whole stretch).
    public init(_ activity: Activity, by step: TimelineStep) {
        self.init(step: step, buckets: Self.buckets(activity.span, activity.months, by: step), total: activity.total, undated: activity.undated)
    }

    /// Monthly `counts` over `span` grouped by `step`.
    public static func buckets(_ span: [String], _ counts: [Int], by step: TimelineStep) -> [TimelineBucket] {
        var buckets: [TimelineBucket] = []
        for (month, n) in zip(span, counts) {
            let key = bucketKey(month, step)
            if let i = buckets.indices.last, buckets[i].key == key {
                buckets[i].count += n
                buckets[i].to = month
            } else {
                buckets.append(TimelineBucket(key: key, from: month, to: month, count: n))
            }
        }
        for i in buckets.indices where step != .month {
            let (from, to) = stretch(buckets[i].key)
            buckets[i].from = from; buckets[i].to = to
        }
        return buckets
    }
}

extension Timeline {
    static func isMonth(_ s: String) -> Bool {
        let p = s.split(separator: "-")
        guard p.count == 2, p[0].count == 4, let y = Int(p[0]), y > 0, let m = Int(p[1]), p[1].count == 2 else { return false }
        return (1...12).contains(m)
    }

    /// Every "YYYY-MM" from `first` to `last`, both included.
    static func months(from first: String, to last: String) -> [String] {
        func parts(_ s: String) -> (Int, Int) { let p = s.split(separator: "-"); return (Int(p[0]) ?? 0, Int(p[1]) ?? 1) }
        var (y, m) = parts(first)
        let end = parts(last)
        var out: [String] = []
        while (y, m) <= end {
            out.append(String(format: "%04d-%02d", y, m))
            m += 1
            if m > 12 { m = 1; y += 1 }
        }
        return out
    }

    static func bucketKey(_ month: String, _ step: TimelineStep) -> String {
        let year = String(month.prefix(4))
        switch step {
        case .month: return month
        case .year: return year
        case .quarter: return "\(year)-Q\(((Int(month.suffix(2)) ?? 1) - 1) / 3 + 1)"
        }
    }

    /// The first and last month of a quarter or year key.
    static func stretch(_ key: String) -> (String, String) {
        let year = String(key.prefix(4))
        guard let q = key.split(separator: "Q").last.flatMap({ Int($0) }), key.contains("Q") else { return (year + "-01", year + "-12") }
        return (String(format: "%@-%02d", year, q * 3 - 2), String(format: "%@-%02d", year, q * 3))
    }
}
