/// The words that say what a paragraph is about, for telling where one story ends and the
/// next begins. Names and acronyms weigh most; country words little (a roundup of Asian
/// news mentions China in every story); ordinary content words a little.
struct SubjectTerms: Sendable {
    var proper: [UInt64: Double] = [:]
    var content: [UInt64: Double] = [:]

    var properWeight: Double { proper.values.reduce(0, +) }

    mutating func formUnion(_ other: SubjectTerms) {
        proper.merge(other.proper) { max($0, $1) }
        content.merge(other.content) { max($0, $1) }
    }

    /// Share of this bag's weight that `story` also has (0 when there is nothing to compare).
    func overlap(with story: SubjectTerms, properOnly: Bool = false) -> Double {
        var hit = 0.0, total = 0.0
        for (k, w) in proper {
            total += w
            if story.proper[k] != nil || story.content[k] != nil { hit += w }
        }
        if !properOnly {
            for (k, w) in content {
                total += w
                if story.content[k] != nil || story.proper[k] != nil { hit += w }
            }
        }
        return total > 0 ? hit / total : 0
    }
}

/// Builds `SubjectTerms` with the lexicon's stop words and the country gazetteer.
struct SubjectTermExtractor: Sendable {
    private let stopwords: IDSet
    private let countryWords: IDSet

    init(rules: ResourceData) {
        var stop = Set(rules.lexicon.stopwords)
        stop.formUnion(rules.lexicon.months)
        stop.formUnion(rules.lexicon.weekdays)
        stopwords = IDSet(stop)
        var countryWords = IDSet()
        for c in rules.countries {
            for phrase in c.names + c.demonyms + (c.acronyms ?? []) {
                var toks: [Token] = []
                Tokenizer.tokens(phrase, paragraph: 0, into: &toks)
                for t in toks { countryWords.insert(t.id) }
            }
        }
        self.countryWords = countryWords
    }

    func terms(_ tokens: [Token]) -> SubjectTerms {
        var bag = SubjectTerms()
        for t in tokens {
            let k = t.id
            if stopwords.contains(t.lowerID) || stopwords.contains(k) { continue }
            guard let f = t.key.utf8.first, f >= 0x41 || f == 0x24 else { continue }   // letters and "$", not digits
            if countryWords.contains(k) { bag.proper[k] = max(bag.proper[k] ?? 0, 0.5); continue }
            if t.isAcronym {
                bag.proper[k] = max(bag.proper[k] ?? 0, 2.5)
            } else if t.isCapitalized {
                bag.proper[k] = max(bag.proper[k] ?? 0, t.startsSentence ? 1.0 : 2.0)
            } else if t.key.utf8.count >= 4 {
                bag.content[k] = max(bag.content[k] ?? 0, 0.5)
            }
        }
        return bag
    }
}
