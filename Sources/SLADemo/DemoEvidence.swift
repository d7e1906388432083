import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger
import SLAImport
import SLARetro

/// The demo's evidence: six sprints of observations with planted breaches, incidents and postmortems.
///
/// Planted in 2026-S23 (the sprint the demo retro reviews): SLA-sales-daily-freshness breached
/// because OLA-crm-export breached (upstream), SLA-invoices-api-latency threatened,
/// SLA-marketing-attribution-accuracy unmeasured, INC-41 acknowledged late, INC-43 with its
/// postmortem missing. Earlier sprints give the sparklines a history, a breach on the DST day
/// (2026-10-25) and a mid-sprint tightening of SLA-customer-360-freshness in 2026-S22.
enum DemoEvidence {
    static let zone = TimeZones.named("Europe/Berlin")!
    static let first = LocalDate(year: 2026, month: 8, day: 31)
    static let end = LocalDate(year: 2026, month: 11, day: 23)

    /// One agreement's measurements: when, and what value (good unless the instant is planted as bad).
    struct Series: Sendable {
        let agreement: String
        /// Observation times of one local day, as minutes after midnight.
        let times: [Int]
        /// Only these weekdays (1 = Sunday … 7 = Saturday), or every day.
        var weekdays: Set<Int>? = nil
        var until: LocalDate = DemoEvidence.end
        let value: @Sendable (_ day: LocalDate, _ minute: Int) -> String
    }

