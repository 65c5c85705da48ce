import Foundation

/// Turns scraped pages into clean, classified articles.
///
/// ```swift
/// let parser = ArticleParser()
/// let page = try parser.parse(fileAt: "seeds/001_3b5367fe011ffb2f.txt")
/// for article in page.articles { print(article.title, article.countries.map(\.code)) }
/// ```
/// The parser holds only immutable rule tables, so one instance may be shared across threads.
public struct ArticleParser: Sendable {
    /// The result of parsing one page.
    public struct Page: Sendable {
        /// The page's path, as given.
        public var path: String
        /// The articles found in the page (its own, teasers, roundup items; `source.role` says which).
        public var articles: [Article]
        /// Non-fatal notes about the input (repaired encoding, …).
        public var warnings: [String]
    }

    private let segmenter: PageSegmenter
    private let classifier: ArticleClassifier
    /// Larger pages are refused (`PageDecoder.Failure.tooLarge`).
    public var maximumPageBytes = PageDecoder.defaultMaximumBytes

    /// A parser with the bundled rules (gazetteers, taxonomy, date words) loaded once.
    public init() {
        let rules = ResourceData.shared
        segmenter = PageSegmenter(rules: rules)
        classifier = ArticleClassifier(rules: rules)
    }

    /// Reads and parses one file. Throws when the file cannot be read as text at all.
    public func parse(fileAt path: String) throws(PageDecoder.Failure) -> Page {
        let decoded = try PageDecoder.read(path: path, maximumBytes: maximumPageBytes)
        #if DEBUG
        // Tests of crash recovery need a page that crashes the parser; debug builds only.
        if Self.crashHook, decoded.text.contains("DOSSIER-TEST: crash the parser") { fatalError("the debug crash hook (DOSSIER_TEST_CRASH)") }
        #endif
        var page = parse(text: decoded.text, path: path)
        page.warnings = decoded.warnings + page.warnings
        return page
    }

    #if DEBUG
    private static let crashHook = ProcessInfo.processInfo.environment["DOSSIER_TEST_CRASH"] == "1"
    #endif

    /// Parses page text; `path` is recorded as each article's source.
    public func parse(text: String, path: String) -> Page {
        let lines = Self.rawLines(of: text)
        var warnings: [String] = []
        if lines.allSatisfy(\.text.isEmpty) { warnings.append("empty page: no text found") }
        let drafts = segmenter.segment(lines: lines)
        let draftTokens = drafts.map(tokens(of:))
        let roundupDates = inferRoundupDates(drafts, draftTokens)
        var articles: [Article] = []
        for (draft, toks) in zip(drafts, draftTokens) {
            if let a = finish(draft, tokens: toks, path: path, roundupDates: roundupDates) { articles.append(a) }
        }
        return Page(path: path, articles: articles, warnings: warnings)
    }

    /// Lines, sanitised. Overlong lines (a page that is one 200 MB line) are broken at spaces
    /// so that every later step works on bounded pieces.
    static func lines(of text: String) -> [String] { rawLines(of: text).map(\.text) }

    /// One line of the page, cleaned, and how many wide gaps (two or more spaces, a tab, an
    /// ideographic space) stood inside it before cleaning: menus and share bars are laid out
    /// in such columns ("Markets  Companies  Economy"), prose is not.
    struct RawLine: Sendable, Equatable {
        var text: String
        var gaps = 0
    }

