import Foundation
import SLAModel
import SLAStore

/// Why an asset or agreement is an over-quality candidate (README, Definitions).
package enum CandidateReason: String, Sendable, CaseIterable {
    case unused, rarelyUsed = "rarely-used", consumerGone = "consumer-gone", orphaned
}

/// An asset kept at a quality nobody seems to need, with the evidence.
package struct OverQualityCandidate: Sendable {
    package let asset: AssetID
    package let reasons: [CandidateReason]
    /// The active agreements on the asset (empty for an orphaned asset).
    package let agreements: [AgreementID]
    package let maintenanceHours: Double
    package let lastAccess: LocalDate?
    /// Accesses per week by teams other than the asset's owner, over the days the usage logs cover: what the reasons judge.
    package let accessesPerWeek: Double
    /// Accesses per week by the owning team itself (its own pipelines and checks), shown apart.
    package let ownerAccessesPerWeek: Double
    /// Refreshes per week the strictest agreement promises (nil when no freshness promise).
    package let cadencePerWeek: Double?
    /// Active users of each consumer team in the lookback.
    package let consumerUsers: [TeamID: Int]
    /// The lookback window and the part of it the usage logs cover.
    package let coverage: UsageCoverage
}

/// Finds over-quality candidates from the daily rollups (thresholds in the README).
package struct OverQuality {
    /// Days looked back from the end of the window (default 60).
    package var lookbackDays = 60
    /// `rarely-used` when accesses per week are below this share of the promised refreshes per week.
    package var rarelyUsedRatio = 0.1

    package init(lookbackDays: Int = 60, rarelyUsedRatio: Double = 0.1) {
        self.lookbackDays = lookbackDays; self.rarelyUsedRatio = rarelyUsedRatio
    }

    /// Refreshes per week an objective promises: daily for `delivered_by`, 1 per threshold for `freshness`.
    package static func cadencePerWeek(_ objective: Objective) -> Double? {
        switch objective.metric {
        case .deliveredBy: return 7
        case .freshness: return 604_800 / max(objective.threshold, 3600)
        default: return nil
        }
    }

    /// The candidates for the window ending on `end` (exclusive), ranked by maintenance hours.
    /// With `known`, as of `clock` (an agenda of an earlier sprint): last access before `end`, agreements in effect then.
    /// `overviews`: every agreement as `AgreementOverview.load(clock:in:known:)` gives it, when the caller has them.
    package func candidates(end: LocalDate, clock: Clock, known: Bool = false, snoozed: (String) -> Bool = { _ in false },
                            overviews loaded: [AgreementOverview]? = nil, in ctx: StoreContext) throws -> [OverQualityCandidate] {
        let start = end.adding(days: -lookbackDays)
        // Only the days the usage logs cover are judged: a window they do not reach gives no candidate at all.
        let coverage = try UsageCoverage.of(start, end, in: ctx)
        guard coverage.coveredDays > 0 else { return [] }
        let accesses = try ctx.assetAccesses(from: coverage.from, to: coverage.to)
        let activeUsers = try ctx.activeUsers(from: coverage.from, to: coverage.to)
        let lastAccess = try ctx.lastAccessOfAssets(before: known ? end : nil)
        // Promises to consumers: an OLA's asset is read by the platform's own pipelines, not by people.
        let allActive = try (loaded ?? AgreementOverview.load(clock: clock, in: ctx, known: known)).filter { $0.state == .active }
        let olaAssets = Set(allActive.filter { $0.agreement.kind == .ola }.map(\.agreement.asset))
        let overviews = allActive.filter { $0.agreement.kind == .sla }
        let byAsset = Dictionary(grouping: overviews, by: \.agreement.asset)
        let weeks = Double(coverage.coveredDays) / 7
        var result: [OverQualityCandidate] = []
        for asset in try ctx.assets() where (asset.retiredAt.map { known && $0 >= end } ?? true) && !olaAssets.contains(asset.id) {
            let agreements = byAsset[asset.id] ?? []
            let byTeam = accesses[asset.id] ?? [:]
            let own = byTeam[asset.owner.rawValue] ?? 0
            let used = byTeam.values.reduce(0, +) - own
            let perWeek = Double(used) / weeks
            let cadence = agreements.compactMap { Self.cadencePerWeek(($0.inForce ?? $0.latest).terms.objective) }.max()
            let consumers = Dictionary(agreements.filter { $0.agreement.kind == .sla }.map { ($0.agreement.team, activeUsers[$0.agreement.team.rawValue] ?? 0) }) { a, _ in a }
            var reasons: [CandidateReason] = []
            if agreements.isEmpty {
                if asset.maintenanceHours > 0 && used == 0 { reasons.append(.orphaned) }
            } else {
                if used == 0 { reasons.append(.unused) }
                else if let cadence, perWeek < cadence * rarelyUsedRatio { reasons.append(.rarelyUsed) }
                if consumers.values.contains(0) { reasons.append(.consumerGone) }
            }
            guard !reasons.isEmpty, !snoozed(asset.id.rawValue), !agreements.contains(where: { snoozed($0.agreement.id.rawValue) }) else { continue }
            result.append(OverQualityCandidate(asset: asset.id, reasons: reasons, agreements: agreements.map(\.agreement.id).sorted(),
                                               maintenanceHours: asset.maintenanceHours, lastAccess: lastAccess[asset.id],
                                               accessesPerWeek: perWeek, ownerAccessesPerWeek: Double(own) / weeks, cadencePerWeek: cadence,
                                               consumerUsers: consumers, coverage: coverage))
        }
        return result.sorted { $0.maintenanceHours != $1.maintenanceHours ? $0.maintenanceHours > $1.maintenanceHours : $0.asset < $1.asset }
    }
}
