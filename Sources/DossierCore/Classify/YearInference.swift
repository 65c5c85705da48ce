/// Dates a story that states only a month and day ("Sept. 7") from what its text says
/// about time.
///
/// Past events bound the date from below ("took effect in March 2022", "in 2024" — the
/// whole year, so its December), plans bound it from above ("by June 2024"). The latest
/// month-day the story mentions is taken as its date, in the one year the bounds allow;
/// where several years fit, the one nearest the evidence: the latest under a plan, else the
/// earliest after the last past event. No past event at all: no date.
enum YearInference {
    struct MonthDay: Comparable {
        var month: Int, day: Int
        static func < (a: MonthDay, b: MonthDay) -> Bool { (a.month, a.day) < (b.month, b.day) }
    }

    struct Evidence {
        var monthDays: [MonthDay] = []
        /// (year, month) that publication is on or after.
        var lower: (Int, Int)?
        /// (year, month) that publication is before.
        var upper: (Int, Int)?

        mutating func raiseLower(_ y: Int, _ m: Int) { if lower.map({ ($0.0, $0.1) < (y, m) }) ?? true { lower = (y, m) } }
        mutating func lowerUpper(_ y: Int, _ m: Int) { if upper.map({ (y, m) < ($0.0, $0.1) }) ?? true { upper = (y, m) } }
    }

    static func gather(_ text: String, into e: inout Evidence) {
        var toks: [Token] = []
        Tokenizer.tokens(text, paragraph: 0, into: &toks, limit: 20000)
        gather(toks, into: &e)
    }

    /// Month numbers by word id ("sept" and "september" → 9).
    private static let months: IDMap<Int> = {
        var m = IDMap<Int>()
        for (name, n) in DateParser.monthNumbers { m[WordID.of(name)] = n }
        return m
    }()
    /// Words that, in the same sentence shortly before a date, make it a plan; words that do
    /// so only right before it ("by June 2024"); prepositions of a past event (dates.json).
    private static let futureIDs = IDSet(DateParser.rules.futureWords)
    private static let deadlineIDs = IDSet(DateParser.rules.deadlineWords)
    private static let pastIDs = IDSet(DateParser.rules.pastPrepositions)
    private static let mayID = WordID.of("may"), byID = WordID.of("by"), untilID = WordID.of("until")

    static func gather(_ toks: [Token], into e: inout Evidence) {
        var sentenceStart = 0
        for i in toks.indices {
            if toks[i].startsSentence { sentenceStart = i }
            guard toks[i].isCapitalized, let m = months[toks[i].lowerID] else { continue }
            if toks[i].lowerID == mayID && !(i + 1 < toks.count && isDay(toks[i + 1])) && !(i + 1 < toks.count && isYear(toks[i + 1])) { continue }
            let future = isFuture(toks, from: sentenceStart, to: i)
            if i + 1 < toks.count, isDay(toks[i + 1]) {
                let day = toks[i + 1].smallNumber!
                if i + 2 < toks.count, isYear(toks[i + 2]) {
                    let y = toks[i + 2].smallNumber!
                    if future { e.lowerUpper(y, m) } else { e.raiseLower(y, m) }
                } else if !future {
                    e.monthDays.append(MonthDay(month: m, day: day))
                }
            } else if i + 1 < toks.count, isYear(toks[i + 1]) {
                let y = toks[i + 1].smallNumber!
                if future { e.lowerUpper(y, m) } else { e.raiseLower(y, m) }
            }
        }
        // Bare years: "in 2024" (past, the whole year), "by 2025" (a plan).
        for i in toks.indices.dropFirst() where isYear(toks[i]) {
            if months.contains(toks[i - 1].lowerID) { continue }
            if i >= 2, months.contains(toks[i - 2].lowerID), isDay(toks[i - 1]) { continue }
            let y = toks[i].smallNumber!
            let prev = toks[i - 1].lowerID
            if prev == byID || prev == untilID { e.lowerUpper(y, 12) }
            else if pastIDs.contains(toks[i - 1].lowerID) {
                var s = i; while s > 0, !toks[s].startsSentence { s -= 1 }
                if !isFuture(toks, from: s, to: i) { e.raiseLower(y, 12) }
            }
        }
    }

    static func infer(_ e: Evidence) -> DateStamp? {
        guard let target = e.monthDays.max(), let lower = e.lower else { return nil }
        var candidates: [Int] = []
        for y in lower.0...(lower.0 + 2) {
            guard (y, target.month) >= (lower.0, lower.1) else { continue }
            if let u = e.upper, !((y, target.month) < (u.0, u.1)) { continue }
            guard DateStamp.isValid(year: y, month: target.month, day: target.day) else { continue }
            candidates.append(y)
        }
        guard let year = e.upper != nil ? candidates.last : candidates.first else { return nil }
        return DateStamp(year: year, month: target.month, day: target.day)
    }

    private static func isDay(_ t: Token) -> Bool {
        guard t.byteCount <= 2, let d = t.smallNumber else { return false }
        return (1...31).contains(d)
    }

    private static func isYear(_ t: Token) -> Bool {
        guard t.byteCount == 4, t.firstByte == 0x31 || t.firstByte == 0x32, let y = t.smallNumber else { return false }
        return (1990...2100).contains(y)
    }

    private static func isFuture(_ toks: [Token], from: Int, to: Int) -> Bool {
        if to >= 1, deadlineIDs.contains(toks[to - 1].lowerID) { return true }
        let start = max(from, to - 8)
        guard start < to else { return false }
        return toks[start..<to].contains { futureIDs.contains($0.lowerID) }
    }
}
