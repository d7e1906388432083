import GRDB
import SLAModel

// MARK: - Observations with event counts (migration v5.event-ratio)

extension StoreContext {
    /// Inserts one observation with its good and total events (nil for time-slice agreements),
    /// ignoring one already stored for the same agreement and time:
    /// agreement_id, observed_at, value, note, import_id, measure, good, total.
    package func countedObservationInserter() throws -> BulkInsert {
        try bulkInsert("""
            INSERT INTO observations (agreement_id, observed_at, value, note, import_id, measure, good, total) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(agreement_id, observed_at) DO NOTHING
            """)
    }
}
