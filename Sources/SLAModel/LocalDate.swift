import Foundation

/// A calendar day without a time zone (`2026-10-26`), as sprints and revisions are dated.
package struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    package let year: Int
    package let month: Int
    package let day: Int

    /// Parses `YYYY-MM-DD` (ten ASCII characters, digits and two dashes); nil when the text is not a real calendar
    /// day. Read from the bytes: imports parse a date per row.
    package init?(_ text: String) { self.init(parsing: text.utf8) }

    /// Parses `YYYY-MM-DD` from UTF-8 bytes (a column read straight from SQLite).
    package init?(utf8 bytes: UnsafeBufferPointer<UInt8>) { self.init(parsing: bytes) }

    private init?<Bytes: Sequence<UInt8>>(parsing bytes: Bytes) {
        var fields = (0, 0, 0), position = 0
        for b in bytes {
            switch position {
            case 4, 7: guard b == UInt8(ascii: "-") else { return nil }
            case 0..<10:
                guard b >= 48, b <= 57 else { return nil }
                let digit = Int(b - 48)
                if position < 4 { fields.0 = fields.0 * 10 + digit } else if position < 7 { fields.1 = fields.1 * 10 + digit } else { fields.2 = fields.2 * 10 + digit }
            default: return nil
            }
            position += 1
        }
        let (y, m, d) = fields
        guard position == 10, (1...12).contains(m), d >= 1, d <= LocalDate.daysIn(month: m, year: y) else { return nil }
        year = y; month = m; day = d
    }

    /// Days since 1970-01-01 (negative before).
    package var dayNumber: Int { Timestamp.daysFromCivil(year, month, day) }

    /// The day `dayNumber` days after 1970-01-01 (the inverse of `dayNumber`).
    package init(dayNumber: Int) {
        let (y, m, d) = Timestamp.civilFromDays(dayNumber)
        self.init(year: y, month: m, day: d)
    }

    package init(year: Int, month: Int, day: Int) {
        precondition((1...12).contains(month) && day >= 1 && day <= LocalDate.daysIn(month: month, year: year))
        self.year = year; self.month = month; self.day = day
    }

    /// The day an instant falls on in `timeZone`.
    package init(_ instant: Date, in timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: instant)
        self.init(year: c.year!, month: c.month!, day: c.day!)
    }

    package var description: String {
        let y = String(year), m = month < 10 ? "0\(month)" : String(month), d = day < 10 ? "0\(day)" : String(day)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + m + "-" + d
    }

    /// The instant this day starts in `timeZone` (DST-correct).
    package func start(in timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: DateComponents(year: year, month: month, day: day))!
    }

    /// The day `days` later (negative: earlier).
    package func adding(days: Int) -> LocalDate {
        let utc = TimeZone(identifier: "UTC")!
        return LocalDate(start(in: utc).addingTimeInterval(Double(days) * 86_400), in: utc)
    }

    /// Whole days from `self` to `other`.
    package func days(until other: LocalDate) -> Int {
        let utc = TimeZone(identifier: "UTC")!
        return Int((other.start(in: utc).timeIntervalSince(start(in: utc)) / 86_400).rounded())
    }

    package static func < (a: LocalDate, b: LocalDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// Time-zone names are checked against the system's IANA database.
package enum TimeZones {
    /// The zone for an IANA name (`Europe/Berlin`, `UTC`), or nil when unknown.
    package static func named(_ name: String) -> TimeZone? {
        guard !name.isEmpty, let zone = TimeZone(identifier: name) else { return nil }
        return zone
    }

    package static let utc = TimeZone(identifier: "UTC")!
}
