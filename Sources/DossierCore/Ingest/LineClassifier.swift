/// Decides what each line of a page is, from its shape and the boilerplate rules.
///
/// Each signal is one small rule with its own tests (`LineSignalTests`): nav bar, notice,
/// end mark, call to action, caption credit, age and reading time, source attribution,
/// section header, byline, date line. The segmenters only read the kinds these give.
struct LineClassifier {
    let rules: ResourceData.Boilerplate
    private let exact: Set<String>
    private let teaserMarkers: Set<String>
    private let callsToAction: Set<String>
    private let endMarkers: Set<String>
    private let cookieWords: NeedleSet
    private let callToActionWords: NeedleSet
    private let noticePrefixes: PrefixSet
    private let endMarkerPrefixes: PrefixSet
    private let linkLinePrefixes: PrefixSet
    private let cookieContextWords: NeedleSet
    private let bylineJoiners: Set<String>
    private let bylineOpeners: [String]

    init(rules: ResourceData.Boilerplate, lexicon: ResourceData.Lexicon = ResourceData.shared.lexicon) {
        self.rules = rules
        exact = Set(rules.exactLines.map { $0.lowercased() })
        teaserMarkers = Set(rules.teaserMarkers.map { $0.lowercased() })
        callsToAction = Set(rules.callToAction.map { $0.lowercased() })
        endMarkers = Set(rules.endMarkers.map { $0.lowercased() })
        cookieWords = NeedleSet(rules.cookieWords)
        callToActionWords = NeedleSet(rules.callToActionWords)
        noticePrefixes = PrefixSet(rules.noticePrefixes)
        endMarkerPrefixes = PrefixSet(rules.endMarkerPrefixes)
        linkLinePrefixes = PrefixSet(rules.linkLinePrefixes)
        cookieContextWords = NeedleSet(rules.cookieContextWords)
        bylineJoiners = Set(lexicon.bylineJoiners)
        bylineOpeners = lexicon.bylineOpeners
    }

    func classify(_ raw: [ArticleParser.RawLine]) -> [PageLine] {
        var lines = raw.enumerated().map { i, r -> PageLine in
            let words = PageLine.countWords(r.text)
            return PageLine(number: i + 1, text: r.text, kind: kind(of: r.text, words: words, gaps: r.gaps), words: words)
        }
        markCookieBlocks(&lines)
        markRepeats(&lines)
        dateTimesOfDay(&lines)
        return lines
    }

    func kind(of text: String, words: Int, gaps: Int = 0) -> PageLine.Kind {
        if text.isEmpty { return .blank }
        let lower = words <= 8 ? text.lowercased() : ""
        if words <= 6 {
            if exact.contains(lower) { return .furniture }
            if teaserMarkers.contains(lower) { return .teaserMarker }
            if callsToAction.contains(lower) { return .callToAction }
            if endMarkers.contains(lower) { return .endOfArticle }
        }
        if !text.unicodeScalars.contains(where: { $0.properties.isAlphabetic || $0.properties.numericType != nil }) {
            return .furniture   // "*****", "____"
        }
        if isURLOrFileName(text) { return .furniture }
        if isNavBar(text, gaps: gaps) { return .menu }
        if isHashtagLine(text) { return .endOfArticle }
        if words <= 20, endMarkerPrefixes.starts(text) { return .endOfArticle }
        if words <= 80, isNotice(text) { return .furniture }
        if words <= 25, isCredit(text) { return .furniture }
        if words <= 20, linkLinePrefixes.starts(text) { return .furniture }
        if words <= 30, isCallToAction(text, words: words) { return .callToAction }
        if words <= 6 {
            if DateParser.isReadingTime(text) { return .furniture }
            if DateParser.timeOnly(text) != nil { return .timeOfDay }
            if DateParser.isAge(text) { return .dateLine(nil) }
            if isSourceAttribution(text) { return .byline(nil) }
        }
        if words <= 16, let header = sectionHeader(text) { return header }
        if words <= 16, text.first?.isNumber == true || text.first?.isLetter == true {
            if let byline = byline(text) { return byline }
            if let date = DateParser.parseDateLine(text) { return .dateLine(date) }
        }
        return .text
    }

    private func isURLOrFileName(_ text: String) -> Bool {
        guard !text.utf8.contains(0x20) else { return false }
        if text.hasPrefix("http://") || text.hasPrefix("https://") || text.hasPrefix("www.") { return true }
        if text.utf8.contains(0x40), text.utf8.contains(0x2E) { return true }   // an e-mail address
        let lower = text.lowercased()
        if rules.imageExtensions.contains(where: { lower.hasSuffix($0) }) { return true }
        // An identifier left by the page's code ("bar_progress").
        return text.contains("_") && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }

