import Foundation
import SLAModel
import SLAEvaluate

/// The minutes as JSON (`"schema": "slaretro.minutes/v1"`, described by docs/minutes.schema.json).
/// Strings are data here, not markup: JSON quoting is their escaping; control characters become `\u00XX`.
package enum MinutesJSON {
    package static func document(_ m: Minutes) -> JSONValue {
        let r = m.retro
        let retro: JSONValue = .object([
            ("id", .int(Int(r.id))), ("sprint", .string(m.sprint.id.rawValue)), ("sprint_start", .string(m.sprint.start.description)),
            ("sprint_last_day", .string(m.sprint.lastDay.description)), ("timezone", .string(m.sprint.timezone)),
            ("date", .string(MinutesViews.dateLine(m).description)), ("facilitator", .optional(r.facilitator)),
            ("attendees", .array(r.attendees.map(JSONValue.string))), ("finished", .bool(r.finishedAt != nil)),
        ])
        let steps: [JSONValue] = m.steps.map { step in
            .object([
                ("number", .int(step.number)), ("title", .string(step.title)), ("unavailable", .optional(step.unavailable)),
                ("items", .array(step.items.map { item, decisions, notes in
                    .object([
                        ("step", .int(item.step)), ("position", .int(item.position)), ("kind", .string(item.subjectKind.rawValue)),
                        ("subject", .string(item.subjectID)), ("title", .string(item.title)), ("lines", .array(item.lines.map(JSONValue.string))),
                        ("numbers", .object(item.numbers)), ("decisions", .array(decisions.map { .int(Int($0.id)) })),
                        ("notes", .array(notes.map(JSONValue.string))),
                    ])
                })),
            ])
        }
        return .object([
            ("schema", .string(Minutes.schema)),
            ("retro", retro),
            ("steps", .array(steps)),
            ("decisions", .array(m.decisions.map(decision))),
            ("undone", .array(m.undone.map(decision))),
            ("terms_now", .array(m.termsNow.map { rev in
                .object([("agreement", .string(rev.agreement.rawValue)), ("revision", .int(rev.number)), ("status", .string(rev.status.rawValue)),
                         ("terms", .string(rev.terms.summary)), ("effective_from", .string(rev.effectiveFrom.description))])
            })),
            ("undecided", .array(m.undecided.map { .object([("step", .int($0.step)), ("position", .int($0.position)), ("subject", .string($0.subjectID))]) })),
            ("actions", .object([
                ("new", .array(m.newActions.filter { !m.closedActions.contains($0) }.map(action))),
                ("closed", .array(m.closedActions.map(action))),
            ])),
            ("notes", .array(m.notes.map(JSONValue.string))),
            ("charts", .object([
                ("compliance", .array(m.compliance.map { s in
                    .object([("agreement", .string(s.agreement)), ("target", .number(s.target)),
                             ("points", .array(s.points.map { $0.map(JSONValue.number) ?? .null }))])
                })),
                ("active_users", .array(m.users.map { .object([("team", .string($0.team)), ("users", .array($0.users.map(JSONValue.int)))]) })),
            ])),
        ])
    }

    static func decision(_ d: Minutes.DecisionLine) -> JSONValue {
        .object([("id", .int(Int(d.id))), ("item", .int(Int(d.itemID))), ("subject", .string(d.subject)), ("verb", .string(d.verb)),
                 ("change", d.change.isEmpty ? .null : .string(d.change)), ("reason", .optional(d.reason))])
    }

    static func action(_ a: ActionItem) -> JSONValue {
        .object([("id", .string(a.label)), ("title", .string(a.title)), ("owner", .string(a.owner)), ("due", .optional(a.due?.rawValue)),
                 ("status", .string(a.status.rawValue)), ("reason", .optional(a.reason))])
    }
}
