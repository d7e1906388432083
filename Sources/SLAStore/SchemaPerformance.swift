import GRDB

/// v8: indexes for evaluation as of a sprint on a large workspace (issue 11). Each says which query needs it.
enum SchemaPerformance {
    static let sql = """
    -- lastAccessOfAssets (candidates, agenda step 5): MAX(date) per asset with accesses, one seek per asset.
    CREATE INDEX IF NOT EXISTS usage_rollups_last_access ON usage_rollups(asset_id, date) WHERE accesses > 0;
    -- decisionsOn / revisionEvidence(of:) / lastReviews: decisions of one agreement without reading them all.
    CREATE INDEX IF NOT EXISTS decisions_by_agreement ON decisions(agreement_id, revision_number);
    """
}
