/// Reads dates the way news pages print them: "February 24, 2025, 5:46 AM", "Aug 04, 2023",
/// "Feb. 11, 2025", "24 February 2025 09:41", "2025-02-24T05:46", "Published 3 March 2025 ·
/// Updated 4 March 2025" (the first date wins), "Sept. 7" (no year).
enum DateParser {
    enum Atom: Equatable {
        case word(String)   // lower-cased
        case number(Int, digits: Int)
        case mark(Character)
    }

    static let monthNumbers: [String: Int] = {
        var m: [String: Int] = [:]
        let full = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
        for (i, name) in full.enumerated() {
            m[name] = i + 1
            m[String(name.prefix(3))] = i + 1
        }
        m["sept"] = 9
        return m
    }()

    /// Words a date line may hold besides the date itself.
    private static let dateLineWords: Set<String> = [
        "published", "updated", "posted", "last", "on", "at", "date", "time", "first", "modified", "am", "pm", "a", "m", "p",
        "gmt", "utc", "et", "est", "edt", "pt", "pst", "pdt", "bst", "cet", "cest", "hkt", "sgt", "kst", "jst", "ist", "ict", "wib",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "t", "z", "hrs", "h",
    ]

    static func atoms(_ text: String) -> [Atom] {
        var out: [Atom] = []
        var word = "", number = 0, digits = 0
        func flush() {
            if !word.isEmpty { out.append(.word(word.lowercased())); word = "" }
            if digits > 0 { out.append(.number(number, digits: digits)); number = 0; digits = 0 }
        }
        for ch in text {
            if let d = ch.wholeNumberValue, ch.isASCII {
                if !word.isEmpty { flush() }
                if digits < 9 { number = number * 10 + d }
                digits += 1
            } else if ch.isLetter {
                if digits > 0 { flush() }
                word.append(ch)
            } else {
                flush()
                if !ch.isWhitespace { out.append(.mark(ch)) }
            }
        }
        flush()
        return out
    }

    /// The date of a line that holds nothing but a date (with its labels, time and zone).
    static func parseDateLine(_ text: String) -> DateStamp? {
        guard text.utf8.count <= 160, hasFourDigitRun(text) else { return nil }
        let a = atoms(text)
        guard let found = firstDate(in: a) else { return nil }
        // "Updated Y · Published X": the published date wins wherever it stands.
        if let p = a.firstIndex(of: .word("published")), p >= found.range.upperBound,
           let later = firstDate(in: Array(a[(p + 1)...])) {
            return later.stamp
        }
        // Everything outside the date must be a label, a time zone, or punctuation; text after
        // an "Updated" label is ignored (the first, published date wins).
        var i = 0
        while i < a.count {
            if found.range.contains(i) { i = found.range.upperBound; continue }
            switch a[i] {
            case .word(let w):
                if w == "updated" && i > found.range.lowerBound { return found.stamp }
                if !dateLineWords.contains(w) { return nil }
            case .number: break                      // a time, a UTC offset
            case .mark: break
            }
            i += 1
        }
        return found.stamp
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
    static func firstDate(in a: [Atom]) -> Found? {
        for i in a.indices {
            if var f = date(at: i, in: a) {
                if let (h, m, end) = time(at: f.range.upperBound, in: a, skipping: 1) {
                    f.stamp.hour = h; f.stamp.minute = m; f.range = f.range.lowerBound..<end
                } else if let (h, m, _) = timeBefore(f.range.lowerBound, in: a) {
                    f.stamp.hour = h; f.stamp.minute = m
                }
                return f
            }
        }
        return nil
    }

    private static func month(_ atom: Atom) -> Int? {
        if case .word(let w) = atom { return monthNumbers[w] }
        return nil
    }

    private static func date(at i: Int, in a: [Atom]) -> Found? {
        func num(_ k: Int) -> (Int, Int)? {
            guard k < a.count, case .number(let n, let d) = a[k] else { return nil }
            return (n, d)
        }
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
        // Year-Month-Day (2025-02-24, 2025/02/24, 2025.02.24)
        if nd == 4 {
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
        // Day Month Year
        if nd <= 2 {
            var k = skipMarks(i + 1, [])
            if k < a.count, case .word(let w) = a[k], ["st", "nd", "rd", "th"].contains(w) { k += 1 }
            if k < a.count, let m = month(a[k]) {
                k = skipMarks(k + 1, [".", ","])
                if let (y, yd) = num(k), yd == 4, DateStamp.isValid(year: y, month: m, day: n) {
                    return Found(stamp: DateStamp(year: y, month: m, day: n), range: i..<(k + 1))
                }
            }
        }
        return nil
    }

    /// "5:46 AM", "17:05", "5:46 p.m." starting within `skipping` marks of `start`.
    private static func time(at start: Int, in a: [Atom], skipping: Int) -> (Int, Int, Int)? {
        var i = start
        var skipped = 0
        while i < a.count, case .mark(let c) = a[i], c == "," || c == "·" || c == "|" || c == "-", skipped < skipping + 1 { i += 1; skipped += 1 }
        if i < a.count, case .word(let w) = a[i], w == "at" { i += 1 }
        guard i + 2 < a.count, case .number(var h, let hd) = a[i], hd <= 2, a[i + 1] == .mark(":"),
              case .number(let m, let md) = a[i + 2], md == 2, h <= 23, m <= 59 else { return nil }
        var end = i + 3
        if end < a.count, case .word(let w) = a[end] {
            if w == "pm" || w == "p" { if h < 12 { h += 12 }; end += 1 }
            else if w == "am" || w == "a" { if h == 12 { h = 0 }; end += 1 }
            while end < a.count, a[end] == .mark(".") || a[end] == .word("m") { end += 1 }
        }
        return (h, m, end)
    }

    /// A time printed before the date ("Published 3:05 PM GMT+8, March 3, 2025").
    private static func timeBefore(_ dateStart: Int, in a: [Atom]) -> (Int, Int, Int)? {
        for i in stride(from: max(0, dateStart - 8), to: dateStart, by: 1) {
            if let t = time(at: i, in: a, skipping: 0), t.2 <= dateStart { return t }
        }
        return nil
    }
}
