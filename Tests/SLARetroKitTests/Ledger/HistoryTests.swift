import Testing
@testable import SLAModel
@testable import SLAStore
@testable import SLAEvaluate
@testable import SLALedger
@testable import SLAImport
@testable import SLARender
@testable import SLARetro
@testable import SLADemo

@Suite("history and the terms in force")
struct HistoryTests {
    let id = AgreementID("SLA-sales-daily-freshness")

    /// The example catalog, then a tightening on 2026-03-02 and a retirement on 2026-09-14.
    func store() throws -> Store {
        let store = try Fixture.storeWithCatalog()
        try store.write { ctx in
            try Ledger.revise(id, [(.objective, "delivered_by 08:30")], context: Fixture.context("2026-03-02", reason: "stand-up moved"), in: ctx)
            try Ledger.retire(id, context: Fixture.context("2026-09-14", reason: "replaced by a streaming view"), in: ctx)
        }
        return store
    }

    func answer(on date: String) throws -> AsOfAnswer {
        let overview = try store().read { try AgreementOverview.load(id, clock: Fixture.now, in: $0) }[0]
        return History.asOf(overview, on: Fixture.date(date))
    }

    @Test("before the first revision the agreement was not yet agreed")
    func beforeFirst() throws {
        guard case .notYetAgreed(let first) = try answer(on: "2026-01-04") else { Issue.record("expected not yet agreed"); return }
        #expect(first == Fixture.date("2026-01-05"))
    }

    @Test("on its effective day a revision is in force")
    func effectiveDay() throws {
        guard case .inForce(let r) = try answer(on: "2026-01-05") else { Issue.record("expected in force"); return }
        #expect(r.number == 1)
        guard case .inForce(let r2) = try answer(on: "2026-03-02") else { Issue.record("expected in force"); return }
        #expect(r2.number == 2 && r2.terms.objective.description == "delivered_by 08:30")
        guard case .inForce(let r1) = try answer(on: "2026-03-01") else { Issue.record("expected in force"); return }
        #expect(r1.number == 1, "the day before the change, the old terms hold")
    }

    @Test("from the retirement day on, the agreement is retired")
    func afterRetirement() throws {
        guard case .retired(let r) = try answer(on: "2026-09-14") else { Issue.record("expected retired"); return }
        #expect(r.effectiveFrom == Fixture.date("2026-09-14") && r.reason == "replaced by a streaming view")
        guard case .inForce = try answer(on: "2026-09-13") else { Issue.record("expected in force the day before"); return }
    }

    @Test("history lists every revision with its classification and filters by kind and date")
    func entries() throws {
        let overviews = try store().read { try AgreementOverview.load(clock: Fixture.now, in: $0) }
        let all = History.entries(overviews)
        #expect(all.map { "\($0.revision.agreement) \($0.revision.number) \($0.change.kind)" }
                == ["OLA-crm-export 1 created", "SLA-sales-daily-freshness 1 created", "SLA-sales-daily-freshness 2 tightened",
                    "SLA-sales-daily-freshness 3 retired"])
        #expect(History.filter(all, since: nil, until: nil, kind: .tightened).count == 1)
        #expect(History.filter(all, since: Fixture.date("2026-03-02"), until: Fixture.date("2026-03-02"), kind: nil).count == 1)
    }

    @Test("some agreements load as they do in the whole catalog, read one by one or in one pass, as of any moment")
    func someAgreements() throws {
        let store = try Fixture.demoStore()
        try store.read { ctx in
            for (clock, known) in [(Fixture.now, false), (Clock(now: Fixture.date("2026-05-01").start(in: TimeZones.utc)), true)] {
                let all = try AgreementOverview.load(clock: clock, in: ctx, known: known)
                let ids = all.map(\.agreement.id).enumerated().filter { $0.offset % 3 != 1 }.map(\.element)
                let expected = all.filter { ids.contains($0.agreement.id) }.map { "\($0)" }
                #expect(expected.count > 3)
                for above in [0, Int.max] {
                    #expect(try AgreementOverview.load(ids: ids.reversed(), clock: clock, in: ctx, known: known, onePassAbove: above).map { "\($0)" } == expected)
                }
            }
        }
    }

    @Test("a retired agreement cannot be revised, and a revision cannot predate the last one")
    func ledgerRules() throws {
        let store = try store()
        #expect(throws: LedgerError.retired(id, on: Fixture.date("2026-09-14"))) {
            try store.write { try Ledger.revise(id, [(.target, "90%")], context: Fixture.context("2026-10-01"), in: $0) }
        }
        let ola = AgreementID("OLA-crm-export")
        #expect(throws: LedgerError.effectiveTooEarly(ola, Fixture.date("2025-12-01"), latest: Fixture.date("2026-01-05"))) {
            try store.write { try Ledger.revise(ola, [(.target, "90%")], context: Fixture.context("2025-12-01"), in: $0) }
        }
        #expect(throws: LedgerError.noChange(ola)) {
            try store.write { try Ledger.revise(ola, [(.target, "98%")], context: Fixture.context("2026-10-01"), in: $0) }
        }
        #expect(throws: LedgerError.field(.unknownField("tagret"))) { try Ledger.assignments(["tagret=90%"]) }
    }
}
