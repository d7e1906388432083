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
        return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map { row in
            let r = RowReader(row, table: "usage_first_reads", keyColumn: "day")
            let minute = try r.integer("first_minute")
            guard (0..<1440).contains(minute) else { throw r.unreadable("first_minute") }
            return FirstRead(asset: AssetID(try r.text("asset_id")), team: TeamID(try r.text("team_id")), day: try r.date("day"),
                             minute: Int(minute), zone: try r.text("zone"))
        }
    }

    /// The first reads of one asset by one team with `from <= day < to`, in day order, as day numbers (days since
    /// 1970-01-01) with their minutes, and the zone of the last one: one range search of the primary key and three
    /// columns read per row, so a reading profile per agreement stays cheap when there are thousands of them.
    /// A malformed row is refused as `firstReads` refuses it.
    package func firstReadDays(asset: AssetID, team: TeamID, from: LocalDate, to: LocalDate) throws -> (days: [Int], minutes: [Int], zone: String?) {
        // Stepped with the C API (thousands of pairs per agenda); the zone is read with every row and the last one
        // kept: one search of the key, not a second for the zone.
        var days: [Int] = [], minutes: [Int] = [], zone: String?
        var unreadable: (day: String, column: String, value: String)?
        try eachRawRow("""
            SELECT day, first_minute, zone FROM usage_first_reads WHERE asset_id = ? AND team_id = ? AND day >= ? AND day < ? ORDER BY day
            """, [asset.rawValue, team.rawValue, from.description, to.description]) { row in
            guard unreadable == nil else { return }
            guard let day = row.bytes(0).flatMap(LocalDate.init(utf8:))?.dayNumber else {
                unreadable = (row.shown(0), "day", row.shown(0))
                return
            }
            guard let minute = row.integer(1), (0..<1440).contains(minute) else {
                unreadable = (row.shown(0), "first_minute", row.shown(1))
                return
            }
            guard let z = row.bytes(2) else {
                unreadable = (row.shown(0), "zone", row.shown(2))
                return
            }
            days.append(day)
            minutes.append(Int(minute))
            // A pair's days are nearly always cut in one zone: a string only when it changes.
            if zone?.utf8.elementsEqual(z) != true, let text = row.text(2) { zone = text }
        }
        if let unreadable { throw UnreadableRow(table: "usage_first_reads", key: unreadable.day, column: unreadable.column, value: unreadable.value) }
        return (days, minutes, zone)
    }
}

extension StoreContext {
    /// The time zone each asset's reads are cut into days in: that of its agreements' latest revision (an SLA
    /// before an OLA, then by id); assets without an agreement are absent.
    package func assetZones() throws -> [AssetID: String] {
        var result: [AssetID: String] = [:]
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT a.asset_id, r.timezone FROM agreements a
            JOIN revisions r ON r.agreement_id = a.id
            WHERE r.number = (SELECT MAX(number) FROM revisions WHERE agreement_id = a.id)
            ORDER BY a.kind = 'sla' DESC, a.id
            """))
        for row in rows where result[AssetID(row[0])] == nil { result[AssetID(row[0])] = row[1] }
        return result
    }
}

extension StoreContext {
    /// The revision of each SLA in force on `day` (the highest-numbered one effective by then, as `Revision.inForce`
    /// picks it), without reading the other revisions or the OLAs'.
    package func revisionsInForce(on day: LocalDate) throws -> [AgreementID: Revision] {
        let from = """
            FROM revisions r
            JOIN (SELECT v.agreement_id, MAX(v.number) AS number FROM revisions v JOIN agreements a ON a.id = v.agreement_id
                  WHERE a.kind = 'sla' AND v.effective_from <= ? GROUP BY v.agreement_id) m
              ON m.agreement_id = r.agreement_id AND m.number = r.number
            """
        var result: [AgreementID: Revision] = [:]
        if let revisions = try? strictRevisions("SELECT \(Self.revisionColumns("r")) \(from)", [day.description]) {
            for revision in revisions { result[revision.agreement] = revision }
            return result
        }
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT r.* \(from)"), arguments: [day.description]) {
            let revision = try Self.revision(row)
            result[revision.agreement] = revision
        }
        return result
    }
}
