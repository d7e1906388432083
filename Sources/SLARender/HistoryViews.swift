import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLAImport

/// The renderings of `history`: the revision table, its JSON, and the `--as-of` answers.
package enum HistoryViews {
    /// Every entry with its field-by-field change; the agreement column is left out when one agreement is asked for.
    package static func list(_ entries: [HistoryEntry], single: Bool, format: OutputFormat) -> String {
        if format == .json { return JSONValue.array(entries.map(json)).rendered() }
        var columns = ["agreement", "rev", "effective_from", "kind", "change", "reason", "author", "retro"]
        var rows: [[Cell]] = entries.map { e in
            [.text(e.revision.agreement.rawValue), .int(e.revision.number), .text(e.revision.effectiveFrom.description),
             .text(e.change.kind.rawValue), .text(e.change.text(for: e.revision)), .text(e.revision.reason),
             .text(e.revision.author), .text(e.retro?.rawValue)]
        }
        if single && format == .table {
            columns.removeFirst()
            rows = rows.map { Array($0.dropFirst()) }
        }
        var text = Listing(columns: columns, rows: rows, emptyMessage: "no revisions match").render(format)
        if format == .table {
            for e in entries {
                guard let evidence = e.evidence, let retro = e.retro else { continue }
                text += "\nevidence for \(single ? "" : "\(e.revision.agreement) ")revision \(e.revision.number), on screen in retro \(retro):\n"
                text += "  " + (evidence["title"]?.string ?? "") + "\n" + (evidence["lines"]?.strings ?? []).map { "    \($0)\n" }.joined()
            }
        }
        return text
    }

    static func json(_ e: HistoryEntry) -> JSONValue {
        .object([
            ("agreement", .string(e.revision.agreement.rawValue)),
            ("revision", .int(e.revision.number)),
            ("effective_from", .string(e.revision.effectiveFrom.description)),
            ("kind", .string(e.change.kind.rawValue)),
            ("changes", .array(e.change.fields.map { f in
                .object([("field", .string(f.field)), ("old", .optional(f.old)), ("new", .optional(f.new)),
                         ("direction", .string(f.direction.rawValue))])
            })),
            ("reason", .string(e.revision.reason)),
            ("author", .string(e.revision.author)),
            ("retro", .optional(e.retro?.rawValue)),
            ("evidence", e.evidence ?? .null),
            ("terms", AgreementViews.revisionJSON(e.revision, retro: e.retro)),
        ])
    }

    /// The answer for one agreement on one day.
    package static func asOf(_ overview: AgreementOverview, date: LocalDate, format: OutputFormat) -> String {
        let answer = History.asOf(overview, on: date)
        let id = overview.agreement.id
        if format == .json { return asOfJSON(id, date: date, answer: answer, retros: overview.retroSprints).rendered() }
        switch answer {
        case .notYetAgreed(let first):
            return "\(id) was not yet agreed on \(date) (its first revision takes effect on \(first))\n"
        case .retired(let r):
            return "\(id) was retired on \(r.effectiveFrom) (revision \(r.number): \(r.reason))\n"
        case .inForce(let r):
            let retro = r.retroID.flatMap { overview.retroSprints[$0] }.map { " · decided in \($0)" } ?? ""
            return "in force on \(date): \(id) revision \(r.number) — \(r.terms.summary)\n"
                + "  since \(r.effectiveFrom) · \(r.reason) · by \(r.author)\(retro)\n"
        }
    }

    /// The answers for every agreement on one day.
    package static func asOfAll(_ overviews: [AgreementOverview], date: LocalDate, format: OutputFormat) -> String {
        if format == .json {
            return JSONValue.array(overviews.map { asOfJSON($0.agreement.id, date: date, answer: History.asOf($0, on: date), retros: $0.retroSprints) }).rendered()
        }
        let rows: [[Cell]] = overviews.map { o in
            switch History.asOf(o, on: date) {
            case .notYetAgreed(let first):
                return [.text(o.agreement.id.rawValue), .text(nil), .text("not yet agreed"), .text("first revision takes effect \(first)"), .text(nil)]
            case .retired(let r):
                return [.text(o.agreement.id.rawValue), .int(r.number), .text("retired"), .text(r.reason), .text(r.effectiveFrom.description)]
            case .inForce(let r):
                return [.text(o.agreement.id.rawValue), .int(r.number), .text("in force"), .text(r.terms.summary), .text(r.effectiveFrom.description)]
            }
        }
        let prefix = format == .table ? "in force on \(date):\n" : ""
        return prefix + Listing(columns: ["agreement", "rev", "state", "terms", "since"], rows: rows, emptyMessage: "no agreements").render(format)
    }

    static func asOfJSON(_ id: AgreementID, date: LocalDate, answer: AsOfAnswer, retros: [Int64: SprintID]) -> JSONValue {
        let (state, revision): (String, Revision?) = switch answer {
        case .notYetAgreed: ("not_yet_agreed", nil)
        case .retired(let r): ("retired", r)
        case .inForce(let r): ("in_force", r)
        }
        return .object([("agreement", .string(id.rawValue)), ("as_of", .string(date.description)), ("state", .string(state)),
                        ("revision", revision.map { AgreementViews.revisionJSON($0, retro: $0.retroID.flatMap { retros[$0] }) } ?? .null)])
    }
}

