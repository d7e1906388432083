import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger
import SLARender

/// `accept`: applies the right-sizing proposal of the current step-5 item through the one decision path.
///
/// The proposal and its evidence (profile, window, reason) are the item's evidence snapshot, stored when the
/// agenda was drafted, so they stay with the decision in the minutes, `history` and `slaretro decisions`.
/// The reason defaults to the proposal's reason line; `--reason TEXT` replaces it.
extension RetroSession {
    /// The proposal numbers of the current item, or nil when it is not a right-sizing proposal.
    var currentProposal: [String: JSONValue]? {
        guard let item = currentItem else { return nil }
        let numbers = Dictionary(item.numbers, uniquingKeysWith: { a, _ in a })
        return numbers["proposal"]?.string == nil ? nil : numbers
    }

    func accept(_ args: ParsedLine) throws -> String {
        guard let proposal = currentProposal, let kind = proposal["proposal"]?.string else {
            throw ShellError.usage("accept applies the right-sizing proposal of the current item; this item has none (proposals are in step 5)")
        }
        var args = args
        if args.options["--reason"]?.trimmingCharacters(in: .whitespaces).isEmpty ?? true {
            args.options["--reason"] = proposal["reason"]?.string
        }
        if kind == ProposalKind.unpromisedDependency.rawValue {
            // `create` fills in kind=sla, the asset and the team from the proposal.
            guard let id = args.words.first, !id.contains("=") else {
                throw ShellError.usage("accept on an unpromised dependency creates an SLA: accept ID objective=… target=… [FIELD=VALUE…]")
            }
            return try create(args)
        }
        guard args.words.isEmpty else {
            throw ShellError.usage("accept takes no FIELD=VALUE: it applies the proposal as shown; use revise to change something else")
        }
        guard let assignment = proposal["assignment"]?.string, let subject = currentItem?.subjectID else {
            throw ShellError.usage("this \(kind) proposal names no new value: keep, revise FIELD=VALUE --reason TEXT, or accept-risk")
        }
        let changes = try Ledger.assignments([assignment])
        return try decide(.revise(changes), subject: subject, note: args.options["--reason"], args) { plan in
            let r = plan.revisions[0].revision
            return "Record revision \(r.number) of \(r.agreement), effective \(r.effectiveFrom)? [y/N] "
        }
    }

    /// What `create` on an unpromised-dependency item fills in when not typed: kind=sla, asset and team.
    func proposalDefaults() -> [String: String] {
        guard let proposal = currentProposal, proposal["proposal"]?.string == ProposalKind.unpromisedDependency.rawValue,
              let asset = proposal["asset"]?.string, let team = proposal["team"]?.string else { return [:] }
        return ["kind": "sla", "asset": asset, "team": team]
    }
}
