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

@Suite("compliance and error budget")
struct ComplianceTests {
    @Test("status follows the burn: breached above 1, threatened from 0.75 to 1, unmeasured without data",
          arguments: [(nil, BudgetStatus.unmeasured), (0.0, .ok), (0.74, .ok), (0.75, .threatened), (1.0, .threatened), (1.01, .breached)])
    func status(_ burn: Double?, _ expected: BudgetStatus) {
        #expect(BudgetStatus.from(burn: burn) == expected)
    }

    @Test("burn is bad / (all × (1 − target))")
    func burn() throws {
        let store = try Fixture.storeWithAgreement(objective: "freshness <= 2h", target: "90%")
        let days = (19...30).map { "SLA-x,2026-10-\($0)T10:00:00Z,\($0 <= 21 ? "3h" : "1h")," }  // 3 bad of 12
        try Fixture.observe(days, into: store)
        let c = try Fixture.evidence(store).results[0].compliance
        #expect(c.good == 9 && c.total == 12)
        #expect(abs(c.burn! - 3 / (12 * 0.1)) < 1e-9)
        #expect(c.status == .breached)
    }

    @Test("tightening a target mid-sprint does not change the judgement of earlier observations")
    func midSprintTightening() throws {
        let store = try Fixture.storeWithAgreement(objective: "freshness <= 2h", target: "90%")
        let lags = ["90m", "100m", "110m", "90m", "100m", "110m", "90m", "100m", "110m", "90m"]
        try Fixture.observe(lags.enumerated().map { i, lag in "SLA-x,2026-10-\(19 + i)T10:00:00Z,\(lag)," }, into: store)
        let before = try Fixture.evidence(store).results[0].compliance
        #expect(before.good == 10 && before.segments.count == 1)
        // From 2026-10-25 (Berlin) the objective is 95 minutes: the six earlier observations stay judged by revision 1.
        try store.write { ctx in
            try Ledger.revise(AgreementID("SLA-x"), [(.objective, "freshness <= 95m"), (.target, "95%")],
                              context: Fixture.context("2026-10-25", reason: "tighter"), in: ctx)
        }
        let after = try Fixture.evidence(store).results[0].compliance
        #expect(after.segments == [ComplianceSegment(revision: 1, target: 0.9, good: 6, total: 6),
                                   ComplianceSegment(revision: 2, target: 0.95, good: 2, total: 4)])
        #expect(abs(after.burn! - 2 / (6 * 0.1 + 4 * 0.05)) < 1e-9)
    }

    @Test("delivered_by is judged in local time across the Europe/Berlin DST change of 2026-10-25")
    func deliveredByAcrossDST() throws {
        let store = try Fixture.storeWithAgreement(objective: "delivered_by 09:00")
        // 10-24 is CEST (UTC+2), 10-25 switches to CET (UTC+1) at 03:00, 10-26 is CET.
        try Fixture.observe([
            "SLA-x,2026-10-24T00:00:00+02:00,2026-10-24T06:55:00Z,08:55 local: good",
            "SLA-x,2026-10-25T00:00:00+02:00,2026-10-25T07:55:00Z,08:55 local after the change: good",
            "SLA-x,2026-10-26T00:00:00+01:00,2026-10-26T08:05:00Z,09:05 local: late",
            "SLA-x,2026-10-27T00:00:00+01:00,2026-10-27T07:59:00Z,08:59 local: good",
        ], into: store)
        let c = try Fixture.evidence(store).results[0].compliance
        #expect(c.good == 3 && c.total == 4)
        #expect(c.badDays == [Fixture.date("2026-10-26")])
        let judge = Judge()
        let objective = try Objective.parse("delivered_by 09:00").get()
        let dayStart = Fixture.date("2026-10-25").start(in: TimeZones.named("Europe/Berlin")!).timeIntervalSince1970
        #expect(judge.isGood(measure: Timestamp.parse("2026-10-25T07:59:00Z"), observedAt: dayStart, objective: objective, timezone: "Europe/Berlin"))
        #expect(!judge.isGood(measure: Timestamp.parse("2026-10-25T08:01:00Z"), observedAt: dayStart, objective: objective, timezone: "Europe/Berlin"),
                "09:01 CET is late, though it is 08:01 in the summer-time offset of that morning")
        #expect(!judge.isGood(measure: Timestamp.parse("2026-10-24T21:00:00Z"), observedAt: dayStart, objective: objective, timezone: "Europe/Berlin"),
                "a delivery before the day starts belongs to the day before")
        #expect(!judge.isGood(measure: nil, observedAt: dayStart, objective: objective, timezone: "Europe/Berlin"), "not delivered is bad")
    }

    @Test("an agreement without observations is unmeasured, never hidden")
    func unmeasured() throws {
        let store = try Fixture.storeWithAgreement(objective: "availability >= 99%")
        let result = try Fixture.evidence(store).results[0]
        #expect(result.compliance.status == .unmeasured && result.compliance.burn == nil)
        #expect(EvidenceViews.breaches(try Fixture.evidence(store), all: false, format: .table).contains("unmeasured"))
    }

    @Test("sparkline bars follow the status thresholds")
    func sparkline() {
        #expect(EvidenceViews.sparkline([0, 0.3, 0.6, 0.8, 1.5, nil]) == "▁▂▃▅▇·")
    }
}
