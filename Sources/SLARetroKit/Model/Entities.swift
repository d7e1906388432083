import Foundation

/// A group that consumes or provides data.
public struct Team: Hashable, Sendable {
    public enum Kind: String, CaseIterable, Sendable { case consumer, provider, platform }
    public var id: TeamID
    public var name: String
    public var kind: Kind

    public init(id: TeamID, name: String, kind: Kind) {
        self.id = id; self.name = name; self.kind = kind
    }
}

/// A data product: table, view, dashboard, report, model, API or pipeline.
public struct Asset: Hashable, Sendable {
    public enum Kind: String, CaseIterable, Sendable { case table, view, dashboard, report, model, api, pipeline }
    public var id: AssetID
    public var kind: Kind
    public var owner: TeamID
    /// Hours the owning team spends keeping it up, per sprint.
    public var maintenanceHours: Double
    public var createdAt: LocalDate?
    public var retiredAt: LocalDate?
    /// The dbt source whose freshness results measure this asset (`source.project.src.table` or `src.table`).
    public var dbtSource: String?

    public init(id: AssetID, kind: Kind, owner: TeamID, maintenanceHours: Double, createdAt: LocalDate? = nil, retiredAt: LocalDate? = nil,
                dbtSource: String? = nil) {
        self.id = id; self.kind = kind; self.owner = owner
        self.maintenanceHours = maintenanceHours; self.createdAt = createdAt; self.retiredAt = retiredAt; self.dbtSource = dbtSource
    }
}

/// SLA (platform → consumer) or OLA (provider → platform).
public enum AgreementKind: String, CaseIterable, Sendable {
    case sla, ola

    /// What the agreement's team is called for this kind.
    public var teamRole: String { self == .sla ? "consumer" : "provider" }
}

/// The stable identity of an SLA or OLA; its terms live in revisions.
public struct Agreement: Hashable, Sendable {
    public var id: AgreementID
    public var kind: AgreementKind
    public var asset: AssetID
    /// The consumer team of an SLA, the provider team of an OLA.
    public var team: TeamID

    public init(id: AgreementID, kind: AgreementKind, asset: AssetID, team: TeamID) {
        self.id = id; self.kind = kind; self.asset = asset; self.team = team
    }
}

/// One immutable version of an agreement's terms (SPEC §1: revisions are append-only).
public struct Revision: Hashable, Sendable {
    public var agreement: AgreementID
    public var number: Int
    public var terms: Terms
    public var status: RevisionStatus
    public var effectiveFrom: LocalDate
    public var reason: String
    /// The retro in which the change was decided, when it was.
    public var retroID: Int64?
    public var author: String
    /// Where the revision came from: `catalog:FILE`, `shell`, `demo`.
    public var source: String
    public var recordedAt: Date

    public init(agreement: AgreementID, number: Int, terms: Terms, status: RevisionStatus, effectiveFrom: LocalDate,
                reason: String, retroID: Int64? = nil, author: String, source: String, recordedAt: Date) {
        self.agreement = agreement; self.number = number; self.terms = terms; self.status = status
        self.effectiveFrom = effectiveFrom; self.reason = reason; self.retroID = retroID
        self.author = author; self.source = source; self.recordedAt = recordedAt
    }
}

/// A time window a retro reviews, half-open `[start, end)`, judged in `timezone`.
public struct Sprint: Hashable, Sendable {
    public var id: SprintID
    public var start: LocalDate
    public var end: LocalDate
    public var timezone: String

    public init(id: SprintID, start: LocalDate, end: LocalDate, timezone: String) {
        self.id = id; self.start = start; self.end = end; self.timezone = timezone
    }

    /// True when the two sprints share at least one day.
    public func overlaps(_ other: Sprint) -> Bool { start < other.end && other.start < end }

    /// The last day that belongs to the sprint.
    public var lastDay: LocalDate { end.adding(days: -1) }
}
