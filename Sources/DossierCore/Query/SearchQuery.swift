/// A parsed query (the syntax tree of the query language in the shared spec).
///
/// ```swift
/// let q = try SearchQuery.parse("stablecoin OR \"e-money\" country:hk -tether")
/// q.groups     // [[.word("stablecoin"), .phrase(["e-money"])]]
/// q.excluded   // [.word("tether")]
/// q.filters    // [country: ["hk"]]
/// ```
/// Words in one group are alternatives (OR); groups must all match (AND). Filters of one
/// field are alternatives; different fields must all hold (notmuch's rule).
public struct SearchQuery: Sendable, Equatable {
    /// What a text term matches.
    public enum Term: Sendable, Equatable {
        /// A word; `prefix` for `token*`; `titleOnly` for `title:word`.
        case word(String, prefix: Bool = false, titleOnly: Bool = false)
        /// A quoted phrase, as the user typed it.
        case phrase(String, titleOnly: Bool = false)
    }

    public enum Field: String, Sendable, CaseIterable {
        case country, authority, topic, category, date
    }

    public var groups: [[Term]] = []
    public var excluded: [Term] = []
    /// Field → the values given for it, in order.
    public var filters: [Field: [String]] = [:]
    /// Things the parser read in a best-effort way ("unbalanced quote: read to the end").
    public var notes: [String] = []

    public init() {}

    /// True when the query has text to rank by (not only filters or exclusions).
    public var hasText: Bool { !groups.isEmpty }

    /// The words and phrases to highlight in results.
    public var highlightTerms: [String] {
        groups.flatMap { $0 }.map { term in
            switch term {
            case .word(let w, _, _): return w
            case .phrase(let p, _): return p
            }
        }
    }
}

/// A query that cannot be read, with the position (1-based, in characters) of the problem.
public struct QueryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var position: Int

    public var description: String { "query error at position \(position): \(message)" }
}
