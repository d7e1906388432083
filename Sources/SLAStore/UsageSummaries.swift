import Foundation
import GRDB
import SLAModel

/// Each team's usage in each sprint, and each asset's accesses per team, kept at import so that democratization reads
/// a row per team and sprint, and the candidates and right-sizing windows add up whole sprints, instead of grouping
/// the rollups and user-days on every read (a large organisation has a million and a half rollups).
///
/// Derived data, never a source of truth, like `compliance_summaries`: the triggers of `v11.usage-summaries` delete
/// a sprint's rows whenever a rollup or a user-day inside its window is written or removed, or the sprint changes;
/// a reader uses them only while their window is still the sprint's, and otherwise groups the rollups itself.
/// The usage imports keep every sprint's rows, and so does a retro start for a workspace that has none yet (one
/// upgraded from before `v11`): the migration itself only creates the tables.
extension StoreContext {
    /// What `teamUsage(from:to:)` and `activeUsers(from:to:)` give for the sprint's window, from the kept rows;
    /// nil when none are kept for exactly that window (the caller then asks those two).
    package func keptTeamUsage(sprint: SprintID, from: LocalDate, to: LocalDate) throws -> (totals: [String: TeamTotals], users: [String: Int])? {
        guard let window = try Row.fetchOne(db.cachedStatement(sql: "SELECT window_from, window_to FROM usage_summary_sprints WHERE sprint_id = ?"),
                                            arguments: [sprint.rawValue]),
              window[0] as String? == from.description, window[1] as String? == to.description else { return nil }
        var totals: [String: TeamTotals] = [:], users: [String: Int] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT team_id, in_rollups, accesses, distinct_assets, queries, views, active_users FROM usage_summary_teams WHERE sprint_id = ?
            """), arguments: [sprint.rawValue]) {
            guard let team: String = row[0], let inRollups: Int = row[1], let accesses: Int = row[2], let assets: Int = row[3],
                  let queries: Int = row[4], let views: Int = row[5] else { return nil }  // unreadable: recompute
            if inRollups != 0 {
                var t = TeamTotals()
                t.accesses = accesses; t.distinctAssets = assets; t.queries = queries; t.views = views
                totals[team] = t
            }
            if let active: Int = row[6] { users[team] = active }
        }
        return (totals, users)
    }

    /// Keeps the usage of every sprint that has none kept (an import calls it in its transaction, after writing; a
    /// retro start too).
    package func keepTeamUsage() throws {
        let kept = Set(try String.fetchAll(db.cachedStatement(sql: "SELECT sprint_id FROM usage_summary_sprints")))
        let keeping = try sprints().filter { !kept.contains($0.id.rawValue) }
        for sprint in keeping {
            let totals = try teamUsage(from: sprint.start, to: sprint.end)
            let maxUsers = try rollupMaxUsers(from: sprint.start, to: sprint.end)
            let users = try activeUsers(rollupMax: maxUsers, from: sprint.start, to: sprint.end)
            try db.execute(sql: "DELETE FROM usage_summary_teams WHERE sprint_id = ?", arguments: [sprint.id.rawValue])
            try db.execute(sql: "DELETE FROM usage_summary_assets WHERE sprint_id = ?", arguments: [sprint.id.rawValue])
            try db.execute(sql: "INSERT INTO usage_summary_sprints (sprint_id, window_from, window_to) VALUES (?, ?, ?)",
                           arguments: [sprint.id.rawValue, sprint.start.description, sprint.end.description])
            let insert = try db.cachedStatement(sql: """
                INSERT INTO usage_summary_teams (sprint_id, team_id, in_rollups, accesses, distinct_assets, queries, views, active_users, max_users)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            try db.cachedStatement(sql: """
                INSERT INTO usage_summary_assets (sprint_id, asset_id, team_id, accesses, rollups)
                SELECT ?, asset_id, team_id, SUM(accesses), COUNT(*) FROM usage_rollups WHERE date >= ? AND date < ? GROUP BY asset_id, team_id
                """).execute(arguments: [sprint.id.rawValue, sprint.start.description, sprint.end.description])
            for team in Set(totals.keys).union(users.keys).sorted() {
                let t = totals[team] ?? TeamTotals()
                try insert.execute(arguments: [sprint.id.rawValue, team, totals[team] == nil ? 0 : 1, t.accesses, t.distinctAssets,
                                               t.queries, t.views, users[team], maxUsers[team]])
            }
        }
        try keepFirstReads(of: keeping)
    }
}

