import Foundation

/// What a filter value may be, and its canonical form, for every field of the language.
///
/// | field | canonical value | accepted spellings |
/// |---|---|---|
/// | country | ISO code, upper case (`HK`) | code or name, any case (`hk`, `"hong kong"`) |
/// | authority | acronym (`MAS`) or acronym@country (`SFC@HK`) | any case; the `facets --json` key (`hk-sfc`); a full name |
/// | topic | slug (`aml-kyc`) | any case |
/// | category | as written | compared without case |
/// | date | as written | a year, month or day, or a range with `..` (open ends allowed) |
/// | is | `unread`, `read`, `starred`, `offtopic` | any case |
/// | role | `main`, `related`, `roundup-item` | any case |
///
/// Countries, topics, `is` and `role` are closed lists: anything else is an error with a
/// suggestion. Authorities and categories also come from the library (a parsed authority
/// that is not in the gazetteer, a page's own section name), so they are checked against a
/// `QueryVocabulary` when one is given.
enum FilterValue {
    static let states = ["unread", "read", "starred", "offtopic"]
    static let roles = ["main", "related", "roundup-item"]

    /// Lower-cased country names and codes → ISO code, from the gazetteer.
    static let countryCodes: [String: String] = {
        var m: [String: String] = [:]
        for c in ResourceData.countryList {
            m[c.code.lowercased()] = c.code
            m[c.name.lowercased()] = c.code
            for n in c.names { m[n.lowercased()] = c.code }
        }
        return m
    }()

    static let topicSlugs: [String] = ResourceData.topicFile.topics.keys.sorted()

    /// The canonical value, or the reason it is refused (with a suggestion when one is close).
    static func canonical(_ field: SearchQuery.Field, _ raw: String, vocabulary: QueryVocabulary?) -> Result<String, Refusal> {
        let v = raw.trimmingSpaces()
        let lower = v.lowercased()
        switch field {
        case .country:
            if let code = countryCodes[lower] { return .success(code) }
            return .failure(Refusal("unknown country \"\(v)\"", suggestions: Suggest.closest(to: lower, in: Array(countryCodes.keys))
                .map { "country:" + countryCodes[$0]!.lowercased() }))
        case .authority:
            return authority(v, vocabulary: vocabulary)
        case .topic:
            if topicSlugs.contains(lower) { return .success(lower) }
            return .failure(Refusal("unknown topic \"\(v)\"", suggestions: Suggest.closest(to: lower, in: topicSlugs).map { "topic:" + $0 },
                                    otherwise: "topics: " + topicSlugs.joined(separator: ", ")))
        case .category:
            guard let vocabulary else { return .success(v) }
            if let hit = vocabulary.category(v) { return .success(hit) }
            let known = vocabulary.everything().categories
            return .failure(Refusal("no article has the category \"\(v)\"",
                                    suggestions: Suggest.closest(to: lower, in: known.map { $0.lowercased() }).map { print(.category, $0) }))
        case .date:
            if DateRange.parse(v) != nil { return .success(v) }
            return .failure(Refusal("date:\(v) is not a date or range", suggestions: [],
                                    otherwise: "try date:2024, date:2024-05, date:2023-06..2024-02, date:2024.. or date:..2023"))
        case .state:
            if states.contains(lower) { return .success(lower) }
            return .failure(Refusal("unknown state \"is:\(v)\"", suggestions: Suggest.closest(to: lower, in: states).map { "is:" + $0 },
                                    otherwise: "is: takes " + states.joined(separator: ", ")))
        case .role:
            if roles.contains(lower) { return .success(lower) }
            return .failure(Refusal("unknown role \"role:\(v)\"", suggestions: Suggest.closest(to: lower, in: roles).map { "role:" + $0 },
                                    otherwise: "role: takes " + roles.joined(separator: ", ")))
        }
    }

    private static func print(_ field: SearchQuery.Field, _ v: String) -> String { SearchQuery.print(field, v) }

