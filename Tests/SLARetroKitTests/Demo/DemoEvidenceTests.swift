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

@Suite("demo evidence")
struct DemoEvidenceTests {
    static func evidence(_ sprint: String = "2026-S23") throws -> SprintEvidence {
        let store = try Fixture.demoStore()
        let clock = Clock(now: Demo.defaultNow)
        return try store.read { ctx in try Evidence.gather(try Evidence.sprint(SprintID(sprint), clock: clock, in: ctx), clock: clock, in: ctx) }
    }

    @Test("the planted breached, threatened, upstream and unmeasured cases appear in breaches --format json")
    func planted() throws {
        let json = EvidenceViews.breaches(try Self.evidence(), all: false, format: .json)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0["agreement"] as! String, $0) })
        #expect(byID["SLA-sales-daily-freshness"]?["status"] as? String == "breached")
        #expect(byID["SLA-sales-daily-freshness"]?["cause"] as? String == "upstream (OLA-crm-export)")
        #expect(byID["OLA-crm-export"]?["status"] as? String == "breached")
        #expect(byID["SLA-invoices-api-latency"]?["status"] as? String == "threatened")
        #expect(byID["SLA-marketing-attribution-accuracy"]?["status"] as? String == "unmeasured")
        for row in rows { #expect(Set(row.keys).isSuperset(of: ["agreement", "status", "compliance", "burn", "cause"])) }
    }

    @Test("the demo's incidents: one acknowledged late, one whose required postmortem is missing")
    func incidents() throws {
        let summary = IncidentSummary.review(try Self.evidence())
        let byID = Dictionary(uniqueKeysWithValues: summary.reviews.map { ($0.incident.id, $0) })
        #expect(byID["INC-41"]?.responseMet == false)
        #expect(byID["INC-41"]?.postmortem == .written(.reviewed))
        #expect(byID["INC-42"]?.responseMet == true)
        #expect(byID["INC-43"]?.postmortem == .missing(requiredBy: [AgreementID("SLA-sales-daily-freshness")]))
        #expect(summary.mtta.map(Formatting.duration) == "1h 58m 20s")
    }

    @Test("the mid-sprint tightening of 2026-S22 splits the judgement")
    func split() throws {
        let result = try #require(try Self.evidence("2026-S22").results.first { $0.overview.agreement.id.rawValue == "SLA-customer-360-freshness" })
        #expect(result.compliance.segments.map(\.revision) == [1, 2])
        #expect(result.compliance.bad == 1, "the 5h lag of 10-28 was good under revision 1; only the 4h30m of 11-04 is bad")
    }
}