/// Migration `v12.kept-max-users`: each team's largest rollup user count per kept sprint, so that the over-quality
/// candidates' window of several sprints finds its active users without grouping its rollups.
enum SchemaKeptMaxUsers {
    static let sql = """
    -- Over-quality candidates (activeUsers over a window of whole sprints): the most users one rollup of the team
    -- counts in the sprint; NULL for a team known there only from user-days.
    ALTER TABLE usage_summary_teams ADD COLUMN max_users INTEGER;
    -- Rows kept before this column lack it: they are kept again, with it, at the next usage import or retro start.
    DELETE FROM usage_summary_sprints;
    """
}

/// Migration `v11.usage-summaries`: the kept usage per sprint and team, and the triggers that keep it current.
enum SchemaUsageSummaries {
    /// The triggers that drop the kept usage of every sprint whose window holds a day written to, changed in or
    /// removed from `table` (a table whose day is in `column`). `guarded`: each trigger first checks that a kept sprint
    /// holds the day (`v13.kept-first-reads`): a DELETE from a table with triggers of its own builds a temporary B-tree
    /// every time it runs, even when nothing matches, and a bulk import runs it once per row.
    static func invalidation(on table: String, name: String, column: String = "date", guarded: Bool = false) -> String {
        let holds = { (row: String) in "(window_to > \(row).\(column) AND window_from <= \(row).\(column))" }
        let when = { (rows: [String]) in
            guarded ? " WHEN " + rows.map { "EXISTS (SELECT 1 FROM usage_summary_sprints WHERE \(holds($0)))" }.joined(separator: " OR ") : ""
        }
        return """
        CREATE TRIGGER usage_summaries_\(name)_insert AFTER INSERT ON \(table)\(when(["NEW"])) BEGIN
            DELETE FROM usage_summary_sprints WHERE \(holds("NEW"));
        END;
        CREATE TRIGGER usage_summaries_\(name)_update AFTER UPDATE ON \(table)\(when(["OLD", "NEW"])) BEGIN
            DELETE FROM usage_summary_sprints WHERE \(holds("OLD")) OR \(holds("NEW"));
        END;
        CREATE TRIGGER usage_summaries_\(name)_delete AFTER DELETE ON \(table)\(when(["OLD"])) BEGIN
            DELETE FROM usage_summary_sprints WHERE \(holds("OLD"));
        END;
        """
    }

    static let sql = """
    -- Democratization (the agenda's step 6, `democratization`): the sprints whose team usage is kept, with the window
    -- it was computed for. The index serves the triggers below: the kept sprints whose window holds a day.
    CREATE TABLE usage_summary_sprints (
        sprint_id TEXT NOT NULL PRIMARY KEY,
        window_from TEXT NOT NULL,
        window_to TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX usage_summary_sprints_window ON usage_summary_sprints(window_to, window_from);
    -- Democratization: one team's usage in one kept sprint, read by sprint (teamUsage and activeUsers of its window).
    CREATE TABLE usage_summary_teams (
        sprint_id TEXT NOT NULL,
        team_id TEXT NOT NULL,
        in_rollups INTEGER NOT NULL,
        accesses INTEGER NOT NULL,
        distinct_assets INTEGER NOT NULL,
        queries INTEGER NOT NULL,
        views INTEGER NOT NULL,
        active_users INTEGER,
        PRIMARY KEY (sprint_id, team_id)
    ) WITHOUT ROWID;
    -- Over-quality candidates and right-sizing (assetAccesses): accesses per asset and team in one kept sprint, read by
    -- sprint; a window of several sprints adds up whole sprints here and groups only the days around them.
    CREATE TABLE usage_summary_assets (
        sprint_id TEXT NOT NULL,
        asset_id TEXT NOT NULL,
        team_id TEXT NOT NULL,
        accesses INTEGER NOT NULL,
        PRIMARY KEY (sprint_id, asset_id, team_id)
    ) WITHOUT ROWID;
    -- A sprint's rows go with its header, by a trigger rather than a foreign key: it also holds with foreign keys off
    -- (the sqlite3 shell, a migration), and leaves no row behind for a foreign-key check to trip on.
    CREATE TRIGGER usage_summaries_sprint_rows AFTER DELETE ON usage_summary_sprints BEGIN
        DELETE FROM usage_summary_teams WHERE sprint_id = OLD.sprint_id;
        DELETE FROM usage_summary_assets WHERE sprint_id = OLD.sprint_id;
    END;
    \(invalidation(on: "usage_rollups", name: "rollup"))
    \(invalidation(on: "usage_user_days", name: "user_day"))
    CREATE TRIGGER usage_summaries_sprint_update AFTER UPDATE ON sprints BEGIN
        DELETE FROM usage_summary_sprints WHERE sprint_id IN (OLD.id, NEW.id);
    END;
    CREATE TRIGGER usage_summaries_sprint_delete AFTER DELETE ON sprints BEGIN
        DELETE FROM usage_summary_sprints WHERE sprint_id = OLD.id;
    END;
    """
}
