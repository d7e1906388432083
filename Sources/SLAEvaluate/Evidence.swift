import Foundation
import SLAModel
import SLAStore

/// Why an SLA breached: its own failure, or a supporting OLA that breached in the same window (README, Definitions).
package enum BreachCause: Sendable, Equatable {
    case own
    case upstream([AgreementID])

    package var text: String {
        switch self {
        case .own: return "own"
        case .upstream(let olas): return "upstream (\(olas.map(\.rawValue).joined(separator: ", ")))"
        }
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
}

/// Every agreement judged in one sprint.
package struct SprintEvidence: Sendable {
    package let sprint: Sprint
    package let results: [AgreementResult]
    package let incidents: [Incident]
    package let postmortems: [String: Postmortem.Status]
    package let actionCounts: [String: (open: Int, total: Int)]

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
    package static func gather(_ sprint: Sprint, clock: Clock, known: Bool = false, only: Set<AgreementID>? = nil, in ctx: StoreContext) throws -> SprintEvidence {
        let sprints = try ctx.sprints()
        let index = sprints.firstIndex(of: sprint) ?? 0
        let recent = Array(sprints[max(0, index - sparklineLength + 1)...index])
        let overviews = try only.map { try AgreementOverview.load(ids: $0, clock: clock, in: ctx, known: known) }
            ?? AgreementOverview.load(clock: clock, in: ctx, known: known)
        let timelines = Dictionary(uniqueKeysWithValues: overviews.map { ($0.agreement.id, RevisionTimeline($0.revisions)) })
        var earliest = Double.infinity, latest = -Double.infinity
        for s in recent {
            for o in overviews {
                let (from, to) = ComplianceEvaluator.window(for: s, terms: o.latest.terms)
                earliest = min(earliest, from); latest = max(latest, to)
            }
        }
        let observations = overviews.isEmpty ? [] : try ctx.observations(of: overviews.map(\.agreement.id), from: earliest, to: latest)
        let byAgreement = Dictionary(grouping: observations.indices, by: { observations[$0].agreement })
        let judge = Judge()
        var perSprint: [SprintID: [AgreementID: Compliance]] = [:]
        for s in recent {
            for o in overviews {
                guard let timeline = timelines[o.agreement.id], isInForce(timeline, during: s) else { continue }
                let terms = (timeline.revision(at: endOf(s) - 1) ?? o.latest).terms
                let (from, to) = ComplianceEvaluator.window(for: s, terms: terms)
                let indices = byAgreement[o.agreement.id] ?? []
                let slice = indices.isEmpty ? ArraySlice<StoreContext.StoredObservation>() : observations[indices.first!...indices.last!]
                perSprint[s.id, default: [:]][o.agreement.id] = ComplianceEvaluator.evaluate(timeline, observations: slice, from: from, to: to, judge: judge)
            }
        }
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
        return SprintEvidence(sprint: sprint, results: results, incidents: sprintIncidents,
                              postmortems: try ctx.postmortemStatuses(), actionCounts: try ctx.postmortemActionCounts())
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

    /// True when an active revision of the agreement covers part of the sprint.
    static func isInForce(_ timeline: RevisionTimeline, during s: Sprint) -> Bool {
        let (from, to) = (startOf(s), endOf(s))
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
