import GRDB

extension Schema {
    /// Checked decisions: an undo is a compensating record (never a delete), and each decision keeps the
    /// newest decision its shell had seen, so a second writer's decision on the same subject is noticed.
    static let v6Decisions = """
    ALTER TABLE decisions ADD COLUMN based_on INTEGER;
    CREATE TABLE decision_undos (
        decision_id INTEGER PRIMARY KEY REFERENCES decisions(id),
        replaced_by INTEGER REFERENCES decisions(id),
        agreement_id TEXT,
        revision_number INTEGER,
        undone_at TEXT NOT NULL,
        FOREIGN KEY (agreement_id, revision_number) REFERENCES revisions(agreement_id, number)
    );
    CREATE TRIGGER decisions_kept BEFORE DELETE ON decisions
    BEGIN SELECT RAISE(ABORT, 'decisions are kept: take one back with undo (a compensating record)'); END;
    CREATE TRIGGER decision_undos_kept BEFORE DELETE ON decision_undos
    BEGIN SELECT RAISE(ABORT, 'an undo is kept: decide again instead'); END;
    """
}
