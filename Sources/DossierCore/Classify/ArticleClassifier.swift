import Foundation

/// Facets of one article: countries, authorities, topics, and whether it is on topic at all.
struct ArticleClassifier: Sendable {
    let gazetteers: Gazetteers
    let rules: ResourceData
    private let institutionWords: Set<String>
    private let financeWords: Set<String>

    init(rules: ResourceData) {
        self.rules = rules
        gazetteers = Gazetteers(rules: rules)
        institutionWords = Set(rules.learnedAuthorities.institutionWords)
        financeWords = Set(rules.learnedAuthorities.financeWords)
    }

    struct Facets {
        var countries: [CountryTag]
        var authorities: [AuthorityTag]
        var topics: [String]
        var offTopic: Bool
    }

    /// Beyond this many words an article's facets are already decided; reading on would
    /// only cost time on pathological input.
    static let tokenLimit = 60_000

    /// `titleIsInferred`: a title derived from the lede repeats it, so it earns no title weight.
    /// `tokens`: the title (paragraph -1, unless inferred) and paragraphs, already tokenised.
    func classify(title: String, titleIsInferred: Bool = false, paragraphs: [String], tokens: [Token]? = nil) -> Facets {
        var toks: [Token]
        if let given = tokens { toks = given } else {
            toks = []
            if !titleIsInferred { Tokenizer.tokens(title, paragraph: -1, into: &toks) }
            for (i, p) in paragraphs.enumerated() where toks.count < Self.tokenLimit {
                Tokenizer.tokens(p, paragraph: i, into: &toks, limit: Self.tokenLimit)
            }
        }
        let firstParagraph = paragraphs.firstIndex { PageLine.hasWords($0, atLeast: 8) } ?? 0
        func multiplier(_ t: Token) -> Double { t.paragraph == -1 ? 3 : (t.paragraph == firstParagraph ? 1.5 : 1) }

        // Authorities first: their names contain country words that must not count twice.
        let all = gazetteers.allMatches(in: toks)
        let authorityMatches = all.authorities
        var insideAuthority = [Bool](repeating: false, count: toks.count)
        for m in authorityMatches where !m.payload.isAcronym { for k in m.range { insideAuthority[k] = true } }

        // Countries from their own words.
        let countryMatches = all.countries
        var countryAt: [Int: String] = [:]     // token index → code, for "Thailand’s SEC"
        var raw: [String: Double] = [:]
        var firstSeen: [String: Int] = [:]
        var titleFirst: String?
        for m in countryMatches {
            for k in m.range { countryAt[k] = m.payload.code }
            if m.range.contains(where: { insideAuthority[$0] }) { continue }
            let t = toks[m.range.lowerBound]
            let base: Double = switch m.payload.evidence { case .name: 1.0; case .demonym, .city: 0.6; case .currency: 0.3 }
            raw[m.payload.code, default: 0] += base * multiplier(t)
            if firstSeen[m.payload.code] == nil { firstSeen[m.payload.code] = m.range.lowerBound }
            if t.paragraph == -1 && titleFirst == nil { titleFirst = m.payload.code }
        }
        if let first = titleFirst { raw[first, default: 0] += 1 }
        if let first = paragraphs.first, let city = Dateline.find(in: first) {
            var ct: [Token] = []
            Tokenizer.tokens(city.capitalized, paragraph: 0, into: &ct)
            if let m = gazetteers.countries.matches(in: ct).first { raw[m.payload.code, default: 0] += 3 }
        }
        // The jurisdictions that decide a shared acronym: country words, and the countries of
        // authorities that only one country has ("Bank of Thailand" makes a bare "SEC" Thai).
        var hinted = raw
        for m in authorityMatches {
            let countries = Set(m.payload.entries.map { gazetteers.authorities[$0].country })
            if countries.count == 1, let c = countries.first, c != "INTL" {
                hinted[c, default: 0] += 0.7
                if firstSeen[c] == nil { firstSeen[c] = m.range.lowerBound }
            }
        }
        let baseRanking = hinted.sorted { $0.value != $1.value ? $0.value > $1.value : (firstSeen[$0.key] ?? 0) < (firstSeen[$1.key] ?? 0) }.map(\.key)

        // Authorities, resolved per article.
        let definitions = acronymDefinitions(paragraphs, dominant: baseRanking)
        // By id: the same body named two ways ("OJK", "Financial Services Authority (OJK)") is
        // one authority, as the gazetteer first names it.
        var authorityCounts: [String: (tag: AuthorityTag, count: Int, first: Int)] = [:]
        var titleNamesAuthority = false
        for m in authorityMatches {
            guard let tag = resolve(m, toks, countryAt: countryAt, definitions: definitions, dominant: baseRanking) else { continue }
            let prev = authorityCounts[tag.id] ?? (tag, 0, m.range.lowerBound)
            authorityCounts[tag.id] = (prev.tag, prev.count + 1, prev.first)
            if toks[m.range.lowerBound].paragraph == -1 { titleNamesAuthority = true }
            if tag.country != "INTL" && prev.count < 4 {
                raw[tag.country, default: 0] += 0.7 * (toks[m.range.lowerBound].paragraph == -1 ? 2 : 1)
                if firstSeen[tag.country] == nil { firstSeen[tag.country] = m.range.lowerBound }
            }
        }
        // A definition counts as a mention even when the gazetteer lacks the name.
        for (_, tag) in definitions where authorityCounts[tag.id] == nil {
            authorityCounts[tag.id] = (tag, 1, Int.max)
            if tag.country != "INTL" { raw[tag.country, default: 0] += 0.7 }
        }
        let authorities = authorityCounts.values.sorted {
            $0.count != $1.count ? $0.count > $1.count : ($0.first != $1.first ? $0.first < $1.first : $0.tag.id < $1.tag.id)
        }.map(\.tag)

        // Countries: most salient first; passing mentions dropped.
        let ranked = raw.sorted { $0.value != $1.value ? $0.value > $1.value : (firstSeen[$0.key] ?? 0) < (firstSeen[$1.key] ?? 0) }
        let top = ranked.first?.value ?? 0
        var countries: [CountryTag] = []
        for (rank, (code, value)) in ranked.enumerated() {
            let score = top > 0 ? value / top : 0
            let keep = (rank == 0 && value >= 0.6) || (value >= 2.5 && score >= 0.15) || (value >= 1.5 && score >= 0.4)
            guard keep, let name = gazetteers.countryNames[code] else { continue }
            countries.append(CountryTag(code: code, name: name, score: (score * 100).rounded() / 100))
        }
        // An authority's country is listed with it, after the salient ones: a story that names
        // the Bank of Korea in passing is still filed under Korea's authorities and Korea.
        for a in authorities where a.country != "INTL" && !countries.contains(where: { $0.code == a.country }) {
            guard let name = gazetteers.countryNames[a.country] else { continue }
            let score = top > 0 ? (raw[a.country] ?? 0) / top : 0
            countries.append(CountryTag(code: a.country, name: name, score: (score * 100).rounded() / 100))
        }

        let (topics, domainHits) = topicScores(toks, all.topics, domainHits: all.domainCount, multiplier: multiplier)
        // A headline that names an authority and a licence is about regulation, however few
        // domain words the (often short) text has.
        let licensing = gazetteers.topicNames.firstIndex(of: "licensing")
        let titleLicensing = all.topics.contains { $0.payload.topic == licensing && toks[$0.range.lowerBound].paragraph == -1 }
        // One domain word is enough when a financial authority acts in the story (a short item:
        // "the SFC granted licences to two more virtual asset platforms").
        let offTopic = domainHits < 2 && !(titleNamesAuthority && titleLicensing) && !(domainHits == 1 && !authorities.isEmpty)
        return Facets(countries: countries, authorities: authorities, topics: offTopic ? [] : topics, offTopic: offTopic)
    }