    /// Nav bar, share bar, tag row: three or more short cells laid out in columns
    /// ("Markets  Companies  Economy", "전체기사  정치  경제", "Share  Facebook  Twitter").
    func isNavBar(_ text: String, gaps: Int) -> Bool {
        guard gaps >= 2 else { return false }
        // Words as spaced (not the two-characters-a-word count of Chinese and Japanese).
        let words = text.utf8.split(separator: 0x20).count
        guard words <= 24, !PageLine.endsLikeSentence(text) else { return false }
        // A byline and date set out in columns is metadata, not a menu.
        if DateParser.hasFourDigitRun(text), DateParser.parseDateLine(text) != nil { return false }
        // Cells: split where the columns were (the cleaned line has one space there), so
        // judge by words per gap instead: menus have one to three words per cell.
        return words <= (gaps + 1) * 3
    }

    /// "#Football #Harbour City FC", "#Crypto #Regulation": a keyword row.
    func isHashtagLine(_ text: String) -> Bool {
        guard text.hasPrefix("#") else { return false }
        let tags = text.split(separator: "#").filter { !$0.trimmingSpaces().isEmpty }
        return tags.count >= 2 || (tags.count == 1 && !text.contains(" "))
    }

    /// Disclaimers, syndication and copyright notices, "other articles by" links.
    func isNotice(_ text: String) -> Bool {
        // Notices are often set in parentheses: "(Disclaimer: Recommendations … are their own.)".
        let t = text.utf8.first == 0x28 ? text.dropFirst() : Substring(text)
        return noticePrefixes.starts(t) || rules.noticeSuffixes.contains { text.hasByteSuffix($0) }
    }

    /// A promotion written as a sentence: "📬 Get the biggest crypto stories … — subscribe to
    /// the Newsletter.", "Morning Briefing Newsletter". It starts a sign-off.
    func isCallToAction(_ text: String, words: Int) -> Bool {
        guard callToActionWords.occurs(in: text) else { return false }
        if words <= 4, !PageLine.endsLikeSentence(text) { return true }
        let lower = text.lowercased()
        let opening = lower.drop { !$0.isLetter }
        let startsWithSymbol = lower.first.map { !$0.isLetter && !$0.isNumber && !"\"“‘'(".contains($0) } ?? false
        return startsWithSymbol || rules.callToActionOpeners.contains { opening.hasPrefix($0 + " ") }
    }

    /// "- Reuters", "— Wire": a wire or source credit under a teaser.
    func isSourceAttribution(_ text: String) -> Bool {
        guard let f = text.first, "-—–".contains(f) else { return false }
        let rest = text.dropFirst().trimmingSpaces()
        let names = rest.split(separator: " ")
        guard (1...3).contains(names.count) else { return false }
        return names.allSatisfy { $0.first?.isUppercase == true }
    }

    /// "Photo by X on Unsplash", "Image: Shutterstock", "©Pexels/Name", "(Photo: Reuters)".
    func isCredit(_ text: String) -> Bool {
        var t = Substring(text)
        if t.utf8.first == 0x28 && t.utf8.last == 0x29 { t = t.dropFirst().dropLast() }
        if rules.creditPrefixes.contains(where: { t.hasBytePrefix($0) }) { return true }
        for site in rules.stockPhotoSites where t.hasByteSuffix(site) {
            if t.containsBytes(" by ") || t.hasBytePrefix("Photo") || t.hasBytePrefix("Image") { return true }
        }
        return false
    }

    /// "Category·Date" / "Category·" / "Category | Date".
    private func sectionHeader(_ text: String) -> PageLine.Kind? {
        // "·" is C2 B7, "•" E2 80 A2: skip the string searches for lines that have neither, nor "|".
        guard text.withBytes({ $0.contains { $0 == 0xB7 || $0 == 0xA2 || $0 == 0x7C } }) else { return nil }
        for sep in ["·", "•", " | "] {
            guard let r = text.byteRange(of: sep) else { continue }
            let category = text[..<r.lowerBound].trimmingSpaces()
            let rest = text[r.upperBound...].trimmingSpaces()
            let categoryWords = PageLine.countWords(category)
            guard categoryWords >= 1, categoryWords <= 5, !category.hasSuffix("."),
                  DateParser.parseDateLine(category) == nil else { continue }
            if rest.isEmpty { return .sectionHeader(category: category, date: nil) }
            if let date = DateParser.parseDateLine(rest) { return .sectionHeader(category: category, date: date) }
            if category.lowercased().hasPrefix("by "), let b = byline(text) { return b }
        }
        return nil
    }

    /// "By Jane Doe", "By Jane Doe and John Roe, Reuters", "By JANE DOE | March 3, 2025",
    /// "Posted on March 3, 2025 by Jane Doe".
    private func byline(_ text: String) -> PageLine.Kind? {
        if let r = text.byteRange(of: " by ") ?? text.byteRange(of: " By "), DateParser.hasFourDigitRun(text),
           let date = DateParser.parseDateLine(String(text[..<r.lowerBound])), names(text[r.upperBound...]) {
            return .byline(date)
        }
        return leadingByline(text)
    }

