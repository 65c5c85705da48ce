/// A parsed query: the one syntax tree of the query language (`../shared/spec`, and
/// docs/query-language.md). Everything that reads or edits a query goes through it; the
/// reader edits the tree and prints it back with `description`.
///
/// ```swift
/// let q = try SearchQuery.parse("stablecoin OR \"e-money\" country:hk -tether -topic:cbdc")
/// q.groups            // [[.word("stablecoin"), .phrase("e-money")]]
/// q.excluded          // [.word("tether")]
/// q.filters           // [.country: ["HK"]]
/// q.excludedFilters   // [.topic: ["cbdc"]]
/// q.description       // "stablecoin OR \"e-money\" -tether country:hk -topic:cbdc"
/// ```
/// Words in one group are alternatives (OR); groups must all match (AND). Values of one
/// field are alternatives; different fields must all hold (notmuch's rule). Filter values
/// are kept in their canonical form (`FilterValue`), so equal queries compare equal.
public struct SearchQuery: Sendable, CustomStringConvertible {
    /// What a text term matches.
    public enum Term: Sendable, Equatable, Hashable {
        /// A word; `prefix` for `token*`; `titleOnly` for `title:word`.
        case word(String, prefix: Bool = false, titleOnly: Bool = false)
        /// A quoted phrase, as the user typed it.
        case phrase(String, titleOnly: Bool = false)

        /// The word or the phrase's text.
        public var text: String {
            switch self {
            case .word(let w, _, _): return w
            case .phrase(let p, _): return p
            }
        }
    }

    /// A filter field, as written before the colon.
    public enum Field: String, Sendable, CaseIterable {
        case country, authority, topic, category, date
        /// `is:unread`, `is:read`, `is:starred`, `is:offtopic`.
        case state = "is"
        /// `role:main|related|roundup-item`: where the article stood on its page.
        case role
    }

    /// Terms that must match: every group, and in each group any one of its terms.
    public var groups: [[Term]] = []
    /// Terms that must not match (`-word`, `NOT "a phrase"`).
    public var excluded: [Term] = []
    /// Field → the values required (any one of them), canonical and in the order given.
    public var filters: [Field: [String]] = [:]
    /// Field → the values excluded (none of them may hold).
    public var excludedFilters: [Field: [String]] = [:]
    /// Best-effort readings the user should see ("unbalanced quote: read to the end").
    public var notes: [String] = []

    /// The empty query: it matches every article.
    public init() {}

    /// True when the query has text to rank by (not only filters or exclusions).
    public var hasText: Bool { !groups.isEmpty }

    /// The words and phrases to highlight in results.
    public var highlightTerms: [Term] { groups.flatMap { $0 } }

    /// The query in the language, canonical: words and OR groups, excluded words, then
    /// filters and excluded filters in field order. `parse(q.description) == q`.
    public var description: String {
        var parts: [String] = groups.map { $0.map(Self.print).joined(separator: " OR ") }
        parts += excluded.map { "-" + Self.print($0) }
        for field in Field.allCases {
            parts += (filters[field] ?? []).map { Self.print(field, $0) }
        }
        for field in Field.allCases {
            parts += (excludedFilters[field] ?? []).map { "-" + Self.print(field, $0) }
        }
        return parts.joined(separator: " ")
    }

    static func print(_ term: Term) -> String {
        switch term {
        case .word(let w, let prefix, let title): return (title ? "title:" : "") + w + (prefix ? "*" : "")
        case .phrase(let p, let title): return (title ? "title:" : "") + "\"" + p + "\""
        }
    }

    static func print(_ field: Field, _ value: String) -> String {
        let shown = FilterValue.display(field, value)
        return field.rawValue + ":" + (shown.contains(where: \.isWhitespace) ? "\"\(shown)\"" : shown)
    }

    // MARK: Editing (what the reader's sidebar does)

    /// `value` in its canonical form (`hk` → `HK`, `hk-sfc` → `SFC@HK`), or as given when it
    /// has none.
    public static func canonical(_ field: Field, _ value: String) -> String { FilterValue.canonicalOrSelf(field, value) }

    /// True when `value` (any accepted spelling) is one of the field's required values.
    public func hasFilter(_ field: Field, _ value: String) -> Bool { contains(\.filters, field, value) }

    /// True when `value` (any accepted spelling) is one of the field's excluded values.
    public func excludes(_ field: Field, _ value: String) -> Bool { contains(\.excludedFilters, field, value) }

    /// The query with `field:value` added (and `-field:value` dropped), or removed when it is
    /// there already.
    public func toggling(_ field: Field, _ value: String) -> SearchQuery { toggling(field, value, in: \.filters, not: \.excludedFilters) }

    /// The query with `field:value` as the field's only value (`date:2025-06` in place of any
    /// other date), and the field's exclusions dropped.
    public func narrowing(_ field: Field, to value: String) -> SearchQuery {
        var q = self
        q.filters[field] = [FilterValue.canonicalOrSelf(field, value)]
        q.excludedFilters[field] = nil
        return q
    }

    /// The query with `-field:value` added (and `field:value` dropped), or removed when it is
    /// there already.
    public func togglingExclusion(_ field: Field, _ value: String) -> SearchQuery {
        toggling(field, value, in: \.excludedFilters, not: \.filters)
    }

    private typealias Values = WritableKeyPath<SearchQuery, [Field: [String]]>

    private func contains(_ values: Values, _ field: Field, _ value: String) -> Bool {
        let v = FilterValue.canonicalOrSelf(field, value)
        return (self[keyPath: values][field] ?? []).contains { FilterValue.same(field, $0, v) }
    }

    /// A value is in one of the two lists at most: adding it to `list` takes it out of `other`.
    private func toggling(_ field: Field, _ value: String, in list: Values, not other: Values) -> SearchQuery {
        var q = self
        let v = FilterValue.canonicalOrSelf(field, value)
        var values = q[keyPath: list][field] ?? []
        if let i = values.firstIndex(where: { FilterValue.same(field, $0, v) }) {
            values.remove(at: i)
        } else {
            values.append(v)
            let rest = (q[keyPath: other][field] ?? []).filter { !FilterValue.same(field, $0, v) }
            q[keyPath: other][field] = rest.isEmpty ? nil : rest
        }
        q[keyPath: list][field] = values.isEmpty ? nil : values
        return q
    }

    /// The query without filters of any kind (words and excluded words stay).
    public func clearingFilters() -> SearchQuery {
        var q = self
        q.filters = [:]
        q.excludedFilters = [:]
        return q
    }
}

extension SearchQuery: Equatable {
    /// Notes say how a text was read; two readings of the same query are the same query.
    public static func == (a: SearchQuery, b: SearchQuery) -> Bool {
        a.groups == b.groups && a.excluded == b.excluded && a.filters == b.filters && a.excludedFilters == b.excludedFilters
    }
}

/// A query that cannot be read, with the position (1-based, in characters) of the problem.
public struct QueryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong ("unknown field 'colour'").
    public var message: String
    /// Where, 1-based, in characters of the query as typed.
    public var position: Int

    /// A query error.
    public init(message: String, position: Int) { self.message = message; self.position = position }

    /// "query error at position N: message".
    public var description: String { "query error at position \(position): \(message)" }
}
