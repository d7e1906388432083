import Foundation
import GRDB
import GRDBSQLite
import SLAModel

// MARK: - Usage: aliases, members, rollups

extension StoreContext {
    /// Replaces the aliases of an asset (`proj.sales.revenue_daily`, `looker:dashboard:42`).
    package func setAliases(_ aliases: [String], of asset: AssetID) throws {
        try db.execute(sql: "DELETE FROM asset_aliases WHERE asset_id = ?", arguments: [asset.rawValue])
        for alias in aliases { try db.execute(sql: "INSERT INTO asset_aliases (alias, asset_id) VALUES (?, ?)", arguments: [alias, asset.rawValue]) }
    }

    /// Replaces the members of a team (user names or e-mails as usage logs show them).
    package func setMembers(_ users: [String], of team: TeamID) throws {
        try db.execute(sql: "DELETE FROM team_members WHERE team_id = ?", arguments: [team.rawValue])
        for user in users { try db.execute(sql: "INSERT INTO team_members (user, team_id) VALUES (?, ?)", arguments: [user, team.rawValue]) }
    }

    /// The asset each alias stands for.
    package func aliases() throws -> [String: AssetID] {
        var result: [String: AssetID] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT alias, asset_id FROM asset_aliases")) { result[row[0]] = AssetID(row[1]) }
        return result
    }

    /// The team of each known user.
    package func members() throws -> [String: TeamID] {
        var result: [String: TeamID] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT user, team_id FROM team_members")) { result[row[0]] = TeamID(row[1]) }
        return result
    }

    /// One day's use of one asset by one team.
    package struct Rollup: Sendable, Equatable {
        package var date: LocalDate
        package var asset: AssetID
        /// Empty when the users could not be matched to a team.
        package var team: String
        package var users: Int
        package var accesses: Int
        package var queries: Int
        package var views: Int
    
        package init(date: LocalDate, asset: AssetID, team: String, users: Int, accesses: Int, queries: Int, views: Int) {
            self.date = date
            self.asset = asset
            self.team = team
            self.users = users
            self.accesses = accesses
            self.queries = queries
            self.views = views
        }
    }

