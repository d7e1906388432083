import Foundation
import Testing
@testable import SLAModel
@testable import SLAStore
@testable import SLAEvaluate
@testable import SLAImport
@testable import SLARender
@testable import SLARetro
@testable import SLADemo

/// Democratization reads each team's usage per sprint from rows kept at import instead of grouping the rollups:
/// the numbers must be the ones the rollups give, and a kept row must never outlive what it was computed from.
@Suite("kept usage per sprint and team")
struct KeptUsageTests {
    static let clock = Clock(now: Demo.defaultNow)

    /// `democratization --sprint S --format json`, as a data engineer would read it.
    static func report(_ store: Store, _ sprint: String) throws -> String {
        try store.read { ctx in
            UsageViews.democratization(try Democratization.report(try Evidence.sprint(SprintID(sprint), clock: clock, in: ctx), in: ctx), format: .json)
        }
    }

    static func texts(_ store: Store, _ sql: String) throws -> [String] {
        try store.query(sql).rows.compactMap { row in if case .text(let text)? = row.first { return text } else { return nil } }
    }

    static func keptSprints(_ store: Store) throws -> Set<String> {
        Set(try texts(store, "SELECT sprint_id FROM usage_summary_sprints"))
    }

    @Test("the usage import keeps every sprint's team usage, and democratization shows the same numbers with or without it")
    func sameNumbers() throws {
        let store = try Fixture.demoStore()
        let sprints = try store.read { try $0.sprints().map(\.id.rawValue) }
        #expect(try Self.keptSprints(store) == Set(sprints), "the demo's usage import kept every sprint")
        let kept = try sprints.map { try Self.report(store, $0) }
        try Fixture.execute("DELETE FROM usage_summary_sprints", in: store)
        #expect(try store.query("SELECT COUNT(*) FROM usage_summary_teams").rows == [[.integer(0)]], "a sprint's team rows go with it")
        let grouped = try sprints.map { try Self.report(store, $0) }
        #expect(kept == grouped)
        #expect(kept.contains { $0.contains("\"active_users\"") })
    }

