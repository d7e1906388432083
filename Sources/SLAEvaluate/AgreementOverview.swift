import Foundation
import SLAModel
import SLAStore

/// Where an agreement stands on a given day.
package enum AgreementState: String, Sendable {
    case active
    case retired
    /// Its first revision takes effect later.
    case planned
}

/// An agreement with the terms in force on a day and its whole revision history: what `agreements` shows.
package struct AgreementOverview: Sendable {
    package let agreement: Agreement
    package let asset: Asset?
    package let team: Team?
    package let revisions: [Revision]
    /// The revision in force on the day asked about (nil: not yet agreed).
    package let inForce: Revision?
    /// OLAs whose latest terms list this SLA under `supports`.
    package let supportedBy: [AgreementID]
    /// The sprint of each retro that decided one of the revisions.
    package let retroSprints: [Int64: SprintID]
    /// The evidence on screen when a retro decided a revision, by revision number.
    package let evidence: [Int: JSONValue]

    package var state: AgreementState {
        guard let inForce else { return .planned }
        return inForce.status == .retired ? .retired : .active
    }

    /// The terms to show: those in force, or the first planned ones.
    package var shown: Revision { inForce ?? revisions[0] }
    package var latest: Revision { revisions[revisions.count - 1] }

    /// Loads every agreement (or one) as it stands on the day `clock` says, in each agreement's time zone.
    /// With `known`, only the revisions in effect by then count (an agenda of an earlier sprint ignores later ones).
    package static func load(_ only: AgreementID? = nil, clock: Clock, in ctx: StoreContext, known: Bool = false) throws -> [AgreementOverview] {
        let agreements = try only.map { id in try ctx.agreement(id).map { [$0] } ?? [] } ?? ctx.agreements()
        let all = try ctx.allRevisions().filter { r in
            !known || r.effectiveFrom <= clock.today(in: TimeZones.named(r.terms.timezone) ?? TimeZones.utc)
        }
        let byAgreement = Dictionary(grouping: all, by: \.agreement)
        var supportedBy: [AgreementID: [AgreementID]] = [:]
        for (ola, revisions) in byAgreement {
            guard let last = revisions.last, last.status == .active else { continue }
            for sla in last.terms.supports { supportedBy[sla, default: []].append(ola) }
        }
        let teams = Dictionary(uniqueKeysWithValues: try ctx.teams().map { ($0.id, $0) })
        let assets = Dictionary(uniqueKeysWithValues: try ctx.assets().map { ($0.id, $0) })
        let retros = try ctx.retroSprints()
        let evidence = try ctx.revisionEvidence()
        return agreements.compactMap { agreement in
            guard let revisions = byAgreement[agreement.id], let last = revisions.last else { return nil }
            let today = clock.today(in: TimeZones.named(last.terms.timezone) ?? TimeZones.utc)
            return AgreementOverview(agreement: agreement, asset: assets[agreement.asset], team: teams[agreement.team],
                                     revisions: revisions, inForce: Revision.inForce(revisions, on: today),
                                     supportedBy: (supportedBy[agreement.id] ?? []).sorted(), retroSprints: retros,
                                     evidence: evidence[agreement.id] ?? [:])
        }
    }
}
