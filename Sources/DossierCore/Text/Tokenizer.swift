/// A word of article text, with what the segmenter and the taggers need to know about it.
struct Token: Sendable {
    /// The word as written, possessive "’s" and initialism dots removed ("U.S." → "US").
    /// Built on demand: lookups use `id`, and making a String for every word was a tenth
    /// of the parse time. Words of up to 16 bytes are kept packed in place.
    var text: String {
        if let long { return long }
        return withUnsafeBytes(of: small) { String(decoding: UnsafeRawBufferPointer(rebasing: $0[..<Int(byteCount)]), as: UTF8.self) }
    }
    private var small: (UInt64, UInt64) = (0, 0)
    private var long: String?
    /// Byte length of `text`.
    var byteCount: Int32

    /// Same spelling, byte for byte.
    @inline(__always)
    func hasSameText(as other: Token) -> Bool {
        byteCount == other.byteCount && small == other.small && (long == nil) == (other.long == nil) && (long == nil || long == other.long)
    }

    /// First byte of `text` (0 for an empty word).
    var firstByte: UInt8 { long?.utf8.first ?? UInt8(truncatingIfNeeded: small.0) }

    /// The value of a word of one to four ASCII digits ("7", "2024").
    var smallNumber: Int? {
        guard long == nil, byteCount >= 1, byteCount <= 4 else { return nil }
        var v = 0
        for k in 0..<Int(byteCount) {
            let c = UInt8(truncatingIfNeeded: small.0 >> (UInt64(k) * 8))
            guard c >= 0x30 && c <= 0x39 else { return nil }
            v = v * 10 + Int(c - 0x30)
        }
        return v
    }

    /// True when the word ends with `suffix` (lower-case ASCII), ignoring ASCII case.
    func endsWith(_ suffix: String) -> Bool {
        let n = Int(byteCount)
        return suffix.withBytes { sfx in
            guard sfx.count <= n else { return false }
            if let long { return long.lowercased().hasSuffix(suffix) }
            return withUnsafeBytes(of: small) { b in
                for k in 0..<sfx.count {
                    var c = b[n - sfx.count + k]
                    if c >= 0x41 && c <= 0x5A { c += 0x20 }
                    if c != sfx[k] { return false }
                }
                return true
            }
        }
    }