    @Test("accesses per asset and team, and active users per team, over any window add up kept sprints and the days around them to what the rollups give")
    func assetWindows() throws {
        let store = try Fixture.demoStore()
        // Windows cutting kept sprints on either side (10-14…11-02 and 09-30…11-20 take 2026-S21 and 2026-S20/S23 whole
        // less their few days outside), one inside a sprint, one beyond the usage logs.
        let windows = [("2026-09-25", "2026-11-24"), ("2026-09-28", "2026-11-23"), ("2026-10-05", "2026-10-06"), ("2026-08-01", "2026-12-31"),
                       ("2026-10-19", "2026-11-02"), ("2026-11-23", "2026-11-23"), ("2026-10-14", "2026-11-02"), ("2026-09-30", "2026-11-20"),
                       ("2026-10-13", "2026-10-24")]
        // A pair whose only rollup is inside a cut sprint and counts no access is still a reader of the window.
        try Fixture.execute("INSERT INTO usage_rollups (date, asset_id, team_id, users, accesses) VALUES ('2026-10-14', 'churn_weekly', 'partnerships', 0, 0)", in: store)
        try store.write { try $0.keepTeamUsage() }
        func accesses() throws -> [String] {
            try store.read { ctx in
                try windows.map { from, to in
                    "\(try ctx.assetAccesses(from: LocalDate(from)!, to: LocalDate(to)!).sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.sorted { $0.key < $1.key })" })"
                        + " users \(try ctx.activeUsers(from: LocalDate(from)!, to: LocalDate(to)!).sorted { $0.key < $1.key })"
                }
            }
        }
        func screens() throws -> [String] {
            try store.read { ctx in
                let candidates = try OverQuality().candidates(end: LocalDate("2026-11-23")!, clock: Self.clock, known: true, in: ctx)
                let proposals = try RightSize.evaluate(end: LocalDate("2026-11-23")!, in: ctx)
                return ["\(candidates.map { "\($0)" })", "\(proposals.map { "\($0)" })"]
            }
        }
        let (kept, keptScreens) = (try accesses(), try screens())
        #expect(kept[0].contains("sales-analytics"), "the window holds the demo's readers")
        #expect(kept[6].contains(#"churn_weekly [(key: \"partnerships\", value: 0)]"#), "a rollup without accesses still names its pair")
        #expect(!kept[4].contains("churn_weekly"), "the days of the cut sprint outside the window are taken back")
        #expect(try store.query("SELECT COUNT(*) FROM usage_summary_assets").rows != [[.integer(0)]], "the demo's sprints keep their sums")
        try Fixture.execute("DELETE FROM usage_summary_sprints", in: store)
        #expect(try store.query("SELECT COUNT(*) FROM usage_summary_assets").rows == [[.integer(0)]])
        #expect(try accesses() == kept)
        #expect(try screens() == keptScreens, "candidates and right-sizing proposals are the same with or without kept sums")
    }

    @Test("a late rollup inside a kept sprint removes that sprint's kept usage only, and democratization counts it")
    func lateRollup() throws {
        let store = try Fixture.demoStore()
        let before = try Self.report(store, "2026-S23")
        let file = try Fixture.file("late.csv", "date,asset,team,users,accesses\n2026-11-18,sales_daily,sales-analytics,40,5000\n")
        _ = try RollupImport(clock: Self.clock).importFile(file, into: store)
        // The import keeps it again at its end; what matters is that the kept numbers are the new ones.
        let after = try Self.report(store, "2026-S23")
        #expect(after != before)
        try Fixture.execute("DELETE FROM usage_summary_sprints", in: store)
        #expect(after == (try Self.report(store, "2026-S23")), "kept after the late rollup = grouped from the rollups")
        // A write outside any import (as with the sqlite3 shell) removes the sprint's kept usage and nothing else.
        let all = try Fixture.demoStore()
        let sprints = try Self.keptSprints(all)
        try Fixture.execute("UPDATE usage_rollups SET accesses = accesses + 1 WHERE date = (SELECT MIN(date) FROM usage_rollups WHERE date >= '2026-11-16')", in: all)
        #expect(try Self.keptSprints(all) == sprints.subtracting(["2026-S23"]))
        let day = try #require(try Self.texts(all, "SELECT MIN(date) FROM usage_user_days").first)
        let sprint = try #require(try Self.texts(all, "SELECT id FROM sprints WHERE start_date <= '\(day)' AND end_date > '\(day)'").first)
        #expect(try Self.keptSprints(all).contains(sprint))
        try Fixture.execute("DELETE FROM usage_user_days WHERE date = '\(day)'", in: all)
        #expect(!(try Self.keptSprints(all)).contains(sprint), "a user-day removed from \(sprint) removes its kept usage")
    }

    @Test("a workspace without kept usage (one upgraded from before it existed) gets it at its next retro start, with the same numbers")
    func keptAtRetroStart() throws {
        let store = try Fixture.demoStore()
        let before = try Self.report(store, "2026-S22")
        try Fixture.execute("DELETE FROM usage_summary_sprints", in: store)
        _ = try RetroSession.start(store: store, sprint: SprintID("2026-S23"), facilitator: nil, attendees: [], clock: Self.clock)
        #expect(try Self.keptSprints(store).contains("2026-S22"))
        #expect(try Self.report(store, "2026-S22") == before)
    }

    @Test("a sprint's kept rows go with it by a trigger (also with foreign keys off), and every invalidating trigger is in the schema")
    func rowsGoWithTheirSprint() throws {
        let store = try Fixture.demoStore()
        // No foreign key: a trigger removes them, so the sqlite3 shell (foreign keys off) leaves nothing behind either.
        #expect(try store.query("SELECT COUNT(*) FROM pragma_foreign_key_list('usage_summary_teams')").rows == [[.integer(0)]])
        try Fixture.execute("INSERT INTO usage_user_days (date, team_id, user) VALUES ('2026-11-18', 'sales-analytics', 'someone-new')", in: store)
        #expect(try store.query("SELECT COUNT(*) FROM usage_summary_teams WHERE sprint_id = '2026-S23'").rows == [[.integer(0)]])
        #expect(try store.query("SELECT COUNT(*) FROM usage_summary_assets WHERE sprint_id = '2026-S23'").rows == [[.integer(0)]])
        #expect(try store.query("SELECT COUNT(*) FROM usage_summary_teams").rows != [[.integer(0)]], "other sprints keep theirs")
        let triggers = Set(try Self.texts(store, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'usage_summaries_%'"))
        #expect(triggers == Set(["rollup", "user_day", "first_read"].flatMap { name in ["insert", "update", "delete"].map { "usage_summaries_\(name)_\($0)" } }
                                + ["usage_summaries_sprint_rows", "usage_summaries_first_read_rows", "usage_summaries_sprint_update", "usage_summaries_sprint_delete"]))
    }

    @Test("kept usage for another window, or a sprint whose dates changed, is not used")
    func otherWindow() throws {
        let store = try Fixture.demoStore()
        let right = try Self.report(store, "2026-S22")
        try Fixture.execute("UPDATE usage_summary_sprints SET window_from = '2026-10-27' WHERE sprint_id = '2026-S22'", in: store)
        try Fixture.execute("UPDATE usage_summary_teams SET accesses = 999999 WHERE sprint_id = '2026-S22'", in: store)
        #expect(try Self.report(store, "2026-S22") == right, "a window that is not the sprint's is recomputed")
        try Fixture.execute("UPDATE sprints SET timezone = timezone WHERE id = '2026-S21'", in: store)
        #expect(!(try Self.keptSprints(store)).contains("2026-S21"), "a changed sprint loses its kept usage")
    }

    @Test("a hand-edited first read is refused with its table, day and column, not read as a plausible minute")
    func unreadableFirstRead() throws {
        let store = try Fixture.demoStore()
        let day = try Self.texts(store, "SELECT day FROM usage_first_reads WHERE day >= '2026-10-01' ORDER BY asset_id, team_id, day LIMIT 1")
        try #require(day.count == 1, "the demo has first reads in the right-sizing window")
        try Fixture.execute("UPDATE usage_first_reads SET first_minute = 600.5 WHERE day = '\(day[0])'", in: store)
        #expect(throws: UnreadableRow(table: "usage_first_reads", key: day[0], column: "first_minute", value: "600.5")) {
            try store.read { ctx in try RightSize.evaluate(end: LocalDate("2026-11-23")!, in: ctx) }
        }
    }
}

