import Foundation
import SLAModel
import SLAEvaluate
import SLAImport

/// The renderings of `import usage`, `candidates` and `democratization`.
package enum UsageViews {
    package static func importReport(_ r: UsageReport) -> String {
        if r.alreadyImported { return "imported \(r.file) before (same fingerprint): nothing added\n" }
        let days = Plural.count(r.rollupDays, "day")
        var text = r.rollups ? "imported \(r.file): \(Plural.count(r.rows, "rollup")), \(r.imported) kept, for \(days)\n"
            : "imported \(r.file): \(Plural.count(r.rows, "event")), \(r.imported) kept, rollups for \(days)\n"
        let assets = r.unmatchedAssets.values.reduce(0, +), users = r.unmatchedUsers.values.reduce(0, +)
        if assets > 0 {
            text += "  \(Plural.count(assets, r.rollups ? "rollup" : "event")) on unknown assets (not kept; add ids or aliases to the catalog): "
                + UsageReport.top(r.unmatchedAssets).map { "\($0.0) (\($0.1))" }.joined(separator: ", ") + "\n"
        }
        if users > 0 {
            text += "  \(Plural.count(users, "event")) by users of no known team (kept without a team; add members: or --team-map): "
                + UsageReport.top(r.unmatchedUsers).map { "\($0.0) (\($0.1))" }.joined(separator: ", ") + "\n"
        }
        return Screen.block(text, indent: 4)
    }

    /// `candidates`: every figure is over the last `lookback` days, up to and including `through` when given.
    package static func candidates(_ list: [OverQualityCandidate], lookback: Int, through: LocalDate? = nil, format: OutputFormat) -> String {
        let rows: [[Cell]] = list.map { c in
            [.text(c.asset.rawValue), Cell(text: c.reasons.map(\.rawValue).joined(separator: ", "), json: .array(c.reasons.map { .string($0.rawValue) })),
             Cell(text: Formatting.number(c.maintenanceHours), json: .number(c.maintenanceHours), alignRight: true),
             Cell(text: c.agreements.isEmpty ? "—" : c.agreements.map(\.rawValue).joined(separator: ", "), json: .array(c.agreements.map { .string($0.rawValue) })),
             .text(c.lastAccess?.description),
             Cell(text: Formatting.number(c.accessesPerWeek, maxDecimals: 1), json: .number(c.accessesPerWeek), alignRight: true),
             Cell(text: Formatting.number(c.ownerAccessesPerWeek, maxDecimals: 1), json: .number(c.ownerAccessesPerWeek), alignRight: true),
             Cell(text: c.cadencePerWeek.map { Formatting.number($0, maxDecimals: 1) } ?? "—", json: c.cadencePerWeek.map(JSONValue.number) ?? .null, alignRight: true),
             Cell(text: c.consumerUsers.isEmpty ? "—" : c.consumerUsers.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "),
                  json: .object(c.consumerUsers.sorted { $0.key < $1.key }.map { ($0.key.rawValue, JSONValue.int($0.value)) }))]
        }
        let window = "the last \(lookback) days" + (through.map { " (\($0.adding(days: 1 - lookback)) → \($0))" } ?? "")
        let listing = Listing(columns: ["asset", "reasons", "maintenance_hours", "agreements", "last_access", "accesses_per_week", "owner_accesses_per_week", "refreshes_per_week", "consumer_active_users"],
                              rows: rows, emptyMessage: "no over-quality candidates in \(window)")
        guard format == .table, !list.isEmpty else { return listing.render(format) }
        return Screen.block("over-quality candidates in \(window): accesses per week by consumers and by the owning team apart, "
                            + "refreshes per week and active users over the days of that window the usage logs cover; maintenance hours per sprint\n")
            + listing.render(format)
    }

    package static func arrow(_ now: Int, _ before: Int?) -> String {
        guard let before else { return "·" }
        return now > before ? "↑" : now < before ? "↓" : "→"
    }

    /// Active users per sprint as dots scaled to the team's own maximum: `·` none, `⣀ ⣤ ⣶ ⣿` a quarter to
    /// all of the maximum. Not the block bars of the burn sparkline, so usage never looks like a breach.
    package static func usersSparkline(_ history: [TeamUsage]) -> String {
        let top = max(1, history.map(\.activeUsers).max() ?? 1)
        let dots: [Character] = ["⣀", "⣤", "⣶", "⣿"]
        return String(history.map { $0.activeUsers <= 0 ? "·" : dots[min(3, ($0.activeUsers * 4 - 1) / top)] })
    }

    package static func democratization(_ r: DemocratizationReport, format: OutputFormat) -> String {
        let rows: [[Cell]] = r.teams.map { current, history in
            let previous = history.count > 1 ? history[history.count - 2] : nil
            return [.text(current.team.rawValue), .int(current.activeUsers),
                    Cell(text: arrow(current.activeUsers, previous?.activeUsers), json: .optional(previous.map { _ in arrow(current.activeUsers, previous?.activeUsers) })),
                    .int(current.accesses), .int(current.distinctAssets),
                    Cell(text: current.selfServiceRatio.map(Formatting.measuredPercent) ?? "—", json: current.selfServiceRatio.map(JSONValue.number) ?? .null, alignRight: true),
                    Cell(text: usersSparkline(history), json: .array(history.map { .int($0.activeUsers) })),
                    .text(current.stage.rawValue), .text(previous?.stage.rawValue)]
        }
        let listing = Listing(columns: ["team", "active_users", "change", "accesses", "assets", "self_service", "last_6", "stage", "previous_stage"],
                              rows: rows, emptyMessage: "no consumer teams")
        if format == .json {
            return JSONValue.object([("sprint", .string(r.sprint.id.rawValue)), ("insider_share", r.insiderShare.map(JSONValue.number) ?? .null),
                                     ("decayed_dashboards", .array(r.decayed.map { .string($0.rawValue) })), ("teams", listing.json)]).rendered()
        }
        if format == .csv { return listing.render(.csv) }
        let text = Screen.block("\(r.sprint.id) (\(r.sprint.start) → \(r.sprint.lastDay)): active users, accesses and self-service this sprint; "
                                + "change against the sprint before; last_6: active users in the last 6 sprints\n") + listing.render(.table)
        var tail = "insider share this sprint \(r.insiderShare.map(Formatting.measuredPercent) ?? "—") (accesses by the platform team itself)\n"
        if !r.decayed.isEmpty { tail += "decayed dashboards (opened in their first week only): " + r.decayed.map(\.rawValue).joined(separator: ", ") + "\n" }
        return text + Screen.block(tail)
    }
}


