/// Migration `v14.usage-summary-guards`: the triggers of `v11.usage-summaries` that drop the kept usage of a sprint
/// when a rollup or user-day of its window is written, changed or removed, now run their DELETE only when a kept
/// sprint holds the day.
///
/// The same rows go: a DELETE that matches nothing deletes nothing. Why: a DELETE from `usage_summary_sprints` (a
/// WITHOUT ROWID table with a trigger of its own) first opens a temporary b-tree for the keys it will delete, once per
/// row written, so a usage import of a million events spent more time in these triggers (about 9 s, while
/// `usage_summary_sprints` is empty from the first row on) than in writing its rollups and user-days. The guard is one
/// search of `usage_summary_sprints_window`.
enum SchemaUsageGuards {
    /// The guarded triggers of `table` (a table with a `date` column), replacing those `SchemaUsageSummaries.invalidation` made.
    static func invalidation(on table: String, name: String) -> String {
        let holds = { (row: String) in "(window_to > \(row).date AND window_from <= \(row).date)" }
        let guarded = { (trigger: String, event: String, condition: String) in
            """
            DROP TRIGGER usage_summaries_\(name)_\(trigger);
            CREATE TRIGGER usage_summaries_\(name)_\(trigger) AFTER \(event) ON \(table)
            WHEN EXISTS (SELECT 1 FROM usage_summary_sprints WHERE \(condition)) BEGIN
                DELETE FROM usage_summary_sprints WHERE \(condition);
            END;
            """
        }
        return guarded("insert", "INSERT", holds("NEW")) + "\n"
            + guarded("update", "UPDATE", "\(holds("OLD")) OR \(holds("NEW"))") + "\n"
            + guarded("delete", "DELETE", holds("OLD"))
    }

    static let sql = """
    \(invalidation(on: "usage_rollups", name: "rollup"))
    \(invalidation(on: "usage_user_days", name: "user_day"))
    """
}