    /// `packed`: the first 16 bytes packed little-endian, when the caller already has them.
    init(bytes w: UnsafeBufferPointer<UInt8>, packed: (UInt64, UInt64)? = nil, id: UInt64, lowerID: UInt64, keyLength: Int,
         paragraph: Int, isASCII: Bool, hasUpper: Bool, isCapitalized: Bool, isAcronym: Bool, startsSentence: Bool, possessive: Bool) {
        if w.count <= 16, let packed {
            small = packed
        } else if w.count <= 16 {
            var lo: UInt64 = 0, hi: UInt64 = 0
            for k in 0..<w.count {
                if k < 8 { lo |= UInt64(w[k]) << (UInt64(k) << 3) } else { hi |= UInt64(w[k]) << (UInt64(k - 8) << 3) }
            }
            small = (lo, hi)
        } else {
            long = String(decoding: w, as: UTF8.self)
        }
        byteCount = Int32(w.count)
        self.id = id; self.lowerID = lowerID; self.keyLength = Int32(keyLength); self.paragraph = Int32(paragraph)
        var f: UInt8 = 0
        if isASCII { f |= 1 }
        if hasUpper { f |= 2 }
        if isCapitalized { f |= 4 }
        if isAcronym { f |= 8 }
        if startsSentence { f |= 16 }
        if possessive { f |= 32 }
        flags = f
    }
    /// Lower-cased and lightly stemmed ("stablecoins" → "stablecoin"), for matching. Computed
    /// on demand: lookups use `id`, and only a few rules need the string itself.
    var key: String { Tokenizer.stem(lower) }
    /// Lower-cased, not stemmed (computed on demand, like `key`).
    var lower: String {
        guard hasUpper else { return text }
        return isASCII ? String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self) : text.lowercased()
    }
    /// `WordID` of `key` and of `lower`: what lookups use.
    var id: UInt64
    var lowerID: UInt64
    /// Byte length of `key`.
    var keyLength: Int32
    /// Index of the paragraph (or title, -1) the word comes from.
    var paragraph: Int32
    /// The yes/no facts below, one bit each: a struct of seven Bools was assembled byte by
    /// byte and then copied whole, which stalled the store for every word.
    private var flags: UInt8 = 0

    @inline(__always) private func flag(_ bit: UInt8) -> Bool { flags & bit != 0 }
    @inline(__always) private mutating func set(_ bit: UInt8, _ on: Bool) { if on { flags |= bit } else { flags &= ~bit } }

    var isASCII: Bool { flag(1) }
    /// Some letter is upper case (so `lower` differs from `text`).
    var hasUpper: Bool { flag(2) }
    var isCapitalized: Bool { flag(4) }
    /// Two or more letters, all upper case ("SEC", "MOFA"); digits allowed ("G10").
    var isAcronym: Bool { flag(8) }
    /// First word of a sentence (capitalisation says nothing about it).
    var startsSentence: Bool { flag(16) }
    /// True when the word was followed by "’s"/"'s".
    var possessive: Bool { flag(32) }
    /// True when a punctuation mark other than a hyphen separates it from the next word.
    var breakAfter: Bool {
        get { flag(64) }
        set { set(64, newValue) }
    }
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
    static func decode(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let c = b[i]
        if c < 0x80 { return (UInt32(c), 1) }
        if c < 0xE0, i + 1 < b.count { return (UInt32(c & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F), 2) }
        if c < 0xF0, i + 2 < b.count { return (UInt32(c & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F), 3) }
        if i + 3 < b.count { return (UInt32(c & 0x07) << 18 | UInt32(b[i + 1] & 0x3F) << 12 | UInt32(b[i + 2] & 0x3F) << 6 | UInt32(b[i + 3] & 0x3F), 4) }
        return (0xFFFD, 1)
    }

    /// Han, kana and Hangul: scripts written without spaces between words (Korean has
    /// spaces, but particles are glued on).
    @inline(__always)
    static func isCJK(_ v: UInt32) -> Bool {
        (v >= 0x3040 && v <= 0x30FF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0xAC00 && v <= 0xD7A3)
            || (v >= 0x1100 && v <= 0x11FF) || (v >= 0x3130 && v <= 0x318F) || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0xFF66 && v <= 0xFF9F)
            || (v >= 0x31F0 && v <= 0x31FF)
    }

    @inline(__always)
    static func isWordScalar(_ v: UInt32) -> Bool {
        if v < 0x80 { return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x24 }
        if v == 0x2019 || v == 0x201C || v == 0x201D || v == 0x2018 || v == 0x2014 || v == 0x2013 || v == 0xA0 || v == 0xB7 { return false }
        if isCJK(v) { return true }   // before the property lookup: CJK text is all such scalars
        guard let s = Unicode.Scalar(v) else { return false }
        return s.properties.isAlphabetic || s.properties.numericType != nil
    }

    /// ASCII bytes that are word characters: digits, letters, "$".
    /// (Arithmetic rather than a static table: a global's lazy-init check per byte cost more.)
    @inline(__always)
    private static func wordByte(_ c: UInt8) -> Bool {
        (c &- 0x30) < 10 || ((c | 0x20) &- 0x61) < 26 || c == 0x24
    }

    @inline(__always)
    private static func isWord(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        let c = b[i]
        return c < 0x80 ? wordByte(c) : isWordScalar(decode(b, i).0)
    }

    private static func scan(_ b: UnsafeBufferPointer<UInt8>, paragraph: Int, into out: inout [Token], limit: Int) {
        var i = 0
        let n = b.count
        let base = out.count   // marks before the first word belong to no earlier text
        var sentenceStart = true
        var scratch: [UInt8] = []
        while i < n {
            // Between words: note sentence ends and punctuation breaks.
            let c = b[i]
            var len = 1
            if c < 0x80 {
                if !wordByte(c) {
                    switch c {
                    case 0x2E, 0x21, 0x3F: // . ! ?
                        sentenceStart = true
                        if out.count > base { out[out.count - 1].breakAfter = true }
                    case 0x3A, 0x3B, 0x2C, 0x28, 0x29, 0x5B, 0x5D, 0x22, 0x7B, 0x7D, 0x2F, 0x7C:
                        if out.count > base { out[out.count - 1].breakAfter = true }
                    default: break
                    }
                    i += 1
                    continue
                }
            } else {
                let (v, l) = decode(b, i)
                len = l
                if !isWordScalar(v) {
                    switch v {
                    case 0x201C, 0x201D, 0x2018, 0x2014, 0x2013:
                        if out.count > base { out[out.count - 1].breakAfter = true }
                    default: break
                    }
                    i += len
                    continue
                }
            }
            if out.count >= limit { return }
            // A word: letters/digits, inner apostrophes ("don't"), dotted initials ("U.S.").
            let start = i
            var end = i
            var j = i
            var hasDot = false
            var ascii = true
            while j < n {
                let w = b[j]
                if w < 0x80 {
                    if wordByte(w) { j += 1; end = j; continue }
                    if w == 0x27, j + 1 < n, isWord(b, j + 1) { j += 1; continue }
                    if w == 0x2E, isInitialismDot(b, start, j) { hasDot = true; j += 1; end = j; continue }
                    break
                }
                let (v, wl) = decode(b, j)
                // Chinese, Japanese and Korean: every character is a token of its own, so
                // gazetteer phrases ("金融庁", "금융위원회") match inside unspaced text and
                // in front of Korean particles ("금융위원회가").
                if isCJK(v) {
                    if j == start { j += wl; end = j }
                    ascii = false
                    break
                }
                if isWordScalar(v) { ascii = false; j += wl; end = j; continue }
                if v == 0x2019, j + wl < n, isWord(b, j + wl) { j += wl; continue }
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
                if b[i] == 0x27, i + 1 >= n || !isWord(b, i + 1) { possessive = true }
                else if i + 2 < n, b[i] == 0xE2, b[i + 1] == 0x80, b[i + 2] == 0x99, i + 3 >= n || !isWord(b, i + 3) { possessive = true }
            }
            guard wordEnd > start else { continue }
            var word = UnsafeBufferPointer(rebasing: b[start..<wordEnd])
            if hasDot {
                scratch.removeAll(keepingCapacity: true)
                for c in word where c != 0x2E { scratch.append(c) }
            }
            out.append(hasDot ? scratch.withUnsafeBufferPointer { w in
                        makeToken(w, ascii: ascii, paragraph: paragraph, sentenceStart: sentenceStart, possessive: possessive) }
                       : makeToken(word, ascii: ascii, paragraph: paragraph, sentenceStart: sentenceStart, possessive: possessive))
            word = UnsafeBufferPointer(start: nil, count: 0)
            sentenceStart = false
        }
    }

    /// One token from its bytes. ASCII words are lower-cased and hashed in one pass; the
    /// stem's id comes from the running hash, without building the stem.
    @inline(__always)
    private static func makeToken(_ w: UnsafeBufferPointer<UInt8>, ascii: Bool, paragraph: Int, sentenceStart: Bool, possessive: Bool) -> Token {
        if ascii {
            var letters = 0, uppers = 0
            var h: UInt64 = 0xcbf29ce484222325
            var h1 = h, h2 = h, h3 = h   // hashes of the word minus its last 1, 2, 3 bytes
            var packed: (UInt64, UInt64) = (0, 0)   // the first 16 bytes as written
            for k in 0..<w.count {
                let c0 = w[k]
                var c = c0
                if c >= 0x41 && c <= 0x5A { uppers += 1; letters += 1; c += 0x20 }
                else if c >= 0x61 && c <= 0x7A { letters += 1 }
                h3 = h2; h2 = h1; h1 = h
                h = (h ^ UInt64(c)) &* 0x100000001b3
                if k < 8 { packed.0 |= UInt64(c0) << (UInt64(k) << 3) } else if k < 16 { packed.1 |= UInt64(c0) << (UInt64(k - 8) << 3) }
            }
            let lowerID = h == 0 ? 1 : h
            let n = w.count
            var id = lowerID, keyLength = n
            // The stemmer's rules (see `stem`), on bytes: "-ies" → "-y", "-xes/-ches/-shes/-sses"
            // lose "es", other plurals lose "s"; "-ss", "-us", "-is" stay.
            @inline(__always) func lo(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c + 0x20 : c }
            if n > 3, lo(w[n - 1]) == 0x73 {
                let c2 = lo(w[n - 2]), c3 = lo(w[n - 3]), c4 = lo(w[n - 4])
                var stemmed: UInt64?
                if c2 == 0x73 || c2 == 0x75 || c2 == 0x69 {
                } else if c2 == 0x65 && c3 == 0x69 && n > 4 {
                    stemmed = (h3 ^ 0x79) &* 0x100000001b3; keyLength = n - 2
                } else if c2 == 0x65 && (c3 == 0x78 || (c3 == 0x68 && (c4 == 0x63 || c4 == 0x73)) || (c3 == 0x73 && c4 == 0x73)) {
                    stemmed = h2; keyLength = n - 2
                } else {
                    stemmed = h1; keyLength = n - 1
                }
                if let s = stemmed { id = s == 0 ? 1 : s }
            }
            return Token(bytes: w, packed: packed, id: id, lowerID: lowerID, keyLength: keyLength, paragraph: paragraph,
                         isASCII: true, hasUpper: uppers > 0, isCapitalized: w[0] >= 0x41 && w[0] <= 0x5A,
                         isAcronym: letters >= 2 && uppers == letters, startsSentence: sentenceStart,
                         possessive: possessive)
        }
        // One Chinese, Japanese or Korean character: no case, no plural, so its id is the hash
        // of its bytes (CJK text is one token per character; building a String for each was
        // most of its cost).
        if w.count == 3, w[0] >= 0xE1, w[0] <= 0xEF, isCJK(UInt32(w[0] & 0x0F) << 12 | UInt32(w[1] & 0x3F) << 6 | UInt32(w[2] & 0x3F)) {
            let id = WordID.of(w)
            return Token(bytes: w, id: id, lowerID: id, keyLength: 3, paragraph: paragraph, isASCII: false, hasUpper: false,
                         isCapitalized: false, isAcronym: false, startsSentence: sentenceStart, possessive: possessive)
        }
        let text = String(decoding: w, as: UTF8.self)
        var letters = 0, uppers = 0, first = true, isCap = false
        for s in text.unicodeScalars {
            let p = s.properties
            if p.isAlphabetic {
                letters += 1
                if p.isUppercase { uppers += 1; if first { isCap = true } }
            }
            first = false
        }
        let lower = text.lowercased()
        let lowerID = WordID.of(lower)
        let key = stem(lower)
        return Token(bytes: w, id: key.utf8.count == lower.utf8.count ? lowerID : WordID.of(key), lowerID: lowerID,
                     keyLength: key.utf8.count, paragraph: paragraph, isASCII: false, hasUpper: lower != text,
                     isCapitalized: isCap, isAcronym: letters >= 2 && uppers == letters, startsSentence: sentenceStart,
                     possessive: possessive)
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