extension UsageCoverage {
    /// `usage logs end on 2026-11-20: 4 days of this sprint have none`, or `no usage logs cover this sprint`
    /// (nil when the logs reach the end of the window). `window` names the window: `this sprint`, `the last 60 days`.
    package func warning(window: String) -> String? {
        guard missingAtEnd > 0 else { return nil }
        guard let lastDay, coveredDays > 0 else { return "no usage logs cover \(window)" }
        return "usage logs end on \(lastDay): \(Plural.count(missingAtEnd, "day")) of \(window) \(missingAtEnd == 1 ? "has" : "have") none"
    }
}

extension OverQualityCandidate {
    /// The lines of the candidate's agenda card: last access and accesses against the promised refreshes over the
    /// window, a warning when the usage logs stop early, the consumers' active users, and the maintenance it costs.
    /// `last access 2026-11-02 · 2 accesses/week by consumers (+ 9.8 by the owning team) vs 7 refreshes/week promised · the last 60 days`.
    package var evidence: [String] {
        let window = "the last \(Plural.count(coverage.days, "day"))"
        let over = coverage.isComplete ? window : "the \(coverage.coveredDays) of \(window) with usage logs"
        var lines = ["last access \(lastAccess?.description ?? "never") · \(Formatting.number(accessesPerWeek, maxDecimals: 1)) accesses/week by consumers"
            + (ownerAccessesPerWeek > 0 ? " (+ \(Formatting.number(ownerAccessesPerWeek, maxDecimals: 1)) by the owning team)" : "")
            + (cadencePerWeek.map { " vs \(Formatting.number($0, maxDecimals: 1)) refreshes/week promised" } ?? "")
            + " · \(over)"]
        if let warning = coverage.warning(window: window) { lines.append("warning     " + warning + "; they are not judged") }
        if !consumerUsers.isEmpty {
            lines.append("consumers " + consumerUsers.sorted { $0.key < $1.key }.map { "\($0.key): \(Plural.count($0.value, "active user"))" }.joined(separator: ", ")
                         + " in \(window)")
        }
        lines.append("maintenance \(Formatting.number(maintenanceHours))h per sprint" + (agreements.isEmpty ? " · no agreement" : " · agreements " + agreements.map(\.rawValue).joined(separator: ", ")))
        return lines
    }
}
