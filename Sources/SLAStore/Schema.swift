import GRDB
import SLAModel

/// The named, append-only migrations of the store. Never edit a shipped one: add the next.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1.initial") { db in
            try db.execute(sql: v1Tables)
            try db.execute(sql: v1Invariants)
        }
        migrator.registerMigration("v2.evidence") { db in
            try db.execute(sql: v2Evidence)
        }
        migrator.registerMigration("v3.retro-notes") { db in
            try db.execute(sql: v3RetroNotes)
        }
        migrator.registerMigration("v4.usage") { db in
            try db.execute(sql: v4Usage)
        }
        migrator.registerMigration("v5.event-ratio") { db in
            try db.execute(sql: v5EventRatio)
        }
        migrator.registerMigration("v6.decisions") { db in try db.execute(sql: v6Decisions) }
        migrator.registerMigration("v7.first-reads") { db in
            try db.execute(sql: FirstReadsSchema.sql)
        }
        migrator.registerMigration("v8.performance") { db in try db.execute(sql: SchemaPerformance.sql) }
        migrator.registerMigration("v9.hardening") { db in try db.execute(sql: SchemaHardening.sql) }
        migrator.registerMigration("v10.compliance-summaries") { db in try db.execute(sql: SchemaComplianceSummaries.sql) }
        migrator.registerMigration("v11.usage-summaries") { db in try db.execute(sql: SchemaUsageSummaries.sql) }
        migrator.registerMigration("v12.kept-max-users") { db in try db.execute(sql: SchemaKeptMaxUsers.sql) }
        migrator.registerMigration("v14.usage-summary-guards") { db in try db.execute(sql: SchemaUsageGuards.sql) }
        return migrator
    }

    /// The core tables.
    static let v1Tables = """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE imports (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        file TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        summary TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE teams (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('consumer', 'provider', 'platform'))
    );
    CREATE TABLE assets (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('table', 'view', 'dashboard', 'report', 'model', 'api', 'pipeline')),
        owner_id TEXT NOT NULL REFERENCES teams(id),
        maintenance_hours REAL NOT NULL DEFAULT 0 CHECK (maintenance_hours >= 0),
        created_at TEXT,
        retired_at TEXT
    );
    CREATE TABLE sprints (
        id TEXT PRIMARY KEY,
        start_date TEXT NOT NULL,
        end_date TEXT NOT NULL,
        timezone TEXT NOT NULL,
        CHECK (start_date < end_date)
    );
    CREATE TABLE agreements (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('sla', 'ola')),
        asset_id TEXT NOT NULL REFERENCES assets(id),
        team_id TEXT NOT NULL REFERENCES teams(id),
        created_at TEXT NOT NULL
    );
    CREATE TABLE retros (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        sprint_id TEXT NOT NULL REFERENCES sprints(id),
        facilitator TEXT,
        attendees TEXT NOT NULL DEFAULT '[]',
        started_at TEXT NOT NULL,
        finished_at TEXT,
        step INTEGER NOT NULL DEFAULT 1,
        item INTEGER NOT NULL DEFAULT 1
    );
    CREATE UNIQUE INDEX retros_one_open_per_sprint ON retros(sprint_id) WHERE finished_at IS NULL;
    CREATE TABLE revisions (
        agreement_id TEXT NOT NULL REFERENCES agreements(id),
        number INTEGER NOT NULL CHECK (number >= 1),
        indicator TEXT NOT NULL,
        objective TEXT NOT NULL,
        objective_metric TEXT NOT NULL,
        objective_threshold REAL NOT NULL,
        target REAL NOT NULL CHECK (target > 0 AND target < 1),
        window TEXT NOT NULL,
        timezone TEXT NOT NULL,
        review_every INTEGER NOT NULL CHECK (review_every >= 1),
        driver TEXT CHECK (driver IN ('regulatory', 'analytics', 'operational')),
        supports TEXT NOT NULL DEFAULT '[]',
        response_time_s REAL,
        compensation TEXT,
        workaround TEXT,
        postmortem_when TEXT,
        status TEXT NOT NULL CHECK (status IN ('active', 'retired')),
        effective_from TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
        retro_id INTEGER REFERENCES retros(id),
        author TEXT NOT NULL,
        source TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (agreement_id, number)
    );
    CREATE TABLE observations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        agreement_id TEXT NOT NULL REFERENCES agreements(id),
        observed_at TEXT NOT NULL,
        value TEXT NOT NULL,
        note TEXT,
        import_id INTEGER REFERENCES imports(id),
        UNIQUE (agreement_id, observed_at)
    );
    CREATE TABLE usage_events (
        occurred_at TEXT NOT NULL,
        asset_id TEXT NOT NULL,
        user TEXT NOT NULL,
        team_id TEXT,
        -- OR, not IN: an IN list builds an ephemeral index on every insert, tripling a bulk import's time.
        action TEXT NOT NULL CHECK (action = 'query' OR action = 'view' OR action = 'export' OR action = 'api'),
        -- No foreign key to imports: a million parent lookups per file; the import writes both in one transaction.
        import_id INTEGER NOT NULL
    );
    CREATE TABLE usage_rollups (
        date TEXT NOT NULL,
        asset_id TEXT NOT NULL,
        team_id TEXT NOT NULL,
        users INTEGER NOT NULL CHECK (users >= 0),
        accesses INTEGER NOT NULL CHECK (accesses >= 0),
        PRIMARY KEY (date, asset_id, team_id)
    );
    CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        severity INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 4),
        detected_at TEXT NOT NULL,
        acknowledged_at TEXT,
        resolved_at TEXT
    );
    CREATE TABLE incident_agreements (
        incident_id TEXT NOT NULL REFERENCES incidents(id),
        agreement_id TEXT NOT NULL REFERENCES agreements(id),
        PRIMARY KEY (incident_id, agreement_id)
    );
    CREATE TABLE postmortems (
        incident_id TEXT PRIMARY KEY REFERENCES incidents(id),
        title TEXT NOT NULL,
        summary TEXT,
        impact TEXT,
        root_cause TEXT,
        trigger TEXT,
        went_well TEXT,
        went_wrong TEXT,
        status TEXT NOT NULL CHECK (status IN ('draft', 'reviewed')),
        source TEXT
    );
    CREATE TABLE retro_items (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        retro_id INTEGER NOT NULL REFERENCES retros(id),
        step INTEGER NOT NULL CHECK (step BETWEEN 1 AND 8),
        position INTEGER NOT NULL,
        subject_kind TEXT NOT NULL CHECK (subject_kind IN ('agreement', 'asset', 'incident', 'team', 'action')),
        subject_id TEXT NOT NULL,
        evidence TEXT NOT NULL DEFAULT '{}',
        UNIQUE (retro_id, step, position)
    );
    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        retro_item_id INTEGER NOT NULL REFERENCES retro_items(id),
        verb TEXT NOT NULL CHECK (verb IN ('keep', 'revise', 'retire', 'create', 'snooze', 'accept-risk')),
        note TEXT,
        agreement_id TEXT,
        revision_number INTEGER,
        decided_at TEXT NOT NULL,
        FOREIGN KEY (agreement_id, revision_number) REFERENCES revisions(agreement_id, number)
    );
    CREATE TABLE action_items (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        title TEXT NOT NULL CHECK (length(trim(title)) > 0),
        owner TEXT NOT NULL,
        due_sprint_id TEXT REFERENCES sprints(id),
        origin_retro_item_id INTEGER REFERENCES retro_items(id),
        origin_postmortem_id TEXT REFERENCES postmortems(incident_id),
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
        reason TEXT,
        closed_in_retro_id INTEGER REFERENCES retros(id),
        created_at TEXT NOT NULL,
        closed_at TEXT,
        CHECK (status <> 'dropped' OR length(trim(coalesce(reason, ''))) > 0)
    );
    """

    /// The invariants of the data model that must hold even for someone editing the file with `sqlite3`.
    static let v1Invariants = """
    CREATE TRIGGER revisions_append_only_update BEFORE UPDATE ON revisions
    BEGIN SELECT RAISE(ABORT, 'revisions are append-only: record a new revision instead of changing one'); END;
    CREATE TRIGGER revisions_append_only_delete BEFORE DELETE ON revisions
    BEGIN SELECT RAISE(ABORT, 'revisions are append-only: retire the agreement with a new revision instead of deleting one'); END;
    CREATE TRIGGER revisions_numbered_in_sequence BEFORE INSERT ON revisions
    WHEN NEW.number <> (SELECT COALESCE(MAX(number), 0) + 1 FROM revisions WHERE agreement_id = NEW.agreement_id)
    BEGIN SELECT RAISE(ABORT, 'revisions are numbered 1, 2, 3, … per agreement without gaps'); END;
    CREATE TRIGGER revisions_effective_in_order BEFORE INSERT ON revisions
    WHEN NEW.effective_from < (SELECT MAX(effective_from) FROM revisions WHERE agreement_id = NEW.agreement_id)
    BEGIN SELECT RAISE(ABORT, 'a revision cannot take effect before the revision it replaces'); END;
    CREATE TRIGGER agreements_keep_history BEFORE DELETE ON agreements
    WHEN EXISTS (SELECT 1 FROM revisions WHERE agreement_id = OLD.id)
    BEGIN SELECT RAISE(ABORT, 'agreements with revisions cannot be deleted: retire them with a new revision'); END;
    CREATE TRIGGER agreements_identity_fixed BEFORE UPDATE OF id, kind, asset_id, team_id ON agreements
    BEGIN SELECT RAISE(ABORT, 'an agreement''s id, kind, asset and team are fixed: create a new agreement instead'); END;
    CREATE TRIGGER sprints_no_overlap_insert BEFORE INSERT ON sprints
    WHEN EXISTS (SELECT 1 FROM sprints WHERE start_date < NEW.end_date AND NEW.start_date < end_date)
    BEGIN SELECT RAISE(ABORT, 'sprints may not overlap'); END;
    CREATE TRIGGER sprints_no_overlap_update BEFORE UPDATE OF start_date, end_date ON sprints
    WHEN EXISTS (SELECT 1 FROM sprints WHERE id <> NEW.id AND start_date < NEW.end_date AND NEW.start_date < end_date)
    BEGIN SELECT RAISE(ABORT, 'sprints may not overlap'); END;
    """

    /// Evidence: normalised observation values, dbt source mapping, facts kept from OpenSLO/ODCS, incident details.
    static let v2Evidence = """
    ALTER TABLE observations ADD COLUMN measure REAL;
    ALTER TABLE assets ADD COLUMN dbt_source TEXT;
    ALTER TABLE agreements ADD COLUMN dbt_source TEXT;
    CREATE TABLE facts (
        subject_kind TEXT NOT NULL CHECK (subject_kind IN ('asset', 'agreement', 'team')),
        subject_id TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        source TEXT NOT NULL,
        PRIMARY KEY (subject_kind, subject_id, key)
    );
    ALTER TABLE incidents ADD COLUMN category TEXT;
    ALTER TABLE incidents ADD COLUMN source TEXT;
    ALTER TABLE postmortems ADD COLUMN date TEXT;
    ALTER TABLE postmortems ADD COLUMN missing TEXT NOT NULL DEFAULT '[]';
    """

    /// Notes taken during a retro, on an item or on the meeting.
    static let v3RetroNotes = """
    CREATE TABLE retro_notes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        retro_id INTEGER NOT NULL REFERENCES retros(id),
        retro_item_id INTEGER REFERENCES retro_items(id),
        text TEXT NOT NULL CHECK (length(trim(text)) > 0),
        noted_at TEXT NOT NULL
    );
    ALTER TABLE decisions ADD COLUMN snooze_sprints INTEGER CHECK (snooze_sprints IS NULL OR snooze_sprints >= 1);
    """

    /// Usage: asset aliases and team members for matching, richer daily rollups, and user-days for active users.
    static let v4Usage = """
    CREATE TABLE asset_aliases (alias TEXT PRIMARY KEY, asset_id TEXT NOT NULL REFERENCES assets(id));
    CREATE TABLE team_members (user TEXT PRIMARY KEY, team_id TEXT NOT NULL REFERENCES teams(id));
    ALTER TABLE usage_rollups ADD COLUMN queries INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE usage_rollups ADD COLUMN views INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE usage_user_days (
        date TEXT NOT NULL,
        team_id TEXT NOT NULL,
        user TEXT NOT NULL,
        PRIMARY KEY (date, team_id, user)
    ) WITHOUT ROWID;
    """

    /// Event-ratio agreements: an observation may carry the good and total events of its interval.
    static let v5EventRatio = """
    ALTER TABLE observations ADD COLUMN good INTEGER CHECK (good IS NULL OR good >= 0);
    ALTER TABLE observations ADD COLUMN total INTEGER CHECK (total IS NULL OR total >= 0);
    """
}
