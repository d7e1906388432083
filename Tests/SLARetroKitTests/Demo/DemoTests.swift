import Testing
@testable import SLAModel
@testable import SLAStore
@testable import SLAEvaluate
@testable import SLALedger
@testable import SLAImport
@testable import SLARender
@testable import SLARetro
@testable import SLADemo

@Suite("demo workspace")
struct DemoTests {
    @Test("the demo has the teams, assets, agreements, sprints and history a retro needs")
    func contents() throws {
        let store = try Fixture.demoStore()
        let (teams, assets, agreements, sprints) = try store.read { ctx in
            (try ctx.teams(), try ctx.assets(), try ctx.agreements(), try ctx.sprints())
        }
        #expect(teams.count >= 4 && assets.count >= 12 && agreements.count >= 10 && sprints.count >= 6)
        #expect(agreements.filter { $0.kind == .ola }.count >= 2)
        #expect(sprints.allSatisfy { $0.start.year == 2026 })
        let overviews = try store.read { try AgreementOverview.load(clock: Clock(now: Demo.defaultNow), in: $0) }
        let kinds = Set(History.entries(overviews).map(\.change.kind))
        #expect(kinds.isSuperset(of: [.created, .tightened, .loosened, .retired, .mixed, .reworded]))
        #expect(History.entries(overviews).allSatisfy { !$0.revision.reason.isEmpty })
    }

    @Test("the demo plants one right-sizing proposal of each kind for the retro of 2026-S23, with its numbers")
    func rightSizing() throws {
        let store = try Fixture.demoStore()
        let end = LocalDate(year: 2026, month: 11, day: 23)
        let proposals = try store.read { try RightSize.evaluate(end: end, in: $0) }
        #expect(Set(proposals.map(\.kind)) == Set(ProposalKind.allCases))
        let later = try #require(proposals.first { $0.kind == .laterDelivery })
        #expect(later.agreement == AgreementID("SLA-finance-ledger-delivery") && later.profile.p10 == 8 * 60)
        #expect(later.proposed?.description == "delivered_by 07:30")
        let under = try #require(proposals.first { $0.kind == .underQuality })
        #expect(under.agreement == AgreementID("SLA-sales-daily-freshness") && under.proposed?.description == "delivered_by 08:45")
        #expect(under.daysBefore == under.profile.workingDaysRead)
        let unpromised = try #require(proposals.first { $0.kind == .unpromisedDependency })
        #expect(unpromised.asset == AssetID("sales_daily") && unpromised.team == TeamID("finance"))
        #expect(proposals.filter { $0.kind == .looserFreshness || $0.kind == .stricterTarget }.allSatisfy { $0.agreement == AgreementID("SLA-customer-360-freshness") })
        // Asked later (after the next sprint's logs and the retro's revisions), the retro of 2026-S23 sees the same.
        let session = try Demo.startRetro(store, clock: Clock(now: Demo.defaultNow))
        _ = try session.execute("goto 5.6")
        _ = try session.execute("accept")
        #expect(try store.read { try RightSize.evaluate(end: end, in: $0) } == proposals)
    }

    @Test("building the demo twice gives the same workspace")
    func deterministic() throws {
        func dump(_ store: Store) throws -> [String] {
            try store.query("SELECT * FROM revisions ORDER BY agreement_id, number").rows.map { "\($0)" }
        }
        let fresh = try Store.inMemory()
        try Demo.build(into: fresh)
        #expect(try dump(fresh) == dump(Fixture.demoStore()))
    }
}
