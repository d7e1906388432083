import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger
import SLARender

/// Step 5: over-quality candidates, ranked by maintenance hours, with their evidence (README, Definitions).
package struct OverQualityStep: AgendaStepProvider {
    package let number = 5
    package let title = "over-quality"
    package func unavailable(_ c: AgendaContext) throws -> String? {
        try c.ctx.hasUsage() ? nil : "not available yet — import usage logs"
    }

    package func items(_ c: AgendaContext) throws -> [DraftItem] { try subjects(c).map { try $0.card() } }

    /// The candidates, then the right-sizing proposals; a card (evidence lines, last discussion) is made only for an
    /// item the agenda keeps, the rest are counted.
    package func subjects(_ c: AgendaContext) throws -> [PendingItem] {
        let candidates = try OverQuality().candidates(end: c.sprint.end, clock: c.asOf, known: true, snoozed: { (try? c.isSnoozed($0)) ?? false },
                                                      overviews: c.overviews, in: c.ctx)
        return candidates.map { candidate in
            PendingItem(kind: .asset, subject: candidate.asset.rawValue) { try Self.card(candidate, c) }
        } + (try Self.proposals(c))
    }

    static func card(_ candidate: OverQualityCandidate, _ c: AgendaContext) throws -> DraftItem {
        var lines = candidate.evidence
        lines.append("decide      retire (its agreements), revise to a looser cadence, or keep --snooze N")
        lines.append("last discussed " + (try AgreementEvidence.lastDiscussed(kind: .asset, subject: candidate.asset.rawValue, c) ?? "never"))
        return DraftItem(kind: .asset, subject: candidate.asset.rawValue,
                         title: "\(candidate.asset)   \(candidate.reasons.map(\.rawValue).joined(separator: ", "))   \(Formatting.number(candidate.maintenanceHours))h maintenance per sprint",
                         lines: lines,
                         numbers: [("reasons", .array(candidate.reasons.map { .string($0.rawValue) })), ("maintenance_hours", .number(candidate.maintenanceHours)),
                                   ("last_access", .optional(candidate.lastAccess?.description)), ("accesses_per_week", .number(candidate.accessesPerWeek)),
                                   ("refreshes_per_week", candidate.cadencePerWeek.map(JSONValue.number) ?? .null),
                                   ("agreements", .array(candidate.agreements.map { .string($0.rawValue) }))])
    }

    /// The right-sizing proposals as of the end of the sprint (profiles over the window before it), one item each:
    /// over-quality first, then under-quality, then unpromised dependencies. A retro held late sees the same.
    static func proposals(_ c: AgendaContext) throws -> [PendingItem] {
        let thresholds = RightSizeThresholds()
        let proposals = try RightSize.evaluate(end: c.sprint.end, thresholds: thresholds, in: c.ctx)
        let names = Dictionary(uniqueKeysWithValues: try c.ctx.teams().map { ($0.id, $0.name) })
        return try proposals.filter { !(try c.isSnoozed($0.agreement?.rawValue ?? $0.asset.rawValue)) }.map { p in
            let subject = p.agreement?.rawValue ?? p.asset.rawValue
            return PendingItem(kind: p.agreement == nil ? .asset : .agreement, subject: subject) {
                let team = names[p.team] ?? p.team.rawValue
                var lines = RightSizeViews.evidenceLines(p, thresholds: thresholds)
                switch p.kind {
                case .unpromisedDependency:
                    lines.append("decide      accept ID objective=… target=… (creates the SLA; asset and team filled in), create, or keep")
                default:
                    lines.append(p.assignment == nil ? "decide      keep, revise FIELD=VALUE --reason TEXT, or accept-risk"
                                                     : "decide      accept (applies the proposal; the reason above unless --reason), revise otherwise, or keep")
                }
                lines.append("last discussed " + (try AgreementEvidence.lastDiscussed(kind: p.agreement == nil ? .asset : .agreement, subject: subject, c) ?? "never"))
                return DraftItem(kind: p.agreement == nil ? .asset : .agreement, subject: subject,
                                 title: "\(subject)   \(p.kind.rawValue)   \(p.asset) → \(team)", lines: lines,
                                 numbers: RightSizeViews.evidenceNumbers(p, thresholds: thresholds))
            }
        }
    }
}

