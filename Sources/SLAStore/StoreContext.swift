import Foundation
import GRDB
import SLAModel

/// The store inside one transaction: every query of the product is a method here or in its extensions.
package struct StoreContext {
    /// Queries run through `db.cachedStatement`: prepared once per connection, since many run once per agreement or
    /// item (preparing a join each time was a quarter of building a large organisation's agenda).
    let db: Database

    /// A workspace setting from the `meta` table.
    package func meta(_ key: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = ?"), arguments: [key])
    }

    package func setMeta(_ key: String, _ value: String) throws {
        try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       arguments: [key, value])
    }

    /// Row counts of every core table, to prove that a refused import wrote nothing.
    package func rowCounts() throws -> [String: Int] {
        let tables = try String.fetchAll(db.cachedStatement(sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY name"))
        var counts: [String: Int] = [:]
        for table in tables {
            counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.quotedDatabaseIdentifier)") ?? 0
        }
        return counts
    }

    /// Records that a file was imported.
    package func recordImport(kind: String, file: String, sha256: String, at: Date, summary: String) throws {
        try db.execute(sql: "INSERT INTO imports (kind, file, sha256, imported_at, summary) VALUES (?, ?, ?, ?, ?)",
                       arguments: [kind, file, sha256, Clock.iso(at), summary])
    }
}

// MARK: - Teams

extension StoreContext {
    package func teams() throws -> [Team] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT id, name, kind FROM teams ORDER BY id")).map { try Self.team($0) }
    }

    package func team(_ id: TeamID) throws -> Team? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT id, name, kind FROM teams WHERE id = ?"), arguments: [id.rawValue]).map { try Self.team($0) }
    }

    /// Inserts or updates a team.
    package func save(_ team: Team) throws {
        try db.execute(sql: """
            INSERT INTO teams (id, name, kind) VALUES (?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind
            """, arguments: [team.id.rawValue, team.name, team.kind.rawValue])
    }

    static func team(_ row: Row) throws -> Team {
        let r = RowReader(row, table: "teams")
        return Team(id: TeamID(try r.text("id")), name: try r.text("name"), kind: try r.choice(Team.Kind.self, "kind"))
    }
}

// MARK: - Assets

extension StoreContext {
    package func assets() throws -> [Asset] {
        // Thousands of assets per agenda: read with the C API when every row is stored as the store writes it, else by
        // the row reader, which reads a row of another storage class as before or names the row it cannot read.
        var strict: [Asset]? = []
        try eachRawRow("SELECT id, kind, owner_id, maintenance_hours, created_at, retired_at, dbt_source FROM assets ORDER BY id", []) { row in
            guard strict != nil else { return }
            func date(_ column: Int32) -> LocalDate?? {
                row.isNull(column) ? .some(nil) : row.bytes(column).flatMap(LocalDate.init(utf8:)).map { .some($0) }
            }
            guard let id = row.text(0), let kind = row.text(1).flatMap(Asset.Kind.init(rawValue:)), let owner = row.text(2),
                  let hours = row.number(3), hours.isFinite, let created = date(4), let retired = date(5),
                  let dbt = row.isNull(6) ? .some(nil) : row.text(6).map(Optional.some) else { strict = nil; return }
            strict?.append(Asset(id: AssetID(id), kind: kind, owner: TeamID(owner), maintenanceHours: hours, createdAt: created,
                                 retiredAt: retired, dbtSource: dbt))
        }
        if let strict { return strict }
        return try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM assets ORDER BY id")).map { try Self.asset($0) }
    }

    package func asset(_ id: AssetID) throws -> Asset? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM assets WHERE id = ?"), arguments: [id.rawValue]).map { try Self.asset($0) }
    }

    /// Inserts or updates an asset.
    package func save(_ asset: Asset) throws {
        try db.execute(sql: """
            INSERT INTO assets (id, kind, owner_id, maintenance_hours, created_at, retired_at, dbt_source) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, owner_id = excluded.owner_id,
                maintenance_hours = excluded.maintenance_hours, created_at = excluded.created_at, retired_at = excluded.retired_at,
                dbt_source = excluded.dbt_source
            """, arguments: [asset.id.rawValue, asset.kind.rawValue, asset.owner.rawValue, asset.maintenanceHours,
                             asset.createdAt?.description, asset.retiredAt?.description, asset.dbtSource])
    }

    static func asset(_ row: Row) throws -> Asset {
        let r = RowReader(row, table: "assets")
        return Asset(id: AssetID(try r.text("id")), kind: try r.choice(Asset.Kind.self, "kind"), owner: TeamID(try r.text("owner_id")),
                     maintenanceHours: try r.double("maintenance_hours"),
                     createdAt: try r.optionalDate("created_at"), retiredAt: try r.optionalDate("retired_at"),
                     dbtSource: try r.optionalText("dbt_source"))
    }
}

// MARK: - Sprints

extension StoreContext {
    package func sprints() throws -> [Sprint] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM sprints ORDER BY start_date, id")).map { try Self.sprint($0) }
    }

    package func sprint(_ id: SprintID) throws -> Sprint? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM sprints WHERE id = ?"), arguments: [id.rawValue]).map { try Self.sprint($0) }
    }

    /// Inserts a sprint (the schema refuses overlaps).
    package func insert(_ sprint: Sprint) throws {
        try db.execute(sql: "INSERT INTO sprints (id, start_date, end_date, timezone) VALUES (?, ?, ?, ?)",
                       arguments: [sprint.id.rawValue, sprint.start.description, sprint.end.description, sprint.timezone])
    }

    static func sprint(_ row: Row) throws -> Sprint {
        let r = RowReader(row, table: "sprints")
        return Sprint(id: SprintID(try r.text("id")), start: try r.date("start_date"), end: try r.date("end_date"),
                      timezone: try r.text("timezone"))
    }
}

