/// Finds gazetteer phrases in a token stream, longest match first, in one pass.
///
/// Phrases are tokenised with the same `Tokenizer` as article text, so "People’s Bank of
/// China" and "U.S." match however the article writes them.
struct PhraseMatcher<Payload: Sendable>: Sendable {
    enum CaseRule: Sendable {
        /// Any case ("stablecoin", "Stablecoin").
        case any
        /// First word capitalised ("Korea", not "korea"): proper names.
        case capitalized
        /// Exactly as written: acronyms ("SEC" but not "sec", "Fed" but not "fed").
        case exact
    }

    struct Entry: Sendable {
        let words: [UInt64]     // ids of the stemmed keys
        let surface: [Token]    // original spelling, for `.exact`
        let rule: CaseRule
        let payload: Payload
        let notFollowedBy: [UInt64]
    }

    struct Match: Sendable {
        let range: Range<Int>   // token indexes
        let payload: Payload
    }

    private var byFirstWord = IDMap<[Entry]>()

    mutating func add(_ phrase: String, rule: CaseRule, payload: Payload, notFollowedBy: [String] = []) {
        var toks: [Token] = []
        Tokenizer.tokens(phrase, paragraph: 0, into: &toks)
        guard let first = toks.first else { return }
        // Scripts without case (Chinese, Japanese, Korean) cannot be capitalised.
        var rule = rule
        if rule == .capitalized, let f = phrase.unicodeScalars.first, !f.properties.changesWhenCaseMapped { rule = .any }
        let entry = Entry(words: toks.map(\.id), surface: toks, rule: rule, payload: payload,
                          notFollowedBy: notFollowedBy.map { WordID.of(Tokenizer.stem($0.lowercased())) })
        var list = byFirstWord[first.id] ?? []
        list.append(entry)
        // Longest first, so the first entry that matches at a position is the longest.
        list.sort { $0.words.count > $1.words.count }
        byFirstWord[first.id] = list
    }

    /// Every phrase's first-word id: for building one filter over several matchers.
    var firstWords: [UInt64] {
        var ids: [UInt64] = []
        byFirstWord.forEach { id, _ in ids.append(id) }
        return ids
    }

    /// The longest phrase starting at token `i`, if any.
    @inline(__always)
    func match(at i: Int, in tokens: [Token]) -> Match? {
        guard let entries = byFirstWord[tokens[i].id] else { return nil }
        return firstMatch(entries, tokens, at: i)
    }

    /// Non-overlapping matches, scanning left to right and preferring the longest phrase.
    func matches(in tokens: [Token]) -> [Match] {
        var out: [Match] = []
        var i = 0
        while i < tokens.count {
            if let entries = byFirstWord[tokens[i].id], let m = firstMatch(entries, tokens, at: i) {
                out.append(m)
                i = m.range.upperBound
            } else {
                i += 1
            }
        }
        return out
    }

    private func firstMatch(_ entries: [Entry], _ tokens: [Token], at i: Int) -> Match? {
        outer: for e in entries {
            let end = i + e.words.count
            guard end <= tokens.count else { continue }
            for k in 0..<e.words.count {
                let j = i + k   // fields read in place, not a copy of the Token
                guard tokens[j].id == e.words[k] else { continue outer }
                // A phrase may not run across a paragraph or a comma/parenthesis boundary.
                if k < e.words.count - 1, tokens[j].breakAfter || tokens[j + 1].paragraph != tokens[j].paragraph { continue outer }
                switch e.rule {
                case .any: break
                case .capitalized: if k == 0 && !tokens[j].isCapitalized { continue outer }
                case .exact: if !tokens[j].hasSameText(as: e.surface[k]) { continue outer }
                }
            }
            if !e.notFollowedBy.isEmpty, end < tokens.count, !tokens[end - 1].breakAfter,
               e.notFollowedBy.contains(tokens[end].id) { continue }
            return Match(range: i..<end, payload: e.payload)
        }
        return nil
    }
}
