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

/// The words the Render layer puts on evaluation results, and the JSON fields built from the same values.
@Suite("result wording")
struct ResultWordingTests {
    static let crm = AgreementID("OLA-crm-export"), erp = AgreementID("OLA-erp-feed")

    @Test("an observations import names up to 20 agreements, those with the most new rows, and counts the rest")
    func observationsReport() {
        var report = ObservationReport(file: "feed.csv")
        for i in 1...23 { report.perAgreement[AgreementID(String(format: "SLA-%02d", i))] = i == 7 ? 1 : 10 }
        report.rows = 221; report.new = 221
        let lines = ImportViews.observations(report).split(separator: "\n").map(String.init)
        #expect(lines.first == "imported feed.csv: 221 rows, 221 new, 0 already known")
        #expect(lines.count == 22)
        #expect(lines[1] == "  SLA-01  10 new" && lines[20] == "  SLA-21  10 new", "in id order, the one with fewer rows left out")
        #expect(!lines.contains("  SLA-07  1 new"))
        #expect(lines.last == "  … and 3 more agreements (21 new rows)")
        report.perAgreement = [AgreementID("SLA-x"): 1]
        report.rows = 1; report.new = 1
        #expect(ImportViews.observations(report) == "imported feed.csv: 1 row, 1 new, 0 already known\n  SLA-x  1 new\n")
    }

    @Test("a breach cause reads own or upstream with the OLAs; JSON keeps cause and lists them in upstream")
    func cause() {
        #expect(BreachCause.own.text == "own")
        #expect(BreachCause.upstream([Self.crm, Self.erp]).text == "upstream (OLA-crm-export, OLA-erp-feed)")
        #expect(BreachCause.own.causeField == .string("own"))
        #expect(BreachCause.upstream([Self.crm]).causeField == .string("upstream (OLA-crm-export)"))
        #expect(BreachCause.own.upstreamField == .array([]))
        #expect(BreachCause.upstream([Self.crm, Self.erp]).upstreamField == .array([.string("OLA-crm-export"), .string("OLA-erp-feed")]))
    }

