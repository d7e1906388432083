import Foundation
import SLAModel
import SLAStore

/// What is accepted but worth a word when an action item is created (warnings, not errors).
enum ActionWarnings {
    static func check(title: String, owner: String, due: Sprint?, attendees: [String], clock: Clock, in ctx: StoreContext) throws -> [String] {
        var warnings: [String] = []
        if let due {
            let today = LocalDate(clock.now, in: TimeZones.named(due.timezone) ?? TimeZones.utc)
            if due.end <= today { warnings.append("\(due.id) is already over (its last day was \(due.lastDay))") }
        }
        if !attendees.isEmpty, !attendees.contains(where: { $0.caseInsensitiveCompare(owner) == .orderedSame }) {
            warnings.append("\(owner) is not among the attendees (\(attendees.joined(separator: ", ")))")
        }
        let normal = { (s: String) in s.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        if let same = try ctx.actions().first(where: { $0.status == .open && normal($0.title) == normal(title) }) {
            warnings.append("\(same.label) is open with the same title (owner \(same.owner))")
        }
        return warnings
    }
}