    static func rawLines(of text: String) -> [RawLine] {
        var out: [RawLine] = []
        let maxLine = 256 * 1024
        var text = text
        text.withUTF8 { b in
            func emit(_ from: Int, _ to: Int, plain: Bool, doubleSpace: Bool) {
                var a = from
                while to - a > maxLine {
                    // Break at the last space before the limit, else at a character boundary.
                    var cut = a + maxLine
                    var k = cut
                    while k > a + maxLine / 2, b[k] != 0x20 { k -= 1 }
                    if b[k] == 0x20 { cut = k } else { while cut > a, b[cut] & 0xC0 == 0x80 { cut -= 1 } }
                    out.append(RawLine(text: TextSanitizer.cleanLine(String(decoding: UnsafeBufferPointer(rebasing: b[a..<cut]), as: UTF8.self))))
                    a = cut
                }
                let line = UnsafeBufferPointer(rebasing: b[a..<to])
                let gaps = plain && !doubleSpace ? 0 : wideGaps(line)
                out.append(RawLine(text: plain ? TextSanitizer.plainASCIILine(line, doubleSpace: doubleSpace) : TextSanitizer.cleanLine(line), gaps: gaps))
            }
            // One pass finds the line ends and notes whether a line is plain printable ASCII
            // and has double spaces, so most lines need no second look.
            var start = 0, i = 0
            var plain = true, doubleSpace = false
            var prev: UInt8 = 0
            let base = UnsafeRawPointer(b.baseAddress)
            while i < b.count {
                // Eight bytes at a time while they are printable ASCII with no two spaces in a
                // row (SWAR tests); anything else takes the byte loop below.
                if let base, prev != 0x20, i + 8 <= b.count {
                    let x = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                    let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
                    let low = (x &- ones &* 0x20) & ~x & highs           // some byte < 0x20
                    let del = ((x ^ (ones &* 0x7F)) &- ones) & ~(x ^ (ones &* 0x7F)) & highs   // some 0x7F
                    let sp = x ^ (ones &* 0x20)
                    let spaces = ~(((sp & ~highs) &+ ~highs) | sp) & highs   // exact: high bit set where byte == 0x20
                    if x & highs == 0, low == 0, del == 0, spaces & (spaces >> 8) == 0 {
                        prev = UInt8(truncatingIfNeeded: x >> 56)
                        i += 8
                        continue
                    }
                }
                let c = b[i]
                if c >= 0x20 && c < 0x7F {
                    if c == 0x20 && prev == 0x20 { doubleSpace = true }
                } else if c == 0x0A || c == 0x0D {
                    emit(start, i, plain: plain, doubleSpace: doubleSpace)
                    if c == 0x0D, i + 1 < b.count, b[i + 1] == 0x0A { i += 1 }
                    start = i + 1
                    plain = true; doubleSpace = false
                } else {
                    plain = false
                }
                prev = c
                i += 1
            }
            if start < b.count { emit(start, b.count, plain: plain, doubleSpace: doubleSpace) }
        }
        return out
    }

    /// Runs of two or more spaces or tabs, or an ideographic space (U+3000), between the
    /// first and last visible characters. Lines this counts are short: at most 1 KiB is read.
    private static func wideGaps(_ line: UnsafeBufferPointer<UInt8>) -> Int {
        guard line.count <= 1024 else { return 0 }
        var lo = 0, hi = line.count
        func space(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }
        while lo < hi, space(line[lo]) { lo += 1 }
        while hi > lo, space(line[hi - 1]) { hi -= 1 }
        var gaps = 0, run = 0, i = lo
        while i < hi {
            let c = line[i]
            if space(c) { run += c == 0x09 ? 2 : 1 } else {
                if run >= 2 { gaps += 1 }
                run = 0
                if c == 0xE3, i + 2 < hi, line[i + 1] == 0x80, line[i + 2] == 0x80 { gaps += 1; i += 3; continue }
            }
            i += 1
        }
        return gaps
    }

    /// Each draft's text, tokenised once for the classifier and the date inference.
    /// A headline the page gave comes first (paragraph -1), so the classifier can use the
    /// array as it is instead of copying it behind the title's words.
    private func tokens(of draft: ArticleDraft) -> [Token] {
        var toks: [Token] = []
        toks.reserveCapacity(draft.blocks.reduce(0) { $0 + $1.text.utf8.count } / 5 + 16)
        if let title = draft.title { Tokenizer.tokens(title, paragraph: -1, into: &toks) }
        for (i, b) in draft.blocks.enumerated() where toks.count < ArticleClassifier.tokenLimit {
            if let ready = b.tokens, toks.count + ready.count <= ArticleClassifier.tokenLimit {
                let from = toks.count
                toks += ready
                for k in from..<toks.count { toks[k].paragraph = Int32(i) }
            } else {
                Tokenizer.tokens(b.text, paragraph: i, into: &toks, limit: ArticleClassifier.tokenLimit)
            }
        }
        return toks
    }

    /// True when the paragraphs together have `n` words: counted block by block (joining a
    /// long article only to find fifteen words was wasteful), joined only when short.
    private static func bodyHasWords(_ blocks: [BodyBlock], atLeast n: Int) -> Bool {
        var count = 0
        for b in blocks where b.kind == .paragraph {
            count += b.text.withBytes { bytes in
                var words = 0, inWord = false
                for c in bytes { if c == 0x20 { inWord = false } else if !inWord { inWord = true; words += 1 } }
                return words
            }
            if count >= n { return true }
        }
        return PageLine.hasWords(blocks.filter { $0.kind == .paragraph }.map(\.text).joined(separator: " "), atLeast: n)
    }

