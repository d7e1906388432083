/// The guided tour `slaretro demo` prints until the retro shell exists: what is in the workspace and what to try.
public enum DemoTour {
    public static func text(db: Store, path: String, clock: Clock) throws -> String {
        let overviews = try db.read { try AgreementOverview.load(clock: clock, in: $0) }
        let sales = overviews.filter { $0.agreement.id.rawValue == "SLA-sales-daily-freshness" }
        let loosened = History.filter(History.entries(overviews), since: nil, until: nil, kind: .loosened)
        var out = "\n"
        out += "The agreements in force on \(clock.today(in: TimeZones.utc)) (\(overviews.filter { $0.state == .active }.count) active, \(overviews.filter { $0.state == .retired }.count) retired):\n\n"
        out += AgreementViews.list(overviews.filter { $0.state == .active }, format: .table)
        out += "\nHow the sales_daily SLA got its terms (slaretro history SLA-sales-daily-freshness):\n\n"
        out += HistoryViews.list(History.entries(sales), single: true, format: .table)
        out += "\nWhat was promised on 1 April (slaretro history SLA-sales-daily-freshness --as-of 2026-04-01):\n\n"
        if let first = sales.first, let april = LocalDate("2026-04-01") { out += HistoryViews.asOf(first, date: april, format: .table) }
        out += "\nWhere promises were loosened (slaretro history --kind loosened):\n\n"
        out += HistoryViews.list(loosened, single: false, format: .table)
        let evidence = try db.read { ctx in try Evidence.gather(try Evidence.sprint(nil, clock: clock, in: ctx), clock: clock, in: ctx) }
        out += "\nWhere promises broke in the last sprint (slaretro breaches):\n\n"
        out += EvidenceViews.breaches(evidence, all: false, format: .table)
        out += "\nHow the team reacted (slaretro incidents):\n\n"
        out += EvidenceViews.incidents(IncidentSummary.review(evidence), sprint: evidence.sprint, format: .table)
        out += """

        Try next (every command takes --db \(path)):
          slaretro agreements show OLA-crm-export --db \(path)
          slaretro history --kind mixed --format json --db \(path)
          slaretro history --as-of 2026-09-30 --db \(path)
          slaretro breaches --sprint 2026-S21 --all --db \(path)
          slaretro sql "SELECT agreement_id, number, reason FROM revisions ORDER BY 1, 2" --db \(path)

        """
        return out
    }
}