    // MARK: Topics

    private func topicScores(_ toks: [Token], _ matches: [PhraseMatcher<Gazetteers.TopicKeyword>.Match], domainHits: Int,
                             multiplier: (Token) -> Double) -> ([String], Int) {
        let names = gazetteers.topicNames
        var score = [Double](repeating: 0, count: names.count)
        var mentions = [Int](repeating: 0, count: names.count)
        var inTitle = [Bool](repeating: false, count: names.count)
        var keywordSeen: [Int: Int] = [:]
        for m in matches {
            let kw = m.payload
            let t = toks[m.range.lowerBound]
            let seen = keywordSeen[kw.keyword, default: 0]
            keywordSeen[kw.keyword] = seen + 1
            mentions[kw.topic] += 1
            // Repeats of one word count less each time: a topic needs breadth, not one word.
            let decay = seen == 0 ? 1.0 : (seen < 4 ? 0.5 : 0.2)
            score[kw.topic] += kw.weight * multiplier(t) * decay
            if t.paragraph == -1 { inTitle[kw.topic] = true }
        }
        let cfg = rules.topics
        let best = score.max() ?? 0
        let chosen = names.indices.filter { t in
            score[t] >= cfg.minimumScore && (mentions[t] >= 2 || inTitle[t]) && score[t] >= cfg.relativeCutoff * best
        }.sorted { score[$0] != score[$1] ? score[$0] > score[$1] : names[$0] < names[$1] }.prefix(cfg.maximumTopics).map { names[$0] }
        return (Array(chosen), domainHits)
    }