    /// Rollups with `from <= date < to`.
    package func rollups(from: LocalDate, to: LocalDate) throws -> [Rollup] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM usage_rollups WHERE date >= ? AND date < ? ORDER BY date, asset_id, team_id"),
                         arguments: [from.description, to.description]).map { row in
            Rollup(date: LocalDate(row["date"]) ?? from, asset: AssetID(row["asset_id"]), team: row["team_id"], users: row["users"],
                   accesses: row["accesses"], queries: row["queries"], views: row["views"])
        }
    }

    /// One team's use of the data in a window, summed by SQLite (`teamUsage`).
    package struct TeamTotals: Sendable, Equatable {
        package var accesses = 0
        package var distinctAssets = 0
        package var queries = 0
        package var views = 0
        package init() {}
    }

    /// Per team (`''`: users not matched to a team) in `from <= date < to`: accesses, distinct assets, queries, views.
    /// A range search of the rollups' primary key (date first); nothing but one row per team reaches Swift.
    package func teamUsage(from: LocalDate, to: LocalDate) throws -> [String: TeamTotals] {
        var result: [String: TeamTotals] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT team_id, SUM(accesses), COUNT(DISTINCT asset_id), SUM(queries), SUM(views) FROM usage_rollups
            WHERE date >= ? AND date < ? GROUP BY team_id
            """), arguments: [from.description, to.description]) {
            var t = TeamTotals()
            t.accesses = row[1]; t.distinctAssets = row[2]; t.queries = row[3]; t.views = row[4]
            result[row[0]] = t
        }
        return result
    }

    /// Accesses per asset and team (`''`: users not matched to a team) in `from <= date < to`, for every pair with a
    /// rollup there (assets without any are absent). Whole sprints inside the window add up their kept sums
    /// (`usage_summary_assets`); a kept sprint the window cuts is taken whole, less the rollups of its days outside the
    /// window, when those are fewer than its days inside (the kept rollup counts say whether a pair keeps one inside);
    /// only the remaining days are grouped from the rollups, each range by one search of their key.
    package func assetAccesses(from: LocalDate, to: LocalDate) throws -> [AssetID: [String: Int]] {
        let (keptSprints, gaps) = try keptSprints(from: from, to: to)
        let (cut, outside, rest) = try cutSprints(gaps, from: from, to: to)
        // Per asset and team: the accesses and how many rollups they add up.
        var sums: [AssetID: [String: (accesses: Int, rollups: Int)]] = [:]
        var overflow = false
        func add(_ a: (accesses: Int, rollups: Int), _ b: (accesses: Int, rollups: Int)) -> (accesses: Int, rollups: Int) {
            let (accesses, o1) = a.accesses.addingReportingOverflow(b.accesses), (rollups, o2) = a.rollups.addingReportingOverflow(b.rollups)
            if o1 || o2 { overflow = true }
            return (accesses, rollups)
        }
        // Rows come grouped by asset (GROUP BY's order): one asset's teams are collected before it is stored. A kept row
        // without its rollup count (kept before the count existed) stands for one rollup at least.
        func read(_ sql: String, _ arguments: [String], sign: Int = 1) throws {
            var asset = "", teams: [String: (accesses: Int, rollups: Int)] = [:]
            func flush() {
                guard !teams.isEmpty else { return }
                sums[AssetID(asset), default: [:]].merge(teams, uniquingKeysWith: add)
                teams = [:]
            }
            try eachRawRow(sql, arguments) { row in
                guard let assetBytes = row.bytes(0), let team = row.text(1), let accesses = row.integer(2) else { return }
                guard let rollups = row.integer(3) else { return }
                if !asset.utf8.elementsEqual(assetBytes) {
                    flush()
                    asset = String(decoding: assetBytes, as: UTF8.self)
                }
                let (a, o1) = Int(accesses).multipliedReportingOverflow(by: sign), (r, o2) = Int(rollups).multipliedReportingOverflow(by: sign)
                if o1 || o2 { overflow = true }
                let signed = (accesses: a, rollups: r)
                teams[team] = teams[team].map { add($0, signed) } ?? signed
            }
            flush()
        }
        if !keptSprints.isEmpty || !cut.isEmpty {
            try read("""
                SELECT asset_id, team_id, SUM(accesses), SUM(coalesce(rollups, 1)) FROM usage_summary_assets
                WHERE sprint_id IN (SELECT value FROM json_each(?)) GROUP BY asset_id, team_id
                """, [Self.idList(keptSprints + cut)])
        }
        let sql = "SELECT asset_id, team_id, SUM(accesses), COUNT(*) FROM usage_rollups WHERE date >= ? AND date < ? GROUP BY asset_id, team_id"
        for (start, end) in rest { try read(sql, [start.description, end.description]) }
        for (start, end) in outside { try read(sql, [start.description, end.description], sign: -1) }
        if overflow { throw StoreError.database(operation: "adding up accesses", message: "integer overflow") }
        return sums.compactMapValues { teams in
            let present = teams.filter { $0.value.rollups > 0 }.mapValues(\.accesses)
            return present.isEmpty ? nil : present
        }
    }

    /// Of the `gaps` of `keptSprints(from:to:)`, the kept sprints that the window `[from, to)` cuts and that are
    /// cheaper to take whole less their days outside the window (fewer days to group), those outside days, and the
    /// gaps' days left to group. For sums only: a count of distinct users or a maximum cannot be taken back.
    func cutSprints(_ gaps: [(LocalDate, LocalDate)], from: LocalDate, to: LocalDate)
        throws -> (sprints: [String], outside: [(LocalDate, LocalDate)], rest: [(LocalDate, LocalDate)]) {
        var sprints: [String] = [], outside: [(LocalDate, LocalDate)] = [], rest: [(LocalDate, LocalDate)] = []
        for (start, end) in gaps {
            var pieces = [(start, end)]
            // Only a gap at an edge of the window can lie in a sprint that reaches past the window.
            for day in Set([start == from ? start : nil, end == to ? end.adding(days: -1) : nil].compactMap { $0 }).sorted() {
                guard let row = try Row.fetchOne(db.cachedStatement(sql: """
                        SELECT sprint_id, window_from, window_to FROM usage_summary_sprints WHERE window_from <= ?1 AND window_to > ?1
                        ORDER BY window_from DESC LIMIT 1
                        """), arguments: [day.description]),
                      let id: String = row[0], !sprints.contains(id),
                      let sprintFrom = (row[1] as String?).flatMap(LocalDate.init), let sprintTo = (row[2] as String?).flatMap(LocalDate.init),
                      sprintFrom < sprintTo else { continue }
                let inside = (max(sprintFrom, start), min(sprintTo, end))
                let beyond = [(sprintFrom, max(sprintFrom, start)), (min(sprintTo, end), sprintTo)].filter { $0.0 < $0.1 }
                let insideDays = inside.1.dayNumber - inside.0.dayNumber
                guard insideDays > beyond.reduce(0, { $0 + $1.1.dayNumber - $1.0.dayNumber }) else { continue }
                sprints.append(id)
                outside += beyond
                pieces = pieces.flatMap { piece in
                    [(piece.0, min(piece.1, inside.0)), (max(piece.0, inside.1), piece.1)].filter { $0.0 < $0.1 }
                }
            }
            rest += pieces
        }
        return (sprints, outside, rest)
    }

    /// Ids as the JSON array `json_each(?)` reads in a query (`sprint_id IN (SELECT value FROM json_each(?))`).
    static func idList(_ ids: [String]) -> String { JSONValue.array(ids.map(JSONValue.string)).compact() }

    /// The kept sprints (`usage_summary_sprints`) lying whole inside `[from, to)`, in order and not overlapping, and the
    /// ranges of days between and around them that no kept sprint covers: a window's sums add up the first and group
    /// the rollups of the second.
    func keptSprints(from: LocalDate, to: LocalDate) throws -> (sprints: [String], gaps: [(LocalDate, LocalDate)]) {
        var kept: [String] = [], gaps: [(LocalDate, LocalDate)] = []
        var cursor = from
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT sprint_id, window_from, window_to FROM usage_summary_sprints WHERE window_from >= ? AND window_to <= ? ORDER BY window_from, window_to
            """), arguments: [from.description, to.description]) {
            // Sprints that overlap one already counted are left to the rollups.
            guard let id: String = row[0], let start = (row[1] as String?).flatMap(LocalDate.init),
                  let end = (row[2] as String?).flatMap(LocalDate.init), start >= cursor, start < end else { continue }
            if cursor < start { gaps.append((cursor, start)) }
            kept.append(id)
            cursor = end
        }
        if cursor < to { gaps.append((cursor, to)) }
        return (kept, gaps)
    }

    /// The first and the last day with usage data (any asset, any team) before `end` (ever, when nil); nil without
    /// any. Two seeks of the rollups' key: the span the imported usage logs cover.
    package func usageSpan(before end: LocalDate?) throws -> (first: LocalDate, last: LocalDate)? {
        // Two subqueries, so each is one step down the primary key (date first); MIN and MAX in one SELECT scan the table.
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT (SELECT MIN(date) FROM usage_rollups WHERE date < ?1), (SELECT MAX(date) FROM usage_rollups WHERE date < ?1)
                """), arguments: [end?.description ?? "9999-12-31"]),
              let first = (row[0] as String?).flatMap(LocalDate.init), let last = (row[1] as String?).flatMap(LocalDate.init) else { return nil }
        return (first, last)
    }

    /// The daily accesses of the given assets in `from <= date < to`, by asset then date.
    package func dailyAccesses(of assets: [AssetID], from: LocalDate, to: LocalDate) throws -> [AssetID: [(date: LocalDate, accesses: Int)]] {
        guard !assets.isEmpty else { return [:] }
        let list = "[" + assets.map { JSONValue.quote($0.rawValue) }.joined(separator: ",") + "]"
        var result: [AssetID: [(date: LocalDate, accesses: Int)]] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT asset_id, date, SUM(accesses) FROM usage_rollups
            WHERE date >= ? AND date < ? AND asset_id IN (SELECT value FROM json_each(?)) GROUP BY asset_id, date
            """), arguments: [from.description, to.description, list]) {
            if let date = LocalDate(row[1] as String) { result[AssetID(row[0]), default: []].append((date, row[2])) }
        }
        return result
    }

    /// The last day each known asset was used before `end` (ever, when nil): one seek per asset in
    /// `usage_rollups_last_access` (v8.performance) instead of a scan of every rollup.
    package func lastAccessOfAssets(before end: LocalDate?) throws -> [AssetID: LocalDate] {
        var result: [AssetID: LocalDate] = [:]
        try eachRawRow("""
            SELECT a.id, (SELECT MAX(r.date) FROM usage_rollups r WHERE r.asset_id = a.id AND r.accesses > 0 AND r.date < ?) FROM assets a
            """, [end?.description ?? "9999-12-31"]) { row in
            if let id = row.text(0), let date = row.bytes(1).flatMap(LocalDate.init(utf8:)) { result[AssetID(id)] = date }
        }
        return result
    }

    /// The last day each asset was used (ever).
    package func lastAccess() throws -> [AssetID: LocalDate] {
        var result: [AssetID: LocalDate] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT asset_id, MAX(date) FROM usage_rollups WHERE accesses > 0 GROUP BY asset_id")) {
            if let date = LocalDate(row[1] as String) { result[AssetID(row[0])] = date }
        }
        return result
    }

    /// Distinct active users per team in `from <= date < to`: from the user-days of imported events; for a team
    /// known only from imported rollups, the largest daily user count of one asset (a lower bound; the largest of
    /// each day's largest is the largest row, so one grouping, not two).
    package func activeUsers(from: LocalDate, to: LocalDate) throws -> [String: Int] {
        try activeUsers(rollupMax: rollupMaxUsers(from: from, to: to), from: from, to: to)
    }

    /// `activeUsers` given the rollups' largest counts already read: a team's distinct users from user-days win.
    func activeUsers(rollupMax: [String: Int], from: LocalDate, to: LocalDate) throws -> [String: Int] {
        rollupMax.merging(try userDayUsers(from: from, to: to)) { _, distinct in distinct }
    }

    /// Distinct users per team in `[from, to)` from the user-days of imported events (teams without any are absent).
    func userDayUsers(from: LocalDate, to: LocalDate) throws -> [String: Int] {
        var result: [String: Int] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT team_id, COUNT(DISTINCT user) FROM usage_user_days WHERE date >= ? AND date < ? GROUP BY team_id"),
                                    arguments: [from.description, to.description]) {
            result[row[0]] = row[1]
        }
        return result
    }

    /// The most users any one rollup of each team in `[from, to)` counts (teams without rollups there are absent). Whole
    /// kept sprints give their kept maximum (`usage_summary_teams.max_users`); only the days around them are grouped.
    func rollupMaxUsers(from: LocalDate, to: LocalDate) throws -> [String: Int] {
        let (keptSprints, gaps) = try keptSprints(from: from, to: to)
        var result: [String: Int] = [:]
        func add(_ rows: [Row]) {
            for row in rows {
                guard let team: String = row[0], let users: Int = row[1] else { continue }
                result[team] = max(result[team] ?? users, users)
            }
        }
        if !keptSprints.isEmpty {
            add(try Row.fetchAll(db.cachedStatement(sql: """
                SELECT team_id, MAX(max_users) FROM usage_summary_teams WHERE sprint_id IN (SELECT value FROM json_each(?)) AND max_users IS NOT NULL
                GROUP BY team_id
                """), arguments: [Self.idList(keptSprints)]))
        }
        for (start, end) in gaps {
            add(try Row.fetchAll(db.cachedStatement(sql: "SELECT team_id, MAX(users) FROM usage_rollups WHERE date >= ? AND date < ? GROUP BY team_id"),
                                 arguments: [start.description, end.description]))
        }
        return result
    }

    /// True when a usage import with this fingerprint was already recorded.
    package func hasImport(kind: String, fingerprint: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM imports WHERE kind = ? AND sha256 = ?)"), arguments: [kind, fingerprint]) ?? false
    }
}

