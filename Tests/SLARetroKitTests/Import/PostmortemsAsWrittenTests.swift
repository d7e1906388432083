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

/// Postmortems as teams write them: times compared with what each file states (EXPECTED in the fixtures' README).
@Suite("postmortems as written")
struct PostmortemsAsWrittenTests {
    /// Imports one fixture with a default severity; returns its incident's (detected, acknowledged, resolved) in UTC.
    func times(_ file: String, timezone: String? = nil) throws -> (String, String?, String?, [String]) {
        let store = try Fixture.storeWithCatalog()
        let report = try PostmortemImport(clock: Fixture.now, severity: 3, timezone: timezone).importPath(Fixture.format("postmortems/\(file)"), into: store)
        let incident = try #require(try store.read { try $0.incidents() }.first)
        return (Clock.iso(incident.detectedAt), incident.acknowledgedAt.map(Clock.iso), incident.resolvedAt.map(Clock.iso), (report.entries.first.map { $0.missing + $0.notes } ?? []))
    }

    @Test("timelines in every written form give detection and resolution in UTC", arguments: [
        // bullets `- **16:58 UTC** - …`, the date only in the front matter
        ("posthog-2025-09-29-flags-is-down.md", "2025-09-29T17:25:00Z", "2025-09-29T18:46:00Z"),
        // `### 2021-06-03 9:00` headings, one-digit hours, "(All times US/Pacific …)" in June = UTC−7
        ("univaf-2021-06-03-database-full-us-pacific.md", "2021-06-03T16:00:00Z", "2021-06-03T16:58:00Z"),
        // "All times in CET." in June: Central European summer time, UTC+2
        ("dfds-pm2020-005-alb-instance-attachment-cet.md", "2020-06-09T10:25:00Z", "2020-06-09T11:13:00Z"),
        // "All times in CET." in November/December: UTC+1; "verified operational" resolves
        ("dfds-pm2019-009-ip-starvation-cet.md", "2019-11-30T07:24:00Z", "2019-12-05T06:00:00Z"),
        // UTC tables; "informed of ingress problem" detects; "behaviour appeared resumed" resolves
        ("dfds-pm2025-002-traefik-rule-utc.md", "2025-03-17T23:42:00Z", "2025-03-18T00:41:00Z"),
        // "**Recovery:**" in a table cell
        ("dfds-pm2022-001-prometheus-down.md", "2022-01-25T10:21:00Z", "2022-01-25T15:00:00Z"),
        // `- **Feb 6 20:31** - Incident declared`, a bold "**Stabilized**"
        ("posthog-2026-02-06-feature-flags-cache-degradation.md", "2026-02-06T20:31:00Z", "2026-02-06T22:34:00Z"),
    ])
    func timeline(_ file: String, _ detected: String, _ resolved: String) throws {
        let (d, _, r, _) = try times(file)
        #expect(d == detected)
        #expect(r == resolved)
    }

    @Test("`- **Feb 19: 10:54**:` bullets take their year from the front matter; 'no automated alarms' is not a detection")
    func yearFromFrontMatter() throws {
        let (d, _, r, missing) = try times("posthog-2026-02-20-logs-data-loss.md")
        #expect(d == "2026-02-19T19:40:00Z" && r == nil && missing.contains("resolved"))
    }

    @Test("times without dates under a date line, with the zone on the date line")
    func dateLine() throws {
        let store = try Fixture.storeWithCatalog()
        let text = """
        # Search outage

        ## Timeline

        2026-10-21 (all times UTC)

        14:51 Dashboards go blank
        14:53 Alert fires for elevated errors
        15:10 On-call acknowledged and investigating
        15:58 Service restored

        2026-10-22

        09:00 Postmortem meeting
        """
        let path = try Fixture.file("search.md", text)
        _ = try PostmortemImport(clock: Fixture.now, severity: 2).importPath(path, into: store)
        let incident = try #require(try store.read { try $0.incidents() }.first)
        #expect(Clock.iso(incident.detectedAt) == "2026-10-21T14:53:00Z")
        #expect(incident.acknowledgedAt.map(Clock.iso) == "2026-10-21T15:10:00Z")
        #expect(incident.resolvedAt.map(Clock.iso) == "2026-10-21T15:58:00Z")
    }