    // MARK: Authorities

    /// "Financial Services Agency of Japan (FSA)", "Thailand’s Securities and Exchange
    /// Commission (SEC)", "the South Korean Ministry of Foreign Affairs (MOFA)": acronym →
    /// authority, for this article only.
    func acronymDefinitions(_ paragraphs: [String], dominant: [String]) -> [String: AuthorityTag] {
        var out: [String: AuthorityTag] = [:]
        for p in paragraphs {
            // "(" then a capital, and ")" within 12 bytes: found on bytes, checked on characters.
            let spans: [(open: Int, close: Int)] = p.withBytes { b in
                var found: [(open: Int, close: Int)] = []
                guard let base = b.baseAddress else { return found }
                var i = 0
                while i + 1 < b.count {
                    guard let hit = memchr(base + i, 0x28, b.count - 1 - i) else { break }
                    i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if b[i + 1] >= 0x41 && b[i + 1] <= 0x5A {
                        var k = i + 1
                        while k < min(i + 13, b.count), b[k] != 0x29 { k += 1 }
                        if k < b.count, b[k] == 0x29 { found.append((i, k)) }
                    }
                    i += 1
                }
                return found
            }
            guard !spans.isEmpty else { continue }
            let u = p.utf8
            for span in spans {
                let open = u.index(u.startIndex, offsetBy: span.open)
                let acronym = String(p[u.index(after: open)..<u.index(u.startIndex, offsetBy: span.close)])
                let upper = acronym.unicodeScalars.filter { $0.properties.isUppercase }.count
                guard (2...10).contains(acronym.count), upper >= 2, acronym.allSatisfy({ $0.isLetter }) else { continue }
                guard out[acronym] == nil else { continue }
                // A name is at most 14 words: 160 bytes back is plenty (snapped to a character).
                var from = u.index(open, offsetBy: -min(160, span.open))
                while from > u.startIndex, u[from] & 0xC0 == 0x80 { from = u.index(before: from) }
                guard let tag = definedAuthority(before: p[from..<open], acronym: acronym, dominant: dominant) else { continue }
                out[acronym] = tag
            }
        }
        return out
    }

