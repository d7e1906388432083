import Foundation
import SLAModel
import SLAEvaluate
import SLAImport

/// The renderings of agreements: the list, one agreement in detail, and a revision as JSON.
package enum AgreementViews {
    /// `agreements list`: one row per agreement with the terms in force.
    /// `agreements list`; with `reviews`, each agreement's review state as of the last finished sprint, the sprint it
    /// is due for review in (`review_due`; a table shows it instead of the state when it is a later sprint), and the review debt
    /// under the table.
    package static func list(_ overviews: [AgreementOverview], reviews: [AgreementID: ReviewStatus]? = nil, format: OutputFormat) -> String {
        guard let reviews else {
            return Listing(columns: columns, rows: overviews.map(row), emptyMessage: "no agreements (import a catalog: slaretro import catalog FILE.yaml)",
                           tableColumns: ["id", "kind", "asset", "team", "objective", "target", "revision", "status"]).render(format)
        }
        let rows = overviews.map { o in
            row(o) + [ReviewViews.cell(reviews[o.agreement.id]), .text(reviews[o.agreement.id]?.dueSprint?.rawValue)]
        }
        let text = Listing(columns: columns + ["review", "review_due"], rows: rows, emptyMessage: "no agreements (import a catalog: slaretro import catalog FILE.yaml)",
                           tableColumns: ["id", "kind", "team", "objective", "target", "status", "review"]).render(format)
        guard format == .table, !overviews.isEmpty, !reviews.isEmpty else { return text }
        return text + ReviewViews.debt(ReviewDebt(overviews.compactMap { reviews[$0.agreement.id] }))
    }

    /// The columns of `agreements list` (JSON keys, CSV header).
    static let columns = ["id", "kind", "asset", "team", "indicator", "objective", "target", "window", "timezone", "revision", "status", "effective_from"]

    static func row(_ o: AgreementOverview) -> [Cell] {
        let r = o.shown
        return [.text(o.agreement.id.rawValue), .text(o.agreement.kind.rawValue), .text(o.agreement.asset.rawValue),
                .text(o.agreement.team.rawValue), .text(r.terms.indicator.rawValue), .text(r.terms.objective.description),
                .percent(r.terms.target), .text(r.terms.window.description), .text(r.terms.timezone),
                .int(r.number), .text(o.state.rawValue), .text(r.effectiveFrom.description)]
    }

    /// `agreements show ID`: terms in force, playbook, the OLA ↔ SLA chain, revisions.
    package static func show(_ o: AgreementOverview, format: OutputFormat) -> String {
        switch format {
        case .json: return detailJSON(o).rendered()
        case .csv:
            // One row: the list's columns, then the chain and the revisions.
            let t = o.shown.terms
            let extra: [Cell] = [
                .text(t.playbook.responseTime.map(Formatting.duration)), .int(t.reviewEvery),
                Cell(text: t.supports.map(\.rawValue).joined(separator: " "), json: .string(t.supports.map(\.rawValue).joined(separator: " "))),
                Cell(text: o.supportedBy.map(\.rawValue).joined(separator: " "), json: .string(o.supportedBy.map(\.rawValue).joined(separator: " "))),
                .int(o.revisions.count), .text(o.latest.effectiveFrom.description), .text(o.latest.reason),
            ]
            return Listing(columns: columns + ["response_time", "review_every", "supports", "supported_by", "revisions", "last_change", "last_reason"],
                           rows: [row(o) + extra], emptyMessage: "").render(.csv)
        case .table: break
        }
        let r = o.shown, t = r.terms, a = o.agreement
        var lines = ["\(a.id)  (\(a.kind.rawValue.uppercased()), \(o.state.rawValue))"]
        func add(_ label: String, _ value: String?) {
            guard let value else { return }
            lines.append("  " + Formatting.pad(label, 14) + value)
        }
        let assetText = o.asset.map { "\($0.id) (\($0.kind.rawValue), owner \($0.owner), \(Formatting.number($0.maintenanceHours))h maintenance per sprint)" } ?? a.asset.rawValue
        add("asset", assetText)
        add(a.kind.teamRole, o.team.map { "\($0.id) (\($0.name))" } ?? a.team.rawValue)
        add("indicator", t.indicator.rawValue)
        add("objective", t.objective.description + (t.objective.metric == .deliveredBy ? " \(t.timezone)" : ""))
        add("target", Formatting.percent(t.target))
        add("window", t.window.description)
        add("timezone", t.timezone)
        add("driver", t.driver?.rawValue)
        add("review every", Plural.count(t.reviewEvery, "sprint"))
        add("in force", o.inForce.map { "revision \($0.number) since \($0.effectiveFrom)" } ?? "not yet (first revision takes effect \(r.effectiveFrom))")
        lines.append("  playbook")
        if t.playbook.isEmpty { lines.append("    (none recorded)") }
        let book: [(String, String?)] = [("response time", t.playbook.responseTime.map(Formatting.duration)),
                                         ("compensation", t.playbook.compensation), ("workaround", t.playbook.workaround),
                                         ("postmortem when", t.playbook.postmortemWhen?.description)]
        for (label, value) in book { if let value { lines.append("    " + Formatting.pad(label, 16) + value) } }
        if a.kind == .ola { add("supports", t.supports.isEmpty ? "(no SLA)" : t.supports.map(\.rawValue).joined(separator: ", ")) }
        if a.kind == .sla { add("supported by", o.supportedBy.isEmpty ? "(no OLA)" : o.supportedBy.map(\.rawValue).joined(separator: ", ")) }
        let last = o.latest
        let change = RevisionChange.between(o.revisions.count > 1 ? o.revisions[o.revisions.count - 2] : nil, last)
        add("revisions", "\(o.revisions.count) (last change \(last.effectiveFrom), \(change.kind.rawValue): \(last.reason))")
        if last.number != r.number { add("next", "revision \(last.number) takes effect \(last.effectiveFrom)") }
        return Screen.block(lines.joined(separator: "\n") + "\n", indent: 16)
    }

    static func detailJSON(_ o: AgreementOverview) -> JSONValue {
        .object([
            ("id", .string(o.agreement.id.rawValue)), ("kind", .string(o.agreement.kind.rawValue)),
            ("asset", .string(o.agreement.asset.rawValue)), ("team", .string(o.agreement.team.rawValue)),
            ("status", .string(o.state.rawValue)),
            ("in_force", o.inForce.map { revisionJSON($0, retro: nil) } ?? .null),
            ("supported_by", .array(o.supportedBy.map { .string($0.rawValue) })),
            ("revisions", .int(o.revisions.count)),
            ("last_change", .string(o.latest.effectiveFrom.description)),
        ])
    }

    /// A revision with all its terms, as history and `agreements show` give it to programs.
    package static func revisionJSON(_ r: Revision, retro: SprintID?) -> JSONValue {
        let t = r.terms
        return .object([
            ("number", .int(r.number)), ("status", .string(r.status.rawValue)),
            ("effective_from", .string(r.effectiveFrom.description)),
            ("indicator", .string(t.indicator.rawValue)), ("objective", .string(t.objective.description)),
            ("target", .number(t.target)), ("window", .string(t.window.description)), ("timezone", .string(t.timezone)),
            ("review_every", .int(t.reviewEvery)), ("driver", .optional(t.driver?.rawValue)),
            ("supports", .array(t.supports.map { .string($0.rawValue) })),
            ("playbook", .object([
                ("response_time", .optional(t.playbook.responseTime.map(Formatting.duration))),
                ("compensation", .optional(t.playbook.compensation)), ("workaround", .optional(t.playbook.workaround)),
                ("postmortem_when", .optional(t.playbook.postmortemWhen?.description)),
            ])),
            ("reason", .string(r.reason)), ("author", .string(r.author)), ("source", .string(r.source)),
            ("retro", .optional(retro?.rawValue)), ("recorded_at", .string(Clock.iso(r.recordedAt))),
        ])
    }
}