// MARK: - Agreements

extension StoreContext {
    package func agreements() throws -> [Agreement] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM agreements ORDER BY id")).map { try Self.agreement($0) }
    }

    package func agreement(_ id: AgreementID) throws -> Agreement? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM agreements WHERE id = ?"), arguments: [id.rawValue]).map { try Self.agreement($0) }
    }

    package func insert(_ agreement: Agreement, at: Date) throws {
        try db.execute(sql: "INSERT INTO agreements (id, kind, asset_id, team_id, created_at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [agreement.id.rawValue, agreement.kind.rawValue, agreement.asset.rawValue,
                                   agreement.team.rawValue, Clock.iso(at)])
    }

    /// The dbt source named on each agreement that has one.
    package func agreementDBTSources() throws -> [AgreementID: String] {
        var result: [AgreementID: String] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT id, dbt_source FROM agreements WHERE dbt_source IS NOT NULL")) {
            result[AgreementID(row[0])] = row[1]
        }
        return result
    }

    /// Sets (or clears) the dbt source of an agreement; it is not part of the revisioned terms.
    package func setDBTSource(_ source: String?, of id: AgreementID) throws {
        try db.execute(sql: "UPDATE agreements SET dbt_source = ? WHERE id = ?", arguments: [source, id.rawValue])
    }

    /// Records a fact about a subject (`asset`, `agreement`, `team`) kept from an import, replacing the old value.
    package func setFact(_ kind: String, _ id: String, key: String, value: String, source: String) throws {
        try db.execute(sql: """
            INSERT INTO facts (subject_kind, subject_id, key, value, source) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(subject_kind, subject_id, key) DO UPDATE SET value = excluded.value, source = excluded.source
            """, arguments: [kind, id, key, value, source])
    }

    static func agreement(_ row: Row) throws -> Agreement {
        let r = RowReader(row, table: "agreements")
        return Agreement(id: AgreementID(try r.text("id")), kind: try r.choice(AgreementKind.self, "kind"),
                         asset: AssetID(try r.text("asset_id")), team: TeamID(try r.text("team_id")))
    }
}

// MARK: - Retros

extension StoreContext {
    /// The sprint each retro reviewed, to say in which retro a revision was decided.
    package func retroSprints() throws -> [Int64: SprintID] {
        var result: [Int64: SprintID] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT id, sprint_id FROM retros")) {
            result[row["id"]] = SprintID(row["sprint_id"])
        }
        return result
    }
}

// MARK: - Imports and observations

extension StoreContext {
    /// Writes the summary of an import once it is done.
    package func completeImport(_ id: Int64, summary: String) throws {
        try db.execute(sql: "UPDATE imports SET summary = ? WHERE id = ?", arguments: [summary, id])
    }

    /// The stored value of one observation.
    package func observationValue(_ agreement: AgreementID, at observedAt: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM observations WHERE agreement_id = ? AND observed_at = ?"),
                            arguments: [agreement.rawValue, observedAt])
    }

    /// One stored observation: when, the normalised measure (nil: not delivered), the raw value.
    package struct StoredObservation: Sendable {
        package let agreement: AgreementID
        package let observedAt: Double
        package let measure: Double?
        /// Good and total events of the interval, for event-ratio agreements (nil otherwise).
        package var counts: EventCounts? = nil
    }

    /// The observations of the given agreements in `[from, to)` (epoch seconds), by agreement then time: one range
    /// search of the `(agreement_id, observed_at)` unique index per agreement, never a walk over every observation.
    package func observations(of agreements: [AgreementID], from: Double, to: Double) throws -> [StoredObservation] {
        let statement = try db.cachedStatement(sql: """
            SELECT agreement_id, observed_at, measure, good, total FROM observations
            WHERE agreement_id = ? AND observed_at >= ? AND observed_at < ? ORDER BY observed_at
            """)
        let (low, high) = (Timestamp.format(from), Timestamp.format(to))
        var result: [StoredObservation] = []
        for agreement in agreements {
            let rows = try Row.fetchCursor(statement, arguments: [agreement.rawValue, low, high])
            while let row = try rows.next() {
                let text: String = row[1]
                let good: Int64? = row[3], total: Int64? = row[4]
                let counts = good.flatMap { g in total.flatMap { EventCounts(good: Double(g), total: Double($0)) } }
                result.append(StoredObservation(agreement: agreement, observedAt: Timestamp.parse(text) ?? 0, measure: row[2], counts: counts))
            }
        }
        return result
    }

    /// The observations of every agreement in `[from, to)` (epoch seconds), by agreement then time.
    package func observations(from: Double, to: Double) throws -> [StoredObservation] {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT agreement_id, observed_at, measure, good, total FROM observations
            WHERE observed_at >= ? AND observed_at < ? ORDER BY agreement_id, observed_at
            """, arguments: [Timestamp.format(from), Timestamp.format(to)])
        var result: [StoredObservation] = []
        while let row = try rows.next() {
            let text: String = row[1]
            let good: Int64? = row[3], total: Int64? = row[4]
            let counts = good.flatMap { g in total.flatMap { EventCounts(good: Double(g), total: Double($0)) } }
            result.append(StoredObservation(agreement: AgreementID(row[0]), observedAt: Timestamp.parse(text) ?? 0, measure: row[2], counts: counts))
        }
        return result
    }
}
