import Foundation
import SLAModel
import SLAStore

/// Where an agreement stands on a given day.
package enum AgreementState: String, Sendable {
    case active
    case retired
    /// Its first revision takes effect later.
    case planned
}

/// An agreement with the terms in force on a day and its whole revision history: what `agreements` shows.
package struct AgreementOverview: Sendable {
    package let agreement: Agreement
    package let asset: Asset?
    package let team: Team?
    package let revisions: [Revision]
    /// The revision in force on the day asked about (nil: not yet agreed).
    package let inForce: Revision?
    /// OLAs whose latest terms list this SLA under `supports`.
    package let supportedBy: [AgreementID]
    /// The sprint of each retro that decided one of the revisions.
    package let retroSprints: [Int64: SprintID]
    /// The evidence on screen when a retro decided a revision, by revision number.
    package let evidence: [Int: JSONValue]

    package var state: AgreementState {
        guard let inForce else { return .planned }
        return inForce.status == .retired ? .retired : .active
    }

    /// The terms to show: those in force, or the first planned ones.
    package var shown: Revision { inForce ?? revisions[0] }
    package var latest: Revision { revisions[revisions.count - 1] }

    /// Loads every agreement (or one) as it stands on the day `clock` says, in each agreement's time zone.
    /// With `known`, only the revisions in effect by then count (an agenda of an earlier sprint ignores later ones).
    package static func load(_ only: AgreementID? = nil, clock: Clock, in ctx: StoreContext, known: Bool = false) throws -> [AgreementOverview] {
        if let only { return try loadOne(only, clock: clock, in: ctx, known: known).map { [$0] } ?? [] }
        let agreements = try ctx.agreements()
        let all = try ctx.allRevisions().filter { r in
            !known || r.effectiveFrom <= clock.today(in: TimeZones.named(r.terms.timezone) ?? TimeZones.utc)
        }
        let byAgreement = Dictionary(grouping: all, by: \.agreement)
        var supportedBy: [AgreementID: [AgreementID]] = [:]
        for (ola, revisions) in byAgreement {
            guard let last = revisions.last, last.status == .active else { continue }
            for sla in last.terms.supports { supportedBy[sla, default: []].append(ola) }
        }
        let teams = Dictionary(uniqueKeysWithValues: try ctx.teams().map { ($0.id, $0) })
        let assets = Dictionary(uniqueKeysWithValues: try ctx.assets().map { ($0.id, $0) })
        let retros = try ctx.retroSprints()
        let evidence = try ctx.revisionEvidence()
        return agreements.compactMap { agreement in
            guard let revisions = byAgreement[agreement.id], let last = revisions.last else { return nil }
            let today = clock.today(in: TimeZones.named(last.terms.timezone) ?? TimeZones.utc)
            return AgreementOverview(agreement: agreement, asset: assets[agreement.asset], team: teams[agreement.team],
                                     revisions: revisions, inForce: Revision.inForce(revisions, on: today),
                                     supportedBy: (supportedBy[agreement.id] ?? []).sorted(), retroSprints: retros,
                                     evidence: evidence[agreement.id] ?? [:])
        }
    }
}

extension AgreementOverview {
    /// Loads the given agreements only (in id order), each reading its own revisions, asset, team and evidence; many
    /// of them (an import touching most of the catalog) are read as `load` reads all, in one pass, and kept.
    package static func load(ids: some Sequence<AgreementID>, clock: Clock, in ctx: StoreContext, known: Bool = false,
                             onePassAbove: Int = 32) throws -> [AgreementOverview] {
        let wanted = Set(ids)
        // One agreement's supporters are found by a search of every revision's `supports`: per agreement, that is a
        // scan of the revisions each, so past a few dozen one pass over everything is cheaper.
        if wanted.count > onePassAbove {
            return try load(clock: clock, in: ctx, known: known).filter { wanted.contains($0.agreement.id) }.sorted { $0.agreement.id < $1.agreement.id }
        }
        return try wanted.sorted().compactMap { try loadOne($0, clock: clock, in: ctx, known: known) }
    }

    /// One agreement as `load` shows it, reading only its own rows and those of the OLAs that name it under `supports`.
    static func loadOne(_ id: AgreementID, clock: Clock, in ctx: StoreContext, known: Bool) throws -> AgreementOverview? {
        guard let agreement = try ctx.agreement(id) else { return nil }
        let keep: (Revision) -> Bool = { r in
            !known || r.effectiveFrom <= clock.today(in: TimeZones.named(r.terms.timezone) ?? TimeZones.utc)
        }
        let revisions = try ctx.revisions(of: id).filter(keep)
        guard let last = revisions.last else { return nil }
        var supportedBy: [AgreementID] = []
        let supporters = Dictionary(grouping: try ctx.revisionsNaming(id).filter(keep), by: \.agreement)
        for (ola, revisions) in supporters {
            guard let latest = revisions.last, latest.status == .active else { continue }
            for sla in latest.terms.supports where sla == id { supportedBy.append(ola) }
        }
        let today = clock.today(in: TimeZones.named(last.terms.timezone) ?? TimeZones.utc)
        return AgreementOverview(agreement: agreement, asset: try ctx.asset(agreement.asset), team: try ctx.team(agreement.team),
                                 revisions: revisions, inForce: Revision.inForce(revisions, on: today),
                                 supportedBy: supportedBy.sorted(), retroSprints: try ctx.retroSprints(),
                                 evidence: try ctx.revisionEvidence(of: id))
    }
}

