import Foundation

/// Where "now" comes from: the system clock, or a fixed instant for tests and the demo (`--now`, `SLARETRO_NOW`).
package struct Clock: Sendable {
    package let now: Date

    package init(now: Date) { self.now = now }

    /// The system clock.
    package static var system: Clock { Clock(now: Date()) }

    /// Today's date in `timeZone`.
    package func today(in timeZone: TimeZone) -> LocalDate { LocalDate(now, in: timeZone) }

    /// Parses `2026-11-24`, `2026-11-24T09:00:00Z` or `2026-11-24T09:00:00+09:00`; a bare date means midnight UTC.
    package static func parseInstant(_ text: String) -> Date? {
        if let date = LocalDate(text) { return date.start(in: TimeZones.utc) }
        // The byte parser reads every stored instant without Foundation's formatter, which costs more than the
        // query around it when a command reads thousands of rows.
        if let seconds = Timestamp.parse(text) { return Date(timeIntervalSince1970: seconds) }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    /// Formats an instant as UTC ISO-8601 with seconds (`2026-11-24T09:00:00Z`), the stored form.
    package static func iso(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        // Years 0001–9999 in the byte formatter's fixed width; anything else through Foundation.
        if seconds.isFinite, seconds > -62_135_596_800, seconds < 253_402_300_800 { return Timestamp.format(seconds) }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZones.utc
        return formatter.string(from: date)
    }
}
