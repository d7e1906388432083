import Foundation
import Testing
@testable import SLAModel
@testable import SLAStore
@testable import SLAEvaluate
@testable import SLALedger
@testable import SLAImport
@testable import SLARender
@testable import SLARetro
@testable import SLADemo

/// Evaluation reads a kept judgement per agreement and sprint instead of the observations: the numbers must be
/// the ones the observations give, and a kept judgement must never outlive what it was computed from.
@Suite("kept judgements")
struct KeptJudgementTests {
    static let clock = Clock(now: Demo.defaultNow)

    static func demo() throws -> Store {
        let store = try Fixture.demoStore()
        return store
    }

    /// `breaches --all --format json` of a sprint, as a facilitator would read it.
    static func breaches(_ store: Store, _ sprint: String = "2026-S23", clock: Clock = clock) throws -> String {
        try store.read { ctx in
            EvidenceViews.breaches(try Evidence.gather(try Evidence.sprint(SprintID(sprint), clock: clock, in: ctx), clock: clock, in: ctx),
                                   all: true, format: .json)
        }
    }

    static func kept(_ store: Store) throws -> Int {
        try store.read { ctx in try ctx.rowCounts()["compliance_summaries"] ?? 0 }
    }

    @Test("the observations import keeps a judgement per agreement and started sprint, and breaches reads the same numbers from them")
    func sameNumbers() throws {
        let store = try Self.demo()
        #expect(try Self.kept(store) > 0, "the demo's observations import kept judgements")
        let fromKept = try Self.breaches(store)
        let fresh = try store.read { ctx in
            try Evidence.gather(try Evidence.sprint(SprintID("2026-S23"), clock: Self.clock, in: ctx), clock: Self.clock, in: ctx).fresh
        }
        #expect(fresh.allSatisfy { $0.segments.isEmpty }, "every measured judgement of the recent sprints was kept: only agreements without observations are judged again")
        let lastKept = try store.read { ctx in
            try Evidence.gather(try Evidence.sprint(SprintID("2026-S23"), clock: Self.clock, in: ctx), clock: Self.clock, in: ctx).results.map(\.compliance.lastObserved)
        }
        try Fixture.execute("DELETE FROM compliance_summaries", in: store)
        #expect(try Self.breaches(store) == fromKept, "recomputed from the observations, the numbers are the same")
        let lastJudged = try store.read { ctx in
            try Evidence.gather(try Evidence.sprint(SprintID("2026-S23"), clock: Self.clock, in: ctx), clock: Self.clock, in: ctx).results.map(\.compliance.lastObserved)
        }
        #expect(lastKept == lastJudged && lastKept.contains { $0 != nil }, "where the observations stop is kept too (the stop-early warning reads it)")
        for sprint in ["2026-S20", "2026-S21", "2026-S22"] {
            let kept = try Self.breaches(store, sprint)
            try Fixture.execute("DELETE FROM compliance_summaries", in: store)
            #expect(try Self.breaches(store, sprint) == kept)
        }
    }

    @Test("a late observation inside a kept window makes that judgement stale: breaches counts it")
    func lateObservation() throws {
        let store = try Self.demo()
        let before = try store.read { ctx in try Evidence.gather(try Evidence.sprint(SprintID("2026-S23"), clock: Self.clock, in: ctx), clock: Self.clock, in: ctx) }
        let target = try #require(before.results.first { $0.overview.agreement.id.rawValue == "SLA-customer-360-freshness" })
        let day = target.compliance.from + 86_400 * 3 + 3_600 * 5 + 17   // a moment no demo observation uses
        let line = "SLA-customer-360-freshness,\(Timestamp.format(day)),1m,late file"
        let path = try Fixture.file("late.csv", "agreement,observed_at,value,note\n\(line)\n")
        _ = try ObservationImport(clock: Self.clock).importFile(path, into: store)
        let after = try store.read { ctx in try Evidence.gather(try Evidence.sprint(SprintID("2026-S23"), clock: Self.clock, in: ctx), clock: Self.clock, in: ctx) }
        let changed = try #require(after.results.first { $0.overview.agreement.id.rawValue == "SLA-customer-360-freshness" })
        #expect(changed.compliance.total == target.compliance.total + 1)
        #expect(changed.compliance.good == target.compliance.good + 1)
        try Fixture.execute("DELETE FROM compliance_summaries", in: store)
        let recomputed = try store.read { ctx in try Evidence.gather(try Evidence.sprint(SprintID("2026-S23"), clock: Self.clock, in: ctx), clock: Self.clock, in: ctx) }
        #expect(recomputed.results.map(\.compliance.total) == after.results.map(\.compliance.total))
    }

