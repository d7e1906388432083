import Foundation
import SLAModel

/// What a postmortem's "Stats" section states about detection and recovery, as people write it:
///
///     ## Stats
///     - Category: Kubernetes
///     - Time to detection: 5 minutes
///     - Time to recovery: 68 minutes
///
/// or `Stats:` followed by lines such as `Detected: 2021-06-03 09:12 UTC`, `Resolved at 10:40`, `Duration: 2h`.
/// Durations are measured from the start of the incident (the convention of the DFDS postmortems, where
/// `start + time to detection` and `start + time to recovery` are entries of the timeline).
struct PostmortemStats {
    var start: Date?
    var detected: Date?
    var acknowledged: Date?
    var resolved: Date?
    /// Seconds from the start to detection, and to recovery (`Duration:` is the same as time to recovery).
    var toDetect: Double?
    var toRecover: Double?
    var category: String?
    /// The lines as written, for notes (`time to detection: 5 minutes`).
    var stated: [String: String] = [:]

    var isEmpty: Bool { start == nil && detected == nil && acknowledged == nil && resolved == nil && toDetect == nil && toRecover == nil }

    /// Reads the lines under a `Stats` / `Statistics` / `Metrics` heading, or after a `Stats:` line up to the next blank line
    /// that follows its entries. Times without a date take `date`; times without a zone are in `zone`.
    init(lines: [String], zone: String, date: LocalDate?) {
        var inStats = false, level = 0, paragraph = false, seenEntry = false
        for line in lines {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("#") {
                let hashes = t.prefix(while: { $0 == "#" }).count
                let name = t.dropFirst(hashes).trimmingCharacters(in: .whitespaces).lowercased()
                if Self.isStatsHeading(name) { inStats = true; level = hashes; paragraph = false; continue }
                if inStats, !paragraph, hashes <= level { inStats = false }
                if paragraph { inStats = false; paragraph = false }
                continue
            }
            let plain = t.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "__", with: "")
            if !inStats, Self.isStatsHeading(plain.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ": "))), plain.hasSuffix(":") {
                inStats = true; paragraph = true; seenEntry = false; continue
            }
            guard inStats else { continue }
            if t.isEmpty {
                if paragraph, seenEntry { inStats = false; paragraph = false }
                continue
            }
            seenEntry = true
            read(plain, zone: zone, date: date)
        }
    }

    static func isStatsHeading(_ name: String) -> Bool {
        ["stats", "statistics", "incident stats", "incident statistics", "metrics", "key metrics", "incident metrics"].contains(name)
    }

    /// One line: `- Key: value` or `Resolved at value`.
    private mutating func read(_ line: String, zone: String, date: LocalDate?) {
        var body = Substring(line)
        for bullet in ["- ", "* ", "+ "] where body.hasPrefix(bullet) { body = body.dropFirst(2) }
        if body.hasPrefix("|") {
            // `| Time to detect | 5 minutes |`
            let cells = body.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2 else { return }
            body = Substring(cells[0] + ": " + cells[1])
        }
        var key: String, value: String
        if let colon = body.firstIndex(of: ":"), !body[..<colon].contains(where: \.isNumber) {
            key = String(body[..<colon]); value = String(body[body.index(after: colon)...])
        } else if let at = body.range(of: " at ") {
            key = String(body[..<at.lowerBound]); value = String(body[at.upperBound...])
        } else { return }
        key = key.trimmingCharacters(in: .whitespaces).lowercased()
        if key.hasSuffix(" at") { key = String(key.dropLast(3)) }
        value = value.trimmingCharacters(in: .whitespaces)
        // Footnote marks and remarks: `279 minutes [^3]`, `5 minutes (alert)`.
        if let cut = value.firstIndex(where: { $0 == "[" || $0 == "(" }) { value = String(value[..<cut]).trimmingCharacters(in: .whitespaces) }
        guard !value.isEmpty else { return }
        let words = key.split(whereSeparator: { $0 == " " || $0 == "/" || $0 == "-" || $0 == "_" }).map(String.init)
        func has(_ stems: String...) -> Bool { words.contains { w in stems.contains(where: w.hasPrefix) } }
        let isDuration = key.hasPrefix("time to") || ["ttd", "ttr", "mttr", "mttd", "ttm", "ttrs"].contains(key) || has("duration")
        if key == "category" { category = value; return }
        if isDuration {
            guard let seconds = Self.duration(value) else { return }
            if has("detect", "ttd", "mttd", "notic", "discover") { toDetect = seconds; stated["detection"] = "\(key) \(value)" }
            else if has("recover", "resol", "repair", "restor", "fix", "ttr", "mttr", "mitigat", "ttm", "duration") { toRecover = seconds; stated["recovery"] = "\(key) \(value)" }
            return
        }
        guard let instant = Self.time(value, zone: zone, date: date) else { return }
        if has("start", "began", "begin", "onset") { start = instant; stated["start"] = "\(key) \(value)" }
        else if has("detect", "discover", "notic") { detected = instant; stated["detected"] = "\(key) \(value)" }
        else if has("acknowledg") { acknowledged = instant; stated["acknowledged"] = "\(key) \(value)" }
        else if has("recover", "resolv", "resolution", "restor", "mitigat", "end", "fixed") { resolved = instant; stated["resolved"] = "\(key) \(value)" }
    }

    /// `5 minutes`, `279 min`, `2h`, `1 hour 20 minutes`, `2h 30m`, `1.5 hours`, `90s`, `0 minutes`; nil for `N/A`, `YYY`.
    static func duration(_ text: String) -> Double? {
        let units: [(String, Double)] = [("second", 1), ("sec", 1), ("s", 1), ("minute", 60), ("min", 60), ("m", 60),
                                         ("hour", 3600), ("hr", 3600), ("h", 3600), ("day", 86_400), ("d", 86_400)]
        var rest = Substring(text.lowercased())
        var total = 0.0, parts = 0
        while true {
            rest = rest.drop(while: { $0 == " " || $0 == "," || $0 == "~" })
            if rest.hasPrefix("and ") { rest = rest.dropFirst(4); continue }
            let number = rest.prefix(while: { $0.isNumber || $0 == "." })
            guard !number.isEmpty, let n = Double(number) else { break }
            rest = rest.dropFirst(number.count).drop(while: { $0 == " " })
            let word = rest.prefix(while: { $0.isLetter })
            guard let (_, factor) = units.first(where: { unit in word == unit.0 || word == unit.0 + "s" || (unit.0.count > 1 && word.hasPrefix(unit.0)) }) else { return nil }
            rest = rest.dropFirst(word.count)
            total += n * factor; parts += 1
        }
        // More than a year is no time to detect or recover: a typo, not a duration.
        guard parts > 0, rest.trimmingCharacters(in: .whitespaces).isEmpty, total.isFinite, total <= 366 * 86_400 else { return nil }
        return total
    }

    /// `2021-06-03 09:12 UTC`, `2021-06-03T09:12:00Z`, `Jun 3 09:12`, `09:12` (on `date`), in `zone` unless the text names one.
    static func time(_ text: String, zone: String, date: LocalDate?) -> Date? {
        if let epoch = Timestamp.parse(text) { return Date(timeIntervalSince1970: epoch) }
        var day = date, rest = Substring(text)
        if let (d, after) = PostmortemTimeline.leadingDate(rest, year: date?.year) { day = d; rest = after }
        guard let t = PostmortemTimeline.leadingTime(rest), let d = day else { return nil }
        guard t.rest.trimmingCharacters(in: CharacterSet(charactersIn: " .,;")).isEmpty else { return nil }
        return PostmortemTimeline.instant(d, minutes: t.minutes, seconds: t.seconds, zone: t.zone ?? zone)
    }

    /// The start from which both stated durations land exactly on entries of the timeline (the earliest such entry).
    /// Both must be stated and not zero: one duration alone fits too many entries by coincidence.
    func fittedStart(_ entries: [Date]) -> Date? {
        guard let d = toDetect, let r = toRecover, d > 0, r > 0 else { return nil }
        let times = Set(entries.map { $0.timeIntervalSince1970 })
        return entries.sorted().first { start in times.contains(start.timeIntervalSince1970 + d) && times.contains(start.timeIntervalSince1970 + r) }
    }

    static func minutes(_ seconds: Double) -> String {
        guard let m = Int(exactly: (seconds / 60).rounded()) else { return "\(seconds)s" }
        return m < 120 ? "\(m) minutes" : m % 60 == 0 ? "\(m / 60)h" : "\(m / 60)h \(m % 60)m"
    }
}
