import Foundation

/// Something that threatened or broke agreements.
package struct Incident: Hashable, Sendable {
    package var id: String
    package var title: String
    /// 1 (worst) to 4.
    package var severity: Int
    package var detectedAt: Date
    package var acknowledgedAt: Date?
    package var resolvedAt: Date?
    package var affects: [AgreementID]
    /// Root-cause category, e.g. `upstream`, `deployment`, `capacity`.
    package var category: String?
    package var source: String

    package init(id: String, title: String, severity: Int, detectedAt: Date, acknowledgedAt: Date? = nil, resolvedAt: Date? = nil,
                affects: [AgreementID] = [], category: String? = nil, source: String) {
        self.id = id; self.title = title; self.severity = severity; self.detectedAt = detectedAt
        self.acknowledgedAt = acknowledgedAt; self.resolvedAt = resolvedAt; self.affects = affects.sorted()
        self.category = category; self.source = source
    }

    /// Why the incident's times cannot be right, or nil: acknowledged or resolved before it was detected, or
    /// resolved before it was acknowledged. Importers refuse such an incident (a negative time to acknowledge would
    /// count as a met playbook and lower the MTTA).
    package var timeProblem: String? {
        let format = { (date: Date) in Timestamp.format(date.timeIntervalSince1970) }
        if let ack = acknowledgedAt, ack < detectedAt {
            return "acknowledged (\(format(ack))) before it was detected (\(format(detectedAt)))"
        }
        if let resolved = resolvedAt, resolved < detectedAt {
            return "resolved (\(format(resolved))) before it was detected (\(format(detectedAt)))"
        }
        if let resolved = resolvedAt, let ack = acknowledgedAt, resolved < ack {
            return "resolved (\(format(resolved))) before it was acknowledged (\(format(ack)))"
        }
        return nil
    }

    /// Time to acknowledge, in seconds.
    package var timeToAcknowledge: Double? { acknowledgedAt.map { $0.timeIntervalSince(detectedAt) } }
    /// Time to resolve, in seconds.
    package var timeToResolve: Double? { resolvedAt.map { $0.timeIntervalSince(detectedAt) } }
}

/// The write-up of an incident.
package struct Postmortem: Hashable, Sendable {
    package enum Status: String, Sendable, CaseIterable { case draft, reviewed }

    /// One follow-up from the postmortem's action items.
    package struct Action: Hashable, Sendable {
        package var title: String
        package var owner: String?
        package var done: Bool
    
        package init(title: String, owner: String? = nil, done: Bool) {
            self.title = title
            self.owner = owner
            self.done = done
        }
    }

    package var incident: String
    package var title: String
    package var date: LocalDate?
    package var summary: String?
    package var impact: String?
    package var rootCause: String?
    package var trigger: String?
    package var wentWell: String?
    package var wentWrong: String?
    package var status: Status
    package var actions: [Action]
    /// What could not be read from the file (reported, kept for the retro).
    package var missing: [String]
    package var source: String

    package init(incident: String, title: String, date: LocalDate? = nil, summary: String? = nil, impact: String? = nil, rootCause: String? = nil, trigger: String? = nil, wentWell: String? = nil, wentWrong: String? = nil, status: Status, actions: [Action], missing: [String], source: String) {
        self.incident = incident
        self.title = title
        self.date = date
        self.summary = summary
        self.impact = impact
        self.rootCause = rootCause
        self.trigger = trigger
        self.wentWell = wentWell
        self.wentWrong = wentWrong
        self.status = status
        self.actions = actions
        self.missing = missing
        self.source = source
    }
}