    @Test("a new revision makes the agreement's kept judgements stale: the sprint is judged under it")
    func revision() throws {
        let store = try Self.demo()
        let id = AgreementID("SLA-sales-daily-freshness")
        let s23 = try store.read { ctx in try #require(try ctx.sprint(SprintID("2026-S23"))) }
        // Recorded after the sprint, effective from its first day (allowed: later than every earlier revision).
        let later = Clock(now: Self.clock.now.addingTimeInterval(86_400))
        try store.write { ctx in
            try Ledger.revise(id, [(.target, "50%")], context: ChangeContext(reason: "relaxed", author: "test", source: "test",
                                                                              effectiveFrom: s23.start, recordedAt: later.now), in: ctx)
        }
        let now = try store.read { ctx in try Evidence.gather(try Evidence.sprint(SprintID("2026-S23"), clock: later, in: ctx), clock: later, in: ctx) }
        let revised = try #require(now.results.first { $0.overview.agreement.id == id })
        #expect(revised.compliance.target == 0.5, "judged under the new revision, not a kept judgement of the old one")
        #expect(revised.compliance.status == .ok)
        #expect(now.fresh.allSatisfy { $0.segments.isEmpty }, "the revision's transaction judged the windows it reaches again and kept them")
        let s21 = try store.read { ctx in try #require(try ctx.complianceSummaries(sprints: [SprintID("2026-S21")])[SprintID("2026-S21")]?[id]) }
        #expect(s21.revisions >= 1, "an earlier sprint's judgement, which the revision cannot reach, stays kept")
    }

    @Test("an import dated before the observations (a back-dated catalog) keeps the later sprints' judgements too")
    func backDated() throws {
        let store = try Self.demo()
        let before = try Self.breaches(store)
        let id = AgreementID("SLA-customer-360-freshness")
        try Fixture.execute("DELETE FROM compliance_summaries WHERE agreement_id = '\(id.rawValue)'", in: store)
        let early = Clock(now: Date(timeIntervalSince1970: try #require(Timestamp.parse("2026-09-01T00:00:00Z"))))
        try store.write { ctx in try Evidence.keepJudgements(of: [id], clock: early, in: ctx) }
        let kept = try store.read { ctx in try ctx.complianceSummaries(sprints: [SprintID("2026-S23")]) }
        #expect(kept[SprintID("2026-S23")]?[id] != nil, "the sprint of its latest observation is kept, though it starts after the import's date")
        let gathered = try store.read { ctx in
            try Evidence.gather(try Evidence.sprint(SprintID("2026-S23"), clock: Self.clock, in: ctx), clock: Self.clock, in: ctx)
        }
        #expect(!gathered.fresh.contains { $0.agreement == id }, "breaches reads it instead of the observations")
        #expect(try Self.breaches(store) == before)
    }

    @Test("a judgement kept with a different set of revisions, or another window, is not used")
    func mismatch() throws {
        let store = try Self.demo()
        let before = try Self.breaches(store)
        let kept = try store.read { ctx in try ctx.complianceSummaries(sprints: [SprintID("2026-S23")]) }
        let one = try #require(kept[SprintID("2026-S23")]?[AgreementID("SLA-customer-360-freshness")])
        var moreRevisions = one
        moreRevisions.revisions += 1
        moreRevisions.segments = [.init(revision: 9, target: 0.5, good: 1, total: 1)]
        try store.write { ctx in try ctx.saveComplianceSummaries([moreRevisions]) }
        #expect(try Self.breaches(store) == before)
        var otherWindow = one
        otherWindow.from -= 86_400
        otherWindow.segments = [.init(revision: 1, target: 0.5, good: 1, total: 1)]
        try store.write { ctx in try ctx.saveComplianceSummaries([otherWindow]) }
        #expect(try Self.breaches(store) == before)
    }

    @Test("a retro start keeps what it had to judge, and the agenda is the same from kept judgements")
    func retroStartKeeps() throws {
        let store = try Self.demo()
        try Fixture.execute("DELETE FROM compliance_summaries", in: store)
        func agenda() throws -> (text: [String], fresh: Int) {
            try store.read { ctx in
                let sprints = try ctx.sprints()
                let sprint = try #require(sprints.first { $0.id.rawValue == "2026-S23" })
                let built = try Agenda.build(sprint, sprints: sprints, clock: Self.clock, retroID: 0, in: ctx)
                return (built.steps.flatMap { $0.items.map { ([$0.title] + $0.lines).joined(separator: "\n") } }, built.fresh.count)
            }
        }
        let computed = try agenda()
        #expect(computed.fresh > 0)
        _ = try RetroSession.start(store: store, sprint: SprintID("2026-S23"), facilitator: "ana", attendees: [], clock: Self.clock)
        #expect(try Self.kept(store) >= computed.fresh)
        let fromKept = try agenda()
        #expect(fromKept.fresh == 0)
        #expect(fromKept.text == computed.text)
    }

    @Test("a kept judgement that cannot be read is recomputed, not trusted")
    func unreadable() throws {
        let store = try Self.demo()
        let before = try Self.breaches(store)
        try Fixture.execute("UPDATE compliance_summaries SET segments = 'x:y', bad_days = 'never'", in: store)
        #expect(try Self.breaches(store) == before)
    }
}