extension StoreContext {
    /// Stores a rollup made elsewhere, replacing the one of the same day, asset and team.
    package func replaceRollup(_ r: Rollup) throws {
        // Prepared once per connection (the demo and tests call it per row).
        let statement = try db.cachedStatement(sql: "INSERT OR REPLACE INTO usage_rollups (date, asset_id, team_id, users, accesses, queries, views) VALUES (?, ?, ?, ?, ?, ?, ?)")
        try statement.execute(arguments: [r.date.description, r.asset.rawValue, r.team, r.users, r.accesses, r.queries, r.views])
    }

    /// True when any usage (events or rollups) was imported.
    package func hasUsage() throws -> Bool {
        // A key-range search that stops at the first row (every date is >= ''), not a scan: the plan test checks it.
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM usage_rollups WHERE date >= '')")) ?? false
    }
}

// MARK: - Bulk statements of the imports (prepared once per file; SQL stays in the store)

extension StoreContext {
    /// Inserts one usage event: occurred_at, asset_id, user, team_id, action, import_id.
    package func usageEventInserter() throws -> BulkInsert {
        try bulkInsert("INSERT INTO usage_events (occurred_at, asset_id, user, team_id, action, import_id) VALUES (?, ?, ?, ?, ?, ?)")
    }

}