/// Where an agreement stands with its reviews in a sprint.
package enum ReviewState: String, Sendable, CaseIterable {
    /// Never reviewed in a retro and not yet due (new, or revised recently).
    case notStarted = "not-started"
    /// Due this sprint: its cadence has run out.
    case toReview = "to-review"
    /// Reviewed in a retro within its cadence.
    case reviewed
    /// Due, on the agenda of the last retro, and that retro decided nothing about it.
    case skipped
    /// Due for more than a sprint.
    case overdue
    /// Its cadence has run out, but this sprint's review portion is full: it is due in a later sprint.
    case queued

    /// True when the agreement needs a review now.
    package var isDue: Bool { self == .toReview || self == .skipped || self == .overdue }
}

/// One agreement's review status as of a sprint.
package struct ReviewStatus: Sendable {
    package let agreement: AgreementID
    package let state: ReviewState
    package let reviewEvery: Int
    /// The sprint of the last retro decision on it, if any.
    package let lastReviewed: SprintID?
    /// Catalog sprints since the last review or revision (nil: a revision before the catalog's first sprint).
    package let sprintsSince: Int?
    /// Sprints past its cadence (0 when not past it).
    package let sprintsOverdue: Int
    /// The sprint in which it is due for review: its turn in the review schedule (``ReviewSchedule``); nil without sprints.
    package let dueSprint: SprintID?
    /// Sprints from the sprint judged to `dueSprint` (0: due now).
    package let dueIn: Int

    /// The review status of every agreement active at the end of `sprint`, from what was known then.
    /// `overviews`: every agreement as `AgreementOverview.load(clock:in:known: true)` gives it, when the caller has them.
    package static func compute(_ sprint: Sprint, sprints: [Sprint], clock: Clock, overviews loaded: [AgreementOverview]? = nil,
                                in ctx: StoreContext) throws -> [ReviewStatus] {
        let reviews = try ctx.lastReviews(before: sprint.start)
        let agendas = try ctx.lastReviewAgendas(before: sprint.start)
        let current = sprints.firstIndex(of: sprint) ?? 0
        let overviews = try (loaded ?? AgreementOverview.load(clock: clock, in: ctx, known: true)).filter { $0.state == .active }
        // The sprint of the last review (a retro decision) or revision of each agreement. Its cadence is counted in
        // sprints of the catalog's cadence, also before the first sprint (`cadenceFrom`, negative there); the age
        // shown and the sprints past the cadence count catalog sprints only (`last`: nil before the first sprint).
        let lasts: [(overview: AgreementOverview, reviewed: Int?, last: Int?, cadenceFrom: Int?)] = overviews.map { o in
            let reviewed = reviews[o.agreement.id].flatMap { id in sprints.firstIndex { $0.id == id } }
            let revised = sprints.lastIndex { $0.start <= o.latest.effectiveFrom }
            let counted = SprintCadence.position(of: o.latest.effectiveFrom, in: sprints)
            return (o, reviewed, [reviewed, revised].compactMap { $0 }.max(), [reviewed, counted].compactMap { $0 }.max())
        }
        let schedule = ReviewSchedule(lasts.map { ($0.overview.agreement.id, $0.overview.latest.terms.reviewEvery, $0.cadenceFrom) }, current: current)
        return lasts.map { entry in
            let o = entry.overview, terms = o.latest.terms
            let age = entry.last.map { current - $0 }
            let pastCadence = (entry.cadenceFrom.map { current - $0 } ?? Int.max) >= terms.reviewEvery
            let overdue = pastCadence ? max(0, (age ?? (current + 1)) - terms.reviewEvery) : 0
            let slot = schedule.slots[o.agreement.id] ?? current
            let state: ReviewState
            if !pastCadence { state = entry.reviewed == nil ? .notStarted : .reviewed }
            else if slot > current { state = .queued }
            else if let agenda = agendas[o.agreement.id.rawValue], !agenda.decided,
                    let at = sprints.firstIndex(where: { $0.id == agenda.sprint }), at >= (entry.last ?? -1) { state = .skipped }
            else { state = overdue > 0 ? .overdue : .toReview }
            return ReviewStatus(agreement: o.agreement.id, state: state, reviewEvery: terms.reviewEvery, lastReviewed: reviews[o.agreement.id],
                                sprintsSince: age, sprintsOverdue: overdue, dueSprint: SprintCadence.id(at: slot, in: sprints),
                                dueIn: slot - current)
        }
    }

    /// The status as of the last sprint that has finished by `clock` (for `agreements list`); empty without sprints.
    package static func current(clock: Clock, in ctx: StoreContext) throws -> [AgreementID: ReviewStatus] {
        let sprints = try ctx.sprints()
        guard let sprint = sprints.last(where: { $0.end <= clock.today(in: TimeZones.named($0.timezone) ?? TimeZones.utc) }) else { return [:] }
        let end = Clock(now: sprint.end.start(in: TimeZones.named(sprint.timezone) ?? TimeZones.utc).addingTimeInterval(-1))
        return Dictionary(uniqueKeysWithValues: try compute(sprint, sprints: sprints, clock: end, in: ctx).map { ($0.agreement, $0) })
    }
}

/// The review debt: how many agreements are due and how many sprints past their cadence in all; how many more
/// wait in the review schedule for a later sprint.
package struct ReviewDebt: Sendable, Equatable {
    package let agreements: Int
    package let sprintsOverdue: Int
    /// Past their cadence but due in a later sprint (the portion of this one is full).
    package let queued: Int

    package init(_ statuses: [ReviewStatus]) {
        let due = statuses.filter { $0.state.isDue }
        agreements = due.count
        sprintsOverdue = due.reduce(0) { $0 + $1.sprintsOverdue }
        queued = statuses.filter { $0.state == .queued }.count
    }
}
