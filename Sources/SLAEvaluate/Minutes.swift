import Foundation
import SLAModel
import SLAStore

/// The content of a retro's minutes (SPEC §5), gathered once and rendered as Markdown.
package struct Minutes: Sendable {
    /// One decision with its subject and the change it made.
    package struct DecisionLine: Sendable {
        package let id: Int64
        package let itemID: Int64
        package let subject: String
        package let verb: String
        /// `target 95 % → 90 % (loosened)`, `retired`, `created: …`, or empty.
        package let change: String
        package let reason: String?
    }

    /// One step with its items, their decisions and notes.
    package struct StepMinutes: Sendable {
        package let number: Int
        package let title: String
        package let unavailable: String?
        package let items: [(item: AgendaItem, decisions: [DecisionLine], notes: [String])]
    }

    package let retro: Retro
    package let sprint: Sprint
    package let steps: [StepMinutes]
    package let decisions: [DecisionLine]
    package let newActions: [ActionItem]
    package let closedActions: [ActionItem]
    /// Notes not taken on an item.
    package let notes: [String]

    /// Gathers the minutes of retro `id` from the store.
    /// `steps` are the agenda's steps (number, title) and, for each, why it could not be shown (nil: it could).
    package static func build(retro id: Int64, store: Store, steps stepInfo: (StoreContext, Sprint) throws -> [(number: Int, title: String, unavailable: String?)]) throws -> Minutes {
        try store.read { ctx in
            guard let retro = try ctx.retro(id) else { throw RetroError.unknownRetro(id) }
            guard let sprint = try ctx.sprint(retro.sprint) else { throw RetroError.unknownRetro(id) }
            let items = try ctx.items(retro: id)
            let itemByID = Dictionary(uniqueKeysWithValues: items.map { ($0.id, $0) })
            let decisions = try ctx.decisions(retro: id).map { d -> DecisionLine in
                var change = ""
                if let agreement = d.agreement, let number = d.revision {
                    let revisions = try ctx.revisions(of: agreement)
                    if let new = revisions.first(where: { $0.number == number }) {
                        let old = revisions.first { $0.number == number - 1 }
                        let diff = RevisionChange.between(old, new)
                        change = diff.text(for: new) + (diff.kind == .created || diff.kind == .retired ? "" : " (\(diff.kind.rawValue))")
                    }
                }
                let subject = d.agreement?.rawValue ?? itemByID[d.itemID]?.subjectID ?? "—"
                return DecisionLine(id: d.id, itemID: d.itemID, subject: subject, verb: d.verb.rawValue, change: change, reason: d.note)
            }
            let notes = try ctx.notes(retro: id)
            let actions = try ctx.actions()
            let itemIDs = Set(items.map(\.id))
            let steps = try stepInfo(ctx, sprint).map { p in
                StepMinutes(number: p.number, title: p.title, unavailable: p.unavailable,
                            items: items.filter { $0.step == p.number }.map { item in
                                (item, decisions.filter { $0.itemID == item.id }, notes.filter { $0.item == item.id }.map(\.text))
                            })
            }
            return Minutes(retro: retro, sprint: sprint, steps: steps, decisions: decisions,
                           newActions: actions.filter { $0.originItem.map(itemIDs.contains) ?? false },
                           closedActions: actions.filter { $0.closedInRetro == id },
                           notes: notes.filter { $0.item == nil }.map(\.text))
        }
    }
}
