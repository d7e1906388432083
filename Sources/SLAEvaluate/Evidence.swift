import Foundation
import SLAModel
import SLAStore

/// Why an SLA breached: its own failure, or a supporting OLA that breached in the same window (README, Definitions).
package enum BreachCause: Sendable, Equatable {
    case own
    case upstream([AgreementID])

    /// The supporting agreements that breached with it, in the order the SLA lists them (empty for its own failure).
    package var upstream: [AgreementID] {
        switch self {
        case .own: return []
        case .upstream(let olas): return olas
        }
    }
}

/// Where an agreement's observations stop inside a window: the last day that has one, and how many days of the
/// window follow it without any.
package struct ObservationsEnd: Sendable, Equatable {
    package let lastDay: LocalDate
    package let missingDays: Int

    package init(lastDay: LocalDate, missingDays: Int) {
        self.lastDay = lastDay; self.missingDays = missingDays
    }
}

/// One agreement judged in one sprint, with the five sprints before it, its cause and its incidents.
package struct AgreementResult: Sendable {
    package let overview: AgreementOverview
    package let compliance: Compliance
    /// Burn per sprint, oldest first, ending with this sprint (nil: unmeasured).
    package let recentBurns: [Double?]
    package let cause: BreachCause?
    package let incidents: [Incident]
    /// Where the agreement's observations stop, when they stop before the window ends by more than a day and more
    /// than twice their mean interval in the window (nil otherwise, and for an agreement never observed in the
    /// window: that is `unmeasured`).
    package var observationsEnd: ObservationsEnd? {
        guard let last = compliance.lastObserved, compliance.total > 0 else { return nil }
        let zone = TimeZones.named((overview.inForce ?? overview.latest).terms.timezone) ?? TimeZones.utc
        let interval = (compliance.to - compliance.from) / Double(max(1, compliance.total))
        guard compliance.to - last > max(86_400, 2 * interval) else { return nil }
        let lastDay = LocalDate(Date(timeIntervalSince1970: last), in: zone)
        let endDay = LocalDate(Date(timeIntervalSince1970: compliance.to - 1), in: zone)
        let missing = lastDay.days(until: endDay)
        guard missing > 0 else { return nil }
        return ObservationsEnd(lastDay: lastDay, missingDays: missing)
    }
}

/// Every agreement judged in one sprint.
package struct SprintEvidence: Sendable {
    package let sprint: Sprint
    package let results: [AgreementResult]
    package let incidents: [Incident]
    package let postmortems: [String: Postmortem.Status]
    package let actionCounts: [String: (open: Int, total: Int)]
    /// Judgements computed from observations because none was kept: a writer keeps them (`saveComplianceSummaries`).
    package var fresh: [StoredCompliance] = []

    package init(sprint: Sprint, results: [AgreementResult], incidents: [Incident], postmortems: [String: Postmortem.Status], actionCounts: [String: (open: Int, total: Int)]) {
        self.sprint = sprint
        self.results = results
        self.incidents = incidents
        self.postmortems = postmortems
        self.actionCounts = actionCounts
    }
}

