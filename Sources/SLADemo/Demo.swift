import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger
import SLAImport
import SLARetro

/// The built-in demo workspace: deterministic, believable, and never written over a real database.
package enum Demo {
    /// The instant the demo takes as "now" unless `--now` or `SLARETRO_NOW` says otherwise: the morning after 2026-S23.
    package static let defaultNow = Clock.parseInstant("2026-11-24T09:00:00Z")!

    /// The `meta` key that marks a demo database, so `demo` only ever replaces its own file.
    static let marker = "workspace"

    /// One change in the demo's history, replayed through the same ledger the retro shell uses.
    struct Step {
        let date: String
        let author: String
        let agreement: String
        let changes: [(TermField, String)]
        let retire: Bool
        let reason: String
    }

    static let steps: [Step] = [
        Step(date: "2026-03-02", author: "ana", agreement: "SLA-sales-daily-freshness", changes: [(.objective, "delivered_by 09:00")],
             retire: false, reason: "Sales stand-up moved to 09:30"),
        Step(date: "2026-04-13", author: "ben", agreement: "SLA-revenue-dashboard-availability", changes: [(.objective, "availability >= 99%")],
             retire: false, reason: "the dashboard is read weekly; 99.5 % cost a second on-call rotation"),
        Step(date: "2026-05-04", author: "chen", agreement: "SLA-finance-ledger-completeness",
             changes: [(.objective, "completeness >= 0.995"), (.target, "95%")], retire: false,
             reason: "auditors need 99.5 % complete rows; one late day per sprint is acceptable to Finance"),
        Step(date: "2026-06-01", author: "mika", agreement: "SLA-sales-daily-freshness", changes: [(.target, "95%")],
             retire: false, reason: "month-end close needs it"),
        Step(date: "2026-06-15", author: "ana", agreement: "SLA-kpi-report-support",
             changes: [(.compensation, "answer within the day in #finance-data")], retire: false,
             reason: "the weekly sync was cancelled; answers move to the channel"),
        Step(date: "2026-07-13", author: "ben", agreement: "OLA-crm-export", changes: [(.responseTime, "1h")],
             retire: false, reason: "CRM on-call now covers the export"),
        Step(date: "2026-09-14", author: "mika", agreement: "SLA-churn-weekly-freshness", changes: [], retire: true,
             reason: "no access in 74 days; Growth confirmed the churn cohorts moved to the product analytics tool"),
        Step(date: "2026-11-02", author: "chen", agreement: "SLA-customer-360-freshness", changes: [(.objective, "freshness <= 4h")],
             retire: false, reason: "campaign targeting moved to a four-hourly refresh"),
    ]

    /// Fills an empty store with the demo workspace.
    package static func build(into store: Store) throws {
        let start = Clock(now: Clock.parseInstant("2026-01-05T08:00:00Z")!)
        _ = try CatalogImport(author: "mika", clock: start).importText(DemoCatalog.yaml, file: "demo-catalog.yaml", into: store)
        try store.write { ctx in
            try ctx.setMeta(marker, "demo")
            for step in steps {
                guard let date = LocalDate(step.date) else { continue }
                let context = ChangeContext(reason: step.reason, author: step.author, source: "demo", effectiveFrom: date,
                                            recordedAt: date.start(in: TimeZones.utc).addingTimeInterval(9 * 3600))
                let id = AgreementID(step.agreement)
                if step.retire { try Ledger.retire(id, context: context, in: ctx) } else { try Ledger.revise(id, step.changes, context: context, in: ctx) }
            }
        }
        try DemoEvidence.build(into: store, clock: Clock(now: defaultNow))
    }

    /// Opens the retro of the last finished sprint (2026-S23), facilitated by mika with ana, ben and chen.
    package static func startRetro(_ store: Store, clock: Clock) throws -> RetroSession {
        let sprint = try store.read { try Evidence.sprint(nil, clock: clock, in: $0) }
        return try RetroSession.start(store: store, sprint: sprint.id, facilitator: "mika", attendees: ["ana", "ben", "chen"], clock: clock)
    }

    /// Where the demo lives unless `--db` says otherwise: a folder in the system's temporary directory.
    package static func defaultPath(environment: [String: String]) -> String {
        let tmp = environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return (tmp as NSString).appendingPathComponent("slaretro-demo/demo.sqlite")
    }

    /// Why the demo refused a path.
    package enum PathError: Error, CustomStringConvertible {
        case notADemo(String)
        package var description: String {
            "\(path) exists and is not a demo workspace; the demo never overwrites it (choose another --db)"
        }
        var path: String { switch self { case .notADemo(let p): return p } }
    }

    /// Creates (or re-creates) the demo database at `path`, refusing to touch a file that is not a demo.
    package static func create(at path: String) throws -> Store {
        let fm = FileManager.default
        if fm.fileExists(atPath: path) {
            guard Store.peekMeta(marker, at: path) == "demo" else { throw PathError.notADemo(path) }
            for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: path + suffix) }
        }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let store = try Store.open(path: path, create: true)
        try build(into: store)
        return store
    }
}
