/// A word of article text, with what the segmenter and the taggers need to know about it.
struct Token: Sendable {
    /// The word as written, possessive "’s" removed.
    var text: Substring
    /// Lower-cased and lightly stemmed ("stablecoins" → "stablecoin"), for matching.
    var key: String
    /// Lower-cased, not stemmed.
    var lower: String
    var isCapitalized: Bool
    /// Two or more letters, all upper case ("SEC", "MOFA"); digits allowed ("G10").
    var isAcronym: Bool
    /// First word of a sentence (capitalisation says nothing about it).
    var startsSentence: Bool
    /// Index of the paragraph (or title, -1) the word comes from.
    var paragraph: Int
    /// True when the word was followed by "’s"/"'s".
    var possessive: Bool
    /// True when a punctuation mark other than a hyphen separates it from the next word.
    var breakAfter: Bool
}

/// Splits text into word tokens. Letters and digits form words; "U.S." becomes "US";
/// "Hong Kong’s" gives "Hong", "Kong" (possessive). Hyphens split words, so "US-based"
/// yields "US".
enum Tokenizer {
    static func tokens(_ text: String, paragraph: Int, into out: inout [Token], limit: Int = .max) {
        let scalars = text.unicodeScalars
        var i = scalars.startIndex
        var sentenceStart = true
        var pendingBreak = false
        while i < scalars.endIndex {
            if out.count >= limit { return }
            let c = scalars[i]
            if !isWordScalar(c) {
                switch c {
                case ".", "!", "?", ":", ";":
                    // "." between digits or inside "U.S." is not a sentence end; handled in words.
                    if c != ":" && c != ";" { sentenceStart = true }
                    pendingBreak = true
                case ",", "(", ")", "[", "]", "\"", "“", "”", "‘", "—", "–", "/", "|", "{", "}":
                    pendingBreak = true
                default: break
                }
                if pendingBreak, !out.isEmpty { out[out.count - 1].breakAfter = true }
                i = scalars.index(after: i)
                continue
            }
            pendingBreak = false
            let start = i
            var end = i
            var j = i
            // Word: letters/digits, with inner apostrophes ("don't") and dotted initials ("U.S.").
            while j < scalars.endIndex {
                let s = scalars[j]
                if isWordScalar(s) { j = scalars.index(after: j); end = j; continue }
                if (s == "'" || s == "’"), j < scalars.index(before: scalars.endIndex) {
                    let n = scalars[scalars.index(after: j)]
                    if isWordScalar(n) { j = scalars.index(after: j); continue }
                }
                if s == ".", isInitialism(scalars, start, j) { j = scalars.index(after: j); end = j; continue }
                break
            }
            var word = Substring(String(scalars[start..<end]))
            var possessive = false
            if word.hasSuffix("’s") || word.hasSuffix("'s") { word = word.dropLast(2); possessive = true }
            else if word.hasSuffix("’") || word.hasSuffix("'") { word = word.dropLast(1); possessive = true }
            if word.contains(".") { word = Substring(word.filter { $0 != "." }) }
            i = end == start ? scalars.index(after: start) : end
            guard !word.isEmpty else { continue }
            let first = word.unicodeScalars.first!
            let isUpper = first.properties.isUppercase
            var upperCount = 0, letterCount = 0
            for s in word.unicodeScalars where s.properties.isAlphabetic {
                letterCount += 1
                if s.properties.isUppercase { upperCount += 1 }
            }
            let lower = word.lowercased()
            out.append(Token(text: word, key: stem(lower), lower: lower, isCapitalized: isUpper,
                             isAcronym: letterCount >= 2 && upperCount == letterCount,
                             startsSentence: sentenceStart, paragraph: paragraph, possessive: possessive,
                             breakAfter: false))
            sentenceStart = false
        }
    }

    @inline(__always) static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            let v = s.value
            return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x24
        }
        return s.properties.isAlphabetic || s.properties.numericType != nil
    }

    /// "U.S." / "U.K.": single letters separated by dots.
    private static func isInitialism(_ s: String.UnicodeScalarView, _ start: String.UnicodeScalarView.Index,
                                     _ dot: String.UnicodeScalarView.Index) -> Bool {
        let segment = s[start..<dot]
        guard let last = segment.last, last.properties.isUppercase else { return false }
        if segment.count >= 2 { let beforeLast = segment[segment.index(segment.endIndex, offsetBy: -2)]; if beforeLast != "." { return false } }
        let next = s.index(after: dot)
        guard next < s.endIndex else { return segment.count >= 3 }
        let n = s[next]
        if n.properties.isUppercase {
            let after = s.index(after: next)
            return after < s.endIndex && s[after] == "."
        }
        return segment.count >= 3 // "U.S." then space
    }

    /// Light stemmer: plural and possessive endings only, so keys stay readable.
    static func stem(_ w: String) -> String {
        let n = w.utf8.count
        guard n > 3, w.utf8.last == UInt8(ascii: "s") else { return w }
        if w.hasSuffix("ss") || w.hasSuffix("us") || w.hasSuffix("is") { return w }
        if w.hasSuffix("ies"), n > 4 { return String(w.dropLast(3)) + "y" }
        if w.hasSuffix("sses") || w.hasSuffix("xes") || w.hasSuffix("ches") || w.hasSuffix("shes") { return String(w.dropLast(2)) }
        return String(w.dropLast())
    }
}
