import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger
import SLAImport
import SLARetro

/// The demo's usage log, 2026-08-31 to 2026-11-22: who read what, planted for over-quality and democratization.
///
/// Planted: campaign_dashboard unused (its SLA kept for nothing), customer_360 read twice a week against a
/// four-hourly freshness promise (rarely-used), Partnerships silent since early September (consumer-gone on
/// partner_feed, which only the platform still reads), events_stream and churn_weekly maintained with no
/// agreement and no use (orphaned), q4_pipeline_dashboard opened in its first week only (decayed), Sales
/// Analytics moving from localized (two viewers) to self-running in 2026-S23 (four people querying),
/// Finance self-running throughout, Growth localized throughout.
///
/// Planted for right-sizing (`rightsize`, step 5): Finance first opens the ledger at 08:00 while
/// SLA-finance-ledger-delivery promises it by 06:30 (later delivery); Sales opens sales_daily at 08:50, before
/// the promised 09:00 (under-quality); flo reconciles against sales_daily every working day although Finance
/// has no SLA on it (unpromised dependency); customer_360 is read every other day against a four-hourly
/// freshness (looser freshness, target stricter than needed).
enum DemoUsage {
    static var csv: String {
        var lines = ["occurred_at,asset,user,team,action"]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DemoEvidence.zone
        var day = DemoEvidence.first
        func at(_ day: LocalDate, _ hour: Int, _ minute: Int = 0) -> String { DemoEvidence.local(day, hour * 60 + minute) }
        func add(_ day: LocalDate, _ hour: Int, _ asset: String, _ user: String, _ action: String, team: String = "", minute: Int = 0) {
            lines.append("\(at(day, hour, minute)),\(asset),\(user),\(team),\(action)")
        }
        while day < DemoEvidence.end {
            let weekday = calendar.component(.weekday, from: day.start(in: DemoEvidence.zone))
            let workday = (2...6).contains(weekday)
            let inS23 = day >= LocalDate(year: 2026, month: 11, day: 9)
            if workday {
                // Finance: three people query the ledger (the first at 08:00), flo reconciles against sales_daily, all
                // four read the KPI report; the finance tool calls the invoices API.
                for (i, user) in ["fay", "finn", "fred", "flo"].enumerated() {
                    add(day, 8 + i, user == "flo" ? "sales_daily" : "prod.finance.ledger", user, "query")
                    if weekday == 2 { add(day, 13, "kpi_report", user, "view") }
                }
                add(day, 10, "invoices_api", "finance-tool", "api", team: "finance")
                // Sales Analytics: two viewers of the revenue dashboard; sara queries sales_daily at 08:50, before the
                // stand-up (and before the promised 09:00); from 2026-S23 four people query it.
                add(day, 9, "looker:dashboard:42", "sara", "view")
                add(day, 9, "revenue_dashboard", "sam", "view")
                add(day, 8, "sales_daily", "sara", "query", minute: 50)
                if inS23 {
                    for user in ["sam", "sid", "sue"] { add(day, 11, "sales_daily", user, "query") }
                }
                // The platform team reads its own tables every day.
                for user in ["mika", "ben"] {
                    add(day, 7, "sales_daily", user, "query")
                    add(day, 7, "partner_feed", user, "query")
                }
            }
            // Growth: one person, the 360 view twice a week and the attribution model on Mondays.
            if weekday == 3 || weekday == 5 { add(day, 14, "customer_360", "gina", "view") }
            if weekday == 2 { add(day, 15, "marketing_attribution", "gina", "query") }
            // Finance reads the forecast weekly.
            if weekday == 4 { add(day, 9, "forecast_model", "fay", "query") }
            // Partnerships pulled the partner feed until early September, then went quiet.
            if day < LocalDate(year: 2026, month: 9, day: 9) && workday { add(day, 6, "partner_feed", "pat", "api") }
            // The Q4 pipeline dashboard: opened in its first week, then never again.
            if day >= LocalDate(year: 2026, month: 10, day: 19) && day < LocalDate(year: 2026, month: 10, day: 24) {
                add(day, 16, "q4_pipeline_dashboard", "sara", "view")
                add(day, 16, "q4_pipeline_dashboard", "sam", "view")
            }
            day = day.adding(days: 1)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
