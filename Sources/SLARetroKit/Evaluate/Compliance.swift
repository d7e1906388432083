import Foundation

/// How an agreement stands against its error budget in a window (SPEC §2).
public enum BudgetStatus: String, Sendable, CaseIterable {
    case ok, threatened, breached, unmeasured

    /// `breached` when burn > 1, `threatened` when 0.75 ≤ burn ≤ 1, else `ok`.
    public static func from(burn: Double?) -> BudgetStatus {
        guard let burn else { return .unmeasured }
        return burn > 1 ? .breached : burn >= 0.75 ? .threatened : .ok
    }
}

/// The observations judged under one revision within a window.
public struct ComplianceSegment: Sendable, Equatable {
    public let revision: Int
    public let target: Double
    public var good: Int
    public var total: Int
    public var bad: Int { total - good }
}

/// One agreement's compliance and error-budget burn in one window.
public struct Compliance: Sendable {
    public let agreement: AgreementID
    /// Epoch seconds `[from, to)` of the window judged.
    public let from: Double
    public let to: Double
    /// One segment per revision in force during the window, oldest first: a revision mid-sprint splits the judgement.
    public let segments: [ComplianceSegment]
    /// Local days (agreement time zone) with at least one bad observation.
    public let badDays: [LocalDate]

    public var good: Int { segments.reduce(0) { $0 + $1.good } }
    public var total: Int { segments.reduce(0) { $0 + $1.total } }
    public var bad: Int { total - good }

    /// good / all, nil when nothing was observed.
    public var ratio: Double? { total == 0 ? nil : Double(good) / Double(total) }

    /// bad / Σ(allᵢ × (1 − targetᵢ)): with one revision, bad / (all × (1 − target)) as SPEC §2 defines it.
    public var burn: Double? {
        guard total > 0 else { return nil }
        let budget = segments.reduce(0.0) { $0 + Double($1.total) * (1 - $1.target) }
        return Double(bad) / budget
    }

    public var status: BudgetStatus { BudgetStatus.from(burn: burn) }

    /// The target of the newest revision judged (or nil when none was).
    public var target: Double? { segments.last?.target }
}

/// Judges observations against the revision in force when each was made.
public enum ComplianceEvaluator {
    /// The window an agreement is judged over for a sprint: the sprint (in its zone), or the `Nd` days ending with it.
    public static func window(for sprint: Sprint, terms: Terms) -> (Double, Double) {
        let zone = TimeZones.named(sprint.timezone) ?? TimeZones.utc
        let end = sprint.end.start(in: zone).timeIntervalSince1970
        switch terms.window {
        case .sprint: return (sprint.start.start(in: zone).timeIntervalSince1970, end)
        case .days(let n): return (sprint.end.adding(days: -n).start(in: zone).timeIntervalSince1970, end)
        }
    }

    /// Judges `observations` (this agreement's, sorted by time) that fall in `[from, to)`.
    public static func evaluate(_ timeline: RevisionTimeline, observations: ArraySlice<StoreContext.StoredObservation>,
                                from: Double, to: Double, judge: Judge) -> Compliance {
        var segments: [ComplianceSegment] = []
        var badDays = Set<LocalDate>()
        let id = timeline.revisions[0].agreement
        for observation in observations where observation.observedAt >= from && observation.observedAt < to {
            guard let revision = timeline.revision(at: observation.observedAt), revision.status == .active else { continue }
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
        return Compliance(agreement: id, from: from, to: to, segments: segments, badDays: badDays.sorted())
    }
}