    /// Up to eight capitalised names, with the small words between them ("de", "bin", "and").
    private func names(_ s: Substring) -> Bool {
        let names = s.split(whereSeparator: { $0 == " " || $0 == "," })
        guard (1...8).contains(names.count) else { return false }
        return names.allSatisfy { bylineJoiners.contains($0.lowercased()) || $0.unicodeScalars.first?.properties.isUppercase == true }
    }

    private func leadingByline(_ text: String) -> PageLine.Kind? {
        // Only the opening needs lower-casing (the whole line did not).
        let lower = String(decoding: text.utf8.prefix(11), as: UTF8.self).lowercased()
        guard let opener = bylineOpeners.first(where: { lower.hasPrefix($0) }) else { return nil }
        var rest = text.dropFirst(opener.count)
        var date: DateStamp? = nil
        for sep in ["|", "·", "•", " - ", " — ", " – "] {
            if let r = rest.byteRange(of: sep) {
                date = DateParser.parseDateLine(String(rest[r.upperBound...]))
                rest = rest[..<r.lowerBound]
                break
            }
        }
        return names(rest) ? .byline(date) : nil
    }

    /// A time of day alone ("10:15") stamps the item under it with the date line above it: a
    /// flash-news page or a live blog. With no date above, it dates nothing and is furniture.
    private func dateTimesOfDay(_ lines: inout [PageLine]) {
        var day: DateStamp?
        for i in lines.indices {
            switch lines[i].kind {
            case .dateLine(let d?), .byline(let d?), .sectionHeader(_, let d?): day = d
            case .timeOfDay:
                if var d = day, let (h, m) = DateParser.timeOnly(lines[i].text) {
                    d.hour = h; d.minute = m
                    lines[i].kind = .dateLine(d)
                } else {
                    lines[i].kind = .furniture
                }
            default: break
            }
        }
    }

    /// A short line repeated right after itself (a scraper doubling an image's alt text and
    /// its caption, or a headline): the copy is furniture, the first is marked `repeated`.
    private func markRepeats(_ lines: inout [PageLine]) {
        var previous: Int?
        for i in lines.indices where lines[i].kind != .blank {
            if let p = previous, lines[i].kind == .text, lines[p].kind == .text, lines[i].words <= 30, lines[p].text == lines[i].text {
                lines[i].kind = .furniture
                lines[p].repeated = true
                continue
            }
            if lines[i].kind != .furniture && lines[i].kind != .menu { previous = i }
        }
    }

    /// Cookie-consent banners: lines about cookies and consent, the lines around them that
    /// speak of permissions and preferences, and a provider-name line just before them.
    private func markCookieBlocks(_ lines: inout [PageLine]) {
        func mentions(_ text: String, _ words: NeedleSet) -> Bool { words.occurs(in: text) }
        var inBlock = [Bool](repeating: false, count: lines.count)
        for i in lines.indices where lines[i].kind == .text && lines[i].words <= 40 && mentions(lines[i].text, cookieWords) {
            inBlock[i] = true
        }
        // Grow blocks over neighbouring consent-context lines.
        var changed = true
        while changed {
            changed = false
            for i in lines.indices where !inBlock[i] && lines[i].kind == .text && lines[i].words <= 40 {
                let near = (i > 0 && inBlock[i - 1]) || (i + 1 < lines.count && inBlock[i + 1])
                if near && mentions(lines[i].text, cookieContextWords) { inBlock[i] = true; changed = true }
            }
        }
        for i in lines.indices where inBlock[i] { lines[i].kind = .furniture }
        // A provider-name line ("Podcasts") right above "This content is provided by Podcasts…".
        for i in lines.indices.dropLast() where inBlock[i + 1] && !inBlock[i] && lines[i].kind == .text && lines[i].words <= 3 {
            if lines[i + 1].text.containsBytes(lines[i].text) { lines[i].kind = .furniture }
        }
    }
}

/// Line openings to look for, grouped by their first byte (ASCII letters folded), so that a
/// line is compared only with the few that could match.
struct PrefixSet: Sendable {
    private var byFirstByte: [UInt8: [String]] = [:]

    init(_ prefixes: [String]) {
        for p in prefixes { if let f = p.utf8.first { byFirstByte[Self.fold(f), default: []].append(p) } }
    }

    @inline(__always) private static func fold(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c + 0x20 : c }

    /// True when `text` opens with one of the prefixes, ignoring ASCII case.
    func starts<S: StringProtocol>(_ text: S) -> Bool {
        guard let f = text.utf8.first, let candidates = byFirstByte[Self.fold(f)] else { return false }
        return candidates.contains { text.hasCaseInsensitivePrefix($0) }
    }
}

extension StringProtocol {
    /// `prefix` at the start, ignoring the case of ASCII letters (compared on bytes: this
    /// runs for every line of every page).
    func hasCaseInsensitivePrefix(_ prefix: String) -> Bool {
        var it = utf8.makeIterator()
        for p in prefix.utf8 {
            guard let c = it.next() else { return false }
            if c != p, !(c | 0x20 == p | 0x20 && (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A) { return false }
        }
        return true
    }
}
