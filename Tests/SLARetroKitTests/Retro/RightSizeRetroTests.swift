import Foundation
import Testing
@testable import SLAModel
@testable import SLAStore
@testable import SLAEvaluate
@testable import SLALedger
@testable import SLARender
@testable import SLARetro

/// Right-sizing proposals in step 5 of the retro: applied through the decision path, kept with their evidence.
@Suite("right-sizing in the retro")
struct RightSizeRetroTests {
    /// Plants, on each working day of `[from, to)`, a first read at `minute` (Tokyo) of `asset` by sales-analytics.
    static func read(_ asset: String, minute: Int, from: String, to: String, into store: Store) throws {
        try store.write { ctx in
            let merge = try ctx.firstReadMerger()
            var day = Fixture.date(from)
            while day < Fixture.date(to) {
                if ReadingProfile.isWorkingDay(day) {
                    merge.bind(1, asset); merge.bind(2, "sales-analytics"); merge.bind(3, day.description); merge.bind(4, Int64(minute)); merge.bind(5, "Asia/Tokyo")
                    _ = try merge.step()
                    try ctx.replaceRollup(.init(date: day, asset: AssetID(asset), team: "sales-analytics", users: 1, accesses: 2, queries: 2, views: 0))
                }
                day = day.adding(days: 1)
            }
        }
    }

    /// The example catalog (sprint 2026-S22 ends 2026-11-09) with sales_daily (promised by 09:00) first read at
    /// 10:40 and crm_export (no SLA for the team) read every working day, up to the end of the sprint.
    static func store() throws -> Store {
        let store = try Fixture.storeWithCatalog()
        try read("sales_daily", minute: 640, from: "2026-09-21", to: "2026-11-09", into: store)
        try read("crm_export", minute: 600, from: "2026-09-21", to: "2026-11-09", into: store)
        return store
    }

    static func proposalItems(_ session: RetroSession) -> [AgendaItem] {
        session.steps[4].items.filter { item in item.numbers.contains { $0.0 == "proposal" } }
    }

    @Test("step 5 shows each proposal with its evidence and reason; a retro held late proposes what it would have on time")
    func asOfTheSprint() throws {
        let onTime = try RetroSession.start(store: try Self.store(), sprint: SprintID("2026-S22"), facilitator: nil, attendees: [],
                                            clock: Clock(now: Clock.parseInstant("2026-11-09T08:00:00Z")!))
        let items = Self.proposalItems(onTime)
        #expect(items.map(\.subjectID) == ["SLA-sales-daily-freshness", "crm_export"])
        let later = try #require(items.first)
        #expect(later.title.contains("later-delivery"))
        #expect(later.lines.contains("proposal    later-delivery: revise objective=delivered_by 10:00 (now delivered_by 09:00)"))
        #expect(later.lines.contains { $0.hasPrefix("reads       ") && $0.contains("p10 10:40") && $0.contains("Asia/Tokyo") })
        #expect(later.lines.contains { $0.hasPrefix("window      ") })
        #expect(later.lines.contains { $0.hasPrefix("reason      ") && $0.contains("deliver by 10:00") })
        #expect(items[1].subjectKind == .asset && items[1].title.contains("unpromised-dependency"))

        // Three weeks later, after more logs in which the team reads at 08:00: the retro of S22 still sees S22.
        let store = try Self.store()
        try Self.read("sales_daily", minute: 480, from: "2026-11-09", to: "2026-11-30", into: store)
        let late = try RetroSession.start(store: store, sprint: SprintID("2026-S22"), facilitator: nil, attendees: [],
                                          clock: Clock(now: Clock.parseInstant("2026-11-30T08:00:00Z")!))
        #expect(Self.proposalItems(late).map(\.title) == items.map(\.title))
        #expect(Self.proposalItems(late).map(\.lines) == items.map(\.lines))
    }

    @Test("accept applies the proposal as a revision; history, minutes and the decision log keep its evidence")
    func acceptShowsInHistory() throws {
        let store = try Self.store()
        let session = try RetroSession.start(store: store, sprint: SprintID("2026-S22"), facilitator: "ana", attendees: [], clock: Fixture.now)
        let index = try #require(session.steps[4].items.firstIndex { $0.subjectID == "SLA-sales-daily-freshness" })
        _ = try session.execute("goto 5.\(index + 1)")
        let out = try session.execute("accept")
        #expect(out.contains("delivered_by 09:00 → delivered_by 10:00"))
        let revision = try #require(try store.read { try $0.latestRevision(of: AgreementID("SLA-sales-daily-freshness")) })
        #expect(revision.terms.objective.description == "delivered_by 10:00")
        #expect(revision.reason.contains("first reads at 10:40"))
        let history = try session.execute("history SLA-sales-daily-freshness")
        #expect(history.contains("evidence for revision 2"))
        #expect(history.contains("later-delivery: revise objective=delivered_by 10:00"))
        #expect(history.contains("p10 10:40"))
        let minutes = try session.execute("minutes")
        #expect(minutes.contains("later-delivery") && minutes.contains("delivered_by 10:00"))
        let evidence = try store.read { try $0.items(retro: session.retro.id) }.first { $0.step == 5 && $0.subjectID == "SLA-sales-daily-freshness" }
        #expect(evidence?.numbers.first { $0.0 == "assignment" }?.1.string == "objective=delivered_by 10:00")

        // A second accept on the same item is the same decision again: refused without --replace.
        #expect(throws: (any Error).self) { try session.execute("accept") }
    }

    @Test("accept on an unpromised dependency creates the SLA with asset and team filled in, on the proposal's item")
    func acceptCreates() throws {
        let store = try Self.store()
        let session = try RetroSession.start(store: store, sprint: SprintID("2026-S22"), facilitator: "ana", attendees: [], clock: Fixture.now)
        let index = try #require(session.steps[4].items.firstIndex { $0.subjectID == "crm_export" && $0.title.contains("unpromised") })
        _ = try session.execute("goto 5.\(index + 1)")
        #expect(throws: (any Error).self) { try session.execute("accept") }
        _ = try session.execute("accept SLA-crm-export-sales \"objective=delivered_by 09:30\" target=90%")
        let agreement = try #require(try store.read { try $0.agreement(AgreementID("SLA-crm-export-sales")) })
        #expect(agreement.asset == AssetID("crm_export") && agreement.team == TeamID("sales-analytics") && agreement.kind == .sla)
        let decisions = try store.read { try $0.decisionRecords(retro: session.retro.id) }
        let items = try store.read { try $0.items(retro: session.retro.id) }
        #expect(decisions.count == 1)
        #expect(items.first { $0.id == decisions.first?.itemID }?.title.contains("unpromised-dependency") == true)
        #expect(decisions.first?.note?.contains("with no SLA") == true)
    }
}
