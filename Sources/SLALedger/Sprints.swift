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

/// Adding sprints with these checks: half-open, valid zone, no overlap.
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

/// Why a due sprint could not be found.
package enum DueError: Error, Equatable, CustomStringConvertible {
    case unknown(String, hint: String)
    case beforeCatalog(String, first: SprintID)
    case noSprints
    case tooFar(String)

    package var description: String {
        switch self {
        case .unknown(let text, let hint):
            return "unknown sprint '\(text)'\(hint); --due takes next, +N, a sprint id or a date (YYYY-MM-DD); add a sprint with 'sprint add'"
        case .beforeCatalog(let text, let first): return "\(text) is before the first sprint (\(first))"
        case .noSprints: return "there are no sprints yet: add one with 'sprint add'"
        case .tooFar(let text): return "\(text) is more than 100 sprints after the last sprint in the catalog"
        }
    }
}

extension Sprints {
    /// The sprint after `last`, following its cadence (``SprintCadence/following(_:)``).
    package static func following(_ last: Sprint) -> Sprint { SprintCadence.following(last) }

    /// `2026-S24` → `2026-S25` (``SprintCadence/nextID(after:)``).
    package static func nextID(after id: SprintID) -> SprintID { SprintCadence.nextID(after: id) }

    /// Index of the sprint that contains `date`, counting cadence sprints before the first and after the last
    /// (``SprintCadence/position(of:in:)``): every count of sprints uses it.
    package static func position(of date: LocalDate, in sprints: [Sprint]) -> Int? { SprintCadence.position(of: date, in: sprints) }

    /// Resolves `--due` against the catalog: `next` (the sprint after `current`), `+N` (N sprints after it), a sprint id,
    /// or a date (the sprint that contains it). Sprints after the catalog's last follow its cadence; those needed are
    /// returned in `created` (not yet stored: the caller inserts them in its transaction).
    package static func resolveDue(_ text: String, current: Sprint, sprints: [Sprint]) throws(DueError) -> (sprint: Sprint, created: [Sprint]) {
        guard let last = sprints.last else { throw .noSprints }
        var all = sprints
        var created: [Sprint] = []
        func extend(until done: (Sprint) -> Bool) throws(DueError) -> Sprint {
            var s = all.last!
            while !done(s) {
                guard created.count < 100 else { throw .tooFar(text) }
                s = following(s)
                all.append(s); created.append(s)
            }
            return s
        }
        let lowered = text.lowercased()
        if lowered == "next" || lowered.hasPrefix("+") {
            let n = lowered == "next" ? 1 : Int(lowered.dropFirst()) ?? -1
            guard n >= 1 else { throw .unknown(text, hint: "") }
            guard let at = all.firstIndex(where: { $0.id == current.id }) else { throw .unknown(current.id.rawValue, hint: "") }
            let target = at + n
            _ = try extend { _ in all.count > target }
            return (all[target], created)
        }
        if let s = all.first(where: { $0.id.rawValue == text }) { return (s, []) }
        if let date = LocalDate(text) {
            if date < sprints[0].start { throw .beforeCatalog(text, first: sprints[0].id) }
            if let s = all.last(where: { $0.start <= date && date < $0.end }) { return (s, []) }
            if date < last.end { throw .unknown(text, hint: " (no sprint contains that day)") }
            return (try extend { date < $0.end }, created)
        }
        // An id the cadence would give later (2026-S25 after 2026-S24).
        var probe = last
        for _ in 0..<100 {
            probe = following(probe)
            if probe.id.rawValue == text { return (try extend { $0.id.rawValue == text }, created) }
        }
        throw .unknown(text, hint: Suggest.hint(for: text, among: sprints.map(\.id.rawValue) + [following(last).id.rawValue]))
    }
}
