import Foundation
import SLAModel
import SLAStore

/// Which days of a window the imported usage logs cover: from the first day with usage data to the last one.
///
/// A day inside that span with no access is a quiet day (a weekend); a day after the last one has no logs at all, so
/// nothing may be concluded about it: averages are taken over the covered days and a window the logs do not reach
/// is not judged (README, Definitions: usage coverage).
package struct UsageCoverage: Sendable, Equatable {
    /// The window, `[start, end)`.
    package let start: LocalDate
    package let end: LocalDate
    /// The covered part of the window, `[from, to)`; empty when `from >= to`.
    package let from: LocalDate
    package let to: LocalDate
    /// The last day with usage data before the end of the window (nil: no usage at all before it).
    package let lastDay: LocalDate?

    /// The coverage of `[start, end)` by the usage imported before `end`.
    package static func of(_ start: LocalDate, _ end: LocalDate, in ctx: StoreContext) throws -> UsageCoverage {
        guard let span = try ctx.usageSpan(before: end) else {
            return UsageCoverage(start: start, end: end, from: end, to: end, lastDay: nil)
        }
        // A weekend after the last day with data is quiet, not missing: logs that end on a Friday cover Saturday and Sunday.
        var quiet = span.last
        while quiet.adding(days: 1) < end, !ReadingProfile.isWorkingDay(quiet.adding(days: 1)) { quiet = quiet.adding(days: 1) }
        let from = max(start, span.first), to = min(end, quiet.adding(days: 1))
        return UsageCoverage(start: start, end: end, from: min(from, to), to: to, lastDay: span.last)
    }

    package var days: Int { start.days(until: end) }
    package var coveredDays: Int { max(0, from.days(until: to)) }
    /// Days at the end of the window after the logs stop (a weekend right after their last day is quiet, not missing).
    package var missingAtEnd: Int { lastDay == nil ? days : max(0, min(days, to.days(until: end))) }
    package var isComplete: Bool { coveredDays == days }
}
