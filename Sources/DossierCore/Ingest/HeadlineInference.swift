/// Derives a headline for a story that has none, from its lede's first sentence:
/// drop asides in parentheses and appositives ("Sina Weibo, one of China’s largest…,
/// has banned…" → "Sina Weibo has banned…"), stop at the first clause break, and cut to
/// about a dozen words at a natural break (before "with", "to", "as"…).
enum HeadlineInference {
    /// A first clause up to this long is kept whole.
    static let maximumWords = 18
    /// Word lists from lexicon.json (abbreviations, break words, appositive cues).
    private static let abbreviations = Set(ResourceData.shared.lexicon.abbreviations)
    private static let breakWords = Set(ResourceData.shared.lexicon.headlineBreakWords)
    private static let appositiveOpeners = Set(ResourceData.shared.lexicon.appositiveOpeners)
    private static let verbsAfterAppositive = Set(ResourceData.shared.lexicon.verbsAfterAppositive)

    static func headline(from lede: String) -> String {
        var sentence = firstSentence(Dateline.strip(lede))
        sentence = removingParentheticals(sentence)
        sentence = removingAppositive(sentence)
        // First clause.
        for sep in [", ", " — ", " – ", "; ", ": "] {
            if let r = sentence.byteRange(of: sep), sentence.distance(from: sentence.startIndex, to: r.lowerBound) > 20 {
                sentence = String(sentence[..<r.lowerBound])
            }
        }
        var words = sentence.utf8.split(separator: 0x20).map { String(Substring($0)) }
        if words.count > maximumWords {
            // Cut at the first clause-like break after the core of the sentence.
            let upper = min(maximumWords, words.count - 1)
            let cut = (8...max(8, upper)).first { $0 < words.count && breakWords.contains(words[$0].lowercased()) } ?? maximumWords
            words = Array(words.prefix(cut))
            while let last = words.last, breakWords.contains(last.lowercased()) || ["the", "a", "an", "to", "of"].contains(last.lowercased()) {
                words.removeLast()
            }
        }
        var title = words.joined(separator: " ")
        while let last = title.unicodeScalars.last, ".,;:—–-".unicodeScalars.contains(last) { title.unicodeScalars.removeLast() }
        if let f = title.first, f.isLowercase { title = f.uppercased() + title.dropFirst() }
        return title
    }

    /// Up to the first ". " that ends a sentence (not "Sept. 7", "U.S. officials", "Mr. Lee").
    static func firstSentence(_ text: String) -> String {
        let u = Array(text.utf8)
        var i = 1
        while i + 2 < u.count {
            if u[i] == 0x2E, u[i + 1] == 0x20 {
                var w = i
                while w > 0, u[w - 1] != 0x20 { w -= 1 }
                let lastWord = String(decoding: u[w..<i], as: UTF8.self).lowercased()
                let core = lastWord.filter { $0.isLetter || $0 == "." }
                let next = u[i + 2]
                let startsSentence = (next >= 0x41 && next <= 0x5A) || next == 0x22 || next == 0xE2
                if startsSentence && core.count > 1 && !abbreviations.contains(core) {
                    return String(decoding: u[...i], as: UTF8.self)
                }
            }
            i += 1
        }
        return text
    }

    private static func removingParentheticals(_ s: String) -> String {
        // Parentheses are ASCII, so this works on bytes (Character by Character was slow).
        s.withBytes { b -> String in
            guard b.contains(where: { $0 == 0x28 || $0 == 0x29 }) else { return s }
            var out: [UInt8] = []
            out.reserveCapacity(b.count)
            var depth = 0
            for c in b {
                if c == 0x28 { depth += 1; if out.last == 0x20 { out.removeLast() }; continue }
                if c == 0x29 { depth = max(0, depth - 1); continue }
                if depth == 0 { out.append(c) }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// "X, a company that…, has …" → "X has …".
    private static func removingAppositive(_ s: String) -> String {
        guard let first = s.byteRange(of: ", ") else { return s }
        let opener = firstWord(s[first.upperBound...])
        guard !opener.isEmpty, appositiveOpeners.contains(opener.lowercased()) else { return s }
        var search = first.upperBound
        while let next = s.byteRange(of: ", ", from: s.utf8.distance(from: s.utf8.startIndex, to: search)) {
            let following = firstWord(s[next.upperBound...]).lowercased()
            if verbsAfterAppositive.contains(following) || following.hasSuffix("ed") {
                return String(s[..<first.lowerBound]) + " " + s[next.upperBound...]
            }
            search = next.upperBound
        }
        return s
    }
}

/// The text up to its first space, leading spaces skipped (what `split(separator: " ").first`
/// gives, without splitting the whole text).
private func firstWord(_ s: Substring) -> Substring {
    let rest = s.drop { $0 == " " }
    return rest.prefix { $0 != " " }
}

extension Dateline {
    /// The text without its dateline.
    static func strip(_ text: String) -> String {
        // "[Agency Reporter Name] The five…": a bracketed credit opens the paragraph.
        if text.hasPrefix("["), let close = text.firstIndex(of: "]"), text.distance(from: text.startIndex, to: close) < 80 {
            return strip(String(text[text.index(after: close)...]).trimmingSpaces())
        }
        // "(서울=통신사) 홍길동 기자 = 금융감독원이…": place and agency, then the reporter.
        if text.hasPrefix("("), let close = text.firstIndex(of: ")"), text[..<close].contains("="),
           let eq = text[close...].range(of: " = "), text.distance(from: close, to: eq.lowerBound) < 30 {
            return String(text[eq.upperBound...])
        }
        // "2-9-2023 (SINGAPORE) Most…": a date and the place it was filed from.
        if DateParser.datelineDate(text) != nil {
            for sep in [") ", " — ", " – ", " - ", ": "] {
                if let r = text.byteRange(of: sep), text.distance(from: text.startIndex, to: r.lowerBound) < 60 {
                    return String(text[r.upperBound...])
                }
            }
        }
        guard find(in: text) != nil else { return text }
        for sep in [" — ", " – ", " -- ", ": "] {
            if let r = text.byteRange(of: sep), text.distance(from: text.startIndex, to: r.lowerBound) < 60 {
                return String(text[r.upperBound...])
            }
        }
        return text
    }
}
