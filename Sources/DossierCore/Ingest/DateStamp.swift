/// A calendar date with an optional time, as a page states it.
struct DateStamp: Sendable, Equatable, Comparable {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int?
    var minute: Int?
    /// Written in figures with day and month both 12 or less ("2-9-2023"): read day first,
    /// and `swapped` when the page shows month-first order.
    var orderAmbiguous = false

    init(year: Int, month: Int, day: Int, hour: Int? = nil, minute: Int? = nil) {
        self.year = year; self.month = month; self.day = day; self.hour = hour; self.minute = minute
    }

    /// Month and day exchanged ("2-9-2023" read as February 9).
    var swapped: DateStamp { DateStamp(year: year, month: day, day: month, hour: hour, minute: minute) }

    static func == (a: DateStamp, b: DateStamp) -> Bool {
        (a.year, a.month, a.day, a.hour, a.minute) == (b.year, b.month, b.day, b.hour, b.minute)
    }

    /// "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM".
    var iso: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let date = "\(year)-\(two(month))-\(two(day))"
        if let h = hour, let m = minute { return "\(date)T\(two(h)):\(two(m))" }
        return date
    }

    static func < (a: DateStamp, b: DateStamp) -> Bool {
        (a.year, a.month, a.day, a.hour ?? -1, a.minute ?? -1) < (b.year, b.month, b.day, b.hour ?? -1, b.minute ?? -1)
    }

    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1970...2100).contains(year), (1...12).contains(month), day >= 1 else { return false }
        let days = [31, year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }
}
