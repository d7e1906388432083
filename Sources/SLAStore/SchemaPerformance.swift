import GRDB

/// v8: the storage and indexes that evaluation as of a sprint needs on a large workspace (issue 11).
/// Each index or table says which query needs it.
enum SchemaPerformance {
    static let sql = """
    -- teamUsage / activeUsers / assetAccesses / dailyAccesses (democratization, candidates, agenda steps 5–6) read a
    -- date range of the rollups: keyed by (date, asset, team) WITHOUT ROWID, the key range holds every column, so the
    -- range search reads no second b-tree (it was one table lookup per rollup row); imports write one b-tree, not two.
    CREATE TABLE usage_rollups_v8 (
        date TEXT NOT NULL,
        asset_id TEXT NOT NULL,
        team_id TEXT NOT NULL,
        users INTEGER NOT NULL CHECK (users >= 0),
        accesses INTEGER NOT NULL CHECK (accesses >= 0),
        queries INTEGER NOT NULL DEFAULT 0,
        views INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (date, asset_id, team_id)
    ) WITHOUT ROWID;
    INSERT INTO usage_rollups_v8 (date, asset_id, team_id, users, accesses, queries, views)
        SELECT date, asset_id, team_id, users, accesses, queries, views FROM usage_rollups;
    DROP TABLE usage_rollups;
    ALTER TABLE usage_rollups_v8 RENAME TO usage_rollups;
    -- lastAccessOfAssets (candidates, agenda step 5): MAX(date) per asset with accesses, one seek per asset.
    CREATE INDEX usage_rollups_last_access ON usage_rollups(asset_id, date) WHERE accesses > 0;
    -- revisionEvidence(of:) (history ID, agreements show ID): the decisions of one agreement without reading them all.
    CREATE INDEX decisions_by_agreement ON decisions(agreement_id, revision_number);
    """
}