extension HistoryViews {
    /// `history ID`: the revisions and the retro decisions about the agreement in the order they were recorded,
    /// so a `keep`, an `accept-risk` or a snooze shows next to the revisions it left alone.
    package static func timeline(_ entries: [HistoryEntry], decisions: [DecisionRecord]) -> String {
        guard !decisions.isEmpty else { return "" }
        enum Event { case revision(HistoryEntry), decision(DecisionRecord) }
        // A decision comes right after the revision it wrote; one that wrote none, by its time.
        let recorded = Dictionary(entries.map { ($0.revision.number, $0.revision.recordedAt) }, uniquingKeysWith: { a, _ in a })
        var events: [(Date, Int, Int64, Event)] = entries.map { ($0.revision.recordedAt, $0.revision.number, 0, .revision($0)) }
        for d in decisions {
            if let n = d.revision, let at = recorded[n] { events.append((at, n, d.id, .decision(d))) }
            else { events.append((d.decidedAt, Int.max, d.id, .decision(d))) }
        }
        var text = "\ndecisions and revisions, in the order they were recorded:\n"
        for (at, _, _, event) in events.sorted(by: { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }) {
            let day = LocalDate(at, in: TimeZones.utc)
            switch event {
            case .revision(let e):
                let details = e.change.details(for: e.revision)
                text += "  \(day)  revision \(e.revision.number) \(e.change.kind.rawValue)" + (details.isEmpty ? "" : ": \(SafeText.terminal(details))") + "\n"
            case .decision(let d):
                let state = d.undo.map { u in u.replacedBy.map { " [replaced by D-\($0)]" } ?? " [undone]" } ?? ""
                text += "  \(day)  D-\(d.id) \(d.verb.rawValue) in retro \(d.sprint)\(d.revision.map { " → revision \($0)" } ?? "")"
                    + (d.note.map { ": \(SafeText.terminal($0))" } ?? "") + state + "\n"
            }
        }
        return text
    }
}

extension HistoryViews {
    /// `history --stats`.
    package static func stats(_ rows: [SprintStats], format: OutputFormat) -> String {
        Listing(columns: ["sprint", "revisions", "tightened", "loosened", "decisions", "never_reviewed"],
                rows: rows.map { [.text($0.sprint.rawValue), .int($0.revisions), .int($0.tightened), .int($0.loosened), .int($0.decisions), .int($0.neverReviewed)] },
                emptyMessage: "no sprints yet (slaretro sprint add)").render(format)
    }

    /// `slaretro diff A B`.
    package static func diff(_ changes: [AgreementChange], format: OutputFormat) -> String {
        Listing(columns: ["agreement", "change", "from", "to", "detail", "decided_in"],
                rows: changes.map { c in
                    [.text(c.agreement.rawValue), .text(c.kind.rawValue), .text(c.from.map { "rev \($0.number)" }), .text(c.to.map { "rev \($0.number)" }),
                     .text(c.change.map { ch in ch.fields.map(\.text).joined(separator: "; ") } ?? (c.kind == .created ? c.to?.terms.summary : nil)),
                     .text(c.retro?.rawValue)]
                }, emptyMessage: "no agreement changed").render(format)
    }
}
