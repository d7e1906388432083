import Foundation

/// One retro meeting: a sprint, who was there, and where the agenda stands (resumable).
package struct Retro: Hashable, Sendable {
    package var id: Int64
    package var sprint: SprintID
    package var facilitator: String?
    package var attendees: [String]
    package var startedAt: Date
    package var finishedAt: Date?
    /// Current agenda step (1–8) and item (1-based).
    package var step: Int
    package var item: Int

    package init(id: Int64, sprint: SprintID, facilitator: String? = nil, attendees: [String], startedAt: Date, finishedAt: Date? = nil, step: Int, item: Int) {
        self.id = id
        self.sprint = sprint
        self.facilitator = facilitator
        self.attendees = attendees
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.step = step
        self.item = item
    }
}

/// One entry of a retro's agenda, stored with the evidence that was on screen.
package struct AgendaItem: Hashable, Sendable {
    package enum SubjectKind: String, Sendable, CaseIterable { case agreement, asset, incident, team, action }

    package var id: Int64
    package var step: Int
    package var position: Int
    package var subjectKind: SubjectKind
    package var subjectID: String
    /// The item's heading line.
    package var title: String
    /// The evidence as shown, one line each.
    package var lines: [String]
    /// The numbers shown, for programs and the minutes (`{"burn": 4.29, …}`).
    package var numbers: [(String, JSONValue)]

    package static func == (a: AgendaItem, b: AgendaItem) -> Bool { a.id == b.id }
    package func hash(into hasher: inout Hasher) { hasher.combine(id) }

    /// The evidence snapshot stored with the item and with every decision on it.
    package var evidence: JSONValue {
        .object([("title", .string(title)), ("lines", .array(lines.map(JSONValue.string))), ("numbers", .object(numbers))])
    }

    package init(id: Int64, step: Int, position: Int, subjectKind: SubjectKind, subjectID: String, title: String, lines: [String], numbers: [(String, JSONValue)]) {
        self.id = id
        self.step = step
        self.position = position
        self.subjectKind = subjectKind
        self.subjectID = subjectID
        self.title = title
        self.lines = lines
        self.numbers = numbers
    }
}

/// What the team decided about an agenda item.
package enum DecisionVerb: String, Sendable, CaseIterable {
    case keep, revise, retire, create, snooze
    case acceptRisk = "accept-risk"
}

/// A decision as recorded.
package struct Decision: Sendable {
    package var id: Int64
    package var itemID: Int64
    package var verb: DecisionVerb
    package var note: String?
    package var agreement: AgreementID?
    package var revision: Int?
    package var decidedAt: Date

    package init(id: Int64, itemID: Int64, verb: DecisionVerb, note: String? = nil, agreement: AgreementID? = nil, revision: Int? = nil, decidedAt: Date) {
        self.id = id
        self.itemID = itemID
        self.verb = verb
        self.note = note
        self.agreement = agreement
        self.revision = revision
        self.decidedAt = decidedAt
    }
}

/// A follow-up: from a retro item or a postmortem, open until done or dropped.
package struct ActionItem: Sendable, Hashable {
    package enum Status: String, Sendable { case open, done, dropped }
    package var id: Int64
    package var title: String
    package var owner: String
    package var due: SprintID?
    package var originItem: Int64?
    package var originPostmortem: String?
    package var status: Status
    package var reason: String?
    package var closedInRetro: Int64?
    package var createdAt: Date
    package var closedAt: Date?

    /// `A-14`.
    package var label: String { "A-\(id)" }

    package init(id: Int64, title: String, owner: String, due: SprintID? = nil, originItem: Int64? = nil, originPostmortem: String? = nil, status: Status, reason: String? = nil, closedInRetro: Int64? = nil, createdAt: Date, closedAt: Date? = nil) {
        self.id = id
        self.title = title
        self.owner = owner
        self.due = due
        self.originItem = originItem
        self.originPostmortem = originPostmortem
        self.status = status
        self.reason = reason
        self.closedInRetro = closedInRetro
        self.createdAt = createdAt
        self.closedAt = closedAt
    }
}

/// Why a retro could not be started or resumed.
package enum RetroError: Error, Equatable, CustomStringConvertible {
    case alreadyOpen(SprintID, retro: Int64)
    case noOpenRetro
    case unknownRetro(Int64)
    case finished(Int64, SprintID)
    case severalOpen([Int64])

    package var description: String {
        switch self {
        case .alreadyOpen(let sprint, let id): return "a retro of \(sprint) is already open (retro \(id)): resume it with 'slaretro retro resume \(id)'"
        case .noOpenRetro: return "no open retro to resume (start one: slaretro retro start --sprint ID)"
        case .unknownRetro(let id): return "no retro \(id) (list them: slaretro retro list)"
        case .finished(let id, let sprint): return "retro \(id) of \(sprint) is finished; its minutes: slaretro minutes \(id)"
        case .severalOpen(let ids): return "several retros are open (\(ids.map(String.init).joined(separator: ", "))): say which, e.g. 'slaretro retro resume \(ids[0])'"
        }
    }
}
