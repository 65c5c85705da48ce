/// Reads dates the way news pages print them: "February 24, 2025, 5:46 AM", "Aug 04, 2023",
/// "Feb. 11, 2025", "24 February 2025 09:41", "2025-02-24T05:46", "2025.01.17 11:27",
/// "26/10/2025" (day first unless the page says otherwise), "2021年12月07日 13時00分",
/// "Published 3 March 2025 · Updated 4 March 2025" (the published date wins), glued to a
/// site or icon name ("AccessTimeIconJan 18, 2018", "SiteNews26/10/2025"). Month names,
/// labels and age words are data (`Resources/dates.json`).
enum DateParser {
    enum Atom: Equatable {
        case word(String)   // lower-cased
        case number(Int, digits: Int)
        case mark(Character)
    }

    static var rules: ResourceData.DateWords { ResourceData.shared.dates }

    /// Month number by lower-cased name or abbreviation.
    static var monthNumbers: [String: Int] { rules.months }

    /// Splits text into words, numbers and marks. A word breaks where a lower-case letter
    /// runs into a capital ("IconJan", "PlusVietnam"), so dates glued to a name are found;
    /// e-mail addresses and links are left out (a byline's "see@site.com").
    static func atoms(_ text: String) -> [Atom] {
        var out: [Atom] = []
        var word = "", number = 0, digits = 0
        var lastWasLower = false
        func flush() {
            if !word.isEmpty { out.append(.word(word.lowercased())); word = "" }
            if digits > 0 { out.append(.number(number, digits: digits)); number = 0; digits = 0 }
        }
        for piece in text.split(separator: " ", omittingEmptySubsequences: true) {
            if piece.utf8.contains(0x40) && !piece.hasPrefix("(@") || piece.containsBytes("://") || piece.hasPrefix("www.") { continue }
            flush()
            lastWasLower = false
            for ch in piece {
                if let d = ch.wholeNumberValue, ch.isASCII {
                    if !word.isEmpty { flush() }
                    if digits < 9 { number = number * 10 + d }
                    digits += 1
                    lastWasLower = false
                } else if ch.isLetter {
                    if digits > 0 { flush() }
                    if ch.isUppercase && lastWasLower { flush() }
                    // The ideographs of a date are words of their own ("2025年9月2日"); other
                    // ideographs run on into words ("最后更新").
                    if dateIdeographs.contains(ch) { flush(); out.append(.word(String(ch))); lastWasLower = false; continue }
                    word.append(ch)
                    lastWasLower = ch.isLowercase
                } else {
                    flush()
                    if !ch.isWhitespace { out.append(.mark(ch)) }
                    lastWasLower = false
                }
            }
            flush()
        }
        return out
    }

    private static let dateIdeographs: Set<Character> = ["年", "月", "日", "時", "时", "分", "秒"]
    /// Words for the morning (false) and afternoon (true) that stand before a time.
    private static let halfDayWords: [String: Bool] = ["오전": false, "오후": true, "午前": false, "午後": true, "上午": false, "下午": true]

    /// The date of a line that holds nothing but a date: with its labels, time and zone, and
    /// at most two other words (a site or icon name glued to it, "page10", "No. 82").
    static func parseDateLine(_ text: String) -> DateStamp? {
        guard text.utf8.count <= 160, hasFourDigitRun(text) else { return nil }
        // An embedded post's attribution ("— Site (@handle) August 1, 2025") quotes a date;
        // it does not date the page.
        if text.containsBytes("(@") { return nil }
        let a = atoms(text)
        let dates = allDates(in: a)
        guard let first = dates.first else { return nil }
        var free = Set<String>()
        var i = 0
        var d = 0
        while i < a.count {
            if d < dates.count, dates[d].range.contains(i) { i = dates[d].range.upperBound; d += 1; continue }
            if case .word(let w) = a[i], !rules.labelSet.contains(w) {
                free.insert(w)
                if free.count > 2 || w.count > 14 { return nil }
            }
            i += 1
        }
        return chooseAmong(dates, in: a) ?? first.stamp
    }

    /// "Updated Y · Published X" and "Published X · Updated Y" both mean X: a date after a
    /// publish label wins; failing that, the first date not marked as an update.
    private static func chooseAmong(_ dates: [Found], in a: [Atom]) -> DateStamp? {
        func label(before f: Found) -> String? {
            var k = f.range.lowerBound - 1
            while k >= 0 {
                switch a[k] {
                case .word(let w):
                    if rules.publishLabelSet.contains(w) || rules.updateLabelSet.contains(w) { return w }
                    if !rules.labelSet.contains(w) { return nil }
                case .mark, .number: break
                }
                if k < f.range.lowerBound - 4 { return nil }
                k -= 1
            }
            return nil
        }
        if let p = dates.first(where: { label(before: $0).map(rules.publishLabelSet.contains) ?? false }) { return p.stamp }
        if let n = dates.first(where: { !(label(before: $0).map(rules.updateLabelSet.contains) ?? false) }) { return n.stamp }
        return dates.first?.stamp
    }

