import Foundation
import SLAModel
import SLAStore

/// One line of `history`: a revision and how it changed the one before.
package struct HistoryEntry: Sendable {
    package let revision: Revision
    package let change: RevisionChange
    /// The sprint of the retro that decided it, when one did.
    package let retro: SprintID?
    /// The evidence on screen when the retro decided it.
    package let evidence: JSONValue?
}

/// The answer to "what was in force on DATE?" for one agreement.
package enum AsOfAnswer: Sendable {
    case notYetAgreed(firstEffective: LocalDate)
    case inForce(Revision)
    case retired(Revision)
}

/// Builds and filters the revision history (SPEC §5 "History").
package enum History {
    /// Every revision of the given agreements with its classification, by agreement then number.
    package static func entries(_ overviews: [AgreementOverview]) -> [HistoryEntry] {
        overviews.flatMap { overview in
            overview.revisions.enumerated().map { i, revision in
                HistoryEntry(revision: revision,
                             change: RevisionChange.between(i == 0 ? nil : overview.revisions[i - 1], revision),
                             retro: revision.retroID.flatMap { overview.retroSprints[$0] },
                             evidence: overview.evidence[revision.number])
            }
        }
    }

    /// Keeps the entries effective within `[since, until]` and of the given kind.
    package static func filter(_ entries: [HistoryEntry], since: LocalDate?, until: LocalDate?, kind: ChangeKind?) -> [HistoryEntry] {
        entries.filter { entry in
            let date = entry.revision.effectiveFrom
            return (since.map { date >= $0 } ?? true) && (until.map { date <= $0 } ?? true)
                && (kind.map { entry.change.kind == $0 } ?? true)
        }
    }

    /// What was in force on `date`: the newest revision effective on or before it.
    package static func asOf(_ overview: AgreementOverview, on date: LocalDate) -> AsOfAnswer {
        guard let revision = Revision.inForce(overview.revisions, on: date) else {
            return .notYetAgreed(firstEffective: overview.revisions[0].effectiveFrom)
        }
        return revision.status == .retired ? .retired(revision) : .inForce(revision)
    }
}

/// The decision log: every decision of every retro, filtered (`slaretro decisions`).
package enum DecisionLog {
    /// Keeps the decisions about `subject` (an agreement also matches decisions that revised it), of retro
    /// `retro`, with verb `verb`, decided on or after `since` (UTC day), about team `team`.
    package static func filter(_ records: [DecisionRecord], subject: String? = nil, retro: Int64? = nil, verb: DecisionVerb? = nil,
                               since: LocalDate? = nil, team: TeamID? = nil) -> [DecisionRecord] {
        records.filter { d in
            (subject.map { d.subject == $0 || d.agreement?.rawValue == $0 } ?? true)
                && (retro.map { d.retro == $0 } ?? true)
                && (verb.map { d.verb == $0 } ?? true)
                && (since.map { LocalDate(d.decidedAt, in: TimeZones.utc) >= $0 } ?? true)
                && (team.map { d.team == $0 } ?? true)
        }
    }
}
