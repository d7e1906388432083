import Foundation
import Testing
@testable import SLAModel
@testable import SLAStore
@testable import SLAImport

/// What a usage import maintains from raw events — daily rollups, user-days and first reads — exactly, whatever the
/// order of the file's rows, and merged with what an earlier file stored (the importer groups its events in SQLite).
@Suite("usage import: rollups, user-days and first reads")
struct UsageAggregationTests {
    /// Two days, out of order, with users seen again and again; sara@example.com is a member of sales-analytics,
    /// dan@example.com of no team. sales_daily's first reads are cut in the zone of its SLA, Asia/Tokyo (UTC+9);
    /// crm_export's in that of its OLA, UTC.
    static let first = """
        occurred_at,asset,user,team,action
        2026-11-03T10:00:00Z,sales_daily,sara@example.com,,view
        2026-11-02T23:30:00Z,proj.sales.sales_daily,ben@example.com,sales-analytics,query
        2026-11-03T01:00:00Z,sales_daily,sara@example.com,,query
        2026-11-02T09:00:00Z,sales_daily,sara@example.com,,export
        2026-11-03T05:00:00Z,sales_daily,ben@example.com,sales-analytics,view
        2026-11-03T02:00:00Z,crm_export,dan@example.com,,api
        2026-11-03T03:00:00Z,crm_export,dan@example.com,data-platform,query
        2026-11-03T07:00:00Z,sales_daily,sara@example.com,,view

        """

    /// Another file over the same days and one more: an earlier read on 3 November (Tokyo), more users of crm_export.
    static let second = """
        occurred_at,asset,user,team,action
        2026-11-03T00:15:00Z,sales_daily,cleo@example.com,sales-analytics,view
        2026-11-02T20:00:00Z,sales_daily,sara@example.com,,query
        2026-11-04T01:00:00Z,sales_daily,sara@example.com,,view
        2026-11-03T03:30:00Z,crm_export,dan@example.com,data-platform,query
        2026-11-03T03:40:00Z,crm_export,eve@example.com,data-platform,view

        """

    static func rollups(_ store: Store) throws -> [String] {
        try store.read { try $0.rollups(from: Fixture.date("2026-11-01"), to: Fixture.date("2026-11-30")) }
            .map { "\($0.date) \($0.asset) \($0.team.isEmpty ? "-" : $0.team) u\($0.users) a\($0.accesses) q\($0.queries) v\($0.views)" }
    }

    static func userDays(_ store: Store) throws -> [String] {
        try store.query("SELECT date || ' ' || team_id || ' ' || user FROM usage_user_days ORDER BY date, team_id, user").rows.compactMap { row in
            if case .text(let text)? = row.first { return text } else { return nil }
        }
    }

    static func firstReads(_ store: Store) throws -> [String] {
        try store.read { try $0.firstReads(from: Fixture.date("2026-11-01"), to: Fixture.date("2026-11-30")) }
            .map { "\($0.asset) \($0.team) \($0.day) \(Formatting.clockTime(minutes: $0.minute)) \($0.zone)" }
    }

    static let firstRollups = [
        "2026-11-02 sales_daily sales-analytics u2 a2 q1 v0",
        "2026-11-03 crm_export - u1 a1 q0 v0",
        "2026-11-03 crm_export data-platform u1 a1 q1 v0",
        "2026-11-03 sales_daily sales-analytics u2 a4 q1 v3",
    ]
    static let firstUserDays = [
        "2026-11-02 sales-analytics ben@example.com", "2026-11-02 sales-analytics sara@example.com",
        "2026-11-03  dan@example.com", "2026-11-03 data-platform dan@example.com",
        "2026-11-03 sales-analytics ben@example.com", "2026-11-03 sales-analytics sara@example.com",
    ]
    static let firstFirstReads = [
        "crm_export data-platform 2026-11-03 03:00 UTC",
        "sales_daily sales-analytics 2026-11-02 18:00 Asia/Tokyo",
        "sales_daily sales-analytics 2026-11-03 08:30 Asia/Tokyo",
    ]

