import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLARender

/// What a retro is about: every agreement, or the agreements one team provides, consumes or owns, or one asset's.
package struct AgendaScope: Sendable, Equatable {
    package var team: String?
    package var asset: String?

    package init(team: String? = nil, asset: String? = nil) { self.team = team; self.asset = asset }

    package static let all = AgendaScope()
    package var isAll: Bool { team == nil && asset == nil }

    /// `team sales` · `asset crm_export`, for the banner.
    package var text: String? {
        isAll ? nil : ([team.map { "team \($0)" }, asset.map { "asset \($0)" }].compactMap { $0 }).joined(separator: " · ")
    }

    /// True when the agreement is in scope: the team provides (OLA), consumes (SLA) or owns its asset; the asset is the one asked for.
    package func includes(_ o: AgreementOverview) -> Bool {
        if let team, o.agreement.team.rawValue != team, o.asset?.owner.rawValue != team { return false }
        if let asset, o.agreement.asset.rawValue != asset { return false }
        return true
    }

    /// Checks that the team and asset exist (a team may be named by id or by its display name, which becomes the id).
    package func resolved(in ctx: StoreContext) throws -> AgendaScope {
        var scope = self
        if let team {
            let teams = try ctx.teams()
            guard let found = teams.first(where: { $0.id.rawValue == team }) ?? teams.first(where: { $0.name == team }) else {
                throw AgendaScopeError.unknownTeam(team, hint: Suggest.hint(for: team, among: teams.map(\.id.rawValue)))
            }
            scope.team = found.id.rawValue
        }
        if let asset {
            let assets = try ctx.assets()
            guard assets.contains(where: { $0.id.rawValue == asset }) else {
                throw AgendaScopeError.unknownAsset(asset, hint: Suggest.hint(for: asset, among: assets.map(\.id.rawValue)))
            }
        }
        return scope
    }
}

package enum AgendaScopeError: Error, Equatable, CustomStringConvertible {
    case unknownTeam(String, hint: String)
    case unknownAsset(String, hint: String)
    case badMaxItems(Int)

    package var description: String {
        switch self {
        case .unknownTeam(let t, let hint): return "unknown team '\(SafeText.terminal(t))'\(hint)"
        case .unknownAsset(let a, let hint): return "unknown asset '\(SafeText.terminal(a))'\(hint)"
        case .badMaxItems(let n): return "--max-items must be at least 1 (got \(n))"
        }
    }
}