/// Right-sizing reads each pair's first reads of a kept sprint from one packed row: the profiles must be the ones the
/// first-read table gives, and a packed row must never outlive the first reads it was made from.
@Suite("kept first reads per sprint")
struct KeptFirstReadsTests {
    static let windows = [("2026-09-25", "2026-11-24"), ("2026-09-28", "2026-11-23"), ("2026-10-05", "2026-10-06"), ("2026-08-01", "2026-12-31"),
                          ("2026-10-19", "2026-11-02"), ("2026-11-20", "2026-11-23"), ("2026-11-23", "2026-11-23")]

    /// Every pair's first reads over every window, from the packed rows (`kept`) or from the first-read table.
    static func reads(_ store: Store, kept: Bool) throws -> [String] {
        let pairs = try store.query("SELECT DISTINCT asset_id, team_id FROM usage_first_reads ORDER BY 1, 2").rows.compactMap { row -> (AssetID, TeamID)? in
            guard case .text(let asset)? = row.first, case .text(let team)? = row.last else { return nil }
            return (AssetID(asset), TeamID(team))
        }
        return try store.read { ctx in
            try windows.flatMap { from, to in
                let (start, end) = (LocalDate(from)!, LocalDate(to)!)
                let window = try ctx.firstReadWindow(from: start, to: end)
                return try pairs.map { asset, team in
                    let r = kept ? try ctx.firstReadDays(asset: asset, team: team, in: window) : try ctx.firstReadDays(asset: asset, team: team, from: start, to: end)
                    return "\(from)…\(to) \(asset) \(team): \(r.days) \(r.minutes) \(r.zone ?? "-")"
                }
            }
        }
    }

    static func count(_ store: Store, _ sql: String) throws -> Int {
        guard case .integer(let n)? = try store.query(sql).rows.first?.first else { return -1 }
        return Int(n)
    }

