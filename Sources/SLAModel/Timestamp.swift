import Foundation

/// Fast ISO-8601 instants for bulk imports: `2026-10-26T08:47:00Z`, `…T08:47:00.123+01:00`, `2026-10-26 08:47:00+00:00`.
///
/// Foundation's formatter costs microseconds per call; a million observations need a parser on bytes.
package enum Timestamp {
    /// Seconds since 1970 for an ISO-8601 instant with a zone (`Z` or `±HH:MM`); nil when malformed or zoneless.
    package static func parse(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    /// The same, but a time without a zone (`2026-11-02 09:15:03`, or with ` UTC`) is taken as UTC.
    package static func parseAssumingUTC(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { parse($0, zoneless: true) }
    }

    /// The same on raw bytes; `zoneless` accepts a time without a zone (or ending in ` UTC`) as UTC.
    package static func parse(_ b: UnsafeBufferPointer<UInt8>, zoneless: Bool = false) -> Double? {
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var value = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            i += n
            return value
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(45), let month = digits(2), expect(45), let day = digits(2),
              (1...12).contains(month), day >= 1, day <= LocalDate.daysIn(month: month, year: year),
              i < b.count, b[i] == 84 || b[i] == 32 || b[i] == 116 else { return nil }
        i += 1
        guard let hour = digits(2), expect(58), let minute = digits(2), hour < 24, minute < 60 else { return nil }
        var second = 0.0
        if expect(58) {
            guard let s = digits(2), s < 61 else { return nil }
            second = Double(s)
            if expect(46) {
                var scale = 0.1
                let start = i
                while i < b.count, b[i] >= 48, b[i] <= 57 { second += Double(b[i] - 48) * scale; scale /= 10; i += 1 }
                guard i > start else { return nil }
            }
        }
        var offset = 0
        if zoneless, i == b.count || (b.count - i == 4 && b[i] == 32 && b[i + 1] == 85 && b[i + 2] == 84 && b[i + 3] == 67) {
            i = b.count
        } else if i >= b.count { return nil } else if b[i] == 90 || b[i] == 122 { i += 1 } else if b[i] == 43 || b[i] == 45 {
            let sign = b[i] == 45 ? -1 : 1
            i += 1
            guard let oh = digits(2) else { return nil }
            _ = expect(58)
            guard let om = digits(2), oh < 24, om < 60 else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        } else { return nil }
        guard i == b.count else { return nil }
        let days = daysFromCivil(year, month, day)
        return Double(days * 86_400 + hour * 3600 + minute * 60 - offset) + second
    }

    /// `2026-10-26T07:47:00Z` (whole seconds, UTC): the stored form, which sorts as text.
    /// Instants outside years 0001–9999 (and NaN) are clamped to them: the stored form has four-digit years.
    package static func format(_ epoch: Double) -> String {
        let clamped = epoch.isNaN ? 0 : min(max(epoch, -62_135_596_800), 253_402_300_799)
        let total = Int(clamped.rounded(.down))
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let secs = total - days * 86_400
        let (y, m, d) = civilFromDays(days)
        var bytes = [UInt8](repeating: 0, count: 20)
        func put(_ value: Int, _ at: Int, _ width: Int) {
            var v = value
            for k in stride(from: at + width - 1, through: at, by: -1) { bytes[k] = UInt8(48 + v % 10); v /= 10 }
        }
        put(y, 0, 4); bytes[4] = 45; put(m, 5, 2); bytes[7] = 45; put(d, 8, 2); bytes[10] = 84
        put(secs / 3600, 11, 2); bytes[13] = 58; put(secs % 3600 / 60, 14, 2); bytes[16] = 58; put(secs % 60, 17, 2); bytes[19] = 90
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    package static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d)
    }
}
