/// Matchers built once from the resource files.
struct Gazetteers: Sendable {
    enum CountryEvidence: Sendable { case name, demonym, city, currency }
    struct CountryHit: Sendable { let code: String; let evidence: CountryEvidence }

    /// A topic keyword: `topic` indexes `topicNames`; `keyword` is unique across all topics.
    struct TopicKeyword: Sendable { let topic: Int; let keyword: Int; let weight: Double }

    /// An authority name or acronym; several entries when it is shared (SEC, FSC, …).
    struct AuthorityKey: Sendable {
        let entries: [Int]       // indexes into `authorities`
        let isAcronym: Bool
    }

    let countries: PhraseMatcher<CountryHit>
    let countryNames: [String: String]          // code → display name
    let authorities: [ResourceData.AuthorityEntry]
    let authorityMatcher: PhraseMatcher<AuthorityKey>
    /// Normalised full name → entries, for resolving definitions found in the text.
    let authoritiesByName: [String: [Int]]
    let topicMatcher: PhraseMatcher<TopicKeyword>
    /// First word id → which matchers have a phrase starting with it (bits: countries 1,
    /// authorities 2, topics 4, domain 8), so one lookup per word serves all four.
    let firstWordMask: IDMap<UInt8>
    /// Topic slugs, sorted: what `TopicKeyword.topic` indexes.
    let topicNames: [String]
    let domainMatcher: PhraseMatcher<String>

    init(rules: ResourceData) {
        var cm = PhraseMatcher<CountryHit>()
        var names: [String: String] = [:]
        for c in rules.countries {
            names[c.code] = c.name
            let acronyms = Set(c.acronyms ?? [])
            for n in c.names { cm.add(n, rule: acronyms.contains(n) ? .exact : .capitalized, payload: CountryHit(code: c.code, evidence: .name)) }
            for a in acronyms { cm.add(a, rule: .exact, payload: CountryHit(code: c.code, evidence: .name)) }
            for d in c.demonyms { cm.add(d, rule: .capitalized, payload: CountryHit(code: c.code, evidence: .demonym)) }
            for city in c.cities { cm.add(city, rule: .capitalized, payload: CountryHit(code: c.code, evidence: .city)) }
            for money in c.currencies ?? [] { cm.add(money, rule: .any, payload: CountryHit(code: c.code, evidence: .currency)) }
        }
        countries = cm
        countryNames = names

        authorities = rules.authorities
        var am = PhraseMatcher<AuthorityKey>()
        var byName: [String: [Int]] = [:], byAcronym: [String: [Int]] = [:]
        for (i, a) in rules.authorities.enumerated() {
            for n in a.names { byName[Self.normalizedName(n), default: []].append(i) }
            for ac in a.acronyms { byAcronym[ac.uppercased(), default: []].append(i) }
            byAcronym[a.acronym.uppercased(), default: []].append(i)
        }
        for k in byAcronym.keys { byAcronym[k] = Array(Set(byAcronym[k]!)).sorted() }
        var added = Set<String>()
        for a in rules.authorities {
            for n in a.names where added.insert("n:" + Self.normalizedName(n)).inserted {
                am.add(n, rule: .capitalized, payload: AuthorityKey(entries: byName[Self.normalizedName(n)]!, isAcronym: false),
                       notFollowedBy: a.notFollowedBy ?? [])
            }
            for ac in a.acronyms where added.insert("a:" + ac).inserted {
                am.add(ac, rule: .exact, payload: AuthorityKey(entries: byAcronym[ac.uppercased()]!, isAcronym: true))
            }
        }
        authorityMatcher = am
        authoritiesByName = byName

        var tm = PhraseMatcher<TopicKeyword>()
        topicNames = rules.topics.topics.keys.sorted()
        var keywordIndex = 0
        for (t, topic) in topicNames.enumerated() {
            for (kw, w) in rules.topics.topics[topic]!.keywords.sorted(by: { $0.key < $1.key }) {
                tm.add(kw, rule: .any, payload: TopicKeyword(topic: t, keyword: keywordIndex, weight: w))
                keywordIndex += 1
            }
        }
        topicMatcher = tm
        var dm = PhraseMatcher<String>()
        for d in rules.topics.domain { dm.add(d, rule: .any, payload: d) }
        domainMatcher = dm
        var mask = IDMap<UInt8>(minimumCapacity: 4096)
        for (bit, ids) in [(UInt8(1), cm.firstWords), (2, am.firstWords), (4, tm.firstWords), (8, dm.firstWords)] {
            for id in ids { mask[id] = (mask[id] ?? 0) | bit }
        }
        firstWordMask = mask
    }

    struct AllMatches {
        var countries: [PhraseMatcher<CountryHit>.Match] = []
        var authorities: [PhraseMatcher<AuthorityKey>.Match] = []
        var topics: [PhraseMatcher<TopicKeyword>.Match] = []
        var domainCount = 0
    }

    /// What `matches(in:)` of each matcher gives, in one pass over the tokens.
    func allMatches(in toks: [Token]) -> AllMatches {
        var out = AllMatches()
        var next = (0, 0, 0, 0)   // per matcher: first token a new match may start at
        for i in toks.indices {
            guard let mask = firstWordMask[toks[i].id] else { continue }
            if mask & 1 != 0, i >= next.0, let m = countries.match(at: i, in: toks) { out.countries.append(m); next.0 = m.range.upperBound }
            if mask & 2 != 0, i >= next.1, let m = authorityMatcher.match(at: i, in: toks) { out.authorities.append(m); next.1 = m.range.upperBound }
            if mask & 4 != 0, i >= next.2, let m = topicMatcher.match(at: i, in: toks) { out.topics.append(m); next.2 = m.range.upperBound }
            if mask & 8 != 0, i >= next.3, let m = domainMatcher.match(at: i, in: toks) { out.domainCount += 1; next.3 = m.range.upperBound }
        }
        return out
    }

    /// Lower-case words joined by single spaces, apostrophes unified: for name lookups.
    static func normalizedName(_ s: String) -> String {
        var toks: [Token] = []
        Tokenizer.tokens(s, paragraph: 0, into: &toks)
        return toks.map(\.key).joined(separator: " ")
    }
}