    /// Words that make a one-word authority name part of a company's (lexicon.json).
    private static let companyWords = IDSet(ResourceData.shared.lexicon.companyWords.map { $0.lowercased() })
    /// Small words inside an authority's name ("Bank of Korea"), from lexicon.json.
    private static let joiners = Set(ResourceData.shared.lexicon.nameJoiners)

    private func definedAuthority(before text: Substring, acronym: String, dominant: [String]) -> AuthorityTag? {
        // Walk back over capitalised words and the small words inside names.
        var words: [Substring] = []
        // Space-separated words, found on bytes (splitting by Character was most of the cost).
        let spans: [Range<Int>] = text.withBytes { b in
            var r: [Range<Int>] = [], start = -1
            for i in 0...b.count {
                if i == b.count || b[i] == 0x20 { if start >= 0 { r.append(start..<i); start = -1 } } else if start < 0 { start = i }
            }
            return r
        }
        let u = text.utf8
        for span in spans.reversed().prefix(14) {
            let w = text[u.index(u.startIndex, offsetBy: span.lowerBound)..<u.index(u.startIndex, offsetBy: span.upperBound)]
            // A parenthesis or comma ends the name: "(FINMA) and the United Kingdom’s FCA".
            if w.utf8.contains(0x28) || w.utf8.contains(0x29) { break }
            let core = w.trimmingPunctuation()
            guard let f = core.unicodeScalars.first else { break }
            if f.properties.isUppercase || Self.joiners.contains(core.lowercased()) { words.insert(w, at: 0) } else { break }
            if w.hasSuffix(",") && words.count > 1 { words.removeFirst(); break }
        }
        while let f = words.first, Self.joiners.contains(f.lowercased()) || f == "The" { words.removeFirst() }
        guard !words.isEmpty else { return nil }
        var nameToks: [Token] = []
        Tokenizer.tokens(words.joined(separator: " "), paragraph: 0, into: &nameToks)
        guard !nameToks.isEmpty else { return nil }

        // Country qualifier at the front ("Thailand’s", "South Korean", "Swiss") or the
        // end ("… of Japan").
        var qualifier: String?
        var core = nameToks[...]
        let countryMatches = gazetteers.countries.matches(in: nameToks)
        if let m = countryMatches.first, m.range.lowerBound == 0, m.range.upperBound < nameToks.count {
            qualifier = m.payload.code
            core = nameToks[m.range.upperBound...]
        }
        // "… of Japan": the trailing country, only when "of" stands before it and the name
        // keeps at least one word of its own (a leading qualifier may have taken the rest).
        let ofCountry = countryMatches.last.flatMap { m -> PhraseMatcher<Gazetteers.CountryHit>.Match? in
            guard m.range.upperBound == nameToks.count, m.range.lowerBound >= 2,
                  nameToks[m.range.lowerBound - 1].lower == "of" else { return nil }
            return m
        }
        if let m = ofCountry { qualifier = qualifier ?? m.payload.code }
        let fullKey = nameToks.map(\.key).joined(separator: " ")
        let coreKey = core.map(\.key).joined(separator: " ")
        var coreWithoutOf = coreKey
        if let m = ofCountry, core.startIndex < m.range.lowerBound - 1 {
            coreWithoutOf = nameToks[core.startIndex..<(m.range.lowerBound - 1)].map(\.key).joined(separator: " ")
        }
        for key in [fullKey, coreKey, coreWithoutOf] {
            if let entries = gazetteers.authoritiesByName[key] {
                return choose(entries, country: qualifier, dominant: dominant, acronymHint: acronym, learnedName: nil)
            }
        }
        // A known name at the end of a longer one ("United Kingdom’s Financial Conduct Authority").
        for start in 1..<max(nameToks.count - 1, 1) {
            let key = nameToks[start...].map(\.key).joined(separator: " ")
            if let entries = gazetteers.authoritiesByName[key] {
                return choose(entries, country: qualifier, dominant: dominant, acronymHint: acronym, learnedName: nil)
            }
        }
        // Not in the gazetteer: is it built like an authority? ("… Supervisory Authority")
        let surface = core.map { String($0.text) }
        guard let last = surface.last, institutionWords.contains(last),
              surface.contains(where: { financeWords.contains($0) }) else { return nil }
        guard let country = qualifier ?? dominant.first else { return nil }
        let name = surface.joined(separator: " ")
        return AuthorityTag(id: "\(country.lowercased())-\(acronym.lowercased())", acronym: acronym, name: name, country: country)
    }

