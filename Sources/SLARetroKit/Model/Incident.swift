import Foundation

/// Something that threatened or broke agreements (SPEC §1).
public struct Incident: Hashable, Sendable {
    public var id: String
    public var title: String
    /// 1 (worst) to 4.
    public var severity: Int
    public var detectedAt: Date
    public var acknowledgedAt: Date?
    public var resolvedAt: Date?
    public var affects: [AgreementID]
    /// Root-cause category, e.g. `upstream`, `deployment`, `capacity`.
    public var category: String?
    public var source: String

    public init(id: String, title: String, severity: Int, detectedAt: Date, acknowledgedAt: Date? = nil, resolvedAt: Date? = nil,
                affects: [AgreementID] = [], category: String? = nil, source: String) {
        self.id = id; self.title = title; self.severity = severity; self.detectedAt = detectedAt
        self.acknowledgedAt = acknowledgedAt; self.resolvedAt = resolvedAt; self.affects = affects.sorted()
        self.category = category; self.source = source
    }

    /// Time to acknowledge, in seconds.
    public var timeToAcknowledge: Double? { acknowledgedAt.map { $0.timeIntervalSince(detectedAt) } }
    /// Time to resolve, in seconds.
    public var timeToResolve: Double? { resolvedAt.map { $0.timeIntervalSince(detectedAt) } }
}

/// The write-up of an incident.
public struct Postmortem: Hashable, Sendable {
    public enum Status: String, Sendable, CaseIterable { case draft, reviewed }

    /// One follow-up from the postmortem's action items.
    public struct Action: Hashable, Sendable {
        public var title: String
        public var owner: String?
        public var done: Bool
    }

    public var incident: String
    public var title: String
    public var date: LocalDate?
    public var summary: String?
    public var impact: String?
    public var rootCause: String?
    public var trigger: String?
    public var wentWell: String?
    public var wentWrong: String?
    public var status: Status
    public var actions: [Action]
    /// What could not be read from the file (reported, kept for the retro).
    public var missing: [String]
    public var source: String
}