    /// `MAS`, `mas@sg`, `sg-mas` (the facet key) or `"Monetary Authority of Singapore"`:
    /// the gazetteer first, then the library's own authorities.
    private static func authority(_ v: String, vocabulary: QueryVocabulary?) -> Result<String, Refusal> {
        let known = AuthorityNames.shared
        let lower = v.lowercased()
        var acronym = lower, country: String?
        if let at = lower.firstIndex(of: "@") {
            acronym = String(lower[..<at]); country = String(lower[lower.index(after: at)...])
        } else if let dash = lower.firstIndex(of: "-"), dash > lower.startIndex, lower.index(after: dash) < lower.endIndex,
                  known.byID[lower] != nil || vocabulary?.authority(String(lower[lower.index(after: dash)...]), String(lower[..<dash])) != nil {
            country = String(lower[..<dash]); acronym = String(lower[lower.index(after: dash)...])
        }
        func suggestions() -> [String] {
            let all = Array(known.byAcronym.keys) + (vocabulary?.everything().authorities.map { $0.acronym.lowercased() } ?? [])
            return Suggest.closest(to: acronym, in: Array(Set(all))).map { "authority:" + $0 }
        }
        if let country {
            if let a = known.byID["\(country)-\(acronym)"] ?? vocabulary?.authority(acronym, country) { return .success("\(a.acronym)@\(a.country)") }
            let elsewhere = known.byAcronym[acronym] ?? []
            return .failure(Refusal("no authority \(v.uppercased()) is known",
                                    suggestions: elsewhere.isEmpty ? suggestions()
                                        : elsewhere.map { "authority:" + "\($0.acronym)@\($0.country)".lowercased() }))
        }
        if let list = known.byAcronym[lower], let first = list.first { return .success(first.acronym) }
        if let list = known.byName[lower] {
            if list.count == 1 { return .success("\(list[0].acronym)@\(list[0].country)") }
            return .failure(Refusal("\"\(v)\" names \(list.count) authorities",
                                    suggestions: list.map { "authority:" + "\($0.acronym)@\($0.country)".lowercased() }))
        }
        guard let vocabulary else {
            // Without the library's list it may still be one of its own (learned from the text).
            if !lower.contains(where: \.isWhitespace) { return .success(v.uppercased()) }
            return .failure(Refusal("unknown authority \"\(v)\"", suggestions: suggestions()))
        }
        if let a = vocabulary.authority(lower, nil) { return .success(a.acronym) }
        return .failure(Refusal("unknown authority \"\(v)\"", suggestions: suggestions()))
    }

    /// The canonical value when it has one, else the value as given (for the reader's
    /// sidebar, which toggles values the library itself reported).
    static func canonicalOrSelf(_ field: SearchQuery.Field, _ raw: String) -> String {
        (try? canonical(field, raw, vocabulary: nil).get()) ?? raw
    }

    /// Two canonical values of `field` name the same thing.
    static func same(_ field: SearchQuery.Field, _ a: String, _ b: String) -> Bool {
        a.caseInsensitiveCompare(b) == .orderedSame
    }

    /// How a canonical value is written in a query.
    static func display(_ field: SearchQuery.Field, _ v: String) -> String {
        switch field {
        case .country, .authority: return v.lowercased()
        default: return v
        }
    }

    struct Refusal: Error {
        var message: String
        var suggestions: [String]
        var otherwise: String?
        init(_ message: String, suggestions: [String], otherwise: String? = nil) {
            self.message = message; self.suggestions = suggestions; self.otherwise = otherwise
        }
        var text: String {
            var seen = Set<String>()
            let unique = suggestions.filter { seen.insert($0).inserted }.prefix(4)
            if !unique.isEmpty { return message + "; did you mean " + unique.joined(separator: " or ") + "?" }
            if let otherwise { return message + " (" + otherwise + ")" }
            return message
        }
    }
}

