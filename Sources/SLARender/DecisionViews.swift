import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger

/// The text of a decision: the preview before it is recorded and the acknowledgement after, both from the
/// one plan the ledger computed (the minutes show the same `RevisionChange`).
package enum DecisionViews {
    /// The field-by-field change of a revise (empty for other decisions).
    package static func preview(_ plan: DecisionPlan) -> String {
        guard case .revise = plan.request.act, let planned = plan.revisions.first else { return "" }
        var text = planned.change.fields.map { f in
            "  " + Formatting.pad(f.field, 11) + SafeText.terminal("\(f.old ?? "—") → \(f.new ?? "—")") + "   (\(f.direction == .neutral ? "wording" : f.direction == .tighter ? "tighter" : "looser"))\n"
        }.joined()
        text += "  classified \(planned.change.kind.rawValue)\n"
        return text
    }

    /// `✓ … · decision D-n`, one line per decision written (after the replaced one, when there was one).
    package static func acknowledgement(_ o: DecisionOutcome) -> String {
        let t = SafeText.terminal
        var text = o.replaced.map { replaced(($0)) } ?? ""
        let plan = o.plan, subject = t(plan.subject), id = o.decisions.first ?? 0
        switch plan.request.act {
        case .keep: text += "✓ \(subject) kept · decision D-\(id)\n"
        case .snooze: text += "✓ \(subject) kept, \(t(plan.request.note ?? "snoozed")) · decision D-\(id)\n"
        case .acceptRisk: text += "✓ risk on \(subject) accepted · decision D-\(id)\n"
        case .revise:
            let r = plan.revisions[0].revision
            text += "✓ revision \(r.number) of \(t(r.agreement.rawValue)) recorded, effective \(r.effectiveFrom) · decision D-\(id)\n"
        case .retire:
            if let day = plan.assetRetired { text += "✓ asset \(subject) retired, effective \(day) · decision D-\(id)\n" }
            for (p, d) in zip(plan.revisions, o.decisions) {
                text += "✓ \(t(p.revision.agreement.rawValue)) retired (revision \(p.revision.number), effective \(p.revision.effectiveFrom)) · decision D-\(d)\n"
            }
        case .create(_, let terms):
            text += "✓ \(subject) created: \(t(terms.summary)), effective \(plan.effective) · decision D-\(id)\n"
        }
        return text
    }

    /// `↺ D-5 revise taken back · revision 5 of X restores revision 3 (…)`.
    package static func undone(_ o: UndoOutcome) -> String { replaced(o, verb: "taken back") }

    static func replaced(_ o: UndoOutcome, verb: String = "replaced") -> String {
        let t = SafeText.terminal
        var text = ""
        for d in o.undone { text += "↺ D-\(d.id) \(d.verb.rawValue) on \(t(d.agreement?.rawValue ?? d.subject)) \(verb)\n" }
        for p in o.restored {
            let what = p.revision.status == .retired ? "retired again" : t(p.revision.terms.summary)
            text += "  revision \(p.revision.number) of \(t(p.revision.agreement.rawValue)) restores the terms: \(what)\n"
        }
        if let asset = o.assetRestored { text += "  asset \(t(asset.rawValue)) is in use again\n" }
        return text
    }
}

extension DecisionViews {
    /// `slaretro decisions`: one row per decision with its retro, subject, reason, the revision it wrote, and
    /// whether it stands; JSON adds the evidence that was on screen.
    package static func log(_ records: [DecisionRecord], evidence: [Int64: JSONValue], format: OutputFormat) -> String {
        let rows: [[Cell]] = records.map { d in
            let state: String = d.undo.map { u in u.replacedBy.map { "replaced by D-\($0)" } ?? "undone" } ?? "stands"
            return [Cell(text: "D-\(d.id)", json: .int(Int(d.id))), .text(d.sprint.rawValue), .int(Int(d.retro)), .text(SafeText.terminal(d.subject)),
                    .text(d.verb.rawValue), .text(d.revision.map { (d.agreement.map { $0.rawValue == d.subject ? "" : "\($0.rawValue) " } ?? "") + "rev \($0)" }),
                    .optionalInt(d.snooze), .text(d.note.map(SafeText.terminal)), .text(Clock.iso(d.decidedAt)), .text(state),
                    Cell(text: "", json: evidence[d.itemID] ?? .null)]
        }
        return Listing(columns: ["decision", "sprint", "retro", "subject", "verb", "revision", "snooze", "reason", "decided_at", "state", "evidence"],
                       rows: rows, emptyMessage: "no decisions match",
                       tableColumns: ["decision", "sprint", "subject", "verb", "revision", "reason", "state"]).render(format)
    }
}
