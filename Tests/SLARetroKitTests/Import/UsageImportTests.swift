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

@Suite("usage import")
struct UsageImportTests {
    static let catalog = """
    teams:
      - {id: platform, kind: platform, members: [mika]}
      - {id: sales, kind: consumer, members: [sara@example.com, sam@example.com]}
      - {id: growth, kind: consumer}
    assets:
      - {id: revenue_daily, kind: table, owner: platform, maintenance_hours: 3, aliases: [proj.sales.revenue_daily, "looker:dashboard:42"]}
      - {id: churn, kind: table, owner: platform, maintenance_hours: 2, aliases: [proj.growth.churn]}
      - {id: "metabase_card", kind: report, owner: platform, aliases: ["metabase:card:7"]}
    sprints:
      - {id: S1, start: 2026-11-02, end: 2026-11-16, timezone: UTC}
    agreements:
      - {id: SLA-revenue, kind: sla, asset: revenue_daily, consumer: sales, objective: "freshness <= 1h", target: 95%, effective_from: 2026-01-05}
    """

    func store() throws -> Store {
        let store = try Store.inMemory()
        _ = try CatalogImport(author: "t", clock: Fixture.now).importText(Self.catalog, file: "c.yaml", into: store)
        return store
    }

    @Test("canonical events import with aliases and members, roll up per day, and a second import adds nothing")
    func canonical() throws {
        let store = try store()
        let path = try Fixture.file("u.csv", """
            occurred_at,asset,user,team,action
            2026-11-03T09:00:00Z,revenue_daily,sara@example.com,,query
            2026-11-03T10:00:00Z,proj.sales.revenue_daily,sara@example.com,,view
            2026-11-03T11:00:00+01:00,revenue_daily,sam@example.com,,query
            2026-11-03T12:00:00Z,unknown_table,sara@example.com,,query
            2026-11-04T09:00:00Z,churn,gus@example.com,growth,view
            2026-11-04T09:30:00Z,churn,nobody@example.com,,view

            """)
        let report = try UsageImport(clock: Fixture.now).importFile(path, into: store)
        #expect(report.rows == 6 && report.imported == 5)
        #expect(report.unmatchedAssets == ["unknown_table": 1] && report.unmatchedUsers == ["nobody@example.com": 1])
        let rollups = try store.read { try $0.rollups(from: Fixture.date("2026-11-01"), to: Fixture.date("2026-11-30")) }
        #expect(rollups.map { "\($0.date) \($0.asset) \($0.team) u\($0.users) a\($0.accesses) q\($0.queries) v\($0.views)" } == [
            "2026-11-03 revenue_daily sales u2 a3 q2 v1",
            "2026-11-04 churn  u1 a1 q0 v1",
            "2026-11-04 churn growth u1 a1 q0 v1",
        ])
        let again = try UsageImport(clock: Fixture.now).importFile(path, into: store)
        #expect(again.alreadyImported)
        #expect(try store.query("SELECT COUNT(*) FROM usage_events").rows == [[.integer(5)]])
    }

    @Test("a bad row refuses the whole file with FILE:LINE", arguments: [
        ("2026-11-03,revenue_daily,sara@example.com,,query", "bad occurred_at '2026-11-03' (expected an ISO-8601 time with its zone)"),
        ("2026-11-03T09:00:00Z,revenue_daily,sara@example.com,,click", "unknown action 'click' (expected query, view, export or api)"),
        ("2026-11-03T09:00:00Z,revenue_daily,sara@example.com", "expected 5 fields, found 3"),
    ])
    func badRow(_ row: String, _ message: String) throws {
        let store = try store()
        let path = try Fixture.file("u.csv", "occurred_at,asset,user,team,action\n2026-11-03T08:00:00Z,revenue_daily,sam@example.com,,view\n\(row)\n")
        #expect(throws: ImportError.invalid(file: path, line: 3, message: message)) { try UsageImport(clock: Fixture.now).importFile(path, into: store) }
        #expect(try store.query("SELECT COUNT(*) FROM usage_events").rows == [[.integer(0)]])
    }

    @Test("a BigQuery JOBS export gives one query per referenced table; LOAD jobs are skipped")
    func bigquery() throws {
        let store = try store()
        let path = try Fixture.file("jobs.csv", #"""
            creation_time,project_id,user_email,job_id,job_type,statement_type,referenced_tables
            2026-11-03 09:15:03.123456 UTC,proj,sara@example.com,job_1,QUERY,SELECT,"[{""project_id"":""proj"",""dataset_id"":""sales"",""table_id"":""revenue_daily""},{""project_id"":""proj"",""dataset_id"":""growth"",""table_id"":""churn""},{""project_id"":""proj"",""dataset_id"":""sales"",""table_id"":""revenue_daily""}]"
            2026-11-03 10:00:00 UTC,proj,etl@example.com,job_2,LOAD,,"[{""project_id"":""proj"",""dataset_id"":""sales"",""table_id"":""revenue_daily""}]"
            2026-11-03 11:00:00 UTC,proj,sam@example.com,job_3,QUERY,SELECT,proj.sales.revenue_daily
            """#)
        let report = try UsageImport(clock: Fixture.now, preset: .bigqueryJobs).importFile(path, into: store)
        #expect(report.rows == 3 && report.imported == 3, "job_1 names revenue_daily twice: one event per distinct table")
        #expect(try store.query("SELECT occurred_at, asset_id, user, action FROM usage_events ORDER BY occurred_at, asset_id").rows.map { $0.map { "\($0)" } } == [
            ["text(\"2026-11-03T09:15:03Z\")", "text(\"churn\")", "text(\"sara@example.com\")", "text(\"query\")"],
            ["text(\"2026-11-03T09:15:03Z\")", "text(\"revenue_daily\")", "text(\"sara@example.com\")", "text(\"query\")"],
            ["text(\"2026-11-03T11:00:00Z\")", "text(\"revenue_daily\")", "text(\"sam@example.com\")", "text(\"query\")"],
        ])
    }

    @Test("Looker and Metabase exports map dashboards and cards through aliases")
    func biTools() throws {
        let store = try store()
        let looker = try Fixture.file("looker.csv", """
            History Created Time,User Email,Dashboard ID,Look ID,History Source
            2026-11-03 09:00:00,sara@example.com,42,,Dashboard
            2026-11-03 10:00:00,sam@example.com,42,,Scheduled Task
            2026-11-03 11:00:00,sam@example.com,99,,Dashboard
            """)
        let l = try UsageImport(clock: Fixture.now, preset: .looker).importFile(looker, into: store)
        #expect(l.imported == 2 && l.unmatchedAssets == ["looker:dashboard:99": 1])
        let metabase = try Fixture.file("metabase.csv", "timestamp,user_id,model,model_id\n2026-11-04 08:00:00,12,card,7\n")
        let m = try UsageImport(clock: Fixture.now, preset: .metabase).importFile(metabase, into: store)
        #expect(m.imported == 1 && m.unmatchedUsers == ["metabase:user:12": 1])
        #expect(try store.query("SELECT action, COUNT(*) FROM usage_events GROUP BY action ORDER BY action").rows
                == [[.text("export"), .integer(1)], [.text("view"), .integer(2)]])
    }

    @Test("rollups made in the warehouse import directly and replace the same day")
    func rollups() throws {
        let store = try store()
        let path = try Fixture.file("r.csv", "date,asset,team,users,accesses,queries,views\n2026-11-03,proj.sales.revenue_daily,sales,4,40,30,10\n")
        #expect(try RollupImport(clock: Fixture.now).importFile(path, into: store).imported == 1)
        #expect(try RollupImport(clock: Fixture.now).importFile(path, into: store).imported == 1)
        #expect(try store.query("SELECT users, accesses FROM usage_rollups").rows == [[.integer(4), .integer(40)]])
        let active = try store.read { try $0.activeUsers(from: Fixture.date("2026-11-02"), to: Fixture.date("2026-11-16")) }
        #expect(active["sales"] == 4, "without events, a team's active users are its largest daily count")
    }

    @Test("rollups of days before 1970 keep their dates; a year past what a usage key holds is refused")
    func oldRollups() throws {
        let store = try store()
        let path = try Fixture.file("old.csv", "date,asset,team,users,accesses\n1969-12-31,proj.sales.revenue_daily,sales,3,3\n1900-01-01,proj.sales.revenue_daily,sales,2,2\n")
        #expect(try RollupImport(clock: Fixture.now).importFile(path, into: store).imported == 2)
        #expect(try store.query("SELECT date, users FROM usage_rollups ORDER BY date").rows == [[.text("1900-01-01"), .integer(2)], [.text("1969-12-31"), .integer(3)]])
        let far = try Fixture.file("far.csv", "date,asset,team,users,accesses\n8000-01-01,proj.sales.revenue_daily,sales,1,1\n")
        #expect(ReaderTests.refusal { _ = try RollupImport(clock: Fixture.now).importFile(far, into: store) }
                == "\(far):2: bad date '8000-01-01' (expected YYYY-MM-DD, a year before 7712)")
    }
}
