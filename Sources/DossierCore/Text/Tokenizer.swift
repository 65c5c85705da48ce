/// A word of article text, with what the segmenter and the taggers need to know about it.
struct Token: Sendable {
    /// The word as written, possessive "’s" and initialism dots removed ("U.S." → "US").
    var text: String
    /// Lower-cased and lightly stemmed ("stablecoins" → "stablecoin"), for matching.
    var key: String
    /// Lower-cased, not stemmed.
    var lower: String
    /// `WordID` of `key` and of `lower`: what lookups use.
    var id: UInt64
    var lowerID: UInt64
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

/// Splits text into word tokens, working on UTF-8 bytes with an ASCII fast path (this is
/// the parser's hottest loop). Letters and digits form words; "U.S." becomes "US";
/// "Hong Kong’s" gives "Hong", "Kong" (possessive); hyphens split words ("US-based" → "US").
enum Tokenizer {
    static func tokens(_ text: String, paragraph: Int, into out: inout [Token], limit: Int = .max) {
        var text = text
        text.withUTF8 { buf in scan(buf, paragraph: paragraph, into: &out, limit: limit) }
    }

    /// One decoded scalar at `i`: its value and byte length.
    @inline(__always)
    private static func decode(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let c = b[i]
        if c < 0x80 { return (UInt32(c), 1) }
        if c < 0xE0, i + 1 < b.count { return (UInt32(c & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F), 2) }
        if c < 0xF0, i + 2 < b.count { return (UInt32(c & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F), 3) }
        if i + 3 < b.count { return (UInt32(c & 0x07) << 18 | UInt32(b[i + 1] & 0x3F) << 12 | UInt32(b[i + 2] & 0x3F) << 6 | UInt32(b[i + 3] & 0x3F), 4) }
        return (0xFFFD, 1)
    }

    @inline(__always)
    static func isWordScalar(_ v: UInt32) -> Bool {
        if v < 0x80 { return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x24 }
        if v == 0x2019 || v == 0x201C || v == 0x201D || v == 0x2018 || v == 0x2014 || v == 0x2013 || v == 0xA0 || v == 0xB7 { return false }
        guard let s = Unicode.Scalar(v) else { return false }
        return s.properties.isAlphabetic || s.properties.numericType != nil
    }

