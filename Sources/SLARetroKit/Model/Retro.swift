import Foundation

/// One retro meeting: a sprint, who was there, and where the agenda stands (resumable).
public struct Retro: Hashable, Sendable {
    public var id: Int64
    public var sprint: SprintID
    public var facilitator: String?
    public var attendees: [String]
    public var startedAt: Date
    public var finishedAt: Date?
    /// Current agenda step (1–8) and item (1-based).
    public var step: Int
    public var item: Int
}

/// One entry of a retro's agenda, stored with the evidence that was on screen.
public struct AgendaItem: Hashable, Sendable {
    public enum SubjectKind: String, Sendable, CaseIterable { case agreement, asset, incident, team, action }

    public var id: Int64
    public var step: Int
    public var position: Int
    public var subjectKind: SubjectKind
    public var subjectID: String
    /// The item's heading line.
    public var title: String
    /// The evidence as shown, one line each.
    public var lines: [String]
    /// The numbers shown, for programs and the minutes (`{"burn": 4.29, …}`).
    public var numbers: [(String, JSONValue)]

    public static func == (a: AgendaItem, b: AgendaItem) -> Bool { a.id == b.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    /// The evidence snapshot stored with the item and with every decision on it.
    public var evidence: JSONValue {
        .object([("title", .string(title)), ("lines", .array(lines.map(JSONValue.string))), ("numbers", .object(numbers))])
    }
}

/// What the team decided about an agenda item.
public enum DecisionVerb: String, Sendable, CaseIterable {
    case keep, revise, retire, create, snooze
    case acceptRisk = "accept-risk"
}

/// A decision as recorded.
public struct Decision: Sendable {
    public var id: Int64
    public var itemID: Int64
    public var verb: DecisionVerb
    public var note: String?
    public var agreement: AgreementID?
    public var revision: Int?
    public var decidedAt: Date
}

/// A follow-up: from a retro item or a postmortem, open until done or dropped.
public struct ActionItem: Sendable, Hashable {
    public enum Status: String, Sendable { case open, done, dropped }
    public var id: Int64
    public var title: String
    public var owner: String
    public var due: SprintID?
    public var originItem: Int64?
    public var originPostmortem: String?
    public var status: Status
    public var reason: String?
    public var closedInRetro: Int64?
    public var createdAt: Date
    public var closedAt: Date?

    /// `A-14`.
    public var label: String { "A-\(id)" }
}