    @Test("the usage import packs every sprint's first reads, and every window's profiles read from them are the first-read table's")
    func samePairs() throws {
        let store = try Fixture.demoStore()
        #expect(try Self.count(store, "SELECT COUNT(*) FROM usage_summary_first_reads WHERE zone IS NOT NULL") > 0, "the demo's usage import packed them")
        let kept = try Self.reads(store, kept: true)
        #expect(kept.contains { $0.contains("sales-analytics") && !$0.contains(": [] []") }, "the windows hold the demo's readers")
        #expect(kept == (try Self.reads(store, kept: false)))
        // The packed rows are what is read: emptied, a sprint's pairs read nothing there.
        try Fixture.execute("UPDATE usage_summary_first_reads SET days = x'' WHERE sprint_id = '2026-S22'", in: store)
        #expect(try Self.reads(store, kept: true) != kept)
    }

    @Test("a first read written, changed or removed inside a kept sprint drops that sprint's packed rows, and nothing else")
    func invalidated() throws {
        let store = try Fixture.demoStore()
        let packed = { try Self.count(store, "SELECT COUNT(DISTINCT sprint_id) FROM usage_summary_first_reads") }
        let before = try packed()
        try Fixture.execute("UPDATE usage_first_reads SET first_minute = first_minute - 1 WHERE day = '2026-11-18' AND first_minute > 0", in: store)
        #expect(try Self.count(store, "SELECT COUNT(*) FROM usage_summary_first_reads WHERE sprint_id = '2026-S23'") == 0)
        #expect(try packed() == before - 1, "the other sprints keep theirs")
        try Fixture.execute("INSERT INTO usage_first_reads (asset_id, team_id, day, first_minute, zone) VALUES ('billing_feed', 'finance', '2026-11-04', 300, 'UTC')", in: store)
        #expect(try Self.count(store, "SELECT COUNT(*) FROM usage_summary_first_reads WHERE sprint_id = '2026-S22'") == 0)
        try Fixture.execute("DELETE FROM usage_first_reads WHERE day = '2026-10-20'", in: store)
        #expect(try Self.count(store, "SELECT COUNT(*) FROM usage_summary_first_reads WHERE sprint_id = '2026-S21'") == 0)
        #expect(try Self.reads(store, kept: true) == (try Self.reads(store, kept: false)))
        try store.write { try $0.keepTeamUsage() }
        #expect(try packed() == before, "kept again by the next keep")
        #expect(try Self.reads(store, kept: true) == (try Self.reads(store, kept: false)))
    }

    @Test("a pair read in two zones within a sprint, a damaged or mistyped packed row, an edited window and a sprint kept without its first reads are read from the first-read table")
    func notTrusted() throws {
        let store = try Fixture.demoStore()
        let pair = try store.query("SELECT asset_id, team_id FROM usage_first_reads WHERE day >= '2026-11-09' AND day < '2026-11-23' ORDER BY 1, 2 LIMIT 1").rows
        guard case .text(let asset)? = pair.first?.first, case .text(let team)? = pair.first?.last else { Issue.record("no first read in 2026-S23"); return }
        try Fixture.execute("UPDATE usage_first_reads SET zone = 'Europe/Paris' WHERE asset_id = '\(asset)' AND team_id = '\(team)' AND day = '2026-11-10'", in: store)
        try store.write { try $0.keepTeamUsage() }
        #expect(try Self.count(store, "SELECT COUNT(*) FROM usage_summary_first_reads WHERE sprint_id = '2026-S23' AND asset_id = '\(asset)' AND team_id = '\(team)' AND zone IS NULL") == 1)
        #expect(try Self.reads(store, kept: true) == (try Self.reads(store, kept: false)))
        try Fixture.execute("UPDATE usage_summary_first_reads SET days = x'0001' WHERE sprint_id = '2026-S22'", in: store)
        try Fixture.execute("UPDATE usage_summary_sprints SET window_from = '2026-10-13' WHERE sprint_id = '2026-S21'", in: store)
        try Fixture.execute("UPDATE usage_summary_first_reads SET days = x'00000000' WHERE sprint_id = '2026-S21'", in: store)
        try Fixture.execute("UPDATE usage_summary_first_reads SET days = 'text' WHERE sprint_id = '2026-S20'", in: store)
        // A sprint kept without its first reads packed (the mark is what tells) is read from the table.
        try Fixture.execute("UPDATE usage_summary_sprints SET first_reads = 0 WHERE sprint_id = '2026-S19'", in: store)
        try Fixture.execute("DELETE FROM usage_summary_first_reads WHERE sprint_id = '2026-S19'", in: store)
        #expect(try Self.reads(store, kept: true) == (try Self.reads(store, kept: false)))
    }
}
