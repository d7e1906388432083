/// The summaries import commands print.
public enum ImportViews {
    /// `imported catalog.yaml` with counts per kind and one line per changed agreement.
    public static func catalog(_ report: CatalogReport) -> String {
        var lines = ["imported \(report.file)" + (report.isUnchanged ? ": everything unchanged" : "")]
        let kinds: [(String, CatalogReport.Counts, String)] = [
            ("teams", report.teams, "updated"), ("assets", report.assets, "updated"),
            ("sprints", report.sprints, "updated"), ("agreements", report.agreements, "revised"),
        ]
        for (name, c, changedWord) in kinds {
            var parts = ["\(c.created) created", "\(c.updated) \(changedWord)", "\(c.unchanged) unchanged"]
            if name == "agreements" { parts.append("\(c.retired) retired") }
            lines.append("  " + name.padding(toLength: 11, withPad: " ", startingAt: 0) + parts.joined(separator: ", "))
        }
        lines += report.changes.map { "  " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }
}
