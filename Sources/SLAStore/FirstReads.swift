import Foundation
import GRDB
import SLAModel

/// Schema of the first-read table (migration `v7.first-reads`).
enum FirstReadsSchema {
    static let sql = """
    -- The first access of each local day per asset and team: what a reading profile needs (rightsize)
    -- without scanning usage_events. `day` and `first_minute` (wall-clock minutes after midnight) are in
    -- `zone`, the time zone of the asset's agreements when the usage was imported.
    CREATE TABLE usage_first_reads (
        asset_id TEXT NOT NULL,
        team_id TEXT NOT NULL,
        day TEXT NOT NULL,
        first_minute INTEGER NOT NULL CHECK (first_minute >= 0 AND first_minute < 1440),
        zone TEXT NOT NULL,
        PRIMARY KEY (asset_id, team_id, day)
    ) WITHOUT ROWID;
    """
}

/// The first read of one asset by one team on one local day.
package struct FirstRead: Sendable, Equatable {
    package var asset: AssetID
    package var team: TeamID
    package var day: LocalDate
    /// Wall-clock minutes after local midnight, 0..<1440.
    package var minute: Int
    package var zone: String

    package init(asset: AssetID, team: TeamID, day: LocalDate, minute: Int, zone: String) {
        self.asset = asset; self.team = team; self.day = day; self.minute = minute; self.zone = zone
    }
}

extension StoreContext {
    /// Records first reads; a day already known keeps the earlier minute (a later file may hold an earlier read).
    package func firstReadMerger() throws -> BulkInsert {
        try bulkInsert("""
            INSERT INTO usage_first_reads (asset_id, team_id, day, first_minute, zone) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(asset_id, team_id, day) DO UPDATE SET first_minute = min(first_minute, excluded.first_minute)
            """)
    }

    /// First reads with `from <= day < to`, for one asset and team or (nil) for all, in key order.
    package func firstReads(asset: AssetID? = nil, team: TeamID? = nil, from: LocalDate, to: LocalDate) throws -> [FirstRead] {
        var sql = "SELECT asset_id, team_id, day, first_minute, zone FROM usage_first_reads WHERE day >= ? AND day < ?"
        var arguments: StatementArguments = [from.description, to.description]
        if let asset { sql += " AND asset_id = ?"; arguments += [asset.rawValue] }
        if let team { sql += " AND team_id = ?"; arguments += [team.rawValue] }
        sql += " ORDER BY asset_id, team_id, day"
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            let r = RowReader(row, table: "usage_first_reads", keyColumn: "day")
            let minute = try r.integer("first_minute")
            guard (0..<1440).contains(minute) else { throw r.unreadable("first_minute") }
            return FirstRead(asset: AssetID(try r.text("asset_id")), team: TeamID(try r.text("team_id")), day: try r.date("day"),
                             minute: Int(minute), zone: try r.text("zone"))
        }
    }

    /// Accesses per asset and team with `from <= date < to`, from the daily rollups.
    package func accesses(from: LocalDate, to: LocalDate) throws -> [AssetID: [TeamID: Int]] {
        var result: [AssetID: [TeamID: Int]] = [:]
        let rows = try Row.fetchAll(db, sql: """
            SELECT asset_id, team_id, SUM(accesses) FROM usage_rollups WHERE date >= ? AND date < ? AND team_id <> ''
            GROUP BY asset_id, team_id
            """, arguments: [from.description, to.description])
        for row in rows { result[AssetID(row[0]), default: [:]][TeamID(row[1])] = row[2] }
        return result
    }

    /// The first and last day with any usage log (rollups) before `to`, or nil when there is none.
    package func usageCoverage(before to: LocalDate) throws -> (first: LocalDate, last: LocalDate)? {
        guard let row = try Row.fetchOne(db, sql: "SELECT MIN(date), MAX(date) FROM usage_rollups WHERE date < ?", arguments: [to.description]),
              let first = (row[0] as String?).flatMap(LocalDate.init), let last = (row[1] as String?).flatMap(LocalDate.init) else { return nil }
        return (first, last)
    }
}

extension StoreContext {
    /// The time zone each asset's reads are cut into days in: that of its agreements' latest revision (an SLA
    /// before an OLA, then by id); assets without an agreement are absent.
    package func assetZones() throws -> [AssetID: String] {
        var result: [AssetID: String] = [:]
        let rows = try Row.fetchAll(db, sql: """
            SELECT a.asset_id, r.timezone FROM agreements a
            JOIN revisions r ON r.agreement_id = a.id
            WHERE r.number = (SELECT MAX(number) FROM revisions WHERE agreement_id = a.id)
            ORDER BY a.kind = 'sla' DESC, a.id
            """)
        for row in rows where result[AssetID(row[0])] == nil { result[AssetID(row[0])] = row[1] }
        return result
    }
}
