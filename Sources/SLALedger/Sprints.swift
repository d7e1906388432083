import Foundation
import SLAModel
import SLAStore
import SLAEvaluate

/// Why a sprint was refused.
package enum SprintError: Error, Equatable, CustomStringConvertible {
    case badID(String)
    case badDate(String, field: String)
    case endsBeforeStart(SprintID, start: LocalDate, end: LocalDate)
    case unknownTimeZone(String)
    case exists(SprintID)
    case overlaps(Sprint, with: Sprint)

    package var description: String {
        switch self {
        case .badID(let id): return "bad sprint id '\(id)' (ids use letters, digits, '.', '_' and '-', e.g. 2026-S22)"
        case .badDate(let text, let field): return "bad date '\(text)' for \(field) (expected YYYY-MM-DD)"
        case .endsBeforeStart(let id, let start, let end):
            return "sprint \(id) must end after it starts (start \(start), end \(end); the end day is exclusive)"
        case .unknownTimeZone(let name): return "unknown time zone '\(name)' (expected an IANA name such as Europe/Berlin or UTC)"
        case .exists(let id): return "sprint \(id) already exists"
        case .overlaps(let new, let old):
            return "sprint \(new.id) (\(new.start) → \(new.end)) overlaps sprint \(old.id) (\(old.start) → \(old.end)); sprints are half-open [start, end)"
        }
    }
}

/// Adding sprints with the checks of SPEC §1: half-open, valid zone, no overlap.
package enum Sprints {
    /// Builds a sprint from typed text, checking every field.
    package static func make(id: String, start: String, end: String, timezone: String) throws(SprintError) -> Sprint {
        guard Slug.isValid(id) else { throw .badID(id) }
        guard let s = LocalDate(start) else { throw .badDate(start, field: "--start") }
        guard let e = LocalDate(end) else { throw .badDate(end, field: "--end") }
        guard s < e else { throw .endsBeforeStart(SprintID(id), start: s, end: e) }
        guard TimeZones.named(timezone) != nil else { throw .unknownTimeZone(timezone) }
        return Sprint(id: SprintID(id), start: s, end: e, timezone: timezone)
    }

    /// Adds a sprint that overlaps no other.
    package static func add(_ sprint: Sprint, in ctx: StoreContext) throws {
        guard try ctx.sprint(sprint.id) == nil else { throw SprintError.exists(sprint.id) }
        if let clash = try ctx.sprints().first(where: { $0.overlaps(sprint) }) { throw SprintError.overlaps(sprint, with: clash) }
        try ctx.insert(sprint)
    }
}
