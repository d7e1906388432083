import Foundation
import Testing
import GRDB
@testable import SLAModel
@testable import SLAStore
@testable import SLAEvaluate

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

/// Rows of revisions, retros, items, decisions, actions and incidents edited by hand (sqlite3) into values outside
/// their type: each read is refused naming the table, the row and the column, never read as a plausible default.
@Suite("a store that refuses bad rows: revisions, retros, incidents")
struct RowDecodingHistoryTests {
    /// The example catalog, one retro of 2026-S22 with an item, a decision and an action, and one incident.
    static func store() throws -> Store {
        let store = try Fixture.storeWithCatalog()
        try store.write { ctx in
            let retro = try ctx.createRetro(sprint: SprintID("2026-S22"), facilitator: "ana", attendees: ["ana"], at: Fixture.now.now)
            let item = try ctx.insertItem(retro: retro, step: 2, position: 1, kind: .agreement, subject: "SLA-sales-daily-freshness",
                                          evidence: .object([("title", .string("SLA-sales-daily-freshness")), ("lines", .array([]))]))
            _ = try ctx.recordDecision(item: item, verb: .keep, note: "fine", agreement: nil, revision: nil, snooze: nil, basedOn: nil, at: Fixture.now.now)
            _ = try ctx.createAction(title: "check the load", owner: "ben", due: nil, item: item, at: Fixture.now.now)
            try ctx.addNote(retro: retro, item: item, text: "ask Sales", at: Fixture.now.now)
            try ctx.save(Incident(id: "INC-1", title: "late load", severity: 2, detectedAt: Fixture.now.now, source: "test"))
        }
        return store
    }

