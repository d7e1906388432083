import Foundation
import Testing
@testable import SLAModel
@testable import SLALedger

/// `--due next|+N|SPRINT|DATE` and the catalog's cadence after its last sprint and before its first.
@Suite("due sprints")
struct DueSprintTests {
    static let sprints = [
        Sprint(id: SprintID("2026-S22"), start: LocalDate("2026-10-26")!, end: LocalDate("2026-11-09")!, timezone: "Europe/Berlin"),
        Sprint(id: SprintID("2026-S23"), start: LocalDate("2026-11-09")!, end: LocalDate("2026-11-23")!, timezone: "Europe/Berlin"),
    ]

    @Test("next ids keep their width; an id without a number gets -2")
    func nextIDs() {
        #expect(Sprints.nextID(after: SprintID("2026-S24")) == SprintID("2026-S25"))
        #expect(Sprints.nextID(after: SprintID("S9")) == SprintID("S10"))
        #expect(Sprints.nextID(after: SprintID("sprint-09")) == SprintID("sprint-10"))
        #expect(Sprints.nextID(after: SprintID("alpha")) == SprintID("alpha-2"))
    }

    @Test("next and +N past the catalog's end create sprints of the same length and zone")
    func nextAcrossTheEnd() throws {
        let current = Self.sprints[1]
        let next = try Sprints.resolveDue("next", current: current, sprints: Self.sprints)
        #expect(next.sprint == Sprint(id: SprintID("2026-S24"), start: LocalDate("2026-11-23")!, end: LocalDate("2026-12-07")!, timezone: "Europe/Berlin"))
        #expect(next.created.map(\.id.rawValue) == ["2026-S24"])
        let three = try Sprints.resolveDue("+3", current: current, sprints: Self.sprints)
        #expect(three.sprint.id == SprintID("2026-S26") && three.created.count == 3)
        let inside = try Sprints.resolveDue("next", current: Self.sprints[0], sprints: Self.sprints)
        #expect(inside.sprint.id == SprintID("2026-S23") && inside.created.isEmpty)
    }

    @Test("a sprint id the cadence gives, a date, and what is refused")
    func idsAndDates() throws {
        let current = Self.sprints[1]
        #expect(try Sprints.resolveDue("2026-S25", current: current, sprints: Self.sprints).created.map(\.id.rawValue) == ["2026-S24", "2026-S25"])
        #expect(try Sprints.resolveDue("2026-11-10", current: current, sprints: Self.sprints).sprint.id == SprintID("2026-S23"))
        #expect(try Sprints.resolveDue("2026-12-07", current: current, sprints: Self.sprints).sprint.id == SprintID("2026-S25"))
        #expect(throws: DueError.self) { try Sprints.resolveDue("someday", current: current, sprints: Self.sprints) }
        #expect(throws: DueError.self) { try Sprints.resolveDue("+0", current: current, sprints: Self.sprints) }
        #expect(throws: DueError.self) { try Sprints.resolveDue("2020-01-01", current: current, sprints: Self.sprints) }
    }

    @Test("sprint positions follow the cadence before the first sprint and after the last")
    func positions() {
        #expect(Sprints.position(of: LocalDate("2026-11-10")!, in: Self.sprints) == 1)
        #expect(Sprints.position(of: LocalDate("2026-10-25")!, in: Self.sprints) == -1)
        #expect(Sprints.position(of: LocalDate("2026-10-12")!, in: Self.sprints) == -1)
        #expect(Sprints.position(of: LocalDate("2026-10-11")!, in: Self.sprints) == -2)
        #expect(Sprints.position(of: LocalDate("2026-11-23")!, in: Self.sprints) == 2)
        #expect(Sprints.position(of: LocalDate("2026-12-07")!, in: Self.sprints) == 3)
    }
}
