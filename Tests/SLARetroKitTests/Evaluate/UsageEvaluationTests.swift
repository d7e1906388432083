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

@Suite("over-quality and democratization")
struct UsageEvaluationTests {
    static func demo() throws -> Store {
        let store = try Fixture.demoStore()
        return store
    }

    @Test("the demo's planted candidates appear with their reason and evidence, ranked by maintenance hours")
    func candidates() throws {
        let store = try Self.demo()
        let list = try store.read { try OverQuality().candidates(end: Fixture.date("2026-11-23"), clock: Clock(now: Demo.defaultNow), in: $0) }
        #expect(list.map { "\($0.asset) \($0.reasons.map(\.rawValue).joined(separator: "+")) \(Formatting.number($0.maintenanceHours))" } == [
            "events_stream orphaned 4", "customer_360 rarely-used 3", "churn_weekly orphaned 2", "partner_feed unused+consumer-gone 2", "campaign_dashboard unused 1.5",
        ])
        let partner = try #require(list.first { $0.asset == AssetID("partner_feed") })
        #expect(partner.accessesPerWeek == 0 && partner.ownerAccessesPerWeek > 0,
                "partner_feed is read only by its owning team: unused by consumers, the owner's reads shown apart")
        #expect(partner.evidence[0].contains("by the owning team"))
        let rarely = try #require(list.first { $0.asset == AssetID("customer_360") })
        #expect(rarely.cadencePerWeek == 42 && rarely.accessesPerWeek < 4.2)
        let json = UsageViews.candidates(list, lookback: 60, format: .json)
        #expect(json.contains("\"reasons\": [\n      \"unused\",\n      \"consumer-gone\"\n    ]"))
    }

    @Test("usage logs that stop early: averages over the days they cover, a warning, and no judgement where they do not reach")
    func logsStopEarly() throws {
        let store = try Self.demo()
        let clock = Clock(now: Demo.defaultNow)
        let last = try #require(try store.read { try $0.usageSpan(before: nil) }).last
        let onTime = try store.read { try OverQuality().candidates(end: last.adding(days: 1), clock: clock, in: $0) }
        // The demo's logs end on a Friday: the weekend after it is quiet, not missing.
        #expect(last.description == "2026-11-20")
        let weekend = try store.read { try UsageCoverage.of(last.adding(days: -57), last.adding(days: 3), in: $0) }
        #expect(weekend.missingAtEnd == 0 && weekend.warning(window: "this sprint") == nil)
        // Twenty days later, with no newer logs: the same accesses over the 42 covered days of the 60 (40 and the
        // weekend after the last day), not 60.
        let late = try store.read { try OverQuality().candidates(end: last.adding(days: 21), clock: clock, in: $0) }
        let lateCoverage = try #require(late.first?.coverage)
        #expect(lateCoverage.coveredDays == 42 && lateCoverage.missingAtEnd == 18)
        #expect(lateCoverage.warning(window: "the last 60 days") == "usage logs end on \(last): 18 days of the last 60 days have none")
        #expect(late.first?.evidence.contains { $0.hasPrefix("warning     usage logs end on \(last)") } == true)
        #expect(late.first?.evidence[0].hasSuffix(" · the 42 of the last 60 days with usage logs") == true)
        let customer = try #require(late.first { $0.asset == AssetID("customer_360") })
        let accesses = try store.read { ctx in
            (try ctx.assetAccesses(from: lateCoverage.from, to: lateCoverage.to)[AssetID("customer_360")] ?? [:])
                .filter { $0.key != "data-platform" }.values.reduce(0, +)
        }
        #expect(abs(customer.accessesPerWeek - Double(accesses) / (42.0 / 7)) < 1e-9, "the average is over the covered days")
        #expect(onTime.first?.coverage.isComplete == true && onTime.first?.evidence.contains { $0.hasPrefix("warning") } == false)
        // Long after the logs stop, nothing is judged: no asset silently becomes unused.
        let gone = try store.read { try OverQuality().candidates(end: last.adding(days: 90), clock: clock, in: $0) }
        #expect(gone.isEmpty)
    }

    @Test("a kept candidate is snoozed, then comes back")
    func snooze() throws {
        let store = try Self.demo()
        let list = try store.read { try OverQuality().candidates(end: Fixture.date("2026-11-23"), clock: Clock(now: Demo.defaultNow), snoozed: { $0 == "partner_feed" }, in: $0) }
        #expect(!list.contains { $0.asset == AssetID("partner_feed") })
    }

    @Test("democratization: Sales moves from localized to self-running; the stages follow the thresholds")
    func stages() throws {
        let store = try Self.demo()
        let report = try store.read { ctx in try Democratization.report(try #require(try ctx.sprint(SprintID("2026-S23"))), in: ctx) }
        let stages = Dictionary(uniqueKeysWithValues: report.teams.map { ($0.current.team.rawValue, "\($0.history[$0.history.count - 2].stage.rawValue)→\($0.current.stage.rawValue)") })
        #expect(stages == ["finance": "self-running→self-running", "growth": "localized→localized", "partnerships": "none→none",
                           "sales-analytics": "localized→self-running"])
        #expect(report.decayed == [AssetID("q4_pipeline_dashboard")])
        #expect(report.insiderShare.map { Formatting.measuredPercent($0) } == "24.1 %")
        var strict = DemocratizationThresholds()
        strict.selfServiceRatio = 0.9
        let stricter = try store.read { ctx in try Democratization.report(try #require(try ctx.sprint(SprintID("2026-S23"))), thresholds: strict, in: ctx) }
        #expect(stricter.teams.first { $0.current.team.rawValue == "sales-analytics" }?.current.stage == .localized)
    }

    @Test("a team stuck below a wall is offered the interventions of that wall")
    func interventions() {
        #expect(DemocratizationReport.interventions(for: .none).first == "Run a mob data-analysis session with the team")
        #expect(DemocratizationReport.interventions(for: .localized).count == 2)
        #expect(DemocratizationReport.interventions(for: .selfRunning) == ["Put hypothesis and effect-measurement steps into the team's project process"])
        #expect(DemocratizationReport.interventions(for: .improving).isEmpty)
    }

    @Test("retiring a candidate in the shell retires its agreement with the usage evidence")
    func retireCandidate() throws {
        let store = try Self.demo()
        let session = try Demo.startRetro(store, clock: Clock(now: Demo.defaultNow))
        _ = try session.execute("goto campaign_dashboard")
        #expect(try session.execute("retire --reason \"nobody reads it\"").hasPrefix("✓ SLA-campaign-dashboard-freshness retired (revision 2"))
        let overview = try store.read { try AgreementOverview.load(clock: Clock(now: Demo.defaultNow), in: $0) }
        let retired = History.filter(History.entries(overview), since: nil, until: nil, kind: .retired).first { $0.revision.agreement.rawValue == "SLA-campaign-dashboard-freshness" }
        #expect(retired?.evidence?["numbers"]?["reasons"]?.strings == ["unused"])
        _ = try session.execute("goto events_stream")
        #expect(try session.execute("retire --reason \"pilot over\"").hasPrefix("✓ asset events_stream retired"))
    }
}
