import Foundation
import SLAModel
import SLAStore

/// The content of a retro's minutes, gathered once: the one view model the Markdown, JSON and HTML minutes render.
package struct Minutes: Sendable {
    /// The version of the JSON minutes (`docs/minutes.schema.json`).
    package static let schema = "slaretro.minutes/v1"

    /// A breached agreement's compliance over the last sprints against its target.
    package struct ComplianceSeries: Sendable {
        package let agreement: String
        package let target: Double
        package let points: [Double?]
    }

    /// A team's active users over the last sprints.
    package struct UsersSeries: Sendable {
        package let team: String
        package let users: [Int]
    }

    /// One decision with its subject and the change it made.
    package struct DecisionLine: Sendable {
        package let id: Int64
        package let itemID: Int64
        package let subject: String
        package let verb: String
        package let reason: String?
        /// The revision the decision wrote, how it changed the one before, and the terms it set (nil for a decision
        /// that wrote no revision, or one whose revision is not found).
        package var revision: Int? = nil
        package var revisionChange: RevisionChange? = nil
        package var terms: Terms? = nil
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
    /// Agenda items (steps 1–7) with no standing decision, no action created on them and no action closed.
    package let undecided: [AgendaItem]
    /// Decisions taken back in this retro (by `undo`, or replaced by a later one).
    package let undone: [DecisionLine]
    /// The terms after this retro's decisions, for each agreement a decision revised, retired or created.
    package let termsNow: [Revision]
    package let compliance: [ComplianceSeries]
    package let users: [UsersSeries]

    /// Gathers the minutes of retro `id` from the store.
    /// `steps` are the agenda's steps (number, title) and, for each, why it could not be shown (nil: it could).
    package static func build(retro id: Int64, store: Store, steps stepInfo: (StoreContext, Sprint) throws -> [(number: Int, title: String, unavailable: String?)]) throws -> Minutes {
        try store.read { ctx in
            guard let retro = try ctx.retro(id) else { throw RetroError.unknownRetro(id) }
            guard let sprint = try ctx.sprint(retro.sprint) else { throw RetroError.unknownRetro(id) }
            let items = try ctx.items(retro: id)
            let itemByID = Dictionary(uniqueKeysWithValues: items.map { ($0.id, $0) })
            let records = try ctx.decisionRecords(retro: id)
            func line(_ d: DecisionRecord) throws -> DecisionLine {
                var revisionChange: RevisionChange?
                var terms: Terms?
                if let agreement = d.agreement, let number = d.revision {
                    let revisions = try ctx.revisions(of: agreement)
                    if let new = revisions.first(where: { $0.number == number }) {
                        let old = revisions.first { $0.number == number - 1 }
                        revisionChange = RevisionChange.between(old, new)
                        terms = new.terms
                    }
                }
                let subject = d.agreement?.rawValue ?? itemByID[d.itemID]?.subjectID ?? "—"
                return DecisionLine(id: d.id, itemID: d.itemID, subject: subject, verb: d.verb.rawValue, reason: d.note,
                                    revision: d.revision, revisionChange: revisionChange, terms: terms)
            }
            let decisions = try records.filter(\.isLive).map(line)
            let undone = try records.filter { !$0.isLive }.map(line)
            let notes = try ctx.notes(retro: id)
            let actions = try ctx.actions()
            let itemIDs = Set(items.map(\.id))
            let steps = try stepInfo(ctx, sprint).map { p in
                StepMinutes(number: p.number, title: p.title, unavailable: p.unavailable,
                            items: items.filter { $0.step == p.number }.map { item in
                                (item, decisions.filter { $0.itemID == item.id }, notes.filter { $0.item == item.id }.map(\.text))
                            })
            }
            let newActions = actions.filter { $0.originItem.map(itemIDs.contains) ?? false }
            let closedActions = actions.filter { $0.closedInRetro == id }
            // An item is settled by a standing decision on its subject (on any item: one decision per subject),
            // an action item raised on it, or, for a follow-up, its action closed in this retro.
            let handled = Set(decisions.map(\.itemID)).union(newActions.compactMap(\.originItem))
            let decidedSubjects = Set(records.filter(\.isLive).flatMap { [$0.subject] + ($0.agreement.map { [$0.rawValue] } ?? []) })
            let closedLabels = Set(closedActions.map(\.label))
            let undecided = items.filter { $0.step < 8 && !handled.contains($0.id) && !decidedSubjects.contains($0.subjectID)
                && !($0.subjectKind == .action && closedLabels.contains($0.subjectID)) }
            let revised = Set(records.filter(\.isLive).compactMap { $0.revision == nil ? nil : $0.agreement })
            let termsNow = try revised.sorted().compactMap { try ctx.latestRevision(of: $0) }
            var compliance: [ComplianceSeries] = []
            var users: [UsersSeries] = []
            for item in items {
                let numbers = Dictionary(item.numbers, uniquingKeysWith: { a, _ in a })
                if (item.step == 2 || item.step == 3), numbers["status"]?.string == "breached", let target = numbers["target"]?.double,
                   case .array(let burns)? = numbers["last_6"] {
                    // burn = (1 − compliance) / (1 − target), so compliance = 1 − burn · (1 − target).
                    compliance.append(ComplianceSeries(agreement: item.subjectID, target: target,
                                                       points: burns.map { $0.double.map { 1 - $0 * (1 - target) } }))
                }
                if item.step == 6, case .array(let history)? = numbers["active_users_history"] {
                    users.append(UsersSeries(team: item.subjectID, users: history.compactMap { $0.double.map { Int($0) } }))
                }
            }
            return Minutes(retro: retro, sprint: sprint, steps: steps, decisions: decisions,
                           newActions: newActions, closedActions: closedActions,
                           notes: notes.filter { $0.item == nil }.map(\.text),
                           undecided: undecided, undone: undone, termsNow: termsNow, compliance: compliance, users: users)
        }
    }
}
