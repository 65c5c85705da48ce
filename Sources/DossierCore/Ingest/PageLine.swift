/// One line of a page and what it is.
struct PageLine: Sendable {
    enum Kind: Sendable, Equatable {
        case blank
        /// Never article text: navigation, image URLs, photo credits, link lines, cookie banners.
        case furniture
        /// A nav bar, share bar or tag row: furniture that also parts the page (a headline
        /// above a menu is not dated by a date line below it).
        case menu
        /// "More to Read", "Related": what follows are teasers of other articles.
        case teaserMarker
        /// "Subscribe", "Sign up": a newsletter blurb starts; it ends the article before it.
        case callToAction
        /// "Policy & Regulation·February 24, 2025, 5:46 AM" or "Web3 & Enterprise·".
        case sectionHeader(category: String, date: DateStamp?)
        /// A line holding only a date ("Aug 04, 2023", "Published … Updated …"); nil for an
        /// age ("3 days ago"), which is metadata but dates nothing.
        case dateLine(DateStamp?)
        /// "By Jane Doe", possibly with a date.
        case byline(DateStamp?)
        /// Closes an article: tag and keyword rows, comment counters, "(END)", copyright.
        case endOfArticle
        /// "10:15" alone; `LineClassifier` turns it into a date line or furniture.
        case timeOfDay
        case text
    }

    let number: Int
    let text: String
    var kind: Kind
    let words: Int
    /// The page printed this line twice in a row (the copy was dropped).
    var repeated = false

    init(number: Int, text: String, kind: Kind, words: Int? = nil) {
        self.number = number; self.text = text; self.kind = kind
        self.words = words ?? PageLine.countWords(text)
    }

    /// True when `s` has at least `n` space-separated words (stops counting there).
    static func hasWords(_ s: String, atLeast n: Int) -> Bool {
        let reached = s.withBytes { bytes -> Bool in
            var count = 0, inWord = false
            for b in bytes {
                if b == 0x20 { inWord = false } else if !inWord { inWord = true; count += 1; if count >= n { return true } }
            }
            return false
        }
        return reached || countWords(s) >= n
    }

    /// Words separated by spaces; Chinese and Japanese text, written without spaces, counts
    /// one word per two characters so that headline and paragraph lengths mean the same.
    static func countWords<S: StringProtocol>(_ s: S) -> Int {
        s.withBytes { bytes in
            var n = 0, inWord = false, cjk = 0
            var i = 0
            // Eight bytes at a time: a word starts at a non-space byte after a space (SWAR
            // masks, one high bit per byte). Chunks with non-ASCII bytes go byte by byte,
            // which also counts CJK lead bytes.
            if let base = UnsafeRawPointer(bytes.baseAddress) {
                let highs: UInt64 = 0x8080_8080_8080_8080, lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
                while i + 8 <= bytes.count {
                    let x = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                    if x & highs != 0 {
                        for b in UnsafeBufferPointer(rebasing: bytes[i..<(i + 8)]) {
                            if b == 0x20 { inWord = false; continue }
                            if b >= 0xE3 && b <= 0xE9 { cjk += 1 }
                            if !inWord { inWord = true; n += 1 }
                        }
                        i += 8
                        continue
                    }
                    let sp = x ^ 0x2020_2020_2020_2020
                    let isSpace = ~(((sp & lows) &+ lows) | sp) & highs
                    let nonSpace = ~isSpace & highs
                    let prevNonSpace = (nonSpace << 8) | (inWord ? 0x80 : 0)
                    n += (nonSpace & ~prevNonSpace).nonzeroBitCount
                    inWord = nonSpace >> 63 != 0
                    i += 8
                }
            }
            while i < bytes.count {
                let b = bytes[i]
                i += 1
                if b == 0x20 { inWord = false; continue }
                if b >= 0xE3 && b <= 0xE9 { cjk += 1 }   // lead bytes of U+3000…U+9FFF
                if !inWord { inWord = true; n += 1 }
            }
            return cjk >= 2 ? max(n, cjk / 2 + (n - 1)) : n
        }
    }

    /// "- item", "• item", "・item": a list item, part of the text around it.
    var isListItem: Bool { Self.isListItem(text) }

    static func isListItem<S: StringProtocol>(_ text: S) -> Bool {
        text.hasPrefix("- ") || text.hasPrefix("• ") || text.hasPrefix("* ") || text.hasPrefix("・") || text.hasPrefix("· ")
    }

    var isMetadata: Bool {
        switch kind {
        case .sectionHeader, .dateLine, .byline: return true
        default: return false
        }
    }

    /// Ends like a sentence (or a clause: headlines and subheadings do not).
    var endsWithPunctuation: Bool { Self.endsLikeSentence(text) }

    private static let sentenceEnds = ".,;:!?。，；：！？".unicodeScalars

    /// Ends with sentence or clause punctuation, looking inside a closing quote or parenthesis.
    /// A trailing "…" or "..." right after a word is a cut, not an ending: "…early next
    /// year, regulator…" is a truncated headline.
    static func endsLikeSentence<S: StringProtocol>(_ text: S) -> Bool {
        let s = Array(text.unicodeScalars.suffix(4))
        guard var k = s.indices.last else { return false }
        if "”\"’)」』】".unicodeScalars.contains(s[k]), k > 0, sentenceEnds.contains(s[k - 1]) || s[k - 1] == "…" { k -= 1 }
        if s[k] == "…" { return k > 0 && !s[k - 1].properties.isAlphabetic && !s[k - 1].properties.isWhitespace && s[k - 1].properties.numericType == nil }
        if s[k] == ".", k >= 2, s[k - 1] == ".", s[k - 2] == "." { return k >= 3 && !s[k - 3].properties.isAlphabetic }
        return sentenceEnds.contains(s[k])
    }

    /// Ends in a cut: "…" or "..." straight after a word.
    static func endsTruncated<S: StringProtocol>(_ text: S) -> Bool {
        (text.hasSuffix("…") || text.hasSuffix("...")) && !endsLikeSentence(text)
    }

    /// Could be a headline or subheading: short, starts with a capital, digit, currency or
    /// quote, and does not end like a sentence. ("?" and "!" endings are allowed.)
    func isHeadlineShaped(minWords: Int = 1, maxWords: Int = 20) -> Bool {
        guard case .text = kind, words >= minWords, words <= maxWords, text.utf8.count <= 170 else { return false }
        guard let first = text.unicodeScalars.first else { return false }
        guard first.properties.isUppercase || first.properties.numericType != nil || "$€£¥“‘\"'【「『《".unicodeScalars.contains(first)
                || (first.properties.isAlphabetic && !first.properties.isLowercase) else { return false }
        if isListItem { return false }
        if let last = text.unicodeScalars.last, "?!？！".unicodeScalars.contains(last) { return true }
        return !endsWithPunctuation
    }
}
