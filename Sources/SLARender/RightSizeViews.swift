import Foundation
import SLAModel
import SLAEvaluate

/// The rendering of `rightsize`: one row per proposal with its evidence and a one-line reason.
package enum RightSizeViews {
    /// `09:40`, or `—`.
    static func clock(_ minutes: Int?) -> String { minutes.map { Formatting.clockTime(minutes: $0) } ?? "—" }

    /// The one-line reason of a proposal, in the user's words and with its numbers.
    package static func reason(_ p: RightSizeProposal, thresholds t: RightSizeThresholds = RightSizeThresholds()) -> String {
        let profile = p.profile
        let days = "\(profile.workingDaysRead) of \(profile.workingDays) working day\(profile.workingDays == 1 ? "" : "s")"
        let team = SafeText.terminal(p.team.rawValue)
        switch p.kind {
        case .laterDelivery:
            return "\(team) first reads at \(clock(profile.p10)) or later on 9 days in 10 (p10, \(days) read); "
                + "promised by \(clock(p.current.map { Int($0.threshold) })): deliver by \(clock(p.proposed.map { Int($0.threshold) })), \(t.safetyMargin) min before p10"
        case .underQuality:
            let proposal = p.proposed.map { "deliver by \(clock(Int($0.threshold))), or add a workaround to the playbook" }
                ?? "add a workaround to the playbook"
            return "\(team) read before the promised \(clock(p.current.map { Int($0.threshold) })) on \(p.daysBefore ?? 0) of \(profile.workingDaysRead) days read "
                + "(p10 \(clock(profile.p10))): they see yesterday's data; \(proposal)"
        case .looserFreshness:
            return "\(team) reads every \(profile.medianGap ?? 0) day\(profile.medianGap == 1 ? "" : "s") (median gap); "
                + "\(p.current?.description ?? "—") is more than \(Formatting.number(t.freshnessFactor)) times fresher than that: \(p.proposed?.description ?? "—")"
        case .stricterTarget:
            return "\(team) read on \(days) (\(Formatting.percent(profile.readShare, maxDecimals: 0))); "
                + "the target promises \(Formatting.percent(p.target ?? 0)) of days: more than the use needs"
        case .unpromisedDependency:
            return "\(team) read \(SafeText.terminal(p.asset.rawValue)) on \(days) (\(Formatting.percent(profile.readShare, maxDecimals: 0))) "
                + "with no SLA: create one, or tell the team it has no promise"
        }
    }

    /// `later-delivery: revise objective=delivered_by 10:30` — what accepting the proposal does.
    package static func proposalText(_ p: RightSizeProposal) -> String {
        switch p.kind {
        case .unpromisedDependency:
            return "\(p.kind.rawValue): create an SLA for \(SafeText.terminal(p.asset.rawValue)) → \(SafeText.terminal(p.team.rawValue))"
        default:
            guard let (field, value) = p.assignment else { return "\(p.kind.rawValue): no new value to propose (keep, revise FIELD=VALUE or accept-risk)" }
            return "\(p.kind.rawValue): revise \(field.rawValue)=\(value)" + (p.current.map { " (now \($0))" } ?? "")
        }
    }

    /// The evidence lines of a proposal on a retro item: the profile it rests on and its reason.
    package static func evidenceLines(_ p: RightSizeProposal, thresholds t: RightSizeThresholds = RightSizeThresholds()) -> [String] {
        let profile = p.profile
        return [
            "proposal    " + proposalText(p),
            "reads       \(profile.workingDaysRead) of \(profile.workingDays) working days read · \(Formatting.number(profile.readsPerWeek, maxDecimals: 1)) read\(Formatting.number(profile.readsPerWeek, maxDecimals: 1) == "1" ? "" : "s")/week"
                + " · first read earliest \(clock(profile.earliest)), p10 \(clock(profile.p10)), median \(clock(profile.median)) (\(SafeText.terminal(profile.zone)))",
            "window      \(profile.start) → \(profile.end.adding(days: -1))",
            "reason      " + reason(p, thresholds: t),
        ]
    }

    /// The numbers of a proposal kept with a retro item (and so with the decision taken on it).
    package static func evidenceNumbers(_ p: RightSizeProposal, thresholds t: RightSizeThresholds = RightSizeThresholds()) -> [(String, JSONValue)] {
        let profile = p.profile
        return [
            ("proposal", .string(p.kind.rawValue)),
            ("assignment", .optional(p.assignment.map { "\($0.0.rawValue)=\($0.1)" })),
            ("reason", .string(reason(p, thresholds: t))),
            ("agreement", .optional(p.agreement?.rawValue)), ("asset", .string(p.asset.rawValue)), ("team", .string(p.team.rawValue)),
            ("objective", .optional(p.current?.description)), ("proposed", .optional(p.proposed?.description)),
            ("target", p.target.map(JSONValue.number) ?? .null), ("days_before", p.daysBefore.map(JSONValue.int) ?? .null),
            ("working_days_read", .int(profile.workingDaysRead)), ("working_days", .int(profile.workingDays)),
            ("reads_per_week", .number(profile.readsPerWeek)),
            ("first_read_earliest", .optional(profile.earliest.map { Formatting.clockTime(minutes: $0) })),
            ("first_read_p10", .optional(profile.p10.map { Formatting.clockTime(minutes: $0) })),
            ("first_read_median", .optional(profile.median.map { Formatting.clockTime(minutes: $0) })),
            ("zone", .string(profile.zone)), ("window_start", .string(profile.start.description)),
            ("window_end", .string(profile.end.adding(days: -1).description)),
        ]
    }

    package static func listing(_ proposals: [RightSizeProposal], thresholds: RightSizeThresholds, format: OutputFormat) -> String {
        // Each reason once (the table shows it under the rows), each window once (every profile of a run shares it).
        let reasonTexts = proposals.map { reason($0, thresholds: thresholds) }
        var windows: [String: String] = [:]
        func window(_ profile: ReadingProfile) -> String {
            let key = "\(profile.start) \(profile.end)"
            if let known = windows[key] { return known }
            let text = "\(profile.start) → \(profile.end.adding(days: -1))"
            windows[key] = text
            return text
        }
        // Each column and how its cell is made: a table makes only the cells of the columns it shows.
        let columns: [(name: String, cell: (Int, RightSizeProposal) -> Cell)] = [
            ("kind", { _, p in .text(p.kind.rawValue) }),
            ("subject", { _, p in .text(SafeText.terminal(p.agreement?.rawValue ?? p.asset.rawValue)) }),
            ("agreement", { _, p in .text(p.agreement.map { SafeText.terminal($0.rawValue) }) }),
            ("asset", { _, p in .text(SafeText.terminal(p.asset.rawValue)) }),
            ("team", { _, p in .text(SafeText.terminal(p.team.rawValue)) }),
            ("objective", { _, p in .text(p.current?.description) }),
            ("proposed", { _, p in .text(p.proposed?.description) }),
            ("days_read", { _, p in Cell(text: "\(p.profile.workingDaysRead)/\(p.profile.workingDays)", json: .int(p.profile.workingDaysRead), alignRight: true) }),
            ("reads_per_week", { _, p in
                Cell(text: Formatting.number(p.profile.readsPerWeek, maxDecimals: 1), json: .number(p.profile.readsPerWeek), alignRight: true) }),
            ("first_read", { _, p in Cell(text: clock(p.profile.earliest), json: .optional(p.profile.earliest.map { Formatting.clockTime(minutes: $0) })) }),
            ("p10", { _, p in Cell(text: clock(p.profile.p10), json: .optional(p.profile.p10.map { Formatting.clockTime(minutes: $0) })) }),
            ("median", { _, p in Cell(text: clock(p.profile.median), json: .optional(p.profile.median.map { Formatting.clockTime(minutes: $0) })) }),
            ("zone", { _, p in .text(SafeText.terminal(p.profile.zone)) }),
            ("window", { _, p in .text(window(p.profile)) }),
            ("reason", { i, _ in .text(reasonTexts[i]) }),
        ]
        let tableColumns = ["kind", "subject", "team", "proposed", "days_read", "p10"]
        let made = format == .table ? columns.filter { tableColumns.contains($0.name) } : columns
        let rows: [[Cell]] = proposals.enumerated().map { i, p in made.map { $0.cell(i, p) } }
        return Listing(columns: made.map(\.name), rows: rows, emptyMessage: "no right-sizing proposals: every promise fits how it is read",
                       tableColumns: tableColumns)
            .render(format) + (format == .table && !proposals.isEmpty ? reasons(proposals, reasonTexts) : "")
    }

    /// One reason line per proposal under the table, wrapped to the screen with a hanging indent.
    static func reasons(_ proposals: [RightSizeProposal], _ texts: [String]) -> String {
        let width = ScreenWidth.current
        return zip(proposals, texts).flatMap { p, text in
            DisplayWidth.wrapProse("  \(SafeText.terminal(p.agreement?.rawValue ?? p.asset.rawValue)): \(text)", width: width, indent: 4)
        }.map { $0 + "\n" }.joined()
    }
}
