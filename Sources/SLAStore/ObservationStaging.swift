import GRDB
import SLAModel

// MARK: - Observations, written set-wise (migration v5.event-ratio added good and total)

/// An observations import's rows, held in a TEMP table of this connection as the file streams, then written into
/// `observations` by one `INSERT … SELECT` in the order of its key.
///
/// Row by row, each insert paid SQLite's statement overhead (a statement journal, the trigger program, the reset) and
/// reached the key index at a random place: 500 k rows took about twice what one set-wise insert of them takes. The
/// rows wait on disk, not in memory (SQLite sorts them with its external sorter), so the peak does not grow with the
/// file.
package final class ObservationStaging {
    private let db: Database
    private let insert: BulkInsert
    /// The cache while the rows are written: as fast as the writer's 64 MiB for 500 k rows, with half the sorter's
    /// memory (peak 81 against 133 MiB in the sqlite3 shell).
    static let writeKiB = 32_768
    /// Rows staged so far.
    package private(set) var staged = 0

    init(_ ctx: StoreContext) throws {
        db = ctx.db
        // IF NOT EXISTS and emptied: an import stopped by an error its caller caught would leave the rows.
        try db.execute(sql: """
            CREATE TEMP TABLE IF NOT EXISTS observation_import_rows (
                line INTEGER NOT NULL, agreement_id TEXT NOT NULL, observed_at TEXT NOT NULL, value TEXT NOT NULL,
                note TEXT, measure REAL, good INTEGER, total INTEGER
            );
            DELETE FROM temp.observation_import_rows;
            """)
        insert = try ctx.bulkInsert("""
            INSERT INTO temp.observation_import_rows (line, agreement_id, observed_at, value, note, measure, good, total)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
    }

    /// Stages one checked row (`observedAt` in the stored form; `good` and `total` for event-ratio agreements).
    package func add(line: Int, agreement: String, observedAt: String, value: String, note: String?, measure: Double?,
                     good: Int64?, total: Int64?) throws {
        insert.bind(1, line)
        insert.bind(2, agreement)
        insert.bind(3, observedAt)
        insert.bind(4, value)
        if let note { insert.bind(5, note) } else { insert.bindNull(5) }
        insert.bind(6, measure)
        insert.bind(7, good)
        insert.bind(8, total)
        try insert.step()
        staged += 1
    }

    /// Writes the staged rows into `observations` under `importID`, in key order (the first line of a key repeated in
    /// the file wins; `repeatedKey` then refuses it), keeping any row already stored. Returns how many were written.
    package func write(importID: Int64) throws -> Int {
        // `WHERE true`: an upsert's SELECT needs a WHERE clause. The sort and the writes share `writeKiB`.
        try db.withMainCache(kib: Self.writeKiB) {
            try db.execute(sql: """
            INSERT INTO observations (agreement_id, observed_at, value, note, import_id, measure, good, total)
            SELECT agreement_id, observed_at, value, note, ?, measure, good, total FROM temp.observation_import_rows
            WHERE true ORDER BY agreement_id, observed_at, line
            ON CONFLICT(agreement_id, observed_at) DO NOTHING
            """, arguments: [importID])
            return db.changesCount
        }
    }

    /// The first line (in file order) whose agreement and time an earlier line of this import already wrote, with
    /// that earlier line; nil when there is none. A key stored by an earlier import may repeat (it is known twice).
    package func repeatedKey(importID: Int64) throws -> (line: Int, first: Int, agreement: String, observedAt: String)? {
        // Its sort, like the write's, under `writeKiB`.
        let row = try db.withMainCache(kib: Self.writeKiB) { try Row.fetchOne(db, sql: """
            SELECT line, first, agreement_id, observed_at FROM (
                SELECT line, agreement_id, observed_at, first_value(line) OVER key AS first, row_number() OVER key AS n
                FROM temp.observation_import_rows WINDOW key AS (PARTITION BY agreement_id, observed_at ORDER BY line)
            ) AS staged
            WHERE n > 1 AND EXISTS (SELECT 1 FROM observations o WHERE o.agreement_id = staged.agreement_id
                                    AND o.observed_at = staged.observed_at AND o.import_id = ?)
            ORDER BY line LIMIT 1
            """, arguments: [importID]) }
        guard let row, let line = Int.fromDatabaseValue(row[0] as DatabaseValue), let first = Int.fromDatabaseValue(row[1] as DatabaseValue),
              let agreement = String.fromDatabaseValue(row[2] as DatabaseValue),
              let observedAt = String.fromDatabaseValue(row[3] as DatabaseValue) else { return nil }
        return (line, first, agreement, observedAt)
    }

    /// What became of each staged row, per agreement, once written: new (written by `importID`), known (stored before
    /// with the same value) or conflicting (stored before with another value, which is kept).
    package func outcomes(importID: Int64) throws -> [(agreement: String, new: Int, known: Int, conflicts: Int)] {
        try db.withMainCache(kib: Self.writeKiB) { try Row.fetchAll(db, sql: """
            SELECT s.agreement_id, SUM(o.import_id IS ?1), SUM(o.import_id IS NOT ?1 AND o.value = s.value),
                   SUM(o.import_id IS NOT ?1 AND o.value <> s.value)
            FROM temp.observation_import_rows s
            JOIN observations o ON o.agreement_id = s.agreement_id AND o.observed_at = s.observed_at
            GROUP BY s.agreement_id ORDER BY s.agreement_id
            """, arguments: [importID]) }.map { row in
            func count(_ i: Int) -> Int { Int.fromDatabaseValue(row[i] as DatabaseValue) ?? 0 }
            return (String.fromDatabaseValue(row[0] as DatabaseValue) ?? "", count(1), count(2), count(3))
        }
    }

    /// Drops the staging table: nothing is left behind on the connection.
    package func clear() throws {
        try db.execute(sql: "DROP TABLE temp.observation_import_rows")
        staged = 0
    }
}

extension StoreContext {
    /// An empty staging table for an observations import (see `ObservationStaging`).
    package func observationStaging() throws -> ObservationStaging { try ObservationStaging(self) }
}
