import Testing
@testable import SLAModel
@testable import SLAStore
@testable import SLAEvaluate
@testable import SLALedger
@testable import SLAImport
@testable import SLARender
@testable import SLARetro
@testable import SLADemo

@Suite("sprints")
struct SprintTests {
    @Test("sprints are half-open: one may start on the day the previous ends")
    func halfOpen() throws {
        let store = try Store.inMemory()
        try store.write { ctx in
            try Sprints.add(try Sprints.make(id: "2026-S22", start: "2026-10-26", end: "2026-11-09", timezone: "Europe/Berlin"), in: ctx)
            try Sprints.add(try Sprints.make(id: "2026-S23", start: "2026-11-09", end: "2026-11-23", timezone: "Europe/Berlin"), in: ctx)
        }
        #expect(try store.read { try $0.sprints() }.map(\.lastDay.description) == ["2026-11-08", "2026-11-22"])
    }

    @Test("overlapping, reversed, duplicate and badly zoned sprints are refused")
    func refused() throws {
        let store = try Store.inMemory()
        let s22 = try Sprints.make(id: "2026-S22", start: "2026-10-26", end: "2026-11-09", timezone: "UTC")
        try store.write { try Sprints.add(s22, in: $0) }
        let overlapping = try Sprints.make(id: "2026-S23", start: "2026-11-08", end: "2026-11-22", timezone: "UTC")
        #expect(throws: SprintError.overlaps(overlapping, with: s22)) { try store.write { try Sprints.add(overlapping, in: $0) } }
        #expect(throws: SprintError.exists(s22.id)) { try store.write { try Sprints.add(s22, in: $0) } }
        #expect(throws: SprintError.endsBeforeStart(SprintID("x"), start: Fixture.date("2026-11-09"), end: Fixture.date("2026-11-09"))) {
            try Sprints.make(id: "x", start: "2026-11-09", end: "2026-11-09", timezone: "UTC")
        }
        #expect(throws: SprintError.unknownTimeZone("Mars/Olympus")) { try Sprints.make(id: "x", start: "2026-11-09", end: "2026-11-10", timezone: "Mars/Olympus") }
        #expect(throws: SprintError.badDate("2026-11-31", field: "--end")) { try Sprints.make(id: "x", start: "2026-11-09", end: "2026-11-31", timezone: "UTC") }
    }
}