    @Test("breaches --format json has upstream next to cause; CSV keeps its columns")
    func breachesJSON() throws {
        let evidence = try DemoEvidenceTests.evidence()
        let json = EvidenceViews.breaches(evidence, all: true, format: .json)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0["agreement"] as! String, $0) })
        let sales = try #require(byID["SLA-sales-daily-freshness"])
        #expect(sales["cause"] as? String == "upstream (OLA-crm-export)")
        #expect(sales["upstream"] as? [String] == ["OLA-crm-export"])
        #expect(byID["OLA-crm-export"]?["upstream"] is NSNull, "an OLA has no cause")
        #expect(json.contains("\"cause\": \"upstream (OLA-crm-export)\",\n    \"upstream\": ["), "upstream follows cause")
        let csv = EvidenceViews.breaches(evidence, all: true, format: .csv)
        #expect(csv.hasPrefix("agreement,kind,compliance,good,total,target,burn,status,last_6,cause,incident_categories,incidents,segments\n"))
    }

    @Test("observations that stop early: the last day and the days without any, singular and plural")
    func observationsEnd() {
        let day = LocalDate("2026-11-20")!
        #expect(ObservationsEnd(lastDay: day, missingDays: 4).text == "observations end on 2026-11-20: 4 days of the window have none")
        #expect(ObservationsEnd(lastDay: day, missingDays: 1).text == "observations end on 2026-11-20: 1 day of the window has none")
    }

    @Test("a postmortem reads as its status, missing with who requires it, or not required")
    func postmortem() {
        #expect(PostmortemState.written(.reviewed).text == "reviewed")
        #expect(PostmortemState.missing(requiredBy: [AgreementID("SLA-a"), AgreementID("SLA-b")]).text == "missing (required by SLA-a, SLA-b)")
        #expect(PostmortemState.notRequired.text == "none (not required)")
    }

    @Test("usage coverage: logs that stop early, logs that never reach the window, logs that reach its end")
    func usageWarning() {
        let d = { LocalDate($0)! }
        let early = UsageCoverage(start: d("2026-11-09"), end: d("2026-11-23"), from: d("2026-11-09"), to: d("2026-11-22"), lastDay: d("2026-11-21"))
        #expect(early.warning(window: "this sprint") == "usage logs end on 2026-11-21: 1 day of this sprint has none")
        let late = UsageCoverage(start: d("2026-11-09"), end: d("2026-11-23"), from: d("2026-11-09"), to: d("2026-11-19"), lastDay: d("2026-11-18"))
        #expect(late.warning(window: "this sprint") == "usage logs end on 2026-11-18: 4 days of this sprint have none")
        let none = UsageCoverage(start: d("2026-11-09"), end: d("2026-11-23"), from: d("2026-11-23"), to: d("2026-11-23"), lastDay: nil)
        #expect(none.warning(window: "the last 14 days") == "no usage logs cover the last 14 days")
        let full = UsageCoverage(start: d("2026-11-09"), end: d("2026-11-23"), from: d("2026-11-09"), to: d("2026-11-23"), lastDay: d("2026-11-20"))
        #expect(full.warning(window: "this sprint") == nil)
    }

    @Test("an over-quality card: accesses against refreshes, the coverage warning, consumers and maintenance")
    func candidateCard() {
        let d = { LocalDate($0)! }
        let coverage = UsageCoverage(start: d("2026-09-24"), end: d("2026-11-23"), from: d("2026-09-24"), to: d("2026-11-05"), lastDay: d("2026-11-04"))
        let candidate = OverQualityCandidate(asset: AssetID("customer_360"), reasons: [.rarelyUsed], agreements: [AgreementID("SLA-c360")],
                                             maintenanceHours: 6, lastAccess: d("2026-11-02"), accessesPerWeek: 0.5, ownerAccessesPerWeek: 9.8,
                                             cadencePerWeek: 7, consumerUsers: [TeamID("sales"): 1, TeamID("finance"): 0], coverage: coverage)
        #expect(candidate.evidence == [
            "last access 2026-11-02 · 0.5 accesses/week by consumers (+ 9.8 by the owning team) vs 7 refreshes/week promised · the 42 of the last 60 days with usage logs",
            "warning     usage logs end on 2026-11-04: 18 days of the last 60 days have none; they are not judged",
            "consumers finance: 0 active users, sales: 1 active user in the last 60 days",
            "maintenance 6h per sprint · agreements SLA-c360",
        ])
    }

    @Test("a revision change: each field old → new, the terms of a creation, a plain retirement")
    func revisionChange() {
        let terms = Fixture.terms("freshness <= 2h", target: 0.9)
        let loosened = RevisionChange(kind: .loosened, fields: [FieldChange(field: "target", old: "95 %", new: "90 %", direction: .looser)])
        #expect(loosened.text(terms: terms) == "target 95 % → 90 %")
        #expect(loosened.withKind(terms: terms) == "target 95 % → 90 % (loosened)")
        #expect(FieldChange(field: "response_time", old: nil, new: "1h", direction: .tighter).text == "response_time — → 1h")
        let created = RevisionChange(kind: .created, fields: [])
        #expect(created.text(terms: terms) == "created: " + terms.summary && created.details(terms: terms) == terms.summary)
        #expect(created.withKind(terms: terms) == "created: " + terms.summary)
        let retired = RevisionChange(kind: .retired, fields: [])
        #expect(retired.text(terms: terms) == "retired" && retired.details(terms: terms).isEmpty)
    }

    @Test("a decision in the minutes says what its revision changed, and nothing when it wrote none")
    func decisionChange() {
        let terms = Fixture.terms(target: 0.9)
        let change = RevisionChange(kind: .loosened, fields: [FieldChange(field: "target", old: "95 %", new: "90 %", direction: .looser)])
        let revise = Minutes.DecisionLine(id: 1, itemID: 1, subject: "SLA-x", verb: "revise", reason: "too strict",
                                          revision: 2, revisionChange: change, terms: terms)
        #expect(revise.change == "target 95 % → 90 % (loosened)")
        #expect(MinutesJSON.decision(revise)["change"] == .string("target 95 % → 90 % (loosened)"))
        let keep = Minutes.DecisionLine(id: 2, itemID: 2, subject: "SLA-y", verb: "keep", reason: nil)
        #expect(keep.change.isEmpty && MinutesJSON.decision(keep)["change"] == .null)
    }

    @Test("an import report line for each kind of change")
    func importLines() {
        let revision = Fixture.revision(2, Fixture.terms(target: 0.9), effective: "2026-11-24")
        let change = RevisionChange(kind: .loosened, fields: [FieldChange(field: "target", old: "95 %", new: "90 %", direction: .looser)])
        #expect(ImportViews.line(.revised(revision, change)) == "revised SLA-x (revision 2, loosened, effective 2026-11-24): target 95 % → 90 %")
        let retired = Fixture.revision(3, Fixture.terms(target: 0.9), status: .retired, effective: "2026-11-24")
        #expect(ImportViews.line(.revised(retired, RevisionChange(kind: .retired, fields: []))) == "retired SLA-x (revision 3, retired, effective 2026-11-24): retired")
        #expect(ImportViews.line(.retiredMissing(retired, reason: "gone")) == "retired SLA-x (revision 3, effective 2026-11-24): gone")
        #expect(ImportViews.line(.team(TeamID("checkout"), .consumer)) == "created team checkout (consumer)")
        #expect(ImportViews.line(.asset(AssetID("orders"), .table, owner: TeamID("platform"))) == "created asset orders (table, owner platform)")
        #expect(ImportViews.line(.created(Fixture.revision())).hasPrefix("created SLA-x: "))
    }
}
