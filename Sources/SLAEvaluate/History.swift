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

/// Builds and filters the revision history.
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

/// One sprint of `history --stats`.
package struct SprintStats: Sendable {
    package let sprint: SprintID
    package let revisions: Int
    package let tightened: Int
    package let loosened: Int
    /// Standing decisions of the retros of this sprint.
    package let decisions: Int
    /// Agreements in force at the end of the sprint that no retro up to this sprint's had decided on.
    package let neverReviewed: Int
}

/// How the set of agreements changed between two days (`slaretro diff A B`).
package struct AgreementChange: Sendable {
    package let agreement: AgreementID
    /// created, retired, tightened, loosened, mixed or reworded.
    package let kind: ChangeKind
    package let from: Revision?
    package let to: Revision?
    package let change: RevisionChange?
    /// The sprint of the retro that decided the newer revision, when one did.
    package let retro: SprintID?
}

extension History {
    /// Per sprint: revisions that took effect in it, tightened and loosened among them, the decisions of its
    /// retros, and the agreements never reviewed by its end.
    package static func stats(_ overviews: [AgreementOverview], sprints: [Sprint], decisions: [DecisionRecord]) -> [SprintStats] {
        let entries = History.entries(overviews)
        return sprints.map { s in
            let inSprint = entries.filter { $0.revision.effectiveFrom >= s.start && $0.revision.effectiveFrom < s.end }
            let upTo = Set(sprints.filter { $0.start <= s.start }.map(\.id))
            let reviewed = Set(decisions.filter { $0.isLive && upTo.contains($0.sprint) }.flatMap { [$0.subject] + ($0.agreement.map { [$0.rawValue] } ?? []) })
            let active = overviews.filter { o in Revision.inForce(o.revisions, on: s.lastDay).map { $0.status == .active } ?? false }
            return SprintStats(sprint: s.id, revisions: inSprint.count,
                               tightened: inSprint.filter { $0.change.kind == .tightened }.count,
                               loosened: inSprint.filter { $0.change.kind == .loosened }.count,
                               decisions: decisions.filter { $0.isLive && $0.sprint == s.id }.count,
                               neverReviewed: active.filter { !reviewed.contains($0.agreement.id.rawValue) }.count)
        }
    }

    /// The agreements created, retired, tightened, loosened (or changed otherwise) between the terms in force
    /// on `from` and those in force on `to`, by agreement id.
    package static func diff(_ overviews: [AgreementOverview], from: LocalDate, to: LocalDate) -> [AgreementChange] {
        overviews.compactMap { o in
            let a = Revision.inForce(o.revisions, on: from).flatMap { $0.status == .active ? $0 : nil }
            let bAny = Revision.inForce(o.revisions, on: to)
            let b = bAny.flatMap { $0.status == .active ? $0 : nil }
            let retro = bAny?.retroID.flatMap { o.retroSprints[$0] }
            switch (a, b) {
            case (nil, nil): return nil
            case (nil, let b?): return AgreementChange(agreement: o.agreement.id, kind: .created, from: nil, to: b, change: nil, retro: retro)
            case (let a?, nil): return AgreementChange(agreement: o.agreement.id, kind: .retired, from: a, to: bAny, change: nil, retro: retro)
            case (let a?, let b?):
                guard a.terms != b.terms else { return nil }
                let change = RevisionChange.between(a, b)
                return AgreementChange(agreement: o.agreement.id, kind: change.kind, from: a, to: b, change: change, retro: retro)
            }
        }.sorted { $0.agreement < $1.agreement }
    }
}
