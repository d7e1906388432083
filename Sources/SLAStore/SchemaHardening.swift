import GRDB
import SLAModel

/// Migration `v9.hardening` (after `v8.performance`, which rebuilds usage_rollups): the store itself then refuses what the importers refuse with `FILE:LINE:` (defence in depth against any other
/// write path): an incident acknowledged or resolved before it was detected, a rollup with more users than
/// accesses or more queries and views than accesses. Existing rows are not checked (triggers fire on new writes).
enum SchemaHardening {
    static let sql = """
    CREATE TRIGGER incidents_times_insert BEFORE INSERT ON incidents
    WHEN (NEW.acknowledged_at IS NOT NULL AND NEW.acknowledged_at < NEW.detected_at)
      OR (NEW.resolved_at IS NOT NULL AND NEW.resolved_at < NEW.detected_at)
    BEGIN SELECT RAISE(ABORT, 'an incident cannot be acknowledged or resolved before it was detected'); END;
    CREATE TRIGGER incidents_times_update BEFORE UPDATE ON incidents
    WHEN (NEW.acknowledged_at IS NOT NULL AND NEW.acknowledged_at < NEW.detected_at)
      OR (NEW.resolved_at IS NOT NULL AND NEW.resolved_at < NEW.detected_at)
    BEGIN SELECT RAISE(ABORT, 'an incident cannot be acknowledged or resolved before it was detected'); END;
    CREATE TRIGGER usage_rollups_counts_insert BEFORE INSERT ON usage_rollups
    WHEN NEW.users > NEW.accesses OR NEW.queries + NEW.views > NEW.accesses
    BEGIN SELECT RAISE(ABORT, 'a rollup cannot have more users, or more queries and views, than accesses'); END;
    CREATE TRIGGER usage_rollups_counts_update BEFORE UPDATE ON usage_rollups
    WHEN NEW.users > NEW.accesses OR NEW.queries + NEW.views > NEW.accesses
    BEGIN SELECT RAISE(ABORT, 'a rollup cannot have more users, or more queries and views, than accesses'); END;
    """
}
