import Foundation

/// Splits text whose paragraphs were glued together by a scraper back into paragraphs and
/// subheadings, dropping photo credits on the way.
///
/// Scraped teasers lose the breaks between HTML blocks: "…implemented.Photo by Pixabay on
/// PexelsPurpose Bound Money (PBM)MAS’s White Paper…". The evidence is structural:
/// - a sentence end directly followed by a capital ("adopted.The") is a paragraph break,
///   because within a paragraph sentences are separated by a space;
/// - "Photo by … on <stock site>" / "©Site/Name" are credits, cut out;
/// - a short run of words with no sentence punctuation, ending where a lower-case letter
///   runs straight into a capitalised word ("prizesAs the…", "ActUnder the…"), is a
///   subheading — unless that glued word is a real name: listed in the lexicon
///   (bitFlyer, KuCoin) or written the same way elsewhere in the text.
struct GlueRepair {
    let rules: ResourceData
    private let camelNames: Set<String>

    init(rules: ResourceData) {
        self.rules = rules
        self.camelNames = Set(rules.lexicon.camelCaseNames)
    }

    /// True when `text` shows signs of glued blocks: a sentence running into the next with
    /// no space, or an inline photo credit.
    func looksGlued(_ text: String) -> Bool {
        guard Self.mayBeGlued(text) else { return false }
        let s = Self.scalars(of: text)
        var glues = 0
        for k in 1..<max(s.count, 1) where Self.endsSentence(s[k - 1]) && Self.couldStartBlock(s[k]) && isSentenceGlue(s, at: k) {
            glues += 1
            if glues >= 2 { return true }
        }
        return glues >= 1 && s.count > 400 || creditStart(in: s, from: 0) != nil
    }

    /// Byte-level pre-check: a sentence mark directly followed by a capital or a quote, or a
    /// credit marker. Most paragraphs have none and skip the scalar-level work.
    static func mayBeGlued(_ text: String) -> Bool {
        // A mark right before a capital, a straight quote or a multi-byte character (curly
        // quotes) covers every glue `isSentenceGlue` can find, with or without a closing
        // quote between them.
        text.withBytes { b in
            let n = b.count
            var i = 0
            while i < n {
                let c = b[i]
                switch c {
                case 0x2E, 0x21, 0x3F, 0x3A:   // . ! ? :
                    if i + 1 < n {
                        let d = b[i + 1]
                        if (d >= 0x41 && d <= 0x5A) || d == 0x22 || d == 0xE2 { return true }
                    }
                case 0xA9:                     // © (C2 A9)
                    if i > 0, b[i - 1] == 0xC2 { return true }
                case 0x20:                     // "…hoto by " / "…mage by "
                    if i >= 7, b[i - 1] == 0x79, b[i - 2] == 0x62, b[i - 3] == 0x20, b[i - 4] == 0x6F || b[i - 4] == 0x65 {
                        if (b[i - 4] == 0x6F && b[i - 5] == 0x74 && b[i - 6] == 0x6F && b[i - 7] == 0x68)
                            || (b[i - 4] == 0x65 && b[i - 5] == 0x67 && b[i - 6] == 0x61 && b[i - 7] == 0x6D) { return true }
                    }
                default: break
                }
                i += 1
            }
            return false
        }
    }

    /// A sentence mark or a closing curly quote: what can stand right before glue.
    @inline(__always) static func endsSentence(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return v == 0x2E || v == 0x21 || v == 0x3F || v == 0x3A || v == 0x201D || v == 0x2019
    }

    @inline(__always) static func couldStartBlock(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return (v >= 0x41 && v <= 0x5A) || v == 0x22 || v == 0x201C || v == 0x2018 || (v >= 0x61 && v <= 0x7A) || v >= 0x80
    }

    /// The text's scalars, decoded from UTF-8 with an ASCII fast path (the generic
    /// `Array(text.unicodeScalars)` counts first, then copies).
    static func scalars(of text: String) -> [Unicode.Scalar] {
        text.withBytes { b in
            var out: [Unicode.Scalar] = []
            out.reserveCapacity(b.count)
            var i = 0
            while i < b.count {
                let c = b[i]
                if c < 0x80 { out.append(Unicode.Scalar(c)); i += 1; continue }
                var v: UInt32, len: Int
                if c < 0xE0 { v = UInt32(c & 0x1F); len = 2 } else if c < 0xF0 { v = UInt32(c & 0x0F); len = 3 } else { v = UInt32(c & 0x07); len = 4 }
                guard i + len <= b.count else { out.append("\u{FFFD}"); break }
                for k in 1..<len { v = v << 6 | UInt32(b[i + k] & 0x3F) }
                out.append(Unicode.Scalar(v) ?? "\u{FFFD}")
                i += len
            }
            return out
        }
    }

