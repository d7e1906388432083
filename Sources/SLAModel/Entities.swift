import Foundation

/// A group that consumes or provides data.
package struct Team: Hashable, Sendable {
    package enum Kind: String, CaseIterable, Sendable { case consumer, provider, platform }
    package var id: TeamID
    package var name: String
    package var kind: Kind

    package init(id: TeamID, name: String, kind: Kind) {
        self.id = id; self.name = name; self.kind = kind
    }
}

/// A data product: table, view, dashboard, report, model, API or pipeline.
package struct Asset: Hashable, Sendable {
    package enum Kind: String, CaseIterable, Sendable { case table, view, dashboard, report, model, api, pipeline }
    package var id: AssetID
    package var kind: Kind
    package var owner: TeamID
    /// Hours the owning team spends keeping it up, per sprint.
    package var maintenanceHours: Double
    package var createdAt: LocalDate?
    package var retiredAt: LocalDate?
    /// The dbt source whose freshness results measure this asset (`source.project.src.table` or `src.table`).
    package var dbtSource: String?

    package init(id: AssetID, kind: Kind, owner: TeamID, maintenanceHours: Double, createdAt: LocalDate? = nil, retiredAt: LocalDate? = nil,
                dbtSource: String? = nil) {
        self.id = id; self.kind = kind; self.owner = owner
        self.maintenanceHours = maintenanceHours; self.createdAt = createdAt; self.retiredAt = retiredAt; self.dbtSource = dbtSource
    }
}

/// SLA (platform → consumer) or OLA (provider → platform).
package enum AgreementKind: String, CaseIterable, Sendable {
    case sla, ola

    /// What the agreement's team is called for this kind.
    package var teamRole: String { self == .sla ? "consumer" : "provider" }
}

/// The stable identity of an SLA or OLA; its terms live in revisions.
package struct Agreement: Hashable, Sendable {
    package var id: AgreementID
    package var kind: AgreementKind
    package var asset: AssetID
    /// The consumer team of an SLA, the provider team of an OLA.
    package var team: TeamID

    package init(id: AgreementID, kind: AgreementKind, asset: AssetID, team: TeamID) {
        self.id = id; self.kind = kind; self.asset = asset; self.team = team
    }
}

/// One immutable version of an agreement's terms (revisions are append-only).
package struct Revision: Hashable, Sendable {
    package var agreement: AgreementID
    package var number: Int
    package var terms: Terms
    package var status: RevisionStatus
    package var effectiveFrom: LocalDate
    package var reason: String
    /// The retro in which the change was decided, when it was.
    package var retroID: Int64?
    package var author: String
    /// Where the revision came from: `catalog:FILE`, `shell`, `demo`.
    package var source: String
    package var recordedAt: Date

    package init(agreement: AgreementID, number: Int, terms: Terms, status: RevisionStatus, effectiveFrom: LocalDate,
                reason: String, retroID: Int64? = nil, author: String, source: String, recordedAt: Date) {
        self.agreement = agreement; self.number = number; self.terms = terms; self.status = status
        self.effectiveFrom = effectiveFrom; self.reason = reason; self.retroID = retroID
        self.author = author; self.source = source; self.recordedAt = recordedAt
    }
}

/// A time window a retro reviews, half-open `[start, end)`, judged in `timezone`.
package struct Sprint: Hashable, Sendable {
    package var id: SprintID
    package var start: LocalDate
    package var end: LocalDate
    package var timezone: String

    package init(id: SprintID, start: LocalDate, end: LocalDate, timezone: String) {
        self.id = id; self.start = start; self.end = end; self.timezone = timezone
    }

    /// True when the two sprints share at least one day.
    package func overlaps(_ other: Sprint) -> Bool { start < other.end && other.start < end }

    /// The last day that belongs to the sprint.
    package var lastDay: LocalDate { end.adding(days: -1) }
}

extension Revision {
    /// The revision in force on `date`: the newest one effective on or before it (nil: not yet agreed).
    package static func inForce(_ revisions: [Revision], on date: LocalDate) -> Revision? {
        revisions.filter { $0.effectiveFrom <= date }.max { $0.number < $1.number }
    }
}