    /// One authority for a mention in the text.
    private func resolve(_ m: PhraseMatcher<Gazetteers.AuthorityKey>.Match, _ toks: [Token], countryAt: [Int: String],
                         definitions: [String: AuthorityTag], dominant: [String]) -> AuthorityTag? {
        // A one-word name ("Treasury") inside a longer proper name is a company's ("Harbour
        // Treasuries Center", "Treasury Center"), and its plural is something else.
        if !m.payload.isAcronym, m.range.count == 1 {
            let i = m.range.lowerBound
            if toks[i].id != toks[i].lowerID { return nil }
            if i > 0, toks[i - 1].isCapitalized, !toks[i].startsSentence, !toks[i - 1].breakAfter, countryAt[i - 1] == nil,
               toks[i - 1].paragraph == toks[i].paragraph { return nil }
            if i + 1 < toks.count, !toks[i].breakAfter, toks[i + 1].paragraph == toks[i].paragraph,
               Self.companyWords.contains(toks[i + 1].lowerID) { return nil }
        }
        let surface = toks[m.range].map { String($0.text) }.joined(separator: " ")
        // Adjacent country word first: "Korea's FSC" is Korea's even when the article defined
        // "FSC" as Taiwan's a paragraph earlier.
        var adjacent: String?
        var b = m.range.lowerBound - 1
        if b >= 0, toks[b].lower == "the" { b -= 1 }
        if b >= 0, let c = countryAt[b], !toks[b].breakAfter { adjacent = c }
        let after = m.range.upperBound
        if adjacent == nil, after + 1 < toks.count, toks[after].lower == "of", let c = countryAt[after + 1] { adjacent = c }
        if adjacent == nil {
            if m.payload.isAcronym, let defined = definitions[surface] { return defined }
            if !m.payload.isAcronym {
                // A name whose acronym the article defined ("… Commission (SEC)") resolves the same way.
                let key = toks[m.range].map(\.key).joined(separator: " ")
                for (_, tag) in definitions where Gazetteers.normalizedName(tag.name) == key { return tag }
            }
        }
        return choose(m.payload.entries, country: adjacent, dominant: dominant, acronymHint: m.payload.isAcronym ? surface : nil,
                      learnedName: m.payload.isAcronym ? nil : surface)
    }

    private func choose(_ entries: [Int], country: String?, dominant: [String], acronymHint: String?, learnedName: String?) -> AuthorityTag? {
        let all = gazetteers.authorities
        func tag(_ i: Int) -> AuthorityTag {
            let a = all[i]
            return AuthorityTag(id: "\(a.country.lowercased())-\(a.acronym.lowercased())", acronym: a.acronym, name: a.name, country: a.country,
                                kind: a.kind)
        }
        if let c = country {
            if let i = entries.first(where: { all[$0].country == c }) { return tag(i) }
            // A shared name with another country's qualifier: that country's own body.
            if entries.count > 1 || all[entries[0]].default == true {
                let a = all[entries[0]]
                let acr = acronymHint ?? a.acronym
                return AuthorityTag(id: "\(c.lowercased())-\(acr.lowercased())", acronym: acr, name: learnedName ?? a.name, country: c)
            }
        }
        if entries.count == 1 { return tag(entries[0]) }
        for c in dominant.prefix(3) { if let i = entries.first(where: { all[$0].country == c }) { return tag(i) } }
        if let i = entries.first(where: { all[$0].default == true }) { return tag(i) }
        return tag(entries[0])
    }
}