    /// A String from scalars, through UTF-8 bytes (appending scalar by scalar is slow).
    static func string<C: Collection>(_ scalars: C) -> String where C.Element == Unicode.Scalar {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count + 8)
        for s in scalars {
            if s.value < 0x80 { bytes.append(UInt8(s.value)) } else { UTF8.encode(s) { bytes.append($0) } }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Splits `text` into blocks; `line` is stamped on each.
    func split(_ text: String, line: Int) -> [BodyBlock] {
        let scalars = Self.scalars(of: text)
        var blocks: [BodyBlock] = []
        for chunk in removingCredits(scalars) {
            for piece in splitAtSentenceGlue(chunk) {
                var rest = piece[...]
                // Headings may stack ("Japan" then "Japan is…"), so peel them repeatedly.
                while let (heading, remainder) = leadingHeading(rest, fullText: text) {
                    blocks.append(BodyBlock(kind: .subheading, text: trimmed(heading), line: line))
                    rest = remainder
                }
                let p = trimmed(rest)
                if !p.isEmpty { blocks.append(BodyBlock(kind: .paragraph, text: p, line: line)) }
            }
        }
        return blocks
    }

    // MARK: Credits

    private func hasPrefix(_ s: [Unicode.Scalar], _ at: Int, _ prefix: String) -> Bool {
        var i = at
        for p in prefix.unicodeScalars {
            guard i < s.count, s[i] == p else { return false }
            i += 1
        }
        return true
    }

    /// Start of the next inline credit ("Photo by", "Image by", "©") at or after `from`.
    private func creditStart(in s: [Unicode.Scalar], from: Int) -> Int? {
        var i = from
        while i < s.count {
            let c = s[i]
            if c == "©" { return i }
            if (c == "P" || c == "I"), i == 0 || !s[i - 1].isAlpha || isCamelBoundary(s, i) {
                if hasPrefix(s, i, "Photo by ") || hasPrefix(s, i, "Image by ") || hasPrefix(s, i, "Image: ")
                    || hasPrefix(s, i, "Photo: ") || hasPrefix(s, i, "Image credit") || hasPrefix(s, i, "Photo credit") { return i }
            }
            i += 1
        }
        return nil
    }

    /// End (exclusive) of the credit starting at `start`: after "on|via|from <stock site>"
    /// when one follows within a dozen words (names like "McArthur" must not end it early),
    /// else at the first place where the credit runs into the next block.
    private func creditEnd(in s: [Unicode.Scalar], start: Int) -> Int {
        let limit = min(s.count, start + 160)
        var i = start + 1
        var words = 0
        while i < limit, words <= 12 {
            if s[i] == " " {
                words += 1
                for joiner in [" on ", " via ", " from ", " / ", "/"] where hasPrefix(s, i, joiner) {
                    let siteStart = i + joiner.unicodeScalars.count
                    for site in rules.boilerplate.stockPhotoSites where hasPrefix(s, siteStart, site) {
                        return siteStart + site.unicodeScalars.count
                    }
                }
            }
            i += 1
        }
        i = start + 1
        words = 0
        while i < limit {
            if s[i] == " " { words += 1; if words > 12 { return i } }
            else if isCamelBoundary(s, i) || (i > start + 2 && isSentenceGlue(s, at: i)) { return i }
            i += 1
        }
        return limit
    }

    /// The text with credits removed, cut into chunks where credits stood.
    private func removingCredits(_ s: [Unicode.Scalar]) -> [ArraySlice<Unicode.Scalar>] {
        var chunks: [ArraySlice<Unicode.Scalar>] = []
        var pos = 0
        while let c = creditStart(in: s, from: pos) {
            if c > pos { chunks.append(s[pos..<c]) }
            pos = creditEnd(in: s, start: c)
        }
        if pos < s.count { chunks.append(s[pos...]) }
        return chunks
    }

    // MARK: Sentence glue

    /// Is `k` the first scalar of a new block glued to a sentence end? ("adopted.The",
    /// "lines.”Risk", "include:Reserve")
    func isSentenceGlue(_ s: [Unicode.Scalar], at k: Int) -> Bool {
        guard k >= 2, k < s.count else { return false }
        // Only a sentence mark or a closing curly quote can stand right before the glue; a
        // straight quote before a capital opens the next block ('stated:"With').
        guard Self.endsSentence(s[k - 1]) else { return false }
        var p = k - 1
        while p > 0, isClosingQuote(s[p]) { p -= 1 }
        let mark = s[p]
        guard mark == "." || mark == "!" || mark == "?" || mark == ":" else { return false }
        guard p >= 1 else { return false }
        let before = s[p - 1]
        guard before.isAlpha || before.isDigitLike || before == ")"
                || isClosingQuote(before) || before == "%" else { return false }
        // "U.S.The": allow; "e.g.The": a lower-case initialism is not a sentence end.
        if mark == ".", p >= 2, s[p - 2] == ".", before.isLower { return false }
        return startsBlock(s, k)
    }

    /// A capitalised word ("The", "KuCoin", "A ") or an opening quote before one.
    private func startsBlock(_ s: [Unicode.Scalar], _ k: Int) -> Bool {
        var i = k
        if isOpeningQuote(s[i]) { i += 1; guard i < s.count else { return false } }
        guard s[i].isUpper else { return startsListedName(s, i) }
        guard i + 1 < s.count else { return false }
        let n = s[i + 1]
        if n.isLower || n == " " || n == "’" || n == "'" { return true }
        // Acronym starting a sentence: "MAS’s", "OKX is".
        var j = i + 1
        while j < s.count, s[j].isUpper || s[j].isDigitLike { j += 1 }
        return j - i >= 2 && j < s.count && (s[j] == " " || s[j] == "’" || s[j] == "'" || s[j] == ",")
    }

    /// A name from the lexicon that starts in lower case ("bitFlyer", "eToro").
    private func startsListedName(_ s: [Unicode.Scalar], _ i: Int) -> Bool {
        guard s[i].isLower else { return false }
        var j = i
        while j < s.count, s[j].isAlpha || s[j].isDigitLike { j += 1 }
        return j - i >= 3 && camelNames.contains(Self.string(s[i..<j]))
    }

    private func splitAtSentenceGlue(_ chunk: ArraySlice<Unicode.Scalar>) -> [ArraySlice<Unicode.Scalar>] {
        let s = Array(chunk)
        var pieces: [ArraySlice<Unicode.Scalar>] = []
        var start = 0
        for k in 1..<max(s.count, 1) where Self.endsSentence(s[k - 1]) && Self.couldStartBlock(s[k]) && isSentenceGlue(s, at: k) {
            pieces.append(s[start..<k]); start = k
        }
        if start < s.count { pieces.append(s[start...]) }
        return pieces
    }

    // MARK: Subheadings

    /// A lower-case letter (or closing quote/parenthesis) running straight into a
    /// capitalised word, or an acronym running into one ("USThe").
    private func isCamelBoundary(_ s: [Unicode.Scalar], _ k: Int) -> Bool {
        guard k >= 1, k + 1 < s.count else { return false }
        let a = s[k - 1], b = s[k]
        let startsWord = b.isUpper && (s[k + 1].isLower || startsBlock(s, k))
        if isOpeningQuote(b) { return (a.isLower || isClosingQuote(a)) && startsBlock(s, k) }
        guard startsWord else { return false }
        if a.isLower { return true }
        if isClosingQuote(a) || a == ")" { return true }
        // "USThe": two or more capitals, then a capitalised word of 2+ lower-case letters.
        if a.isUpper, k >= 2, s[k - 2].isUpper,
           k + 2 < s.count, s[k + 1].isLower, s[k + 2].isLower { return true }
        return false
    }

    /// A heading glued to the start of `piece`, and what follows it.
    private func leadingHeading(_ piece: ArraySlice<Unicode.Scalar>, fullText: String)
        -> (ArraySlice<Unicode.Scalar>, ArraySlice<Unicode.Scalar>)? {
        let s = Array(piece)
        guard let first = s.first(where: { $0 != " " }),
              first.isUpper || first.isDigitLike || isOpeningQuote(first) else { return nil }
        var words = 1
        var k = 1
        while k < s.count, k <= 100 {
            let c = s[k]
            if c == " " { words += 1; if words > 12 { return nil } }
            if (c == "." || c == "!" || c == "?"), k + 1 < s.count, s[k + 1] == " " { return nil }
            if c == "," || c == ";" { return nil }
            if isCamelBoundary(s, k), isHeadingBoundary(s, k, fullText: fullText) {
                let base = piece.startIndex
                return (piece[base..<(base + k)], piece[(base + k)...])
            }
            k += 1
        }
        return nil
    }

    private func isHeadingBoundary(_ s: [Unicode.Scalar], _ k: Int, fullText: String) -> Bool {
        // The glued word must not be a name: "KuCoin", "bitFlyer", "CoinGecko".
        var a = k, b = k
        while a > 0, s[a - 1].isAlpha || s[a - 1].isDigitLike { a -= 1 }
        while b < s.count, s[b].isAlpha || s[b].isDigitLike { b += 1 }
        let word = Self.string(s[a..<b])
        let leftPart = k - a
        if leftPart == 1 { return false }                     // "iPhone", "eBay"
        // A quote or parenthesis may end a heading only if the heading opened it:
        // "‘bitcoin.jp’As" yes, "O’Brien" no.
        let closer = s[k - 1]
        if isClosingQuote(closer) || closer == ")" {
            let opener: Set<Unicode.Scalar> = closer == ")" ? ["("] : (closer == "”" || closer == "\"" ? ["“", "\""] : ["‘"])
            if !s[..<(k - 1)].contains(where: { opener.contains($0) }) { return false }
        }
        if camelNames.contains(word) { return false }
        if a < k, occurrences(of: word, in: fullText) >= 2 { return false }
        // What follows must read as a sentence: three words before any sentence end.
        var words = 0, j = k
        while j < s.count, words < 3 {
            if s[j] == " " { words += 1 }
            if s[j] == "." || s[j] == "!" || s[j] == "?" { break }
            j += 1
        }
        return words >= 3 || j >= s.count
    }

    /// How often `word` appears as a whole word in `text` (stops counting at 2).
    private func occurrences(of word: String, in text: String) -> Int {
        let w = Array(word.utf8)
        guard let first = w.first else { return 0 }
        var count = 0
        var text = text
        text.withUTF8 { b in
            guard let base = b.baseAddress else { return }
            var i = 0
            while i + w.count <= b.count, count < 2 {
                // memchr finds the next candidate first byte far faster than a byte loop.
                guard let hit = memchr(base + i, Int32(first), b.count - w.count + 1 - i) else { return }
                i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                var k = 1
                while k < w.count, b[i + k] == w[k] { k += 1 }
                if k == w.count {
                    let beforeOK = i == 0 || !Self.isLetterByte(b[i - 1])
                    let afterOK = i + w.count == b.count || !Self.isLetterByte(b[i + w.count])
                    if beforeOK && afterOK { count += 1 }
                }
                i += 1
            }
        }
        return count
    }

    /// ASCII letters and any byte of a multi-byte character count as letters here.
    private static func isLetterByte(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c >= 0x80 }

    private func isClosingQuote(_ c: Unicode.Scalar) -> Bool { c == "”" || c == "’" || c == "\"" || c == "'" }
    private func isOpeningQuote(_ c: Unicode.Scalar) -> Bool { c == "“" || c == "‘" || c == "\"" }

    private func trimmed(_ s: ArraySlice<Unicode.Scalar>) -> String {
        guard let a = s.firstIndex(where: { $0 != " " }), let b = s.lastIndex(where: { $0 != " " }) else { return "" }
        return Self.string(s[a...b])
    }
}

/// Character tests with an ASCII fast path: Unicode property lookups are slow, and almost
/// every scalar in these pages is ASCII.
extension Unicode.Scalar {
    @inline(__always) var isUpper: Bool { value < 0x80 ? (value >= 0x41 && value <= 0x5A) : properties.isUppercase }
    @inline(__always) var isLower: Bool { value < 0x80 ? (value >= 0x61 && value <= 0x7A) : properties.isLowercase }
    @inline(__always) var isAlpha: Bool {
        value < 0x80 ? ((value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A)) : properties.isAlphabetic
    }
    @inline(__always) var isDigitLike: Bool { value < 0x80 ? (value >= 0x30 && value <= 0x39) : properties.numericType != nil }
}
