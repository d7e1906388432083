import Foundation
import SLAModel
import SLAStore

/// How an agreement stands against its error budget in a window (README, Definitions).
package enum BudgetStatus: String, Sendable, CaseIterable {
    case ok, threatened, breached, unmeasured

    /// `breached` when burn > 1, `threatened` when 0.75 ≤ burn ≤ 1, else `ok`.
    package static func from(burn: Double?) -> BudgetStatus {
        guard let burn else { return .unmeasured }
        return burn > 1 ? .breached : burn >= 0.75 ? .threatened : .ok
    }
}

/// The observations judged under one revision within a window.
///
/// Time-slice agreements count observations; event-ratio agreements count the good and total
/// events the observations carry (compliance = Σgood / Σtotal, error budget = (1 − target) × Σtotal).
package struct ComplianceSegment: Sendable, Equatable {
    package let revision: Int
    package let target: Double
    package var good: Int
    package var total: Int
    package var bad: Int { total - good }
}

/// One agreement's compliance and error-budget burn in one window.
package struct Compliance: Sendable {
    package let agreement: AgreementID
    /// Epoch seconds `[from, to)` of the window judged.
    package let from: Double
    package let to: Double
    /// One segment per revision in force during the window, oldest first: a revision mid-sprint splits the judgement.
    package let segments: [ComplianceSegment]
    /// Local days (agreement time zone) with at least one bad observation.
    package let badDays: [LocalDate]

    package var good: Int { segments.reduce(0) { $0 + $1.good } }
    package var total: Int { segments.reduce(0) { $0 + $1.total } }
    package var bad: Int { total - good }

    /// good / all, nil when nothing was observed.
    package var ratio: Double? { total == 0 ? nil : Double(good) / Double(total) }

    /// bad / Σ(allᵢ × (1 − targetᵢ)): with one revision, bad / (all × (1 − target)) as the README defines it.
    package var burn: Double? {
        guard total > 0 else { return nil }
        let budget = segments.reduce(0.0) { $0 + Double($1.total) * (1 - $1.target) }
        return Double(bad) / budget
    }

    package var status: BudgetStatus { BudgetStatus.from(burn: burn) }

    /// The bad observations (time slices) or bad events the window allows: Σ(allᵢ × (1 − targetᵢ)); nil when nothing was observed.
    package var errorBudget: Double? {
        total == 0 ? nil : segments.reduce(0.0) { $0 + Double($1.total) * (1 - $1.target) }
    }

    /// True when the newest revision judged counts events rather than observations.
    package var countsEvents = false

    /// The time of the last observation judged in the window (nil: none): where the observations stop.
    package var lastObserved: Double? = nil

    /// The target of the newest revision judged (or nil when none was).
    package var target: Double? { segments.last?.target }
}

extension Compliance {
    /// A kept judgement as a compliance.
    package init(_ kept: StoredCompliance) {
        self.init(agreement: kept.agreement, from: kept.from, to: kept.to,
                  segments: kept.segments.map { ComplianceSegment(revision: $0.revision, target: $0.target, good: $0.good, total: $0.total) },
                  badDays: kept.badDays)
        countsEvents = kept.countsEvents
        lastObserved = kept.lastObserved
    }
}

extension StoredCompliance {
    /// A judgement to keep for `sprint`, computed with `revisions` revisions in effect before its window ended.
    package init(_ c: Compliance, sprint: SprintID, revisions: Int) {
        self.init(agreement: c.agreement, sprint: sprint, from: c.from, to: c.to, revisions: revisions,
                  segments: c.segments.map { Segment(revision: $0.revision, target: $0.target, good: $0.good, total: $0.total) },
                  badDays: c.badDays, countsEvents: c.countsEvents, lastObserved: c.lastObserved)
    }
}

/// Judges observations against the revision in force when each was made.
package enum ComplianceEvaluator {
    /// The window an agreement is judged over for a sprint: the sprint (in its zone), or the `Nd` days ending with it.
    package static func window(for sprint: Sprint, terms: Terms) -> (Double, Double) {
        let zone = TimeZones.named(sprint.timezone) ?? TimeZones.utc
        let end = sprint.end.start(in: zone).timeIntervalSince1970
        switch terms.window {
        case .sprint: return (sprint.start.start(in: zone).timeIntervalSince1970, end)
        case .days(let n): return (sprint.end.adding(days: -n).start(in: zone).timeIntervalSince1970, end)
        }
    }

    /// Judges `observations` (this agreement's, sorted by time) that fall in `[from, to)`.
    package static func evaluate(_ timeline: RevisionTimeline, observations: ArraySlice<StoreContext.StoredObservation>,
                                from: Double, to: Double, judge: Judge) -> Compliance {
        var segments: [ComplianceSegment] = []
        var badDays = Set<LocalDate>()
        let id = timeline.revisions[0].agreement
        var last: Double?
        for observation in observations where observation.observedAt >= from && observation.observedAt < to {
            guard let revision = timeline.revision(at: observation.observedAt), revision.status == .active else { continue }
            last = max(last ?? observation.observedAt, observation.observedAt)
            if revision.terms.objective.metric.isEventRatio {
                // Event ratio: the observation carries its interval's counts; an observation without counts adds nothing.
                guard let counts = observation.counts else { continue }
                if segments.last?.revision != revision.number {
                    segments.append(ComplianceSegment(revision: revision.number, target: revision.terms.target, good: 0, total: 0))
                }
                segments[segments.count - 1].total += Int(counts.total)
                segments[segments.count - 1].good += Int(counts.good)
                if let ratio = counts.ratio, ratio < revision.terms.target - 1e-12 {
                    badDays.insert(LocalDate(Date(timeIntervalSince1970: observation.observedAt),
                                             in: TimeZones.named(revision.terms.timezone) ?? TimeZones.utc))
                }
                continue
            }
            let good = judge.isGood(measure: observation.measure, observedAt: observation.observedAt,
                                    objective: revision.terms.objective, timezone: revision.terms.timezone)
            if segments.last?.revision != revision.number {
                segments.append(ComplianceSegment(revision: revision.number, target: revision.terms.target, good: 0, total: 0))
            }
            segments[segments.count - 1].total += 1
            if good { segments[segments.count - 1].good += 1 } else {
                badDays.insert(LocalDate(Date(timeIntervalSince1970: observation.observedAt),
                                         in: TimeZones.named(revision.terms.timezone) ?? TimeZones.utc))
            }
        }
        var compliance = Compliance(agreement: id, from: from, to: to, segments: segments, badDays: badDays.sorted())
        compliance.countsEvents = timeline.revision(at: to - 1).map { $0.terms.objective.metric.isEventRatio } ?? false
        compliance.lastObserved = last
        return compliance
    }
}
