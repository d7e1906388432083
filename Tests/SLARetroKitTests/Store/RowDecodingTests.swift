import Foundation
import Testing
@testable import SLAModel
@testable import SLAStore

@Suite("a store that refuses bad rows")
struct RowDecodingTests {
    @Test("a sprint date edited by hand into nonsense is an error naming table, row and column, not 1970")
    func badSprintDate() throws {
        let store = try Fixture.storeWithCatalog()
        let sprint = try #require(try store.read { try $0.sprints() }.first)
        try Fixture.execute("UPDATE sprints SET start_date = '2026-13-45', end_date = '2026-13-50' WHERE id = '\(sprint.id)'", in: store)
        #expect {
            try store.read { try $0.sprints() }
        } throws: { error in
            let text = "\(error)"
            return text.contains("sprints row '\(sprint.id)'") && text.contains("column start_date") && text.contains("2026-13-45")
        }
    }

    @Test("an unknown team kind is refused, not read as a consumer")
    func badTeamKind() throws {
        let store = try Fixture.storeWithCatalog()
        try Fixture.execute("PRAGMA ignore_check_constraints = ON; UPDATE teams SET kind = 'vendor' WHERE id = 'sales-analytics'", in: store)
        #expect {
            try store.read { try $0.teams() }
        } throws: { "\($0)".contains("teams row 'sales-analytics', column kind: 'vendor'") }
    }
}
