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
    package let accessesPerWeek: Double
    /// Refreshes per week the strictest agreement promises (nil when no freshness promise).
    package let cadencePerWeek: Double?
    /// Active users of each consumer team in the lookback.
    package let consumerUsers: [TeamID: Int]

    /// `no access in 74 days`, `2.0 accesses/week vs 168 promised refreshes/week`, `Growth: 0 active users`.
    package var evidence: [String] {
        var lines = ["last access \(lastAccess?.description ?? "never") · \(Formatting.number(accessesPerWeek, maxDecimals: 1)) accesses/week"
            + (cadencePerWeek.map { " vs \(Formatting.number($0, maxDecimals: 1)) refreshes/week promised" } ?? "")]
        if !consumerUsers.isEmpty {
            lines.append("consumers " + consumerUsers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value) active user\($0.value == 1 ? "" : "s")" }.joined(separator: ", "))
        }
        lines.append("maintenance \(Formatting.number(maintenanceHours))h per sprint" + (agreements.isEmpty ? " · no agreement" : " · agreements " + agreements.map(\.rawValue).joined(separator: ", ")))
        return lines
    }
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
    package func candidates(end: LocalDate, clock: Clock, known: Bool = false, snoozed: (String) -> Bool = { _ in false }, in ctx: StoreContext) throws -> [OverQualityCandidate] {
        let start = end.adding(days: -lookbackDays)
        let accesses = try ctx.assetAccesses(from: start, to: end)
        let activeUsers = try ctx.activeUsers(from: start, to: end)
        let lastAccess = try ctx.lastAccessOfAssets(before: known ? end : nil)
        // Promises to consumers: an OLA's asset is read by the platform's own pipelines, not by people.
        let allActive = try AgreementOverview.load(clock: clock, in: ctx, known: known).filter { $0.state == .active }
        let olaAssets = Set(allActive.filter { $0.agreement.kind == .ola }.map(\.agreement.asset))
        let overviews = allActive.filter { $0.agreement.kind == .sla }
        let byAsset = Dictionary(grouping: overviews, by: \.agreement.asset)
        let weeks = Double(lookbackDays) / 7
        var result: [OverQualityCandidate] = []
        for asset in try ctx.assets() where (asset.retiredAt.map { known && $0 >= end } ?? true) && !olaAssets.contains(asset.id) {
            let agreements = byAsset[asset.id] ?? []
            let used = accesses[asset.id] ?? 0
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
                                               accessesPerWeek: perWeek, cadencePerWeek: cadence, consumerUsers: consumers))
        }
        return result.sorted { $0.maintenanceHours != $1.maintenanceHours ? $0.maintenanceHours > $1.maintenanceHours : $0.asset < $1.asset }
    }
}
