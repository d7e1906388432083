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
        let store = try Store.inMemory()
        try Demo.build(into: store)
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

    @Test("building the demo twice gives the same workspace")
    func deterministic() throws {
        func dump() throws -> [String] {
            let store = try Store.inMemory()
            try Demo.build(into: store)
            return try store.query("SELECT * FROM revisions ORDER BY agreement_id, number").rows.map { "\($0)" }
        }
        #expect(try dump() == dump())
    }
}