    /// Expects `read` to be refused with an error that names `table`, `row`, `column` and the bad value.
    static func expectRefused(_ store: Store, _ table: String, row: String, column: String, value: String,
                              _ read: @escaping (StoreContext) throws -> Void) {
        #expect {
            try store.read { try read($0) }
        } throws: { error in
            let text = "\(error)"
            return text.contains("\(table) row '\(row)', column \(column): '\(value)'") && text.contains("edited by hand")
        }
    }

    @Test("a revision with an unknown metric is refused, not read as a freshness objective")
    func badRevisionMetric() throws {
        let store = try Self.store()
        try Fixture.execute("""
            INSERT INTO revisions SELECT agreement_id, number + 1, indicator, objective, 'velocity', objective_threshold, target, window,
                timezone, review_every, driver, supports, response_time_s, compensation, workaround, postmortem_when, status,
                effective_from, 'edited by hand', retro_id, author, source, recorded_at
            FROM revisions WHERE agreement_id = 'OLA-crm-export' ORDER BY number DESC LIMIT 1
            """, in: store)
        // The example catalog gives OLA-crm-export one revision: the edited row is its second.
        Self.expectRefused(store, "revisions", row: "OLA-crm-export#2", column: "objective_metric", value: "velocity") {
            _ = try AgreementOverview.load(clock: Fixture.now, in: $0)
        }
    }

    @Test("a revision whose effective date was edited into nonsense is refused, not dated 1970")
    func badRevisionDate() throws {
        let store = try Self.store()
        try Fixture.execute("""
            INSERT INTO revisions SELECT agreement_id, number + 1, indicator, objective, objective_metric, objective_threshold, target,
                window, timezone, review_every, driver, supports, response_time_s, compensation, workaround, postmortem_when, status,
                '2026-99-01', 'edited by hand', retro_id, author, source, recorded_at
            FROM revisions WHERE agreement_id = 'OLA-crm-export' ORDER BY number DESC LIMIT 1
            """, in: store)
        #expect {
            try store.read { try $0.allRevisions() }
        } throws: { "\($0)".contains("column effective_from: '2026-99-01'") }
    }

    @Test("a retro whose start was edited is refused, not started in 1970")
    func badRetroStart() throws {
        let store = try Self.store()
        try Fixture.execute("UPDATE retros SET started_at = 'last tuesday'", in: store)
        Self.expectRefused(store, "retros", row: "1", column: "started_at", value: "last tuesday") { _ = try $0.retros() }
    }

    @Test("an agenda item whose evidence is not JSON is refused, not shown empty")
    func badItemEvidence() throws {
        let store = try Self.store()
        try Fixture.execute("UPDATE retro_items SET evidence = '{broken'", in: store)
        Self.expectRefused(store, "retro_items", row: "1", column: "evidence", value: "{broken") { _ = try $0.items(retro: 1) }
    }

    @Test("a decision with an unknown verb is refused, not read as keep")
    func badDecisionVerb() throws {
        let store = try Self.store()
        try Fixture.execute("PRAGMA ignore_check_constraints = ON; UPDATE decisions SET verb = 'postpone'", in: store)
        Self.expectRefused(store, "decisions", row: "1", column: "verb", value: "postpone") { _ = try $0.decisions(retro: 1) }
    }

    @Test("an action with an unknown status is refused, not read as open")
    func badActionStatus() throws {
        let store = try Self.store()
        try Fixture.execute("PRAGMA ignore_check_constraints = ON; UPDATE action_items SET status = 'blocked'", in: store)
        Self.expectRefused(store, "action_items", row: "1", column: "status", value: "blocked") { _ = try $0.actions() }
    }

    @Test("an incident whose detection time was edited is refused, not detected in 1970")
    func badIncidentTime() throws {
        let store = try Self.store()
        try Fixture.execute("UPDATE incidents SET detected_at = 'morning'", in: store)
        Self.expectRefused(store, "incidents", row: "INC-1", column: "detected_at", value: "morning") { _ = try $0.incidents() }
    }

    @Test("every revision of the demo reads the same by the fast reader and the row reader; a value of another storage class falls back")
    func fastRevisionReader() throws {
        let store = try Fixture.demoStore()
        let slow = try store.read { ctx in
            try Row.fetchAll(ctx.db, sql: "SELECT * FROM revisions ORDER BY agreement_id, number").map { try StoreContext.revision($0) }
        }
        #expect(slow.count > 10)
        #expect(try store.read { try $0.allRevisions() } == slow)
        let inForce = try store.read { try $0.revisionsInForce(on: LocalDate("2026-11-20")!) }
        #expect(!inForce.isEmpty && inForce.values.allSatisfy { slow.contains($0) })
        // A reason written as a blob by hand is not what the store writes: the row reader reads it, as before.
        try Fixture.execute("""
            INSERT INTO revisions SELECT agreement_id, number + 1, indicator, objective, objective_metric, objective_threshold, target,
                window, timezone, review_every, driver, supports, response_time_s, compensation, workaround, postmortem_when, status,
                effective_from, CAST('edited by hand' AS BLOB), retro_id, author, source, recorded_at
            FROM revisions WHERE agreement_id = 'OLA-crm-export' ORDER BY number DESC LIMIT 1
            """, in: store)
        let edited = try store.read { try $0.allRevisions() }
        #expect(edited.count == slow.count + 1 && edited.contains { $0.reason == "edited by hand" })
    }

    @Test("every asset of the demo reads the same by the fast reader and the row reader; a value of another storage class falls back")
    func fastAssetReader() throws {
        let store = try Fixture.demoStore()
        let slow = try store.read { ctx in try Row.fetchAll(ctx.db, sql: "SELECT * FROM assets ORDER BY id").map { try StoreContext.asset($0) } }
        #expect(slow.count > 5 && slow.contains { $0.retiredAt != nil || $0.createdAt != nil })
        #expect(try store.read { try $0.assets() } == slow)
        try Fixture.execute("UPDATE assets SET dbt_source = CAST('model.shop.orders' AS BLOB) WHERE id = (SELECT MIN(id) FROM assets)", in: store)
        let edited = try store.read { try $0.assets() }
        #expect(edited.count == slow.count && edited.first?.dbtSource == "model.shop.orders")
    }

    @Test("the rows as the product writes them still read back")
    func goodRowsRead() throws {
        let store = try Self.store()
        let (retros, items, decisions, actions, incidents, revisions) = try store.read { ctx in
            (try ctx.retros(), try ctx.items(retro: 1), try ctx.decisions(retro: 1), try ctx.actions(), try ctx.incidents(), try ctx.allRevisions())
        }
        let notes = try store.read { try $0.notes(retro: 1) }
        #expect(notes.map(\.text) == ["ask Sales"] && notes.first?.item == 1)
        #expect(retros.first?.attendees == ["ana"])
        #expect(items.first?.title == "SLA-sales-daily-freshness")
        #expect(decisions.first?.note == "fine")
        #expect(actions.first?.status == .open)
        #expect(incidents.first?.severity == 2)
        #expect(revisions.count >= 2)
    }
}
