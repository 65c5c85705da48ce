/// Decides what each line of a page is, from its shape and the boilerplate rules.
struct LineClassifier {
    let rules: ResourceData.Boilerplate
    private let exact: Set<String>
    private let teaserMarkers: Set<String>
    private let callsToAction: Set<String>
    private let cookieWords: NeedleSet
    private let cookieContextWords: NeedleSet

    init(rules: ResourceData.Boilerplate) {
        self.rules = rules
        exact = Set(rules.exactLines.map { $0.lowercased() })
        teaserMarkers = Set(rules.teaserMarkers.map { $0.lowercased() })
        callsToAction = Set(rules.callToAction.map { $0.lowercased() })
        cookieWords = NeedleSet(rules.cookieWords)
        cookieContextWords = NeedleSet(rules.cookieContextWords)
    }

    func classify(_ texts: [String]) -> [PageLine] {
        var lines = texts.enumerated().map { i, t -> PageLine in
            let words = PageLine.countWords(t)
            return PageLine(number: i + 1, text: t, kind: kind(of: t, words: words), words: words)
        }
        markCookieBlocks(&lines)
        return lines
    }

    func kind(of text: String, words: Int) -> PageLine.Kind {
        if text.isEmpty { return .blank }
        if words <= 6 {
            let lower = text.lowercased()
            if exact.contains(lower) { return .furniture }
            if teaserMarkers.contains(lower) { return .teaserMarker }
            if callsToAction.contains(lower) { return .callToAction }
        }
        if isURLLine(text) { return .furniture }
        if words <= 25, isCredit(text) { return .furniture }
        if words <= 8, rules.linkLinePrefixes.contains(where: { text.hasBytePrefix($0) }) { return .furniture }
        if words <= 16, let header = sectionHeader(text) { return header }
        if words <= 16, text.first?.isNumber == true || text.first?.isLetter == true {
            if let byline = byline(text) { return byline }
            if let date = DateParser.parseDateLine(text) { return .dateLine(date) }
        }
        return .text
    }

    private func isURLLine(_ text: String) -> Bool {
        guard !text.utf8.contains(0x20) else { return false }
        return text.hasPrefix("http://") || text.hasPrefix("https://") || text.hasPrefix("www.")
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

    /// "By Jane Doe", "By Jane Doe and John Roe, Reuters", "By JANE DOE | March 3, 2025".
    private func byline(_ text: String) -> PageLine.Kind? {
        // Only the opening needs lower-casing (the whole line did not).
        let lower = String(decoding: text.utf8.prefix(11), as: UTF8.self).lowercased()
        var rest: Substring
        if lower.hasPrefix("by ") { rest = text.dropFirst(3) }
        else if lower.hasPrefix("written by ") { rest = text.dropFirst(11) }
        else if lower.hasPrefix("author: ") { rest = text.dropFirst(8) }
        else { return nil }
        var date: DateStamp? = nil
        for sep in ["|", "·", "•", " - ", " — ", " – "] {
            if let r = rest.byteRange(of: sep) {
                date = DateParser.parseDateLine(String(rest[r.upperBound...]))
                rest = rest[..<r.lowerBound]
                break
            }
        }
        let names = rest.split(whereSeparator: { $0 == " " || $0 == "," })
        guard (1...8).contains(names.count) else { return nil }
        let joiners: Set<String> = ["and", "&", "in", "de", "van", "von", "der", "da", "bin", "binti"]
        for n in names where !joiners.contains(n.lowercased()) {
            guard let f = n.unicodeScalars.first, f.properties.isUppercase else { return nil }
        }
        return .byline(date)
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
