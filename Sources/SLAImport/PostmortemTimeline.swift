import Foundation
import SLAModel

/// A postmortem timeline as people write it: tables, bullets (`- **16:58 UTC** - …`), headings
/// (`### 2021-06-03 9:00`), and times without dates under a date line; read in a stated time zone.
package struct PostmortemTimeline {
    struct Entry {
        let time: Date
        let text: String
    }

    var entries: [Entry] = []
    /// The IANA zone the times were read in, and where it came from (`All times in CET`, front matter, --timezone).
    var zone: String
    var zoneSource: String?
    /// Remarks on the reading (a summer date in a zone written as a winter abbreviation, …).
    var notes: [String] = []
    /// True when every entry named its own zone (`- **16:58 UTC** - …`).
    var entriesStateZone = false

    /// Zone abbreviations and names people write in postmortems → IANA names.
    static let zoneWords: [String: String] = [
        "utc": "UTC", "gmt": "UTC", "z": "UTC",
        "cet": "CET", "cest": "CET", "eet": "EET", "eest": "EET", "wet": "WET", "west": "WET", "bst": "Europe/London",
        "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles", "pt": "America/Los_Angeles", "pacific": "America/Los_Angeles",
        "est": "America/New_York", "edt": "America/New_York", "et": "America/New_York", "eastern": "America/New_York",
        "cst": "America/Chicago", "cdt": "America/Chicago", "central": "America/Chicago",
        "mst": "America/Denver", "mdt": "America/Denver", "mountain": "America/Denver",
        "ist": "Asia/Kolkata", "jst": "Asia/Tokyo", "aest": "Australia/Sydney", "aedt": "Australia/Sydney",
    ]

    /// A zone as written: an IANA name (`US/Pacific`, `Europe/Copenhagen`) or an abbreviation (`CET`, `PST`).
    package static func zone(_ word: String) -> String? {
        let trimmed = word.trimmingCharacters(in: CharacterSet(charactersIn: " .,;:()*_"))
        if trimmed.contains("/"), TimeZones.named(trimmed) != nil { return trimmed }
        if let mapped = zoneWords[trimmed.lowercased()] { return mapped }
        return nil
    }

    /// "All times in CET", "*(All times US/Pacific, 24-hour clock.)*", "Times are in UTC", "all times UTC".
    static func statedZone(_ lines: [String]) -> (String, String)? {
        for line in lines {
            let lower = line.lowercased()
            guard let range = lower.range(of: "all times") ?? lower.range(of: "times are") ?? lower.range(of: "timezone:") ?? lower.range(of: "time zone:") else { continue }
            let rest = line[range.upperBound...]
            let words = rest.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ")" || $0 == "(" || $0 == "*" })
            for word in words.prefix(4) {
                let w = word.trimmingCharacters(in: CharacterSet(charactersIn: ".:;"))
                if ["in", "are", "is", "shown", "given"].contains(w.lowercased()) { continue }
                if let zone = zone(w) { return (zone, line.trimmingCharacters(in: .whitespaces)) }
            }
        }
        return nil
    }

    static let months = ["jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12]

    /// A date at the start of `text`: `2021-06-03`, `Feb 19`, `February 19, 2026` (year from `year`). Returns the date and the rest.
    static func leadingDate(_ text: Substring, year: Int?) -> (LocalDate, Substring)? {
        let t = text.drop(while: { $0 == " " })
        if t.count >= 10, let date = LocalDate(String(t.prefix(10))) { return (date, t.dropFirst(10)) }
        let word = t.prefix(while: { $0.isLetter })
        guard word.count >= 3, let month = months[String(word.prefix(3)).lowercased()] else { return nil }
        var rest = t.dropFirst(word.count).drop(while: { $0 == " " || $0 == "." })
        let digits = rest.prefix(while: { $0.isNumber })
        guard (1...2).contains(digits.count), let day = Int(digits) else { return nil }
        rest = rest.dropFirst(digits.count)
        var y = year
        let afterComma = rest.drop(while: { $0 == "," || $0 == " " })
        let yearDigits = afterComma.prefix(while: { $0.isNumber })
        if yearDigits.count == 4, let explicit = Int(yearDigits) { y = explicit; rest = afterComma.dropFirst(4) }
        guard let y, let date = LocalDate("\(y)-\(String(format: "%02d-%02d", month, day))") else { return nil }
        return (date, rest)
    }

    /// A clock time at the start of `text`: `9:00`, `16:58`, `16:58:03` (one- or two-digit hour), and a zone word after it.
    static func leadingTime(_ text: Substring) -> (minutes: Int, seconds: Int, zone: String?, rest: Substring)? {
        let t = text.drop(while: { $0 == " " || $0 == ":" || $0 == "," || $0 == "T" })
        let hour = t.prefix(while: { $0.isNumber })
        guard (1...2).contains(hour.count), let h = Int(hour), h < 24 else { return nil }
        var rest = t.dropFirst(hour.count)
        guard rest.first == ":" else { return nil }
        rest = rest.dropFirst()
        let minute = rest.prefix(while: { $0.isNumber })
        guard minute.count == 2, let m = Int(minute), m < 60 else { return nil }
        rest = rest.dropFirst(2)
        var s = 0
        if rest.first == ":", let sec = Int(rest.dropFirst().prefix(2)), sec < 60 { s = sec; rest = rest.dropFirst(3) }
        let after = rest.drop(while: { $0 == " " })
        let word = after.prefix(while: { $0.isLetter || $0 == "/" || $0 == "_" })
        if !word.isEmpty, let zone = zone(String(word)) { return (h * 60 + m, s, zone, after.dropFirst(word.count)) }
        return (h * 60 + m, s, nil, rest)
    }

    /// The instant of a local date and time in a zone (DST-correct).
    static func instant(_ date: LocalDate, minutes: Int, seconds: Int, zone: String) -> Date? {
        guard let tz = TimeZones.named(zone) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = tz
        return calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: minutes / 60, minute: minutes % 60, second: seconds))
    }

    /// Reads the timeline section of `lines` (a `Timeline` heading up to the next heading of its level or above).
    /// `date`: the date the timeline starts on when its lines give none (front matter, title, file name).
    init(lines: [String], zone: String, zoneSource: String?, date: LocalDate?) {
        self.zone = zone
        self.zoneSource = zoneSource
        var inTimeline = false, level = 0
        var current = date
        var pendingHeading: (Date, Int)?
        var collected: [(Date, String)] = []
        var zonedEntries = 0
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") {
                let hashes = trimmed.prefix(while: { $0 == "#" }).count
                let name = trimmed.dropFirst(hashes).trimmingCharacters(in: .whitespaces)
                if name.lowercased().hasPrefix("timeline") { inTimeline = true; level = hashes; continue }
                if inTimeline, hashes <= level { inTimeline = false; continue }
                guard inTimeline else { continue }
                // `### 2021-06-03 9:00`: an entry whose text is the paragraph below it; `### 2021-06-03`: a date line.
                if let (d, rest) = Self.leadingDate(Substring(name), year: current?.year ?? date?.year) {
                    current = d
                    if let time = Self.leadingTime(rest), let at = Self.instant(d, minutes: time.minutes, seconds: time.seconds, zone: time.zone ?? zone) {
                        collected.append((at, time.rest.trimmingCharacters(in: .whitespaces)))
                        pendingHeading = (at, collected.count - 1)
                    }
                } else if let time = Self.leadingTime(Substring(name)), let d = current,
                          let at = Self.instant(d, minutes: time.minutes, seconds: time.seconds, zone: time.zone ?? zone) {
                    collected.append((at, time.rest.trimmingCharacters(in: .whitespaces)))
                    pendingHeading = (at, collected.count - 1)
                }
                continue
            }
            guard inTimeline, !trimmed.isEmpty else { continue }
            if let (_, index) = pendingHeading {
                if collected[index].1.isEmpty { collected[index].1 = trimmed } else { collected[index].1 += " " + trimmed }
                if !trimmed.hasPrefix("*(") { pendingHeading = nil }
                continue
            }
            var cellText: Substring
            var event: String
            if trimmed.hasPrefix("|") {
                let cells = trimmed.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard cells.count >= 3 else { continue }
                cellText = Substring(cells[1])
                event = cells[2...].filter { !$0.isEmpty }.joined(separator: " ")
            } else {
                var body = Substring(trimmed)
                if body.hasPrefix("- ") || body.hasPrefix("* ") || body.hasPrefix("+ ") { body = body.dropFirst(2) }
                body = body.drop(while: { $0 == " " })
                // `**16:58 UTC** - text`, `**Feb 19: 10:54**: text`, `16:58 text`
                var stamp = body, remainder = Substring("")
                if body.hasPrefix("**"), let close = body.dropFirst(2).range(of: "**") {
                    stamp = body[body.index(body.startIndex, offsetBy: 2)..<close.lowerBound]
                    remainder = body[close.upperBound...]
                } else {
                    remainder = ""
                }
                cellText = stamp
                event = String(remainder.drop(while: { $0 == " " || $0 == "-" || $0 == ":" || $0 == "—" || $0 == "–" }))
                if remainder.isEmpty { event = "" }
            }
            cellText = cellText.drop(while: { $0 == " " })
            var day = current
            var rest = cellText
            if let (d, after) = Self.leadingDate(cellText, year: current?.year ?? date?.year) {
                day = d; rest = after
                current = d
            }
            guard let time = Self.leadingTime(rest) else {
                // A date line without a time (`2015-10-21 (all times UTC)`) sets the date of the lines after it.
                continue
            }
            guard let d = day, let at = Self.instant(d, minutes: time.minutes, seconds: time.seconds, zone: time.zone ?? zone) else { continue }
            if time.zone != nil { zonedEntries += 1 }
            if event.isEmpty {
                event = String(time.rest.drop(while: { $0 == " " || $0 == "-" || $0 == ":" || $0 == "*" || $0 == "—" || $0 == "–" }))
            }
            collected.append((at, event))
        }
        entries = collected.map { Entry(time: $0.0, text: $0.1) }
        entriesStateZone = !entries.isEmpty && zonedEntries == entries.count
        if let first = entries.first, let tz = TimeZones.named(zone), ["CET", "EET", "WET"].contains(zone), tz.isDaylightSavingTime(for: first.time) {
            notes.append("times in \(zone) on a summer date read as local summer time (UTC\(Self.offset(tz.secondsFromGMT(for: first.time)))); pass --timezone Etc/GMT-\(zone == "CET" ? 1 : zone == "EET" ? 2 : 0) if they are winter time all year")
        }
    }

    static func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "−" : "+"
        let s = abs(seconds)
        return sign + String(format: "%02d:%02d", s / 3600, s % 3600 / 60)
    }

    static let detectedWords = ["detect", "alert", "notic", "reported", "aware", "informed", "declared", "paged", "warning", "alarm", "discover"]
    static let acknowledgedWords = ["acknowledg", "ticket raised", "paged", "on-call", "investigat", "identified", "declared"]
    static let resolvedWords = ["resolved", "restored", "recovered", "recovery:", "fixed", "stabilised", "stabilized", "verified operational", "back to normal", "fully operational", "service is restored", "resumed"]

    /// Detection, acknowledgement and resolution read from the entries' wording.
    var milestones: (detected: Date?, acknowledged: Date?, resolved: Date?) {
        let rows = entries.map { ($0.time, $0.text.lowercased()) }
        // "Root cause discovered" comes after the incident was found, not when.
        let negated = ["no automated", "no alarm", "no alert", "not detected", "unnoticed", "without alert", "without an alert", "root cause"]
        let detectedRow = rows.firstIndex { row in Self.detectedWords.contains(where: row.1.contains) && !negated.contains(where: row.1.contains) }
            ?? (rows.isEmpty ? nil : 0)
        let detected = detectedRow.map { rows[$0].0 }
        let acknowledged = detectedRow.flatMap { start in
            rows[(start + 1)...].first { Self.acknowledgedWords.contains(where: $0.1.contains) }?.0
        }
        var resolved = rows.first { Self.resolvedWords.contains(where: $0.1.contains) && !$0.1.contains("not resolved") }?.0
        if resolved == nil { resolved = rows.last { $0.1.contains("mitigated") }?.0 }
        if let d = detected, let r = resolved, r < d { resolved = rows.last { Self.resolvedWords.contains(where: $0.1.contains) }?.0 }
        return (detected, acknowledged, resolved)
    }
}

