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

/// Event-ratio agreements: observations carry good and total events; compliance is Σgood / Σtotal over the window.
@Suite("event-ratio agreements")
struct EventRatioTests {
    @Test("ratio objectives parse and print back", arguments: [
        ("ratio availability", "ratio availability", Metric.ratioAvailability, 0.0),
        ("ratio latency <= 400ms", "ratio latency <= 400ms", .ratioLatency, 0.4),
        ("ratio latency <= 1s", "ratio latency <= 1s", .ratioLatency, 1.0),
        ("ratio freshness <= 25h", "ratio freshness <= 1d 01h", .ratioFreshness, 90_000.0),
        ("ratio latency", "ratio latency", .ratioLatency, 0.0),
    ])
    func parse(_ text: String, _ canonical: String, _ metric: Metric, _ threshold: Double) throws {
        let objective = try Objective.parse(text).get()
        #expect(objective.metric == metric && abs(objective.threshold - threshold) < 1e-9)
        #expect(objective.description == canonical)
        #expect(try Objective.parse(objective.description).get() == objective)
        #expect(objective.metric.isEventRatio && objective.indicator == metric.indicator)
    }

    @Test("malformed ratio objectives are refused with what to write", arguments: [
        ("ratio >= 99.9%", "objective 'ratio >= 99.9%' is malformed (expected 'ratio INDICATOR, e.g. 'ratio availability' or 'ratio latency <= 400ms'; the share of good events is the target, e.g. target: 99.9%')"),
        ("ratio uptime", "bad objective value 'uptime' (expected an indicator: freshness, availability, completeness, accuracy, latency, support_response)"),
        ("ratio availability <= 2s", "objective 'ratio availability <= 2s' is malformed (expected 'ratio availability (a good event is counted by the source; no threshold)')"),
    ])
    func malformed(_ text: String, _ message: String) {
        guard case .failure(let error) = Objective.parse(text) else { Issue.record("\(text) parsed"); return }
        #expect(error.description == message)
    }

    @Test("one whole day at 0 % breaches a 99.9 % event ratio that daily observations would have passed")
    func wholeDayDown() throws {
        let store = try Fixture.storeWithAgreement(objective: "ratio availability", target: "99.9%")
        try store.write { ctx in
            try Ledger.revise(AgreementID("SLA-x"), [(.window, "30d")], context: Fixture.context("2026-01-05"), in: ctx)
        }
        var lines = (19...31).map { "SLA-x,2026-10-\($0)T10:00:00Z,999/1000," }
        lines.append("SLA-x,2026-11-01T10:00:00Z,0/1000,outage")
        let report = try Fixture.observe(lines, into: store)
        #expect(report.new == 14)
        let c = try Fixture.evidence(store).results[0].compliance
        #expect(c.good == 12_987 && c.total == 14_000)
        #expect(abs(c.errorBudget! - 14) < 1e-9, "error budget = (1 − target) × Σtotal")
        #expect(abs(c.burn! - 1013.0 / 14) < 1e-9)
        #expect(c.status == .breached && c.countsEvents)
        #expect(c.badDays.map(\.description) == ["2026-11-01"])
        #expect(EvidenceViews.complianceText(c) == "12987/14000 = 92.8 %")
    }

    @Test("counts come as good,total columns or a good/total value; a share alone or a bad count is refused with its line")
    func countsInput() throws {
        let store = try Fixture.storeWithAgreement(objective: "ratio latency <= 400ms", target: "99%")
        let csv = try Fixture.file("obs.csv", """
        agreement,observed_at,good,total,note
        SLA-x,2026-10-20T00:00:00Z,990,1000,
        SLA-x,2026-10-21T00:00:00Z,1000.4,1000.4,prometheus increase()
        """ + "\n")
        let report = try ObservationImport(clock: Fixture.now).importFile(csv, into: store)
        #expect(report.new == 2)
        #expect(try store.query("SELECT value, good, total FROM observations ORDER BY observed_at").rows
                == [[.text("990/1000"), .integer(990), .integer(1000)], [.text("1000/1000"), .integer(1000), .integer(1000)]])
        let jsonl = try Fixture.file("obs.jsonl", #"{"agreement": "SLA-x", "observed_at": "2026-10-22T00:00:00Z", "good": 5, "total": 10}"# + "\n")
        #expect(try ObservationImport(clock: Fixture.now).importFile(jsonl, into: store).new == 1)
        let c = try Fixture.evidence(store).results[0].compliance
        #expect(c.good == 1995 && c.total == 2010)

        for (row, message) in [
            ("SLA-x,2026-10-23T00:00:00Z,99.5%,", "expected good/total event counts"),
            ("SLA-x,2026-10-23T00:00:00Z,11/10,", "expected good/total event counts"),
            ("SLA-x,2026-10-23T00:00:00Z,-1/10,", "expected good/total event counts"),
        ] {
            let bad = try Fixture.file("bad.csv", "agreement,observed_at,value,note\n\(row)\n")
            let before = try store.read { try $0.rowCounts() }
            #expect {
                try ObservationImport(clock: Fixture.now).importFile(bad, into: store)
            } throws: { error in
                "\(error)".hasPrefix("\(bad):2: bad value") && "\(error)".contains(message)
            }
            #expect(try store.read { try $0.rowCounts() } == before, "nothing written")
        }
    }

    @Test("counts for a time-slice agreement are refused: its observations are judged one value each")
    func countsOnTimeSlice() throws {
        let store = try Fixture.storeWithAgreement(objective: "freshness <= 2h")
        let csv = try Fixture.file("obs.csv", "agreement,observed_at,good,total\nSLA-x,2026-10-20T00:00:00Z,5,10\n")
        #expect(throws: ImportError.invalid(file: csv, line: 2, message: "good/total counts given for SLA-x, whose objective (freshness) judges one value per observation: put it in 'value'")) {
            try ObservationImport(clock: Fixture.now).importFile(csv, into: store)
        }
    }

    @Test("a revision stores the ratio objective and reads it back; time-slice summaries are unchanged")
    func storedRevision() throws {
        let store = try Fixture.storeWithAgreement(objective: "ratio latency <= 400ms", target: "99%")
        let revision = try #require(try store.read { try $0.latestRevision(of: AgreementID("SLA-x")) })
        #expect(revision.terms.summary == "ratio latency <= 400ms, target 99 %, window sprint")
        #expect(try store.query("SELECT indicator, objective_metric, objective_threshold FROM revisions").rows
                == [[.text("latency"), .text("ratio_latency"), .real(0.4)]])
        #expect(Fixture.terms("freshness <= 2h").summary == "freshness <= 2h, target 95 %, window sprint")
    }
}