/// The values a library holds beyond the gazetteers: authorities learned from the text and
/// the pages' own categories. Given to the parser, it makes unknown values errors. It asks
/// for one value at a time (an index lookup), and for everything only to suggest.
public struct QueryVocabulary: Sendable {
    /// The library's authority with this acronym (any case), in this country if given.
    let authority: @Sendable (_ acronym: String, _ country: String?) -> AuthorityName?
    /// The library's spelling of a category (compared without case).
    let category: @Sendable (String) -> String?
    /// Every authority and category, for "did you mean".
    let everything: @Sendable () -> (authorities: [AuthorityName], categories: [String])

    /// A vocabulary from lookups (`Library.vocabulary()` makes the library's).
    public init(authority: @escaping @Sendable (String, String?) -> AuthorityName?, category: @escaping @Sendable (String) -> String?,
                everything: @escaping @Sendable () -> (authorities: [AuthorityName], categories: [String])) {
        self.authority = authority; self.category = category; self.everything = everything
    }

    /// A vocabulary of fixed lists.
    public init(authorities: [AuthorityName], categories: [String]) {
        self.init(authority: { acronym, country in
            authorities.first { $0.acronym.lowercased() == acronym.lowercased() && (country == nil || $0.country.lowercased() == country!.lowercased()) }
        }, category: { name in
            categories.first { $0.caseInsensitiveCompare(name) == .orderedSame }
        }, everything: { (authorities, categories) })
    }
}

/// An authority as the query language names it: `ACRONYM@CC`, with its full name.
public struct AuthorityName: Sendable, Equatable, Hashable {
    /// "SFC".
    public var acronym: String
    /// "HK", or "INTL".
    public var country: String
    /// "Securities and Futures Commission".
    public var name: String
    /// An authority's names.
    public init(acronym: String, country: String, name: String) { self.acronym = acronym; self.country = country; self.name = name }
}

/// Authorities by id (`hk-sfc`), by lower-cased acronym and by lower-cased name.
struct AuthorityNames {
    var byID: [String: AuthorityName] = [:]
    var byAcronym: [String: [AuthorityName]] = [:]
    var byName: [String: [AuthorityName]] = [:]

    static let shared: AuthorityNames = {
        var n = AuthorityNames()
        for e in ResourceData.authorityFile.authorities {
            let a = AuthorityName(acronym: e.acronym, country: e.country, name: e.name)
            n.add(a, names: e.names.map { $0.lowercased() })
            // Other acronyms of the same body resolve to it, with its country.
            for other in e.acronyms where other.lowercased() != e.acronym.lowercased() {
                n.byName[other.lowercased(), default: []].append(a)
            }
        }
        return n
    }()

    mutating func add(_ a: AuthorityName, names: [String]) {
        let id = "\(a.country.lowercased())-\(a.acronym.lowercased())"
        guard byID[id] == nil else { return }
        byID[id] = a
        byAcronym[a.acronym.lowercased(), default: []].append(a)
        for n in Set(names + [a.name.lowercased()]) { byName[n, default: []].append(a) }
    }

}

/// "Did you mean": the candidates closest to a mistyped value (query values, commands).
public enum Suggest {
    /// Candidates that contain the value as a word part ("aml" → "aml-kyc"), then those
    /// within a small edit distance, best first.
    public static func closest(to value: String, in candidates: [String], limit: Int = 3) -> [String] {
        guard !value.isEmpty else { return [] }
        let parts = candidates.filter { c in c != value && c.split(whereSeparator: { $0 == "-" || $0 == " " }).contains { $0.hasPrefix(value) } }
        let budget = max(1, value.count / 3)
        let near = candidates.compactMap { c -> (String, Int)? in
            guard abs(c.count - value.count) <= budget else { return nil }
            let d = distance(value, c)
            return d <= budget ? (c, d) : nil
        }.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.map(\.0)
        var seen = Set<String>()
        return (parts.sorted() + near).filter { seen.insert($0).inserted }.prefix(limit).map { $0 }
    }

    /// Levenshtein distance over characters.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var prev = Array(0...b.count), cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
