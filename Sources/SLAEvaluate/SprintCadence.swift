import Foundation
import SLAModel

/// Counting in sprints: the catalog's sprints, and before its first and after its last sprint the sprints its cadence
/// would give (same length and time zone). Every count of sprints (review age, due dates, action age) uses it.
package enum SprintCadence {
    /// Index of the sprint that contains `date`, counting sprints of the catalog's cadence before its first and after
    /// its last sprint (negative before the first; ≥ count after the last); nil without sprints.
    package static func position(of date: LocalDate, in sprints: [Sprint]) -> Int? {
        guard let first = sprints.first, let last = sprints.last else { return nil }
        if let i = sprints.lastIndex(where: { $0.start <= date && date < $0.end }) { return i }
        if date < first.start {
            let length = max(1, first.start.days(until: first.end))
            let before = date.days(until: first.start)
            return -((before + length - 1) / length)
        }
        if date >= last.end {
            let length = max(1, last.start.days(until: last.end))
            return sprints.count - 1 + last.end.days(until: date) / length + 1
        }
        return sprints.lastIndex { $0.start <= date }
    }

    /// The sprint after `last`, following its cadence: same length, same time zone, the id's trailing number plus one.
    package static func following(_ last: Sprint) -> Sprint {
        let length = last.start.days(until: last.end)
        return Sprint(id: nextID(after: last.id), start: last.end, end: last.end.adding(days: length), timezone: last.timezone)
    }

    /// `2026-S24` → `2026-S25`, `S9` → `S10`, `sprint-09` → `sprint-10`; an id without a trailing number gets `-2`.
    package static func nextID(after id: SprintID) -> SprintID {
        let text = id.rawValue
        let digits = text.reversed().prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let n = Int(String(digits.reversed())) else { return SprintID(text + "-2") }
        let next = String(n + 1)
        let padded = String(repeating: "0", count: max(0, digits.count - next.count)) + next
        return SprintID(String(text.dropLast(digits.count)) + padded)
    }

    /// The id of the sprint at `position` (as `position(of:in:)` counts): a catalog sprint, or after the last one the
    /// sprint its cadence gives; nil before the first sprint or without sprints.
    package static func id(at position: Int, in sprints: [Sprint]) -> SprintID? {
        guard position >= 0, var last = sprints.last else { return nil }
        if position < sprints.count { return sprints[position].id }
        for _ in sprints.count...position { last = following(last) }
        return last.id
    }
}
