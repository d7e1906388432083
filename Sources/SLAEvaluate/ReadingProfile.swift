import Foundation
import SLAModel
import SLAStore

/// How one team reads one asset over a window: on which days, how often, and when the first read of
/// each day comes, in the time zone the reads were cut in (the asset's agreements' zone).
///
/// Built from the daily first reads and rollups kept at import, never from raw events. Every figure is
/// over the days the usage logs cover inside the window, so a log that stops early does not read as
/// "unused" for the days it does not cover.
package struct ReadingProfile: Sendable, Equatable {
    package var asset: AssetID
    package var team: TeamID
    /// The days considered, half-open `[start, end)`: the window clipped to the days the logs cover.
    package var start: LocalDate
    package var end: LocalDate
    package var zone: String
    /// Monday to Friday days in `[start, end)`.
    package var workingDays: Int
    /// Working days with at least one read.
    package var workingDaysRead: Int
    /// Accesses in the window (rollups).
    package var accesses: Int
    /// First-read minute (after local midnight) of each working day read, ascending.
    package var firstMinutes: [Int]
    /// Days between consecutive days read (any weekday), in order.
    package var gaps: [Int]

    package var coveredDays: Int { end.dayNumber - start.dayNumber }
    /// Accesses per 7 covered days.
    package var readsPerWeek: Double { coveredDays > 0 ? Double(accesses) * 7 / Double(coveredDays) : 0 }
    /// Share of working days with a read, 0…1.
    package var readShare: Double { workingDays > 0 ? Double(workingDaysRead) / Double(workingDays) : 0 }
    /// The earliest first read.
    package var earliest: Int? { firstMinutes.first }
    /// The 10th percentile of the first reads (nearest rank).
    package var p10: Int? { Self.percentile(firstMinutes, 0.10) }
    /// The median first read (nearest rank, the lower one for an even count).
    package var median: Int? { Self.percentile(firstMinutes, 0.50) }
    /// The median number of days between two days read (nil with fewer than two days read).
    package var medianGap: Int? { Self.percentile(gaps.sorted(), 0.50) }

    /// Nearest-rank percentile of ascending `values`: the value at rank ⌈p × n⌉.
    package static func percentile(_ values: [Int], _ p: Double) -> Int? {
        guard !values.isEmpty else { return nil }
        let rank = max(1, Int((p * Double(values.count)).rounded(.up)))
        return values[min(values.count, rank) - 1]
    }

    /// Monday is 0 … Sunday 6.
    package static func weekday(_ date: LocalDate) -> Int { weekday(dayNumber: date.dayNumber) }

    /// Monday is 0 … Sunday 6, of a day number (1970-01-01 was a Thursday).
    package static func weekday(dayNumber n: Int) -> Int { ((n + 3) % 7 + 7) % 7 }

    package static func isWorkingDay(_ date: LocalDate) -> Bool { weekday(date) < 5 }

    /// Working days in `[start, end)`.
    package static func workingDays(from start: LocalDate, to end: LocalDate) -> Int {
        workingDays(fromDay: start.dayNumber, toDay: end.dayNumber)
    }

    /// Working days in `[first, end)` of day numbers.
    static func workingDays(fromDay first: Int, toDay end: Int) -> Int {
        let total = max(0, end - first)
        var count = total / 7 * 5
        var day = first + total / 7 * 7
        while day < end {
            if weekday(dayNumber: day) < 5 { count += 1 }
            day += 1
        }
        return count
    }

    /// The profile of `team` on `asset` from its first reads (any order) and access count, over `[start, end)`.
    package static func build(asset: AssetID, team: TeamID, reads: [FirstRead], accesses: Int,
                              start: LocalDate, end: LocalDate, zone: String) -> ReadingProfile {
        let (low, high) = (start.dayNumber, end.dayNumber)
        let inWindow = reads.map { ($0.day.dayNumber, $0) }.filter { $0.0 >= low && $0.0 < high }.sorted { $0.0 < $1.0 }
        return build(asset: asset, team: team, days: inWindow.map(\.0), minutes: inWindow.map(\.1.minute), lastZone: inWindow.last?.1.zone,
                     accesses: accesses, start: start, end: end, zone: zone)
    }

    /// The profile from first reads already in the window, as ascending day numbers (one read a day) with their
    /// minutes; `lastZone` is the zone of the last of them (nil: none, then `zone`).
    package static func build(asset: AssetID, team: TeamID, days: [Int], minutes: [Int], lastZone: String?, accesses: Int,
                              start: LocalDate, end: LocalDate, zone: String) -> ReadingProfile {
        var working: [Int] = []
        working.reserveCapacity(days.count)
        var gaps: [Int] = []
        gaps.reserveCapacity(max(0, days.count - 1))
        for (i, day) in days.enumerated() {
            if weekday(dayNumber: day) < 5 { working.append(minutes[i]) }
            if i > 0 { gaps.append(day - days[i - 1]) }
        }
        working.sort()
        return ReadingProfile(asset: asset, team: team, start: start, end: end, zone: lastZone ?? zone,
                              workingDays: workingDays(fromDay: start.dayNumber, toDay: end.dayNumber), workingDaysRead: working.count,
                              accesses: accesses, firstMinutes: working, gaps: gaps)
    }
}