/// Step 6: democratization per consumer team, with the platform's insider share and the interventions for stuck teams.
package struct DemocratizationStep: AgendaStepProvider {
    package let number = 6
    package let title = "democratization"
    package func unavailable(_ c: AgendaContext) throws -> String? {
        try c.ctx.hasUsage() ? nil : "not available yet — import usage logs"
    }

    package func items(_ c: AgendaContext) throws -> [DraftItem] {
        let report = try Democratization.report(c.sprint, in: c.ctx)
        let names = Dictionary(uniqueKeysWithValues: try c.ctx.teams().map { ($0.id, $0.name) })
        var items: [DraftItem] = []
        if let platform = try c.ctx.teams().first(where: { $0.kind == .platform }) {
            var lines = ["insider share \(report.insiderShare.map(Formatting.measuredPercent) ?? "—") of accesses come from the platform team itself"]
            if let coverage = report.coverage, let warning = coverage.warning(window: "this sprint") {
                lines.insert("warning     " + warning + (coverage.coveredDays > 0 ? ": the figures below count only the days before" : ""), at: 0)
            }
            if !report.decayed.isEmpty { lines.append("decayed     " + report.decayed.map(\.rawValue).joined(separator: ", ") + " (opened in their first week only)") }
            items.append(DraftItem(kind: .team, subject: platform.id.rawValue, title: "\(platform.name)   the platform's own view", lines: lines,
                                   numbers: [("insider_share", report.insiderShare.map(JSONValue.number) ?? .null),
                                             ("decayed_dashboards", .array(report.decayed.map { .string($0.rawValue) }))]))
        }
        for (current, history) in report.teams {
            let previous = history.count > 1 ? history[history.count - 2] : nil
            let name = names[current.team] ?? current.team.rawValue
            var lines = ["this sprint \(Plural.count(current.activeUsers, "active user")) \(UsageViews.arrow(current.activeUsers, previous?.activeUsers)) · \(Plural.count(current.accesses, "access")) · \(Plural.count(current.distinctAssets, "asset")) · self-service \(current.selfServiceRatio.map(Formatting.measuredPercent) ?? "—")",
                         "last \(history.count)      \(UsageViews.usersSparkline(history)) active users"]
            var suggestions: [String] = []
            if let previous, previous.stage == current.stage, current.stage != .improving {
                suggestions = DemocratizationReport.interventions(for: current.stage).map { "\($0) (\(name))" }
                lines.append("stuck at    \(current.stage.rawValue) since the previous sprint; ready-made actions (adopt N --owner WHO):")
                lines += suggestions.enumerated().map { "  \($0.offset + 1). \($0.element)" }
            }
            lines.append("last discussed " + (try AgreementEvidence.lastDiscussed(kind: .team, subject: current.team.rawValue, c) ?? "never"))
            items.append(DraftItem(kind: .team, subject: current.team.rawValue,
                                   title: "\(name)   \(current.stage.rawValue)" + (previous.map { $0.stage != current.stage ? " (was \($0.stage.rawValue))" : "" } ?? ""),
                                   lines: lines,
                                   numbers: [("active_users", .int(current.activeUsers)), ("accesses", .int(current.accesses)), ("assets", .int(current.distinctAssets)),
                                             ("self_service", current.selfServiceRatio.map(JSONValue.number) ?? .null), ("stage", .string(current.stage.rawValue)),
                                             ("previous_stage", .optional(previous?.stage.rawValue)), ("suggestions", .array(suggestions.map(JSONValue.string))),
                                             ("active_users_history", .array(history.map { .int($0.activeUsers) }))]))
        }
        return items
    }
}