    private static func scan(_ b: UnsafeBufferPointer<UInt8>, paragraph: Int, into out: inout [Token], limit: Int) {
        var i = 0
        let n = b.count
        var sentenceStart = true
        while i < n {
            if out.count >= limit { return }
            let (v, len) = decode(b, i)
            if !isWordScalar(v) {
                switch v {
                case 0x2E, 0x21, 0x3F: // . ! ?
                    sentenceStart = true
                    if !out.isEmpty { out[out.count - 1].breakAfter = true }
                case 0x3A, 0x3B, 0x2C, 0x28, 0x29, 0x5B, 0x5D, 0x22, 0x7B, 0x7D, 0x2F, 0x7C, 0x201C, 0x201D, 0x2018, 0x2014, 0x2013:
                    if !out.isEmpty { out[out.count - 1].breakAfter = true }
                default: break
                }
                i += len
                continue
            }
            // A word: letters/digits, inner apostrophes ("don't"), dotted initials ("U.S.").
            let start = i
            var end = i
            var j = i
            var hasDot = false
            var ascii = true
            while j < n {
                let (w, wl) = decode(b, j)
                if isWordScalar(w) { if w >= 0x80 { ascii = false }; j += wl; end = j; continue }
                if w == 0x27 || w == 0x2019, j + wl < n, isWordScalar(decode(b, j + wl).0) { j += wl; continue }
                if w == 0x2E, isInitialismDot(b, start, j) { hasDot = true; j += 1; end = j; continue }
                break
            }
            i = end > start ? end : start + len
            // Possessive: "’s" / "'s" right after the word ("Kong’s"), or a trailing "’" ("firms’").
            var wordEnd = end
            var possessive = false
            if wordEnd - start >= 3, b[wordEnd - 1] == 0x73 {
                if b[wordEnd - 2] == 0x27 { wordEnd -= 2; possessive = true }
                else if wordEnd - start >= 5, b[wordEnd - 2] == 0x99, b[wordEnd - 3] == 0x80, b[wordEnd - 4] == 0xE2 { wordEnd -= 4; possessive = true }
            }
            if !possessive, i < n {
                if b[i] == 0x27, i + 1 >= n || !isWordScalar(decode(b, i + 1).0) { possessive = true }
                else if i + 2 < n, b[i] == 0xE2, b[i + 1] == 0x80, b[i + 2] == 0x99, i + 3 >= n || !isWordScalar(decode(b, i + 3).0) { possessive = true }
            }
            guard wordEnd > start else { continue }
            var bytes = Array(UnsafeBufferPointer(rebasing: b[start..<wordEnd]))
            if hasDot { bytes.removeAll { $0 == 0x2E } }
            let text = String(decoding: bytes, as: UTF8.self)
            var isCap = false, isAcronym = false
            let lower: String
            if ascii {
                var letters = 0, uppers = 0
                for (k, c) in bytes.enumerated() {
                    if c >= 0x41 && c <= 0x5A { uppers += 1; letters += 1; if k == 0 { isCap = true } }
                    else if c >= 0x61 && c <= 0x7A { letters += 1 }
                }
                isAcronym = letters >= 2 && uppers == letters
                if uppers > 0 {
                    for k in bytes.indices where bytes[k] >= 0x41 && bytes[k] <= 0x5A { bytes[k] += 0x20 }
                    lower = String(decoding: bytes, as: UTF8.self)
                } else {
                    lower = text
                }
            } else {
                var letters = 0, uppers = 0, first = true
                for s in text.unicodeScalars {
                    let p = s.properties
                    if p.isAlphabetic {
                        letters += 1
                        if p.isUppercase { uppers += 1; if first { isCap = true } }
                    }
                    first = false
                }
                isAcronym = letters >= 2 && uppers == letters
                lower = text.lowercased()
            }
            let key = stem(lower)
            let lowerID = WordID.of(lower)
            out.append(Token(text: text, key: key, lower: lower, id: key.utf8.count == lower.utf8.count ? lowerID : WordID.of(key),
                             lowerID: lowerID, isCapitalized: isCap, isAcronym: isAcronym,
                             startsSentence: sentenceStart, paragraph: paragraph, possessive: possessive, breakAfter: false))
            sentenceStart = false
        }
    }

    /// "U.S." / "U.K.": single capital letters separated by dots.
    @inline(__always)
    private static func isInitialismDot(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ dot: Int) -> Bool {
        let last = b[dot - 1]
        guard last >= 0x41 && last <= 0x5A else { return false }
        if dot - 1 > start, b[dot - 2] != 0x2E { return false }   // "US." is not an initialism
        let next = dot + 1
        if next < b.count, b[next] >= 0x41 && b[next] <= 0x5A { return next + 1 < b.count && b[next + 1] == 0x2E }
        return dot - start >= 3   // "U.S" then "." then space: the closing dot
    }

    /// Light stemmer: plural endings only, so keys stay readable.
    static func stem(_ w: String) -> String {
        let u = w.utf8
        let n = u.count
        guard n > 3, u.last == 0x73 else { return w }   // "s"
        var it = u.reversed().makeIterator()
        _ = it.next()
        let c2 = it.next()!, c3 = it.next()!, c4 = it.next() ?? 0
        if c2 == 0x73 || c2 == 0x75 || c2 == 0x69 { return w }                 // -ss -us -is
        if c2 == 0x65 && c3 == 0x69 && n > 4 { return String(w.dropLast(3)) + "y" } // -ies
        if c2 == 0x65 && (c3 == 0x78 || (c3 == 0x68 && (c4 == 0x63 || c4 == 0x73)) || (c3 == 0x73 && c4 == 0x73)) {
            return String(w.dropLast(2))                                           // -xes -ches -shes -sses
        }
        return String(w.dropLast())
    }
}
