/// The words that say what a paragraph is about, for telling where one story ends and the
/// next begins. Names and acronyms weigh most; country words little (a roundup of Asian
/// news mentions China in every story); ordinary content words a little.
struct SubjectTerms: Sendable {
    var proper = IDMap<Double>()
    var content = IDMap<Double>()

    var properWeight: Double { var sum = 0.0; proper.forEach { sum += $1 }; return sum }

    mutating func formUnion(_ other: SubjectTerms) {
        other.proper.forEach { k, w in proper.raise(k, to: w) }
        other.content.forEach { k, w in content.raise(k, to: w) }
    }

    /// Share of this bag's weight that `story` also has (0 when there is nothing to compare).
    func overlap(with story: SubjectTerms, properOnly: Bool = false) -> Double {
        var hit = 0.0, total = 0.0
        proper.forEach { k, w in
            total += w
            if story.proper.contains(k) || story.content.contains(k) { hit += w }
        }
        if !properOnly {
            content.forEach { k, w in
                total += w
                if story.content.contains(k) || story.proper.contains(k) { hit += w }
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
                // (Not the characters of a Chinese or Japanese name: one character alone names
                // nothing, and "国" or "本" would tie unrelated stories together.)
                for t in toks where t.isASCII || t.byteCount > 3 { countryWords.insert(t.id) }
            }
        }
        self.countryWords = countryWords
    }

    func terms(_ tokens: [Token]) -> SubjectTerms {
        var bag = SubjectTerms()
        // Fields are read in place: copying each Token would retain and release its text.
        for i in tokens.indices {
            let k = tokens[i].id
            if stopwords.contains(tokens[i].lowerID) || stopwords.contains(k) { continue }
            let f = tokens[i].firstByte
            guard f >= 0x41 || f == 0x24 else { continue }   // letters and "$", not digits
            if countryWords.contains(k) { bag.proper.raise(k, to: 0.5); continue }
            if tokens[i].isAcronym {
                bag.proper.raise(k, to: 2.5)
            } else if tokens[i].isCapitalized {
                bag.proper.raise(k, to: tokens[i].startsSentence ? 1.0 : 2.0)
            } else if tokens[i].keyLength >= 4 {
                bag.content.raise(k, to: 0.5)
            }
        }
        return bag
    }
}

extension IDMap where Value == Double {
    /// Keeps the larger weight.
    @inline(__always)
    mutating func raise(_ key: UInt64, to w: Double) {
        if let old = self[key], old >= w { return }
        self[key] = w
    }
}