    /// Import budgets: everything added up in memory, spilled from the first event, spilled part-way.
    static let budgets = [UsageAggregator.defaultBudget, 0, 6]

    static func importer(budget: Int) -> UsageImport {
        var importer = UsageImport(clock: Fixture.now)
        importer.memoryBudget = budget
        return importer
    }

    @Test("an unsorted file over several days with repeated users gives each day's distinct users, counts and first reads, in memory or spilled",
          arguments: budgets)
    func unsortedFile(budget: Int) throws {
        let store = try Fixture.storeWithCatalog()
        let report = try Self.importer(budget: budget).importFile(try Fixture.file("u.csv", Self.first), into: store)
        #expect(report.imported == 8 && report.rollupDays == 2 && report.unmatchedUsers == ["dan@example.com": 1])
        #expect(try Self.rollups(store) == Self.firstRollups)
        #expect(try Self.userDays(store) == Self.firstUserDays)
        #expect(try Self.firstReads(store) == Self.firstFirstReads)
    }

    @Test("a second file merges: a day keeps the larger distinct-user count and adds the accesses, first reads keep the earlier minute",
          arguments: budgets)
    func mergeWithEarlierFile(budget: Int) throws {
        let store = try Fixture.storeWithCatalog()
        _ = try Self.importer(budget: budget).importFile(try Fixture.file("u.csv", Self.first), into: store)
        let report = try Self.importer(budget: budget).importFile(try Fixture.file("v.csv", Self.second), into: store)
        #expect(report.imported == 5 && report.rollupDays == 3)
        #expect(try Self.rollups(store) == [
            "2026-11-02 sales_daily sales-analytics u2 a3 q2 v0",   // 2 users before, 1 now: 2
            "2026-11-03 crm_export - u1 a1 q0 v0",
            "2026-11-03 crm_export data-platform u2 a3 q2 v1",     // 1 user before, 2 now: 2
            "2026-11-03 sales_daily sales-analytics u2 a5 q1 v4",
            "2026-11-04 sales_daily sales-analytics u1 a1 q0 v1",
        ])
        #expect(try Self.userDays(store) == [
            "2026-11-02 sales-analytics ben@example.com", "2026-11-02 sales-analytics sara@example.com",
            "2026-11-03  dan@example.com", "2026-11-03 data-platform dan@example.com", "2026-11-03 data-platform eve@example.com",
            "2026-11-03 sales-analytics ben@example.com", "2026-11-03 sales-analytics cleo@example.com",
            "2026-11-03 sales-analytics sara@example.com", "2026-11-04 sales-analytics sara@example.com",
        ])
        #expect(try Self.firstReads(store) == [
            "crm_export data-platform 2026-11-03 03:00 UTC",
            "sales_daily sales-analytics 2026-11-02 18:00 Asia/Tokyo",
            "sales_daily sales-analytics 2026-11-03 05:00 Asia/Tokyo",   // 20:00Z on the 2nd, earlier than 08:30
            "sales_daily sales-analytics 2026-11-04 10:00 Asia/Tokyo",
        ])
    }

    @Test("a file refused at its last row writes no rollup, user-day or first read, and the next import counts only its own events")
    func refusedThenImported() throws {
        let store = try Fixture.storeWithCatalog()
        let bad = try Fixture.file("bad.csv", Self.first + "2026-11-03T09:00:00Z,sales_daily,sara@example.com,,click\n")
        #expect(throws: ImportError.invalid(file: bad, line: 10, message: "unknown action 'click' (expected query, view, export or api)")) {
            try UsageImport(clock: Fixture.now).importFile(bad, into: store)
        }
        #expect(try Self.rollups(store).isEmpty && Self.userDays(store).isEmpty && Self.firstReads(store).isEmpty)
        _ = try UsageImport(clock: Fixture.now).importFile(try Fixture.file("u.csv", Self.first), into: store)
        #expect(try Self.rollups(store) == Self.firstRollups)
        #expect(try Self.userDays(store) == Self.firstUserDays)
        #expect(try Self.firstReads(store) == Self.firstFirstReads)
    }
}