/// Gathers what a retro reviews about broken promises: compliance, burn, causes, incidents.
package enum Evidence {
    /// How many sprints the sparkline covers.
    package static let sparklineLength = 6

    /// The sprint asked for, or the last one that has finished by now.
    package static func sprint(_ id: SprintID?, clock: Clock, in ctx: StoreContext) throws -> Sprint {
        let sprints = try ctx.sprints()
        if let id {
            guard let sprint = sprints.first(where: { $0.id == id }) else {
                throw EvidenceError.unknownSprint(id, known: sprints.map(\.id.rawValue))
            }
            return sprint
        }
        let finished = sprints.filter { $0.end <= clock.today(in: TimeZones.named($0.timezone) ?? TimeZones.utc) }
        guard let last = finished.last else { throw EvidenceError.noFinishedSprint(clock.today(in: TimeZones.utc)) }
        return last
    }

    /// Judges every agreement in `sprint` and the sprints before it.
    /// With `known`, as of `clock`: only the revisions in effect by then (see `AgreementOverview.load`).
    /// With `only`, just those agreements are judged (their breach cause then only sees supporters among them).
    /// `overviews`: every agreement as `AgreementOverview.load(clock:in:known:)` gives it, when the caller has them.
    package static func gather(_ sprint: Sprint, clock: Clock, known: Bool = false, only: Set<AgreementID>? = nil,
                               overviews loaded: [AgreementOverview]? = nil, in ctx: StoreContext) throws -> SprintEvidence {
        let sprints = try ctx.sprints()
        let index = sprints.firstIndex(of: sprint) ?? 0
        let recent = Array(sprints[max(0, index - sparklineLength + 1)...index])
        let overviews = try only.map { try AgreementOverview.load(ids: $0, clock: clock, in: ctx, known: known) }
            ?? loaded ?? AgreementOverview.load(clock: clock, in: ctx, known: known)
        let (perSprint, fresh) = try judge(overviews, in: recent, ctx: ctx)
        let sprintIncidents = try ctx.incidents().filter { incident in
            let t = incident.detectedAt.timeIntervalSince1970
            return t >= startOf(sprint) && t < endOf(sprint)
        }
        let current = perSprint[sprint.id] ?? [:]
        let results: [AgreementResult] = overviews.compactMap { o in
            guard let compliance = current[o.agreement.id] else { return nil }
            var cause: BreachCause?
            if o.agreement.kind == .sla, compliance.status == .breached {
                let upstream = o.supportedBy.filter { current[$0]?.status == .breached }
                cause = upstream.isEmpty ? .own : .upstream(upstream)
            }
            return AgreementResult(overview: o, compliance: compliance,
                                   recentBurns: recent.map { perSprint[$0.id]?[o.agreement.id]?.burn },
                                   cause: cause, incidents: sprintIncidents.filter { $0.affects.contains(o.agreement.id) })
        }
        var evidence = SprintEvidence(sprint: sprint, results: results, incidents: sprintIncidents,
                                      postmortems: try ctx.postmortemStatuses(), actionCounts: try ctx.postmortemActionCounts())
        evidence.fresh = fresh
        return evidence
    }

    /// The compliance of `overviews` in each of `sprints` they were in force in: a kept judgement where it is current,
    /// else judged from the observations (returned in `fresh`, for a writer to keep).
    package static func judge(_ overviews: [AgreementOverview], in sprints: [Sprint], ctx: StoreContext) throws
        -> (perSprint: [SprintID: [AgreementID: Compliance]], fresh: [StoredCompliance]) {
        let kept = try ctx.complianceSummaries(sprints: sprints.map(\.id), only: Set(overviews.map(\.agreement.id)))
        var perSprint: [SprintID: [AgreementID: Compliance]] = [:]
        var missing: [AgreementID: [(sprint: Sprint, from: Double, to: Double, revisions: Int)]] = [:]
        var timelines: [AgreementID: RevisionTimeline] = [:]
        // Each sprint's instants and each window of it, worked out once (calendar arithmetic), not per agreement.
        struct WindowKey: Hashable { let sprint: Int; let window: Window }
        let bounds = sprints.map { (from: startOf($0), to: endOf($0)) }
        var windows: [WindowKey: (Double, Double)] = [:]
        for o in overviews {
            let timeline = RevisionTimeline(o.revisions)
            timelines[o.agreement.id] = timeline
            for (i, s) in sprints.enumerated() where isInForce(timeline, from: bounds[i].from, to: bounds[i].to) {
                let terms = (timeline.revision(at: bounds[i].to - 1) ?? o.latest).terms
                let key = WindowKey(sprint: i, window: terms.window)
                let (from, to) = windows[key] ?? ComplianceEvaluator.window(for: s, terms: terms)
                windows[key] = (from, to)
                let revisions = timeline.starts.reduce(0) { $0 + ($1 < to ? 1 : 0) }
                if let k = kept[s.id]?[o.agreement.id], k.from == from, k.to == to, k.revisions == revisions {
                    perSprint[s.id, default: [:]][o.agreement.id] = Compliance(k)
                } else {
                    missing[o.agreement.id, default: []].append((s, from, to, revisions))
                }
            }
        }
        var fresh: [StoredCompliance] = []
        let judge = Judge()
        for (id, windows) in missing.sorted(by: { $0.key < $1.key }) {
            guard let timeline = timelines[id] else { continue }
            let from = windows.map(\.from).min() ?? 0, to = windows.map(\.to).max() ?? 0
            let observations = try ctx.observations(of: [id], from: from, to: to)
            for w in windows {
                let compliance = ComplianceEvaluator.evaluate(timeline, observations: observations[...], from: w.from, to: w.to, judge: judge)
                perSprint[w.sprint.id, default: [:]][id] = compliance
                fresh.append(StoredCompliance(compliance, sprint: w.sprint.id, revisions: w.revisions))
            }
        }
        return (perSprint, fresh)
    }

    /// Judges the given agreements in every sprint that has started by `clock`, or by the latest observation of one of
    /// them, and keeps the judgements that were not kept yet: imports call it so that evaluation reads kept judgements
    /// instead of observations. The observations count because an import may be dated before them: a catalog imported
    /// with its own past date after a year of observations drops the later sprints' judgements of the agreements it
    /// changes, and `breaches` would otherwise judge those from the observations at every run.
    package static func keepJudgements(of ids: Set<AgreementID>, clock: Clock, in ctx: StoreContext) throws {
        guard !ids.isEmpty else { return }
        let horizon = max(clock.now.timeIntervalSince1970, try ctx.latestObservation(of: ids) ?? -.infinity)
        let started = try ctx.sprints().filter { startOf($0) <= horizon }
        guard !started.isEmpty else { return }
        let overviews = try AgreementOverview.load(ids: ids, clock: clock, in: ctx, known: false)
        try ctx.saveComplianceSummaries(try judge(overviews, in: started, ctx: ctx).fresh)
    }

    /// The evidence `incidents` needs: the sprint's incidents and the compliance of the agreements they affect only.
    package static func gatherForIncidents(_ sprint: Sprint, clock: Clock, in ctx: StoreContext) throws -> SprintEvidence {
        let affected = try ctx.incidents().filter { incident in
            let t = incident.detectedAt.timeIntervalSince1970
            return t >= startOf(sprint) && t < endOf(sprint)
        }.flatMap(\.affects)
        return try gather(sprint, clock: clock, only: Set(affected), in: ctx)
    }

    static func startOf(_ s: Sprint) -> Double { s.start.start(in: TimeZones.named(s.timezone) ?? TimeZones.utc).timeIntervalSince1970 }
    static func endOf(_ s: Sprint) -> Double { s.end.start(in: TimeZones.named(s.timezone) ?? TimeZones.utc).timeIntervalSince1970 }

    /// True when an active revision of the agreement covers part of a sprint's instants `[from, to)`.
    static func isInForce(_ timeline: RevisionTimeline, from: Double, to: Double) -> Bool {
        for (i, revision) in timeline.revisions.enumerated() where revision.status == .active {
            let start = timeline.starts[i]
            let end = i + 1 < timeline.starts.count ? timeline.starts[i + 1] : .infinity
            if start < to && end > from { return true }
        }
        return false
    }
}

/// Why evidence could not be gathered.
package enum EvidenceError: Error, Equatable, CustomStringConvertible {
    case unknownSprint(SprintID, known: [String])
    case noFinishedSprint(LocalDate)

    package var description: String {
        switch self {
        case .unknownSprint(let id, let known):
            return "unknown sprint '\(id)'" + Suggest.hint(for: id.rawValue, among: known, otherwise: known.isEmpty ? " (no sprints yet: slaretro sprint add)" : "")
        case .noFinishedSprint(let today):
            return "no sprint has finished by \(today) (pass --sprint ID, or add sprints: slaretro sprint add)"
        }
    }
}