// MARK: - The spill of one usage import: bounded memory whatever the number of distinct keys

/// The keys of each event of one usage import (packed integers: the importer's rollup, user-day and first-read keys),
/// written to a TEMP table while the file streams, then grouped by SQLite and merged into `usage_rollups`,
/// `usage_user_days` and `usage_first_reads` by three statements, so that nothing per distinct key is held in the
/// importer's memory and the merged rows are written in the order of their tables' keys.
///
/// Memory stays flat as files grow: TEMP tables live in SQLite's temporary file behind its own small page cache, and
/// each grouping runs in SQLite's external sorter, whose memory `sortKiB` bounds (see `group`).
///
/// An import of rollups made elsewhere goes through it too (`addGiven`, `addFirstRead`): its rows wait in a TEMP
/// table keyed by their packed rollup key, which also finds a rollup given twice without a key set in memory, and are
/// written in the order of `usage_rollups`' key.
///
/// The packed keys (see `UsageAggregator` and `FirstReadTracker.tableOrder`): a rollup is day (22 bits), asset and
/// team + 1 (21 bits each); a user-day is day, team + 1 and user; a first read is asset, team + 1 and local day. The
/// names they stand for are given to `merge`.
package final class UsageSpill {
    private let db: Database
    private let insert: BulkInsert
    private let given: BulkInsert
    /// Rows of keys added up before spilling (`addCounts`, `addReader`, `addUserDay`).
    private let summed: BulkInsert
    /// The sorter's memory per grouping, small enough that a million events already reach it (a grouping of more
    /// spills sorted runs to temporary files and merges them), so the peak is the same at one million events and four.
    static let sortKiB = 16_384
    static let tables = ["usage_import_spill", "usage_import_rollups", "usage_import_given", "usage_import_user_days", "usage_import_first_reads",
                         "usage_import_days", "usage_import_assets", "usage_import_teams", "usage_import_users"]

    init(_ ctx: StoreContext) throws {
        db = ctx.db
        // IF NOT EXISTS and emptied: `merge` drops them, but an import stopped between the two (an error caught by a
        // caller that then commits) would leave them.
        try db.execute(sql: """
            CREATE TEMP TABLE IF NOT EXISTS usage_import_spill (
                rollup INTEGER, user_kind INTEGER, user_day INTEGER, first_read INTEGER, minute INTEGER,
                accesses INTEGER, queries INTEGER, views INTEGER
            );
            CREATE TEMP TABLE IF NOT EXISTS usage_import_rollups (
                rollup INTEGER PRIMARY KEY, users INTEGER NOT NULL, accesses INTEGER NOT NULL, queries INTEGER NOT NULL, views INTEGER NOT NULL
            );
            CREATE TEMP TABLE IF NOT EXISTS usage_import_given (
                rollup INTEGER PRIMARY KEY, line INTEGER NOT NULL, users INTEGER NOT NULL, accesses INTEGER NOT NULL,
                queries INTEGER NOT NULL, views INTEGER NOT NULL
            );
            CREATE TEMP TABLE IF NOT EXISTS usage_import_user_days (user_day INTEGER PRIMARY KEY);
            CREATE TEMP TABLE IF NOT EXISTS usage_import_first_reads (first_read INTEGER PRIMARY KEY, minute INTEGER NOT NULL);
            CREATE TEMP TABLE IF NOT EXISTS usage_import_days (day INTEGER PRIMARY KEY, date TEXT NOT NULL);
            CREATE TEMP TABLE IF NOT EXISTS usage_import_assets (i INTEGER PRIMARY KEY, id TEXT NOT NULL, zone TEXT NOT NULL);
            CREATE TEMP TABLE IF NOT EXISTS usage_import_teams (i INTEGER PRIMARY KEY, id TEXT NOT NULL);
            CREATE TEMP TABLE IF NOT EXISTS usage_import_users (i INTEGER PRIMARY KEY, user TEXT NOT NULL);
            """)
        try Self.empty(db)
        insert = try ctx.bulkInsert("INSERT INTO temp.usage_import_spill (rollup, user_kind, user_day, first_read, minute) VALUES (?, ?, ?, ?, ?)")
        summed = try ctx.bulkInsert("""
            INSERT INTO temp.usage_import_spill (rollup, user_kind, user_day, accesses, queries, views) VALUES (?, ?, ?, ?, ?, ?)
            """)
        given = try ctx.bulkInsert("""
            INSERT INTO temp.usage_import_given (rollup, line, users, accesses, queries, views) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(rollup) DO NOTHING
            """)
    }

    private static func empty(_ db: Database) throws {
        for table in tables { try db.execute(sql: "DELETE FROM temp.\(table)") }
    }

    /// Records one event's keys (`userKind`: user << 2 | 1 for a query, 2 for a view, 0 otherwise); `firstRead` nil
    /// when the event gives no first read (no team).
    package func add(rollup: Int64, userKind: Int64, userDay: Int64, firstRead: Int64?, minute: Int64) throws {
        insert.bind(1, rollup); insert.bind(2, userKind); insert.bind(3, userDay)
        if let firstRead { insert.bind(4, firstRead); insert.bind(5, minute) } else { insert.bindNull(4); insert.bindNull(5) }
        try insert.step()
    }

    /// Records a rollup's accesses, queries and views added up in memory (its readers go in with `addReader`).
    package func addCounts(rollup: Int64, accesses: Int, queries: Int, views: Int) throws {
        summed.bind(1, rollup); summed.bindNull(2); summed.bindNull(3); summed.bind(4, accesses); summed.bind(5, queries); summed.bind(6, views)
        try summed.step()
    }

    /// Records one user among a rollup's readers (counted once however often met: the grouping counts distinct users).
    package func addReader(rollup: Int64, user: Int64) throws {
        summed.bind(1, rollup); summed.bind(2, user << 2); summed.bindNull(3); summed.bind(4, 0); summed.bind(5, 0); summed.bind(6, 0)
        try summed.step()
    }

    /// Records one user-day met.
    package func addUserDay(_ userDay: Int64) throws {
        summed.bindNull(1); summed.bindNull(2); summed.bind(3, userDay); summed.bindNull(4); summed.bindNull(5); summed.bindNull(6)
        try summed.step()
    }

    /// Stages one rollup as given (an import of rollups): it replaces a stored rollup of the same key. Returns the line
    /// that already gave this key in the file (the row is then not staged), else nil.
    package func addGiven(rollup: Int64, line: Int, users: Int, accesses: Int, queries: Int, views: Int) throws -> Int? {
        given.bind(1, rollup); given.bind(2, line); given.bind(3, users); given.bind(4, accesses); given.bind(5, queries); given.bind(6, views)
        if try given.step() { return nil }
        return try Int.fetchOne(db, sql: "SELECT line FROM temp.usage_import_given WHERE rollup = ?", arguments: [rollup]) ?? 0
    }

    /// Records a first read that comes with no event (a given rollup's first access): packed key and minute.
    package func addFirstRead(_ firstRead: Int64, minute: Int64) throws {
        insert.bindNull(1); insert.bindNull(2); insert.bindNull(3); insert.bind(4, firstRead); insert.bind(5, minute)
        try insert.step()
    }

    /// Merges the spilled events into the store: a rollup of a day seen in an earlier file keeps the larger
    /// distinct-user count and adds up the rest, user-days are added, a first read keeps the earlier minute; a given
    /// rollup replaces the stored one.
    /// `days`: the date of every day number in the keys; `assets`, `zones`: each asset's id and the zone of its first
    /// reads, by index; `teams`: the team ids by index; `user`: the name of each of the `users` user indices.
    package func merge(days: [Int64: String], assets: [String], zones: [String], teams: [String], users: Int, user: (Int) -> String) throws {
        try group()
        let day = try db.makeStatement(sql: "INSERT INTO temp.usage_import_days (day, date) VALUES (?, ?)")
        for (number, date) in days { try day.execute(arguments: [number, date]) }
        let asset = try db.makeStatement(sql: "INSERT INTO temp.usage_import_assets (i, id, zone) VALUES (?, ?, ?)")
        for (i, id) in assets.enumerated() { try asset.execute(arguments: [i, id, i < zones.count ? zones[i] : "UTC"]) }
        let team = try db.makeStatement(sql: "INSERT INTO temp.usage_import_teams (i, id) VALUES (?, ?)")
        try team.execute(arguments: [0, ""])
        for (i, id) in teams.enumerated() { try team.execute(arguments: [i + 1, id]) }
        let name = try db.makeStatement(sql: "INSERT INTO temp.usage_import_users (i, user) VALUES (?, ?)")
        for i in 0..<users { try name.execute(arguments: [i, user(i)]) }
        // Each reads its grouped table in key order (the outer loop; the names are looked up by key), so the rows
        // reach their table in the order of its primary key. `WHERE true`: an upsert's SELECT needs a WHERE clause.
        // Rollups added up from events merge with a stored day (the larger distinct-user count, the sums added); given
        // rollups replace it.
        func rollups(from table: String, update: String) -> String {
            """
            INSERT INTO usage_rollups (date, asset_id, team_id, users, accesses, queries, views)
            SELECT d.date, a.id, t.id, r.users, r.accesses, r.queries, r.views FROM temp.\(table) r
            JOIN temp.usage_import_days d ON d.day = (r.rollup >> 42) & 4194303
            JOIN temp.usage_import_assets a ON a.i = (r.rollup >> 21) & 2097151
            JOIN temp.usage_import_teams t ON t.i = r.rollup & 2097151
            WHERE true ORDER BY r.rollup
            ON CONFLICT(date, asset_id, team_id) DO UPDATE SET \(update);
            """
        }
        try db.execute(sql: rollups(from: "usage_import_rollups", update: """
            users = max(users, excluded.users), accesses = accesses + excluded.accesses, queries = queries + excluded.queries,
            views = views + excluded.views
            """) + rollups(from: "usage_import_given", update: """
            users = excluded.users, accesses = excluded.accesses, queries = excluded.queries, views = excluded.views
            """) + """
            INSERT OR IGNORE INTO usage_user_days (date, team_id, user)
            SELECT d.date, t.id, u.user FROM temp.usage_import_user_days x
            JOIN temp.usage_import_days d ON d.day = (x.user_day >> 42) & 4194303
            JOIN temp.usage_import_teams t ON t.i = (x.user_day >> 21) & 2097151
            JOIN temp.usage_import_users u ON u.i = x.user_day & 2097151
            ORDER BY x.user_day;
            INSERT INTO usage_first_reads (asset_id, team_id, day, first_minute, zone)
            SELECT a.id, t.id, d.date, f.minute, a.zone FROM temp.usage_import_first_reads f
            JOIN temp.usage_import_assets a ON a.i = (f.first_read >> 43) & 2097151
            JOIN temp.usage_import_teams t ON t.i = (f.first_read >> 22) & 2097151 AND t.i > 0
            JOIN temp.usage_import_days d ON d.day = f.first_read & 4194303
            WHERE true ORDER BY f.first_read
            ON CONFLICT(asset_id, team_id, day) DO UPDATE SET first_minute = min(first_minute, excluded.first_minute);
            """)
        // Nothing is left behind on the connection (a refused import's transaction drops what it made).
        for table in Self.tables { try db.execute(sql: "DROP TABLE temp.\(table)") }
    }

    /// Groups the spilled events by key into the TEMP tables `merge` reads (one row per rollup, user-day and first
    /// read). SQLite sizes a sort's memory by the main database's cache size when the statement starts (a 64 MiB
    /// writer cache would let it grow to 64 MiB, reached only past two million events), so the cache size is lowered
    /// to `sortKiB` for these statements, which touch only TEMP tables, and set back after.
    private func group() throws {
        try db.withMainCache(kib: Self.sortKiB) { try groupStatements() }
    }

    private func groupStatements() throws {
        try db.execute(sql: """
            INSERT INTO temp.usage_import_rollups (rollup, users, accesses, queries, views)
            SELECT rollup, COUNT(DISTINCT user_kind >> 2), SUM(ifnull(accesses, 1)), SUM(ifnull(queries, user_kind & 3 = 1)),
                   SUM(ifnull(views, user_kind & 3 = 2))
            FROM temp.usage_import_spill WHERE rollup IS NOT NULL GROUP BY rollup;
            INSERT INTO temp.usage_import_user_days (user_day)
            SELECT user_day FROM temp.usage_import_spill WHERE user_day IS NOT NULL GROUP BY user_day;
            INSERT INTO temp.usage_import_first_reads (first_read, minute)
            SELECT first_read, MIN(minute) FROM temp.usage_import_spill WHERE first_read IS NOT NULL GROUP BY first_read;
            DELETE FROM temp.usage_import_spill;
            """)
    }
}

extension StoreContext {
    /// The spill of a usage import's event keys (TEMP tables of this connection), empty.
    package func usageSpill() throws -> UsageSpill { try UsageSpill(self) }
}