/// Severity as teams write it: `1`–`4`, `SEV-1`, `Sev 2`, `S1`, `P1` (P5 → 4), or a word.
package enum SeverityText {
    package static func parse(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
            .trimmingCharacters(in: CharacterSet(charactersIn: "*_`\"'"))
        if let n = Int(t), (1...4).contains(n) { return n }
        for prefix in ["severity", "sev", "p", "s"] where t.hasPrefix(prefix) {
            let digits = t.dropFirst(prefix.count).drop(while: { $0 == "-" || $0 == " " || $0 == ":" || $0 == "_" })
            if let n = Int(digits.prefix(while: { $0.isNumber })), (0...5).contains(n) { return max(1, min(4, n)) }
        }
        let words = ["critical": 1, "major": 2, "high": 2, "medium": 3, "moderate": 3, "minor": 3, "low": 4]
        return words[t.split(separator: " ").first.map(String.init) ?? t]
    }

    /// A `Severity: SEV-2` / `**Severity:** P1` line in the body.
    static func stated(_ lines: [String]) -> Int? {
        for line in lines {
            let t = line.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "*", with: "")
            let lower = t.lowercased()
            for key in ["severity:", "severity level:", "sev:", "priority:", "- severity:", "| severity |"] where lower.hasPrefix(key) {
                let value = t.dropFirst(key.count).trimmingCharacters(in: CharacterSet(charactersIn: " |"))
                if let n = parse(value) { return n }
            }
        }
        return nil
    }
}
