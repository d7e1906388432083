import Foundation
import Testing
@testable import SLAModel
@testable import SLAStore
@testable import SLAEvaluate
@testable import SLAImport
@testable import SLARender

/// Review due dates are spread: review debt is paid in steady portions, not all in one sprint.
@Suite("review schedule")
struct ReviewScheduleTests {
    /// A catalog of `count` agreements imported on one day (all effective 2026-01-05, the first sprint's start),
    /// each reviewed every `every` sprints, and twelve two-week sprints S01…S12.
    static func largeCatalog(count: Int, every: Int, start first: String = "2026-01-05", effective: String = "2026-01-05") throws -> Store {
        var lines = ["teams: [{id: platform, kind: platform}, {id: sales, kind: consumer}]", "assets:"]
        for i in 1...count { lines.append("  - {id: t\(i), kind: table, owner: platform}") }
        lines.append("sprints:")
        var start = LocalDate(first)!
        for n in 1...12 {
            lines.append("  - {id: S\(n < 10 ? "0" : "")\(n), start: \(start), end: \(start.adding(days: 14)), timezone: UTC}")
            start = start.adding(days: 14)
        }
        lines.append("agreements:")
        for i in 1...count {
            lines.append("  - {id: SLA-t\(i), kind: sla, asset: t\(i), consumer: sales, objective: \"freshness <= 2h\", target: 95%, review_every: \(every), effective_from: \(effective)}")
        }
        let store = try Store.inMemory()
        _ = try CatalogImport(author: "tester", clock: Fixture.now).importText(lines.joined(separator: "\n") + "\n", file: "big.yaml", into: store)
        return store
    }

    static func statuses(_ store: Store, sprint id: String) throws -> [ReviewStatus] {
        try store.read { ctx in
            let sprints = try ctx.sprints()
            let sprint = try #require(sprints.first { $0.id.rawValue == id })
            let end = Clock(now: sprint.end.start(in: TimeZones.utc).addingTimeInterval(-1))
            return try ReviewStatus.compute(sprint, sprints: sprints, clock: end, in: ctx)
        }
    }

    @Test("200 agreements imported on one day fall due in portions of 50 over four sprints, not all in one")
    func importedOnOneDaySpreads() throws {
        let store = try Self.largeCatalog(count: 200, every: 4)
        // Their cadence runs out in S05 (four sprints after S01): S05 takes one portion, the rest wait their turn.
        let statuses = try Self.statuses(store, sprint: "S05")
        let perSprint = Dictionary(grouping: statuses, by: { $0.dueSprint?.rawValue ?? "none" }).mapValues(\.count)
        #expect(perSprint == ["S05": 50, "S06": 50, "S07": 50, "S08": 50])
        #expect(statuses.filter { $0.state.isDue }.count == 50)
        #expect(statuses.filter { $0.state == .queued }.count == 150)
        let debt = ReviewDebt(statuses)
        #expect(debt.agreements == 50 && debt.queued == 150)
        let queued = try #require(statuses.first { $0.dueSprint == SprintID("S07") })
        #expect(ReviewViews.cell(queued).text == "queued → S07")
        #expect(ReviewViews.debt(debt) == "review debt: 50 agreements, 0 sprints past their cadence · 150 more queued for later sprints\n")
        // Before their cadence runs out they are not due, and their due sprints are already spread.
        let early = try Self.statuses(store, sprint: "S03")
        #expect(early.allSatisfy { $0.state == .notStarted })
        #expect(Dictionary(grouping: early, by: { $0.dueSprint?.rawValue ?? "none" }).mapValues(\.count) == ["S05": 50, "S06": 50, "S07": 50, "S08": 50])
    }

    @Test("the schedule is the same whenever it is asked: an agreement queued for S07 in S05 is still due in S07 in S06")
    func stableOverTime() throws {
        let store = try Self.largeCatalog(count: 200, every: 4)
        let s05 = Dictionary(uniqueKeysWithValues: try Self.statuses(store, sprint: "S05").map { ($0.agreement, $0.dueSprint) })
        let s06 = try Self.statuses(store, sprint: "S06")
        // Nobody reviewed the S05 portion: it comes first in S06 (past its cadence), and the portions after it shift by one.
        #expect(s06.filter { $0.state.isDue }.count == 50)
        #expect(s06.filter { $0.state.isDue }.allSatisfy { s05[$0.agreement] == SprintID("S05") })
        #expect(s06.filter { $0.state.isDue }.allSatisfy { $0.state == .overdue && $0.sprintsOverdue == 1 })
    }