    /// Wall-clock time `minutes` after midnight on `day` in Berlin, as UTC (so 08:45 is 08:45 on the DST day too).
    static func local(_ day: LocalDate, _ minutes: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: day.year, month: day.month, day: day.day, hour: minutes / 60, minute: minutes % 60)
        return Clock.iso(calendar.date(from: components) ?? day.start(in: zone))
    }

    static func isDay(_ day: LocalDate, _ days: [String]) -> Bool { days.contains(day.description) }

    static let series: [Series] = [
        Series(agreement: "OLA-crm-export", times: [0]) { day, _ in
            local(day, isDay(day, ["2026-09-22", "2026-11-12", "2026-11-17"]) ? 7 * 60 + 50 : 5 * 60 + 25)
        },
        Series(agreement: "SLA-sales-daily-freshness", times: [0]) { day, _ in
            local(day, isDay(day, ["2026-10-20", "2026-11-12", "2026-11-17", "2026-11-19"]) ? 9 * 60 + 40 : 8 * 60 + 30)
        },
        Series(agreement: "SLA-campaign-dashboard-freshness", times: [0]) { day, _ in
            local(day, isDay(day, ["2026-10-25"]) ? 8 * 60 + 45 : 7 * 60 + 20)
        },
        Series(agreement: "SLA-finance-ledger-delivery", times: [0]) { day, _ in local(day, 6 * 60 + 10) },
        Series(agreement: "SLA-invoices-api-latency", times: Array(stride(from: 0, to: 1440, by: 60))) { day, minute in
            let slow = (isDay(day, ["2026-11-18"]) && (14 * 60...16 * 60).contains(minute)) || (isDay(day, ["2026-11-03"]) && minute == 10 * 60)
            return slow ? "1.4s" : "420ms"
        },
        Series(agreement: "SLA-revenue-dashboard-availability", times: Array(stride(from: 0, to: 1440, by: 240))) { day, minute in
            isDay(day, ["2026-10-07"]) && minute >= 12 * 60 && minute < 20 * 60 ? "97.5%" : "99.8%"
        },
        Series(agreement: "SLA-customer-360-freshness", times: [0, 360, 720, 1080]) { day, minute in
            if isDay(day, ["2026-10-28"]) && minute == 720 { return "5h" }        // good under revision 1 (≤ 6h)
            if isDay(day, ["2026-11-04"]) && minute == 720 { return "4h30m" }     // bad under revision 2 (≤ 4h)
            return "2h10m"
        },
        Series(agreement: "SLA-finance-ledger-completeness", times: [7 * 60]) { day, _ in
            isDay(day, ["2026-10-05"]) ? "0.97" : "0.998"
        },
        Series(agreement: "OLA-billing-feed", times: Array(stride(from: 0, to: 1440, by: 120))) { day, minute in
            isDay(day, ["2026-10-05"]) && minute < 12 * 60 ? "5h" : "40m"
        },
        Series(agreement: "SLA-kpi-report-support", times: [10 * 60], weekdays: [3, 5]) { day, _ in
            isDay(day, ["2026-11-05"]) ? "2d" : "5h"
        },
        Series(agreement: "SLA-partner-feed-availability", times: Array(stride(from: 0, to: 1440, by: 240))) { _, _ in "99.9%" },
        Series(agreement: "SLA-forecast-model-accuracy", times: [6 * 60], weekdays: [2]) { _, _ in "0.93" },
        Series(agreement: "SLA-churn-weekly-freshness", times: [6 * 60], weekdays: [2], until: LocalDate(year: 2026, month: 9, day: 14)) { _, _ in "6d" },
    ]

    /// The observations as CSV text (`agreement,observed_at,value`), in a stable order.
    static var observationsCSV: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var lines = ["agreement,observed_at,value"]
        for s in series {
            var day = first
            while day < s.until {
                let weekday = calendar.component(.weekday, from: day.start(in: zone))
                if s.weekdays?.contains(weekday) ?? true {
                    for minute in s.times { lines.append("\(s.agreement),\(local(day, minute)),\(s.value(day, minute))") }
                }
                day = day.adding(days: 1)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static let incidentsCSV = """
    id,title,severity,detected,acknowledged,resolved,affects,category
    INC-43,Sales daily late again,2,2026-11-19T08:10:00Z,2026-11-19T08:40:00Z,2026-11-19T10:15:00Z,SLA-sales-daily-freshness,own

    """

    static let postmortems: [(String, String)] = [
        ("""
        ---
        incident: INC-41
        title: CRM export stalled
        severity: 2
        detected: 2026-11-12T06:20:00Z
        acknowledged: 2026-11-12T11:30:00Z
        resolved: 2026-11-12T13:05:00Z
        affects: [OLA-crm-export, SLA-sales-daily-freshness]
        status: reviewed
        category: upstream
        date: 2026-11-13
        ---
        # CRM export stalled

        ## Summary
        The nightly CRM export hung on a locked staging table; sales_daily loaded at 09:40 instead of 08:30.

        ## Impact
        Sales stand-up ran on yesterday's snapshot; the morning pipeline review was postponed.

        ## Root cause
        A schema migration on the CRM side held a lock on the export's staging table.

        ## Trigger
        CRM release 24.11 ran its migration at 05:00, inside the export window.

        ## What went well
        The workaround (sales_daily_prev) was announced in #sales-data.

        ## What went wrong
        Nobody was paged: the alert went to a muted channel, so the first acknowledgement came five hours later.

        ## Action items
        - [ ] Page the platform on-call when crm_export misses 06:00 @ben
        - [ ] Agree a release window with the CRM team that avoids 04:00–06:30 @ana
        """, "INC-41.md"),
        ("""
        ---
        incident: INC-42
        title: Invoices API slow after deploy
        severity: 3
        detected: 2026-11-18T13:10:00Z
        acknowledged: 2026-11-18T13:25:00Z
        resolved: 2026-11-18T16:40:00Z
        affects: [SLA-invoices-api-latency]
        status: draft
        category: deployment
        ---
        # Invoices API slow after deploy

        ## Summary
        A smaller connection pool shipped with release 3.8 doubled p95 latency for three hours.

        ## Impact
        Finance's invoice screens took over a second to load in the afternoon.

        ## Root cause
        The pool size default changed in the new driver version.

        ## Action items
        - [x] Roll back the connection-pool change @chen
        - [ ] Load-test the invoices API before each release @chen
        """, "INC-42.md"),
    ]

    /// Writes the evidence into a demo store built from the demo catalog.
    static func build(into store: Store, clock: Clock) throws {
        try store.write { ctx in
            try ctx.recordImport(kind: "observations", file: "demo-observations.csv", sha256: "", at: clock.now, summary: "")
            var sink = try ObservationSink(ctx: ctx, file: "demo-observations.csv", importID: ctx.lastInsertedRowID)
            for (i, line) in observationsCSV.split(separator: "\n").dropFirst().enumerated() {
                let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                try sink.add((f[0], f[1], f[2], nil), line: i + 2)
            }
            try sink.finish(clock: clock)
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slaretro-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let incidents = folder.appendingPathComponent("demo-incidents.csv")
        try incidentsCSV.write(to: incidents, atomically: true, encoding: .utf8)
        _ = try IncidentImport(clock: clock).importFile(incidents.path, into: store)
        let usage = folder.appendingPathComponent("demo-usage.csv")
        try DemoUsage.csv.write(to: usage, atomically: true, encoding: .utf8)
        _ = try UsageImport(clock: clock).importFile(usage.path, into: store)
        try previousRetro(store, folder: folder.path)
        for (text, file) in postmortems {
            let written = Clock(now: Clock.parseInstant(file == "INC-41.md" ? "2026-11-13T10:00:00Z" : "2026-11-19T10:00:00Z")!)
            _ = try PostmortemImport(clock: written).importTexts([(text, file)], into: store)
        }
    }

    /// The retro of 2026-S22, held on 2026-11-10: the history the 2026-S23 retro looks back on.
    static let previousRetroScript = """
    goto SLA-kpi-report-support
    accept-risk --reason "one question arrived during the finance offsite; no pattern"
    action "Add a row-count check to the sales_daily load" --owner ben --due 2026-S23
    next
    accept-risk --reason "no attribution data until the pipeline rebuild lands in 2026-S24"
    goto 7
    keep --note "billing feed has been quiet all year"
    goto SLA-forecast-model-accuracy
    keep --snooze 3 --note "Finance decides on the planning tool in January"
    finish
    """

    static func previousRetro(_ store: Store, folder: String) throws {
        let clock = Clock(now: Clock.parseInstant("2026-11-10T09:00:00Z")!)
        let session = try RetroSession.start(store: store, sprint: SprintID("2026-S22"), facilitator: "mika", attendees: ["ana", "ben"], clock: clock)
        session.folder = folder
        var lines = ScriptLines(previousRetroScript)
        var failure: String?
        let code = ShellLoop(script: true).run(session, source: &lines, out: { _ in }, err: { failure = $0 })
        guard code == 0 else { throw ShellError.failed("the demo's 2026-S22 retro failed: \(failure ?? "")") }
    }
}
