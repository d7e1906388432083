import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger
import SLAImport
import SLARetro
/// The demo workspace's starting catalog: a mid-sized data platform with its consumers and providers, January 2026.
enum DemoCatalog {
    static let yaml = """
    teams:
      - {id: data-platform, name: Data Platform, kind: platform, members: [mika, ana, ben, chen]}
      - {id: sales-analytics, name: Sales Analytics, kind: consumer, members: [sara, sam, sid, sue]}
      - {id: growth, name: Growth Marketing, kind: consumer, members: [gina, gus]}
      - {id: finance, name: Finance, kind: consumer, members: [fay, finn, fred, flo]}
      - {id: partnerships, name: Partnerships, kind: consumer, members: [pat]}
      - {id: crm-team, name: CRM, kind: provider}
      - {id: billing-team, name: Billing, kind: provider}
    assets:
      - {id: sales_daily, kind: table, owner: data-platform, maintenance_hours: 3}
      - {id: revenue_dashboard, kind: dashboard, owner: data-platform, maintenance_hours: 2, aliases: ["looker:dashboard:42"]}
      - {id: churn_weekly, kind: table, owner: data-platform, maintenance_hours: 2}
      - {id: finance_ledger, kind: table, owner: data-platform, maintenance_hours: 4, aliases: [prod.finance.ledger]}
      - {id: invoices_api, kind: api, owner: data-platform, maintenance_hours: 2}
      - {id: customer_360, kind: view, owner: data-platform, maintenance_hours: 3}
      - {id: marketing_attribution, kind: model, owner: data-platform, maintenance_hours: 5}
      - {id: campaign_dashboard, kind: dashboard, owner: data-platform, maintenance_hours: 1.5}
      - {id: kpi_report, kind: report, owner: data-platform, maintenance_hours: 1}
      - {id: forecast_model, kind: model, owner: data-platform, maintenance_hours: 6}
      - {id: events_stream, kind: pipeline, owner: data-platform, maintenance_hours: 4}
      - {id: partner_feed, kind: api, owner: data-platform, maintenance_hours: 2}
      - {id: q4_pipeline_dashboard, kind: dashboard, owner: data-platform, maintenance_hours: 1, created_at: 2026-10-19}
      - {id: crm_export, kind: pipeline, owner: crm-team, maintenance_hours: 1}
      - {id: billing_feed, kind: pipeline, owner: billing-team, maintenance_hours: 1}
    sprints:
      - {id: 2026-S18, start: 2026-08-31, end: 2026-09-14, timezone: Europe/Berlin}
      - {id: 2026-S19, start: 2026-09-14, end: 2026-09-28, timezone: Europe/Berlin}
      - {id: 2026-S20, start: 2026-09-28, end: 2026-10-12, timezone: Europe/Berlin}
      - {id: 2026-S21, start: 2026-10-12, end: 2026-10-26, timezone: Europe/Berlin}
      - {id: 2026-S22, start: 2026-10-26, end: 2026-11-09, timezone: Europe/Berlin}
      - {id: 2026-S23, start: 2026-11-09, end: 2026-11-23, timezone: Europe/Berlin}
      - {id: 2026-S24, start: 2026-11-23, end: 2026-12-07, timezone: Europe/Berlin}
    agreements:
      - id: SLA-sales-daily-freshness
        kind: sla
        asset: sales_daily
        consumer: sales-analytics
        indicator: freshness
        objective: "delivered_by 10:00"
        target: 90%
        timezone: Europe/Berlin
        driver: analytics
        playbook:
          response_time: 4h
          compensation: "re-run and notify #sales-data"
          workaround: "use yesterday's snapshot sales_daily_prev"
          postmortem_when: "severity <= 2 or breached"
        effective_from: 2026-01-05
        reason: "initial agreement with Sales"
      - id: SLA-revenue-dashboard-availability
        kind: sla
        asset: revenue_dashboard
        consumer: sales-analytics
        objective: "availability >= 99.5%"
        target: 95%
        timezone: Europe/Berlin
        driver: analytics
        playbook: {response_time: 2h, workaround: "export from finance_ledger", postmortem_when: "severity <= 2"}
        effective_from: 2026-01-05
        reason: "board reviews revenue every morning"
      - id: SLA-churn-weekly-freshness
        kind: sla
        asset: churn_weekly
        consumer: growth
        objective: "freshness <= 8d"
        target: 90%
        timezone: Europe/Berlin
        driver: analytics
        playbook: {response_time: 1d}
        effective_from: 2026-01-05
        reason: "Growth tracks churn cohorts weekly"
      - id: SLA-finance-ledger-completeness
        kind: sla
        asset: finance_ledger
        consumer: finance
        objective: "completeness >= 0.99"
        target: 98%
        timezone: Europe/Berlin
        driver: regulatory
        review_every: 3
        playbook: {response_time: 2h, compensation: "manual reconciliation by the platform team", postmortem_when: "severity <= 3 or breached"}
        effective_from: 2026-01-05
        reason: "month-end close depends on a complete ledger"
      - id: SLA-finance-ledger-delivery
        kind: sla
        asset: finance_ledger
        consumer: finance
        indicator: freshness
        objective: "delivered_by 06:30"
        target: 95%
        timezone: Europe/Berlin
        driver: operational
        playbook: {response_time: 2h, workaround: "reconcile from yesterday's ledger"}
        effective_from: 2026-08-31
        reason: "Finance asked for the ledger before the first of them is in"
      - id: SLA-invoices-api-latency
        kind: sla
        asset: invoices_api
        consumer: finance
        objective: "latency_p95 <= 800ms"
        target: 99%
        timezone: Europe/Berlin
        driver: operational
        playbook: {response_time: 1h, postmortem_when: "severity <= 2"}
        effective_from: 2026-02-02
        reason: "invoice screens in the finance tool call this API"
      - id: SLA-customer-360-freshness
        kind: sla
        asset: customer_360
        consumer: growth
        objective: "freshness <= 6h"
        target: 95%
        timezone: Europe/Berlin
        driver: analytics
        playbook: {response_time: 4h}
        effective_from: 2026-01-05
        reason: "campaign targeting reads the 360 view several times a day"
      - id: SLA-marketing-attribution-accuracy
        kind: sla
        asset: marketing_attribution
        consumer: growth
        objective: "accuracy >= 0.97"
        target: 90%
        timezone: Europe/Berlin
        driver: analytics
        effective_from: 2026-03-02
        reason: "budget split across channels follows the attribution model"
      - id: SLA-kpi-report-support
        kind: sla
        asset: kpi_report
        consumer: finance
        objective: "support_response <= 1d"
        target: 90%
        timezone: Europe/Berlin
        driver: operational
        playbook: {compensation: "answer in the weekly finance sync"}
        effective_from: 2026-01-05
        reason: "questions on the KPI report block the monthly board pack"
      - id: SLA-campaign-dashboard-freshness
        kind: sla
        asset: campaign_dashboard
        consumer: growth
        objective: "delivered_by 08:00"
        target: 90%
        timezone: Europe/Berlin
        driver: analytics
        playbook: {response_time: 4h, workaround: "use the ad platforms' own consoles"}
        effective_from: 2026-04-06
        reason: "daily campaign stand-up at 08:30"
      - id: SLA-forecast-model-accuracy
        kind: sla
        asset: forecast_model
        consumer: finance
        objective: "accuracy >= 0.9"
        target: 90%
        timezone: Europe/Berlin
        driver: analytics
        effective_from: 2026-05-04
        reason: "quarterly forecast for the board"
      - id: SLA-partner-feed-availability
        kind: sla
        asset: partner_feed
        consumer: partnerships
        objective: "availability >= 99%"
        target: 95%
        timezone: Europe/Berlin
        driver: operational
        effective_from: 2026-02-02
        reason: "resellers pull their price lists from the partner feed"
      - id: OLA-crm-export
        kind: ola
        asset: crm_export
        provider: crm-team
        supports: [SLA-sales-daily-freshness, SLA-customer-360-freshness]
        indicator: freshness
        objective: "delivered_by 06:00"
        target: 98%
        timezone: Europe/Berlin
        playbook: {response_time: 2h}
        effective_from: 2026-01-05
        reason: "CRM export feeds sales_daily and customer_360"
      - id: OLA-billing-feed
        kind: ola
        asset: billing_feed
        provider: billing-team
        supports: [SLA-finance-ledger-completeness, SLA-invoices-api-latency]
        objective: "freshness <= 2h"
        target: 97%
        timezone: Europe/Berlin
        playbook: {response_time: 1h}
        effective_from: 2026-02-02
        reason: "billing events feed the ledger and the invoices API"
    """
}