    @Test("dates and times with several spaces, and dates without times, are read (Log4Shell)")
    func severalSpaces() throws {
        let (d, a, _, _) = try times("dfds-pm2021-011-log4shell.md")
        #expect(d == "2021-12-10T15:40:00Z" && a == "2021-12-13T09:15:00Z")
    }

    @Test("a summer date in CET is flagged; --timezone wins over what the file states")
    func zones() throws {
        let (_, _, _, missing) = try times("dfds-pm2020-005-alb-instance-attachment-cet.md")
        #expect(missing.contains { $0.hasPrefix("times in CET on a summer date read as local summer time (UTC+02:00)") })
        let (d, _, _, _) = try times("dfds-pm2020-005-alb-instance-attachment-cet.md", timezone: "Etc/GMT-1")
        #expect(d == "2020-06-09T11:25:00Z")
    }

    @Test("front matter timezone:, severity synonyms, setext titles, times under a date line, an action table with Owner and Due")
    func writtenForms() throws {
        let store = try Fixture.storeWithCatalog()
        let text = """
        ---
        severity: SEV-2
        timezone: Europe/Copenhagen
        affects: [SLA-sales-daily-freshness]
        ---
        Nightly load stalled
        ====================

        ## Timeline

        2026-10-27

        06:10 Load started
        07:45  Alert fired: sales_daily late
        08:05 On-call acknowledged
        09:20 Fixed and verified, data delivered

        ## Action items

        | Action | Owner | Due | Status |
        |---|---|---|---|
        | Page on-call for late loads | @ana | 2026-S23 | open |
        | Add a lock timeout | ben | 2026-S24 | done |
        """
        let path = try Fixture.file("pm-42.md", text)
        let report = try PostmortemImport(clock: Fixture.now, severity: 4).importPath(path, into: store)
        let entry = try #require(report.entries.first)
        #expect(entry.title == "Nightly load stalled" && entry.newActions == 2)
        let incident = try #require(try store.read { try $0.incidents() }.first)
        #expect(incident.severity == 2, "the file's severity wins over --severity, which is only a default")
        #expect(Clock.iso(incident.detectedAt) == "2026-10-27T06:45:00Z")
        #expect(incident.acknowledgedAt.map(Clock.iso) == "2026-10-27T07:05:00Z")
        #expect(incident.resolvedAt.map(Clock.iso) == "2026-10-27T08:20:00Z")
        #expect(try store.query("SELECT title, owner, status FROM action_items ORDER BY id").rows == [
            [.text("Page on-call for late loads (due 2026-S23)"), .text("ana"), .text("open")],
            [.text("Add a lock timeout (due 2026-S24)"), .text("ben"), .text("done")],
        ])
    }

    @Test("severity synonyms", arguments: [("SEV-1", 1), ("sev2", 2), ("P1", 1), ("P5", 4), ("S3", 3), ("critical", 1), ("4", 4), ("major", 2)])
    func severities(_ text: String, _ level: Int) {
        #expect(SeverityText.parse(text) == level)
    }

    @Test("a folder imports every good file, lists each refused one with its reason, and writes nothing of those")
    func folder() throws {
        let store = try Fixture.storeWithCatalog()
        let report = try PostmortemImport(clock: Fixture.now).importPath(Fixture.format("postmortems"), into: store)
        #expect(report.entries.map(\.incident) == ["dfds-pm2023-001-total-node-failure"])
        #expect(report.skipped.count == 2)
        #expect(report.refused.count == 11)
        #expect(report.refused.allSatisfy { $0.reason.hasSuffix("no severity (add front matter 'severity: 1' to 'severity: 4', or pass --severity)") })
        #expect(try store.read { try $0.incidents() }.count == 1)
        let all = try PostmortemImport(clock: Fixture.now, severity: 3).importPath(Fixture.format("postmortems"), into: Fixture.storeWithCatalog())
        #expect(all.entries.count == 12 && all.refused.isEmpty)
    }
}