/// Choosing an agenda for an hour: the order of importance, the cap per step, and breaches grouped by upstream cause.
package enum AgendaChoice {
    /// The default number of items a step shows.
    package static let defaultMaxItems = 8

    /// The command that lists everything a step left out.
    package static func moreCommand(step: Int, sprint: SprintID) -> String {
        switch step {
        case 1: return "slaretro actions"
        case 2, 3: return "slaretro breaches --sprint \(sprint)"
        case 4: return "slaretro incidents --sprint \(sprint)"
        case 5: return "slaretro candidates; slaretro rightsize"
        case 6: return "slaretro democratization --sprint \(sprint)"
        default: return "slaretro agreements list"
        }
    }

    /// `12 more: slaretro breaches --sprint 2026-S23`, when a step was capped.
    package static func moreLine(step: Int, shown: Int, total: Int, sprint: SprintID) -> String? {
        guard total > shown else { return nil }
        return "\(total - shown) more: \(moreCommand(step: step, sprint: sprint))"
    }

    /// The first items of a step that had `total`: each kept item notes the total when some were left out (so a
    /// resumed retro says the same).
    static func cap(_ kept: [DraftItem], total: Int) -> [DraftItem] {
        guard total > kept.count else { return kept }
        return kept.map { item in
            var item = item
            item.numbers.append(("step_total", .int(total)))
            return item
        }
    }

    /// Consumer teams per asset: the distinct teams holding an SLA on it.
    static func consumers(_ results: [AgreementResult]) -> [String: Int] {
        var teams: [String: Set<String>] = [:]
        for r in results where r.overview.agreement.kind == .sla {
            teams[r.overview.agreement.asset.rawValue, default: []].insert(r.overview.agreement.team.rawValue)
        }
        return teams.mapValues(\.count)
    }

    /// Burn × consumers: an SLA's consumers are the teams holding an SLA on its asset; an OLA's, the SLAs it supports.
    static func importance(_ r: AgreementResult, consumers: [String: Int]) -> Double {
        let burn = r.compliance.burn ?? 0
        let o = r.overview
        let reach = o.agreement.kind == .sla ? (consumers[o.agreement.asset.rawValue] ?? 1) : max(1, o.latest.terms.supports.count)
        return burn * Double(max(1, reach))
    }

    /// SLAs breached or threatened because of one upstream OLA, when two or more share it: one item per OLA.
    static func groups(_ ranked: [AgreementResult]) -> [AgreementID: [AgreementResult]] {
        var byCause: [AgreementID: [AgreementResult]] = [:]
        for r in ranked where r.compliance.status == .breached || r.compliance.status == .threatened {
            if case .upstream(let olas)? = r.cause, olas.count == 1 { byCause[olas[0], default: []].append(r) }
        }
        return byCause.filter { $0.value.count >= 2 }
    }

    /// The item of a group: `OLA-crm-export late on 2 days → 12 SLAs breached`, decided once (on the OLA).
    static func groupItem(cause ola: AgreementID, members: [AgreementResult], olaResult: AgreementResult?, _ c: AgendaContext) throws -> DraftItem {
        let breached = members.filter { $0.compliance.status == .breached }.count
        let threatened = members.count - breached
        var effect: [String] = []
        if breached > 0 { effect.append(Plural.count(breached, "SLA") + " breached") }
        if threatened > 0 { effect.append(Plural.count(threatened, "SLA") + " threatened") }
        let late = olaResult.map { r in r.compliance.badDays.isEmpty ? "\(r.compliance.status.rawValue)" : "late on " + Plural.count(r.compliance.badDays.count, "day") } ?? "not judged"
        var lines = ["cause       upstream: every SLA below is \(breached > 0 ? "breached" : "threatened") because \(ola) was late"]
        if let r = olaResult {
            lines.append("\(ola.rawValue)  \(AgreementEvidence.arrow(r.overview))   \(EvidenceViews.complianceText(r.compliance))   burn \(EvidenceViews.burnText(r.compliance.burn))   \(r.compliance.status.rawValue.uppercased())")
            if !r.compliance.badDays.isEmpty { lines.append("bad days    " + r.compliance.badDays.map(\.description).joined(separator: ", ")) }
        }
        let idWidth = members.map { DisplayWidth.of($0.overview.agreement.id.rawValue) }.max() ?? 0
        let arrowWidth = members.map { DisplayWidth.of(AgreementEvidence.arrow($0.overview)) }.max() ?? 0
        for m in members {
            lines.append("  " + DisplayWidth.padRight(m.overview.agreement.id.rawValue, idWidth) + "  " + DisplayWidth.padRight(AgreementEvidence.arrow(m.overview), arrowWidth)
                         + "  \(EvidenceViews.complianceText(m.compliance))  burn \(EvidenceViews.burnText(m.compliance.burn))  \(m.compliance.status.rawValue)")
        }
        lines.append("decide      once for the group: the decision is recorded on \(ola)")
        lines.append("last discussed " + (try AgreementEvidence.lastDiscussed(kind: .agreement, subject: ola.rawValue, c) ?? "never"))
        return DraftItem(kind: .agreement, subject: ola.rawValue,
                         title: "\(ola) \(late) → \(effect.joined(separator: ", "))",
                         lines: lines,
                         numbers: [("group_cause", .string(ola.rawValue)), ("group", .array(members.map { .string($0.overview.agreement.id.rawValue) })),
                                   ("breached", .int(breached)), ("threatened", .int(threatened))])
    }
}