    /// The tokens without the headline's.
    private static func body(_ toks: [Token]) -> [Token] {
        guard let first = toks.first, first.paragraph == -1 else { return toks }
        return Array(toks.drop { $0.paragraph == -1 })
    }

    private func inferRoundupDates(_ drafts: [ArticleDraft], _ tokens: [[Token]]) -> [Int: DateStamp] {
        var evidence: [Int: YearInference.Evidence] = [:]
        for (d, t) in zip(drafts, tokens) {
            guard let r = d.roundup else { continue }
            YearInference.gather(Self.body(t), into: &evidence[r, default: .init()])
        }
        return evidence.compactMapValues(YearInference.infer)
    }

    private func finish(_ draft: ArticleDraft, tokens: [Token], path: String, roundupDates: [Int: DateStamp]) -> Article? {
        let paragraphs = draft.blocks.map(\.text)
        // A headline with a sentence under it is not an article; a teaser found by its
        // metadata is, even when the page cut its text short.
        guard Self.bodyHasWords(draft.blocks, atLeast: draft.anchored && draft.title != nil ? 6 : 15) else { return nil }
        var title = draft.title ?? ""
        var titleInferred = false
        if title.isEmpty, let lede = draft.blocks.first(where: { $0.kind == .paragraph }) {
            title = HeadlineInference.headline(from: lede.text)
            titleInferred = true
            // A lede of asides and marks leaves nothing to derive from: its first words then.
            if !title.contains(where: { $0.isLetter || $0.isNumber }) {
                title = lede.text.split(separator: " ").prefix(12).joined(separator: " ")
            }
        }
        guard title.contains(where: { $0.isLetter || $0.isNumber }) else { return nil }
        // No stated date above the text: a dateline's ("Bangkok, 19 April 2024 –").
        var published = draft.date ?? draft.blocks.first(where: { $0.kind == .paragraph }).flatMap { DateParser.datelineDate($0.text) }
        var publishedInferred = false
        if published == nil {
            if let r = draft.roundup { published = roundupDates[r] } else {
                var e = YearInference.Evidence()
                YearInference.gather(Self.body(tokens), into: &e)
                published = YearInference.infer(e)
            }
            publishedInferred = published != nil
        }
        let facets = classifier.classify(title: title, titleIsInferred: titleInferred, paragraphs: paragraphs, tokens: tokens)
        // "2/9/2023": day first, unless the story is from a country that writes month first.
        if let p = published, p.orderAmbiguous, let c = facets.countries.first?.code, DateParser.rules.monthFirstCountries.contains(c) {
            published = p.swapped
        }
        let subheadings = draft.blocks.indices.filter { draft.blocks[$0].kind == .subheading }
        let idSource = ([title] + paragraphs).joined(separator: "\n")
        return Article(
            id: StableHash.hex(idSource),
            title: title, titleInferred: titleInferred, category: draft.category,
            published: published?.iso, publishedInferred: publishedInferred,
            source: SourceLocation(path: path, line: draft.startLine, role: draft.role),
            countries: facets.countries, authorities: facets.authorities, topics: facets.topics, offTopic: facets.offTopic,
            summary: Summary.of(draft.blocks), paragraphs: paragraphs, subheadings: subheadings)
    }
}

/// The first sentence or two of the body, about a tweet long.
enum Summary {
    static func of(_ blocks: [BodyBlock]) -> String {
        guard let first = blocks.first(where: { $0.kind == .paragraph && PageLine.hasWords($0.text, atLeast: 8) })
                ?? blocks.first(where: { $0.kind == .paragraph }) else { return "" }
        let one = HeadlineInference.firstSentence(first.text)
        var summary = one
        if one.count < 120, one.count < first.text.count {
            let rest = String(first.text.dropFirst(one.count)).trimmingSpaces()
            let two = HeadlineInference.firstSentence(rest)
            if one.count + two.count < 320 { summary += " " + two }
        }
        if summary.count > 400 { summary = String(summary.prefix(397)) + "…" }
        return summary
    }
}
