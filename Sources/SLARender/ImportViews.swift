import SLAModel
import SLAEvaluate
import SLAImport
/// The summaries import commands print.
package enum ImportViews {
    /// `imported catalog.yaml` with counts per kind and one line per changed agreement.
    package static func catalog(_ report: CatalogReport) -> String {
        var lines = ["imported \(report.file)" + (report.isUnchanged ? ": everything unchanged" : "")]
        let kinds: [(String, CatalogReport.Counts, String)] = [
            ("teams", report.teams, "updated"), ("assets", report.assets, "updated"),
            ("sprints", report.sprints, "updated"), ("agreements", report.agreements, "revised"),
        ]
        for (name, c, changedWord) in kinds {
            var parts = ["\(c.created) created", "\(c.updated) \(changedWord)", "\(c.unchanged) unchanged"]
            if name == "agreements" { parts.append("\(c.retired) retired") }
            lines.append("  " + Formatting.pad(name, 11) + parts.joined(separator: ", "))
        }
        lines += report.changes.map { "  " + line($0) }
        return Screen.block(lines.joined(separator: "\n") + "\n", indent: 4)
    }
}

extension ImportViews {
    /// How many agreements an observations report names one by one; a file touching more (a whole catalog's daily
    /// feed) names those with the most new rows and counts the rest.
    static let listedAgreements = 20

    /// `imported obs.csv: 120 rows, 118 new, 2 already known` and the new rows per agreement.
    package static func observations(_ r: ObservationReport) -> String {
        var text = "imported \(r.file): \(Plural.count(r.rows, "row")), \(r.new) new, \(r.known) already known"
        if r.conflicts > 0 { text += ", \(r.conflicts) conflicting (the stored values are kept)" }
        text += "\n"
        let listed = r.perAgreement.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(listedAgreements)
        for (id, count) in listed.sorted(by: { $0.key < $1.key }) { text += "  \(id)  \(count) new\n" }
        if r.perAgreement.count > listed.count {
            let rest = r.perAgreement.count - listed.count, rows = r.new - listed.reduce(0) { $0 + $1.value }
            text += "  … and \(Plural.count(rest, "more agreement")) (\(Plural.count(rows, "new row")))\n"
        }
        return Screen.block(text, indent: 4)
    }

    /// One block per postmortem: incident, title, new action items, what could not be read.
    package static func postmortems(_ r: PostmortemReport) -> String {
        var text = ""
        for e in r.entries {
            text += "imported \(e.file): \(e.incident) \"\(e.title)\", \(Plural.count(e.newActions, "new action item"))\n"
            if !e.missing.isEmpty { text += "  not in the file: " + e.missing.joined(separator: "; ") + "\n" }
            text += e.notes.map { "  note: \($0)\n" }.joined()
        }
        for s in r.skipped { text += "skipped \(s) (a template)\n" }
        return Screen.block(text, indent: 4)
    }
}

extension ImportViews {
    /// `imported FILE: 2 created, 0 revised, 1 unchanged`, the changes, then what was not imported.
    package static func standard(_ r: StandardImportReport) -> String {
        var text = "imported \(r.file): \(r.created) created, \(r.revised) revised, \(r.unchanged) unchanged\n"
        text += r.changes.map { "  \(line($0))\n" }.joined()
        text += r.notes.map { "  note: \($0)\n" }.joined()
        return Screen.block(text, indent: 4)
    }
}

extension ImportViews {
    /// `created SLA-x: …, effective 2026-11-24`, `revised SLA-x (revision 2, loosened, effective 2026-11-24): target 95 % → 90 %`,
    /// `created team checkout (consumer)`: one line of an import report.
    package static func line(_ change: ImportedChange) -> String {
        switch change {
        case .team(let id, let kind): return "created team \(id) (\(kind.rawValue))"
        case .asset(let id, let kind, let owner): return "created asset \(id) (\(kind.rawValue), owner \(owner))"
        case .created(let revision): return "created \(revision.agreement): \(revision.terms.summary), effective \(revision.effectiveFrom)"
        case .revised(let revision, let change):
            let verb = revision.status == .retired ? "retired" : "revised"
            return "\(verb) \(revision.agreement) (revision \(revision.number), \(change.kind.rawValue), effective \(revision.effectiveFrom)): \(change.text(for: revision))"
        case .retiredMissing(let revision, let reason):
            return "retired \(revision.agreement) (revision \(revision.number), effective \(revision.effectiveFrom)): \(reason)"
        }
    }
}
