import Foundation
import SLAModel
import SLAStore

/// Whether one affected agreement's playbook response time was met (README, Definitions: response compliance).
package struct ResponseCheck: Sendable {
    package let agreement: AgreementID
    /// The playbook's response time in force when the incident was detected (nil: none promised).
    package let responseTime: Double?
    /// nil when there is nothing to compare (no promise, or never acknowledged).
    package let met: Bool?
}

/// Whether a postmortem exists, and whether a playbook required one.
package enum PostmortemState: Sendable, Equatable {
    case written(Postmortem.Status)
    case missing(requiredBy: [AgreementID])
    case notRequired
}

/// One incident with its response checks and postmortem state.
package struct IncidentReview: Sendable {
    package let incident: Incident
    package let responses: [ResponseCheck]
    package let postmortem: PostmortemState
    package let openActions: Int

    /// True unless an affected agreement's response time was missed.
    package var responseMet: Bool? {
        let known = responses.compactMap(\.met)
        return known.isEmpty ? nil : known.allSatisfy { $0 }
    }
}

/// Incident timing for a sprint: reviews, MTTA, MTTR (README, Definitions).
package struct IncidentSummary: Sendable {
    package let reviews: [IncidentReview]
    /// Mean time to acknowledge, seconds (nil without acknowledged incidents).
    package let mtta: Double?
    package let mttr: Double?

    /// Reviews the sprint's incidents against the playbooks in force when each was detected.
    package static func review(_ evidence: SprintEvidence) -> IncidentSummary {
        let results = Dictionary(uniqueKeysWithValues: evidence.results.map { ($0.overview.agreement.id, $0) })
        let reviews = evidence.incidents.map { incident in
            var required: [AgreementID] = []
            let responses: [ResponseCheck] = incident.affects.map { id in
                guard let result = results[id] else { return ResponseCheck(agreement: id, responseTime: nil, met: nil) }
                let timeline = RevisionTimeline(result.overview.revisions)
                let terms = (timeline.revision(at: incident.detectedAt.timeIntervalSince1970) ?? result.overview.latest).terms
                if let rule = terms.playbook.postmortemWhen, requires(rule, severity: incident.severity, status: result.compliance.status) {
                    required.append(id)
                }
                let limit = terms.playbook.responseTime
                let met = limit.flatMap { limit in incident.timeToAcknowledge.map { $0 <= limit } }
                return ResponseCheck(agreement: id, responseTime: limit, met: met)
            }
            let state: PostmortemState = evidence.postmortems[incident.id].map { .written($0) }
                ?? (required.isEmpty ? .notRequired : .missing(requiredBy: required))
            return IncidentReview(incident: incident, responses: responses, postmortem: state,
                                  openActions: evidence.actionCounts[incident.id]?.open ?? 0)
        }
        return IncidentSummary(reviews: reviews, mtta: mean(evidence.incidents.compactMap(\.timeToAcknowledge)),
                               mttr: mean(evidence.incidents.compactMap(\.timeToResolve)))
    }

    /// True when the playbook's reporting rule asks for a postmortem.
    package static func requires(_ rule: PostmortemRule, severity: Int, status: BudgetStatus) -> Bool {
        rule.clauses.contains { clause in
            switch clause {
            case .always: return true
            case .severityAtMost(let n): return severity <= n
            case .breached: return status == .breached
            case .threatened: return status == .breached || status == .threatened
            }
        }
    }

    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}
