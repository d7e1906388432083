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

@Suite("incidents and postmortems")
struct IncidentReviewTests {
    func store() throws -> Store {
        let store = try Fixture.storeWithCatalog()
        try store.write { ctx in
            try ctx.insert(Sprint(id: SprintID("2026-S23"), start: Fixture.date("2026-11-09"), end: Fixture.date("2026-11-23"), timezone: "Asia/Tokyo"))
        }
        return store
    }

    @Test("front matter gives the incident; checklist lines become action items with their owner")
    func frontMatter() throws {
        let store = try store()
        let text = """
        ---
        incident: INC-9
        title: Export stalled
        severity: 3
        detected: 2026-11-10T06:00:00+09:00
        acknowledged: 2026-11-10T11:00:00+09:00
        affects: [SLA-sales-daily-freshness]
        ---
        # Export stalled
        ## Summary
        It stalled.
        ## Action items
        - [ ] Add an alert @ben
        - [x] Restart the job @ana
        """
        let report = try PostmortemImport(clock: Fixture.now).importTexts([(text, "INC-9.md")], into: store)
        #expect(report.entries[0].missing == ["resolved", "impact", "root cause"])
        #expect(try store.query("SELECT title, owner, status FROM action_items ORDER BY id").rows
                == [[.text("Add an alert"), .text("ben"), .text("open")], [.text("Restart the job"), .text("ana"), .text("done")]])
        _ = try PostmortemImport(clock: Fixture.now).importTexts([(text, "INC-9.md")], into: store)
        #expect(try store.query("SELECT COUNT(*) FROM action_items").rows == [[.integer(2)]], "re-import adds no duplicate actions")
        let summary = IncidentSummary.review(try Fixture.evidence(store, sprint: "2026-S23"))
        #expect(summary.reviews[0].responses.map(\.met) == [false], "5h to acknowledge against a 4h playbook")
    }

    @Test("a bad front matter value is refused with its line")
    func badFrontMatter() throws {
        let store = try store()
        let text = "---\nincident: INC-9\ntitle: X\nseverity: 7\ndetected: 2026-11-10T06:00:00Z\n---\n# X\n"
        #expect(throws: ImportError.invalid(file: "p.md", line: 4, message: "bad severity (expected 1 to 4, 1 the worst)")) {
            try PostmortemImport(clock: Fixture.now).importTexts([(text, "p.md")], into: store)
        }
        let unknown = "---\nincident: INC-9\ntitel: X\n---\n# X\n"
        #expect(throws: ImportError.invalid(file: "p.md", line: 3, message: "unknown key 'titel' in the front matter (did you mean 'title'?)")) {
            try PostmortemImport(clock: Fixture.now).importTexts([(unknown, "p.md")], into: store)
        }
    }

    @Test("a playbook's reporting rule decides when a postmortem is required")
    func rule() throws {
        let rule = try #require(PostmortemRule.parse("severity <= 2 or breached"))
        #expect(IncidentSummary.requires(rule, severity: 2, status: .ok))
        #expect(!IncidentSummary.requires(rule, severity: 3, status: .threatened))
        #expect(IncidentSummary.requires(rule, severity: 4, status: .breached))
    }
}