    /// "Wire2 months ago", "3 days ago": a relative date. Page metadata, but no date: nothing
    /// on the page anchors it, and a date is never invented.
    static func isAge(_ text: String) -> Bool {
        guard text.utf8.count <= 40, rules.ageWords.contains(where: { text.hasByteSuffix($0) }) else { return false }
        // Labels may stand before it: "Updated 5 min ago", "Last updated: 2 hours ago".
        let a = Array(atoms(text).drop { atom in
            switch atom {
            case .word(let w): return rules.labelSet.contains(w)
            case .mark: return true
            case .number: return false
            }
        })
        guard a.count >= 3, a.count <= 5, case .word(let last) = a[a.count - 1], rules.ageWordSet.contains(last),
              case .word(let unit) = a[a.count - 2], rules.ageUnitSet.contains(unit),
              case .number(_, let digits) = a[a.count - 3], digits <= 3 else { return false }
        // At most a source name before the number ("Wire", "TV").
        return a.count == 3 || (a.count == 4 && { if case .word = a[0] { return true }; return false }())
    }

    /// "10:15", "9:40 AM", "17:05 KST": a time of day alone (a flash-news page's or a live
    /// blog's item stamp). It takes its day from the date line above it, if any.
    static func timeOnly(_ text: String) -> (hour: Int, minute: Int)? {
        guard text.utf8.count <= 16, let f = text.utf8.first, f >= 0x30 && f <= 0x39, text.utf8.contains(0x3A) else { return nil }
        let a = atoms(text)
        guard let (h, m, end) = time(at: 0, in: a, skipping: 0),
              a[end...].allSatisfy({ if case .word(let w) = $0 { return rules.labelSet.contains(w) }; return true }) else { return nil }
        return (h, m)
    }

    /// "2 min read", "2 分钟阅读".
    static func isReadingTime(_ text: String) -> Bool {
        guard text.utf8.count <= 40, let f = text.utf8.first, (f >= 0x30 && f <= 0x39) || f >= 0x41 else { return false }
        let lower = text.lowercased()
        return rules.readingTime.contains { lower.hasSuffix($0) } && lower.contains { $0.isNumber }
    }

    /// A date that opens a paragraph as part of its dateline: "Bangkok, 19 April 2024 – The…",
    /// "2-9-2023 (SINGAPORE) Most…". A date later in the sentence ("SINGAPORE: From 30 June
    /// 2025, …") is the story's content, not its date.
    static func datelineDate(_ text: String) -> DateStamp? {
        let head = String(text.prefix(64))
        guard hasFourDigitRun(head) else { return nil }
        let a = atoms(head)
        guard let f = allDates(in: a).first, f.range.lowerBound <= 4 else { return nil }
        // Before the date: a place name and a comma only.
        for k in 0..<f.range.lowerBound {
            switch a[k] {
            case .word: continue
            case .mark(let c) where c == ",": continue
            default: return nil
            }
        }
        guard f.range.upperBound < a.count, case .mark(let c) = a[f.range.upperBound], "–—-(:.…".contains(c) else { return nil }
        return f.stamp
    }

    struct Found { var stamp: DateStamp; var range: Range<Int> }

    /// Cheap filter: every date line we read states a year.
    static func hasFourDigitRun(_ text: String) -> Bool {
        text.withBytes { bytes in
            var run = 0
            for b in bytes {
                if b >= 0x30 && b <= 0x39 { run += 1; if run == 4 { return true } } else { run = 0 }
            }
            return false
        }
    }

    /// First full date in the atoms, with a time if one stands right after (or before) it.
    static func firstDate(in a: [Atom]) -> Found? { allDates(in: a, limit: 1).first }

    /// Every full date, left to right, without overlaps.
    static func allDates(in a: [Atom], limit: Int = 4) -> [Found] {
        var out: [Found] = []
        var i = 0
        while i < a.count, out.count < limit {
            guard var f = date(at: i, in: a) else { i += 1; continue }
            if let (h, m, end) = time(at: f.range.upperBound, in: a, skipping: 1) {
                f.stamp.hour = h; f.stamp.minute = m; f.range = f.range.lowerBound..<end
            } else if let (h, m, _) = timeBefore(f.range.lowerBound, in: a, after: out.last?.range.upperBound ?? 0) {
                f.stamp.hour = h; f.stamp.minute = m
            }
            out.append(f)
            i = f.range.upperBound
        }
        return out
    }

    private static func month(_ atom: Atom) -> Int? {
        if case .word(let w) = atom { return rules.months[w] }
        return nil
    }