    @Test("a small catalog is never held back: a portion is at least ten")
    func smallCatalogAllDue() throws {
        let store = try Self.largeCatalog(count: 8, every: 4)
        let statuses = try Self.statuses(store, sprint: "S05")
        #expect(statuses.count == 8 && statuses.allSatisfy { $0.state == .toReview && $0.dueSprint == SprintID("S05") })
    }

    @Test("an agreement reviewed in a retro is due again review_every sprints later")
    func reviewedDueAgain() throws {
        let store = try Self.largeCatalog(count: 8, every: 4)
        try store.write { ctx in
            let retro = try ctx.createRetro(sprint: SprintID("S05"), facilitator: nil, attendees: [], at: Fixture.now.now)
            let item = try ctx.insertItem(retro: retro, step: 7, position: 1, kind: .agreement, subject: "SLA-t3", evidence: .object([]))
            _ = try ctx.recordDecision(item: item, verb: .keep, note: nil, agreement: nil, revision: nil, snooze: nil, basedOn: nil, at: Fixture.now.now)
        }
        let statuses = Dictionary(uniqueKeysWithValues: try Self.statuses(store, sprint: "S06").map { ($0.agreement, $0) })
        let reviewed = try #require(statuses[AgreementID("SLA-t3")])
        #expect(reviewed.state == .reviewed && reviewed.dueSprint == SprintID("S09") && reviewed.dueIn == 3)
        #expect(statuses[AgreementID("SLA-t4")]?.state == .overdue)
        #expect(ReviewViews.cell(reviewed).text == "due S09")
        #expect(ReviewViews.cell(reviewed).json == .string("reviewed"))
    }

    @Test("a revision 15 sprints before the catalog's first sprint, reviewed every 20, is due 5 sprints into the catalog, not at once")
    func revisedBeforeTheCatalog() throws {
        // Sprints from 2026-09-28; the only revision on 2026-03-02, 15 two-week sprints earlier.
        let store = try Self.largeCatalog(count: 1, every: 20, start: "2026-09-28", effective: "2026-03-02")
        let first = try #require(try Self.statuses(store, sprint: "S01").first)
        #expect(first.state == .notStarted && first.dueSprint == SprintID("S06") && first.dueIn == 5)
        #expect(try Self.statuses(store, sprint: "S05").first?.state == .notStarted)
        #expect(try Self.statuses(store, sprint: "S06").first?.state == .toReview)
    }

    @Test("due sprints after the catalog's last sprint follow its cadence")
    func dueAfterTheCatalog() throws {
        let schedule = ReviewSchedule([(AgreementID("SLA-a"), 6, 10)], current: 11)
        #expect(schedule.slots[AgreementID("SLA-a")] == 16)
        let sprints = [Sprint(id: SprintID("2026-S01"), start: LocalDate("2026-01-05")!, end: LocalDate("2026-01-19")!, timezone: "UTC")]
        #expect(SprintCadence.id(at: 3, in: sprints) == SprintID("2026-S04"))
        #expect(SprintCadence.id(at: -1, in: sprints) == nil)
    }

    @Test("the backlog is paid oldest first, never scheduled before the sprint judged")
    func backlogOldestFirst() throws {
        // A portion of 10 (the minimum): the 15 oldest first, in id order; nothing before sprint 10.
        let few = ReviewSchedule((0..<25).map { (AgreementID(String(format: "SLA-%02d", $0)), 20, $0 < 15 ? -20 : -15) }, current: 10)
        #expect(few.portion == 10)
        #expect(few.slots.values.allSatisfy { $0 >= 10 })
        #expect((0..<10).allSatisfy { few.slots[AgreementID(String(format: "SLA-%02d", $0))] == 10 })
        #expect((10..<20).allSatisfy { few.slots[AgreementID(String(format: "SLA-%02d", $0))] == 11 })
        #expect((20..<25).allSatisfy { few.slots[AgreementID(String(format: "SLA-%02d", $0))] == 12 })
    }
}