@Suite("incident exports")
struct IncidentExportTests {
    @Test("a PagerDuty-style export maps by field names; unused columns are reported; urgency gives a severity by a stated rule")
    func pagerDuty() throws {
        let store = try Fixture.storeWithCatalog()
        let path = try Fixture.file("pd.csv", """
        incident_number,title,status,urgency,service,created_at,resolved_at,escalation_policy
        1234,Nightly load stalled,resolved,high,warehouse,2026-10-27T06:45:00Z,2026-10-27T08:20:00Z,Data on-call
        1235,Dashboard slow,resolved,low,bi,2026-10-28T10:00:00+01:00,,Data on-call
        """ + "\n")
        let (count, notes) = try IncidentImport(clock: Fixture.now).importReport(path, into: store)
        #expect(count == 2)
        #expect(notes == ["columns not used: status, escalation_policy",
                          "severity read from urgency (high → 2, low → 4) where no priority or --severity is given"])
        let incidents = try store.read { try $0.incidents() }.sorted { $0.id < $1.id }
        #expect(incidents.map(\.id) == ["1234", "1235"] && incidents.map(\.severity) == [2, 4])
        #expect(incidents.map { Clock.iso($0.detectedAt) } == ["2026-10-27T06:45:00Z", "2026-10-28T09:00:00Z"])
        #expect(incidents[0].resolvedAt.map(Clock.iso) == "2026-10-27T08:20:00Z" && incidents[0].category == "warehouse")
    }

    @Test("an Opsgenie-style export: TinyId, Message, CreatedAt in epoch milliseconds, Priority P1–P5")
    func opsgenie() throws {
        let store = try Fixture.storeWithCatalog()
        let path = try Fixture.file("og.csv", """
        TinyId,Message,Priority,CreatedAt,AcknowledgedAt,ClosedAt,Tags
        42,Disk full on db-1,P1,1780000000000,1780000300000,1780003600000,db
        """ + "\n")
        let (count, notes) = try IncidentImport(clock: Fixture.now).importReport(path, into: store)
        #expect(count == 1 && notes == ["columns not used: Tags"])
        let incident = try #require(try store.read { try $0.incidents() }.first)
        #expect(incident.id == "42" && incident.title == "Disk full on db-1" && incident.severity == 1)
        #expect(incident.timeToAcknowledge == 300 && incident.timeToResolve == 3600)
    }

    @Test("a native file with a typo in a column is still refused; a missing severity names --severity")
    func strict() throws {
        let store = try Fixture.storeWithCatalog()
        let typo = try Fixture.file("i.csv", "id,titel,severity,detected\nINC-1,x,2,2026-10-27T06:45:00Z\n")
        #expect(throws: ImportError.invalid(file: typo, line: 1, message: "unknown column 'titel' (did you mean 'title'?)")) {
            try IncidentImport(clock: Fixture.now).importFile(typo, into: store)
        }
        let none = try Fixture.file("pd.csv", "incident_number,title,created_at\n7,x,2026-10-27T06:45:00Z\n")
        #expect(throws: ImportError.invalid(file: none, line: 2, message: "bad severity '' (expected 1 to 4, 1 the worst); pass --severity for rows without one")) {
            try IncidentImport(clock: Fixture.now).importFile(none, into: store)
        }
        #expect(try IncidentImport(clock: Fixture.now, severity: 3).importFile(none, into: store) == 1)
    }
}