    private static func date(at i: Int, in a: [Atom]) -> Found? {
        func num(_ k: Int) -> (Int, Int)? {
            guard k >= 0, k < a.count, case .number(let n, let d) = a[k] else { return nil }
            return (n, d)
        }
        func isWord(_ k: Int, _ w: String) -> Bool { k < a.count && a[k] == .word(w) }
        func skipMarks(_ k: Int, _ allowed: Set<Character>) -> Int {
            var k = k
            while k < a.count, case .mark(let c) = a[k], allowed.contains(c) { k += 1 }
            return k
        }
        // Month Day, Year
        if let m = month(a[i]) {
            var k = skipMarks(i + 1, ["."])
            if let (d, dd) = num(k), dd <= 2 {
                k = skipMarks(k + 1, [",", "."])
                if case .word(let w)? = (k < a.count ? a[k] : nil), ["st", "nd", "rd", "th"].contains(w) { k = skipMarks(k + 1, [","]) }
                if let (y, yd) = num(k), yd == 4, DateStamp.isValid(year: y, month: m, day: d) {
                    return Found(stamp: DateStamp(year: y, month: m, day: d), range: i..<(k + 1))
                }
            }
            return nil
        }
        guard let (n, nd) = num(i) else { return nil }
        if nd == 4 {
            // 2021年12月07日
            if isWord(i + 1, "年"), let (m, _) = num(i + 2), isWord(i + 3, "月"), let (d, _) = num(i + 4), isWord(i + 5, "日"),
               DateStamp.isValid(year: n, month: m, day: d) {
                return Found(stamp: DateStamp(year: n, month: m, day: d), range: i..<(i + 6))
            }
            // Year-Month-Day (2025-02-24, 2025/02/24, 2025.02.24)
            let k1 = i + 1
            if k1 < a.count, case .mark(let sep) = a[k1], ["-", "/", "."].contains(sep),
               let (m, _) = num(k1 + 1), k1 + 2 < a.count, a[k1 + 2] == .mark(sep), let (d, _) = num(k1 + 3),
               DateStamp.isValid(year: n, month: m, day: d) {
                var end = k1 + 4
                if end < a.count, case .word("t") = a[end] { end += 1 }
                return Found(stamp: DateStamp(year: n, month: m, day: d), range: i..<end)
            }
            return nil
        }
        guard nd <= 2 else { return nil }
        // Day/Month/Year in figures (26/10/2025, 2-9-2023, 2.9.2023): day first, flagged when
        // both could be a month so the page can say otherwise.
        if i + 4 < a.count, case .mark(let sep) = a[i + 1], ["-", "/", "."].contains(sep), let (b, bd) = num(i + 2), bd <= 2,
           a[i + 3] == .mark(sep), let (y, yd) = num(i + 4), yd == 4 {
            if DateStamp.isValid(year: y, month: b, day: n) {
                var s = DateStamp(year: y, month: b, day: n)
                s.orderAmbiguous = n <= 12 && n != b
                return Found(stamp: s, range: i..<(i + 5))
            }
            if DateStamp.isValid(year: y, month: n, day: b) {
                return Found(stamp: DateStamp(year: y, month: n, day: b), range: i..<(i + 5))
            }
            return nil
        }
        // Day Month Year
        var k = skipMarks(i + 1, [])
        if k < a.count, case .word(let w) = a[k], ["st", "nd", "rd", "th"].contains(w) { k += 1 }
        if k < a.count, let m = month(a[k]) {
            k = skipMarks(k + 1, [".", ","])
            if let (y, yd) = num(k), yd == 4, DateStamp.isValid(year: y, month: m, day: n) {
                return Found(stamp: DateStamp(year: y, month: m, day: n), range: i..<(k + 1))
            }
        }
        return nil
    }

    /// "5:46 AM", "17:05", "5:46 p.m.", "13時00分" starting within `skipping` marks of `start`.
    private static func time(at start: Int, in a: [Atom], skipping: Int) -> (Int, Int, Int)? {
        var i = start
        var skipped = 0
        while i < a.count, case .mark(let c) = a[i], c == "," || c == "·" || c == "|" || c == "-" || c == ".", skipped < skipping + 1 { i += 1; skipped += 1 }
        if i < a.count, case .word(let w) = a[i], w == "at" { i += 1 }
        // "오전 10:15", "午後3時", "下午 3:20": morning or afternoon written before the time.
        var half: Bool?
        if i < a.count, case .word(let w) = a[i], let pm = Self.halfDayWords[w] { half = pm; i += 1 }
        guard i + 2 < a.count, case .number(var h, let hd) = a[i], hd <= 2, case .number(let m, let md) = a[i + 2], md == 2,
              a[i + 1] == .mark(":") || a[i + 1] == .word("時"), h <= 23, m <= 59 else { return nil }
        if let pm = half { if pm, h < 12 { h += 12 } else if !pm, h == 12 { h = 0 } }
        var end = i + 3
        if end < a.count, case .word(let w) = a[end] {
            if w == "pm" || w == "p" { if h < 12 { h += 12 }; end += 1 }
            else if w == "am" || w == "a" { if h == 12 { h = 0 }; end += 1 }
            else if w == "分" { end += 1 }
            while end < a.count, a[end] == .mark(".") || a[end] == .word("m") { end += 1 }
        }
        return (h, m, end)
    }

    /// A time printed before the date ("Published 3:05 PM GMT+8, March 3, 2025").
    private static func timeBefore(_ dateStart: Int, in a: [Atom], after: Int) -> (Int, Int, Int)? {
        for i in stride(from: max(after, dateStart - 8), to: dateStart, by: 1) {
            if let t = time(at: i, in: a, skipping: 0), t.2 <= dateStart { return t }
        }
        return nil
    }
}
