import Foundation
import SLAModel
import SLAEvaluate
import SLAImport

/// The renderings of `breaches` and `incidents`.
package enum EvidenceViews {
    /// Burn as a bar: `▁` < 0.25, `▂` < 0.5, `▃` < 0.75, `▅` threatened (0.75–1), `▇` breached (> 1), `·` unmeasured.
    package static func sparkline(_ burns: [Double?]) -> String {
        String(burns.map { burn -> Character in
            guard let burn else { return "·" }
            return burn > 1 ? "▇" : burn >= 0.75 ? "▅" : burn >= 0.5 ? "▃" : burn >= 0.25 ? "▂" : "▁"
        })
    }

    /// `1.24`: burn with two decimals everywhere.
    package static func burnText(_ burn: Double?) -> String {
        burn.map { String(format: "%.2f", $0) } ?? "—"
    }

    /// `11/14 = 78.6 %`, or `no data`.
    package static func complianceText(_ c: Compliance) -> String {
        guard let ratio = c.ratio else { return "no data" }
        return "\(c.good)/\(c.total) = \(Formatting.measuredPercent(ratio))"
    }

    /// `breaches`: one row per agreement (not `ok` ones unless `all`).
    package static func breaches(_ evidence: SprintEvidence, all: Bool, format: OutputFormat) -> String {
        let shown = evidence.results.filter { all || $0.compliance.status != .ok }
        let order: [BudgetStatus] = [.breached, .threatened, .unmeasured, .ok]
        let sorted = shown.sorted { a, b in
            let (ia, ib) = (order.firstIndex(of: a.compliance.status)!, order.firstIndex(of: b.compliance.status)!)
            return ia != ib ? ia < ib : a.overview.agreement.id < b.overview.agreement.id
        }
        let rows: [[Cell]] = sorted.map { r in
            let c = r.compliance
            let categories = Set(r.incidents.compactMap(\.category)).sorted()
            return [
                .text(r.overview.agreement.id.rawValue), .text(r.overview.agreement.kind.rawValue),
                Cell(text: complianceText(c), json: c.ratio.map(JSONValue.number) ?? .null),
                .int(c.good), .int(c.total),
                targetCell(r, sprint: evidence.sprint),
                Cell(text: burnText(c.burn), json: c.burn.map(JSONValue.number) ?? .null, alignRight: true),
                .text(c.status.rawValue),
                Cell(text: sparkline(r.recentBurns), json: .array(r.recentBurns.map { $0.map(JSONValue.number) ?? .null })),
                Cell(text: r.cause.map { $0.text + (categories.isEmpty ? "" : " · incidents: " + categories.joined(separator: ", ")) } ?? "—",
                     json: r.cause.map(\.causeField) ?? .null),
                Cell(text: r.cause.map { $0.upstream.map(\.rawValue).joined(separator: ", ") } ?? "—", json: r.cause.map(\.upstreamField) ?? .null),
                Cell(text: categories.joined(separator: ", "), json: .array(categories.map(JSONValue.string))),
                Cell(text: r.incidents.isEmpty ? "—" : r.incidents.map(\.id).joined(separator: ", "), json: .array(r.incidents.map { .string($0.id) })),
                Cell(text: c.segments.map { "rev \($0.revision): \($0.good)/\($0.total)" }.joined(separator: "; "),
                     json: .array(c.segments.map { s in .object([("revision", .int(s.revision)), ("target", .number(s.target)),
                                                                 ("good", .int(s.good)), ("total", .int(s.total))]) })),
            ]
        }
        let title = format == .table
            ? Screen.block("\(evidence.sprint.id) (\(evidence.sprint.start) → \(evidence.sprint.lastDay), \(evidence.sprint.timezone)): "
                           + "compliance and burn this sprint; last_6: the last 6 sprints\n") : ""
        let csv = ["agreement", "kind", "compliance", "good", "total", "target", "burn", "status", "last_6", "cause", "incident_categories", "incidents", "segments"]
        let listing = Listing(columns: ["agreement", "kind", "compliance", "good", "total", "target", "burn", "status", "last_6", "cause", "upstream", "incident_categories", "incidents", "segments"],
                              rows: rows, emptyMessage: "every agreement is ok in \(evidence.sprint.id) (--all lists them)",
                              tableColumns: ["agreement", "kind", "compliance", "target", "burn", "status", "last_6", "cause", "incidents"],
                              csvColumns: csv)
        return title + listing.render(format)
    }

    /// The target judged; for an unmeasured agreement (nothing judged) the target of the revision in force
    /// on the sprint's last day, so the table says what was promised rather than `—`.
    static func targetCell(_ r: AgreementResult, sprint: Sprint) -> Cell {
        if let target = r.compliance.target { return .percent(target) }
        let revision = Revision.inForce(r.overview.revisions, on: sprint.lastDay) ?? r.overview.inForce
        return revision.map { .percent($0.terms.target) } ?? .text(nil)
    }

    /// `incidents`: one row per incident of the sprint, then MTTA and MTTR.
    package static func incidents(_ summary: IncidentSummary, sprint: Sprint, format: OutputFormat) -> String {
        let rows: [[Cell]] = summary.reviews.map { r in
            let i = r.incident
            let responseText = r.responses.map { check -> String in
                guard let limit = check.responseTime else { return "\(check.agreement): no promise" }
                guard let met = check.met else { return "\(check.agreement): \(Formatting.duration(limit)) (not acknowledged)" }
                return "\(check.agreement): \(Formatting.duration(limit)) \(met ? "met" : "missed")"
            }.joined(separator: "; ")
            return [
                .text(i.id), .text(i.title), Cell(text: "sev\(i.severity)", json: .int(i.severity)),
                time(i.detectedAt, sprint), time(i.acknowledgedAt, sprint), time(i.resolvedAt, sprint),
                Cell(text: i.timeToAcknowledge.map(Formatting.duration) ?? "—", json: i.timeToAcknowledge.map(JSONValue.number) ?? .null),
                Cell(text: i.timeToResolve.map(Formatting.duration) ?? "—", json: i.timeToResolve.map(JSONValue.number) ?? .null),
                Cell(text: responseText.isEmpty ? "—" : responseText, json: .array(r.responses.map { check in
                    .object([("agreement", .string(check.agreement.rawValue)),
                             ("response_time", check.responseTime.map(JSONValue.number) ?? .null),
                             ("met", check.met.map(JSONValue.bool) ?? .null)])
                })),
                .text(r.postmortem.text), .int(r.openActions),
            ]
        }
        let listing = Listing(columns: ["incident", "title", "severity", "detected", "acknowledged", "resolved", "time_to_acknowledge",
                                        "time_to_resolve", "response", "postmortem", "open_actions"],
                              rows: rows, emptyMessage: "no incidents in \(sprint.id)",
                              tableColumns: ["incident", "title", "severity", "detected", "time_to_acknowledge", "time_to_resolve", "response", "postmortem"])
        if format == .json {
            return JSONValue.object([("sprint", .string(sprint.id.rawValue)),
                                     ("mtta", summary.mtta.map(JSONValue.number) ?? .null),
                                     ("mttr", summary.mttr.map(JSONValue.number) ?? .null),
                                     ("incidents", listing.json)]).rendered()
        }
        if format == .csv { return listing.render(.csv) }
        let timing = "this sprint: \(Plural.count(summary.reviews.count, "incident")) · MTTA \(summary.mtta.map(Formatting.duration) ?? "—")"
            + " · MTTR \(summary.mttr.map(Formatting.duration) ?? "—")"
        return Screen.block("\(sprint.id) (\(sprint.start) → \(sprint.lastDay), \(sprint.timezone)): times in \(sprint.timezone)\n")
            + listing.render(.table) + Screen.block(timing + "\n")
    }

    /// A moment shown in the sprint's zone with its abbreviation (`2026-11-17 09:05 JST`), ISO-8601 UTC for programs.
    static func time(_ date: Date?, _ sprint: Sprint) -> Cell {
        guard let date else { return .text(nil) }
        return Cell(text: LocalTime.text(date, zone: sprint.timezone), json: .string(Clock.iso(date)))
    }
}

extension BreachCause {
    /// `own`, or `upstream (OLA-crm-export, OLA-erp-feed)` naming the supporting agreements that breached too.
    package var text: String {
        switch self {
        case .own: return "own"
        case .upstream(let olas): return "upstream (\(olas.map(\.rawValue).joined(separator: ", ")))"
        }
    }

    /// The `cause` field of JSON output. Tools read this value, so it is spelled here on its own rather than taken
    /// from the column's wording: `own`, or `upstream (` the agreement ids `)`.
    package var causeField: JSONValue {
        switch self {
        case .own: return .string("own")
        case .upstream(let olas): return .string("upstream (" + olas.map(\.rawValue).joined(separator: ", ") + ")")
        }
    }

    /// The `upstream` field of JSON output next to `cause`: the ids of the supporting agreements that breached,
    /// an empty list when the agreement failed on its own.
    package var upstreamField: JSONValue { .array(upstream.map { .string($0.rawValue) }) }
}

extension ObservationsEnd {
    /// `observations end on 2026-11-20: 4 days of the window have none`.
    package var text: String {
        "observations end on \(lastDay): \(Plural.count(missingDays, "day")) of the window \(missingDays == 1 ? "has" : "have") none"
    }
}

extension PostmortemState {
    /// `reviewed`, `draft`, `missing (required by SLA-x, SLA-y)` or `none (not required)`; the same words are the
    /// `postmortem` value of the JSON.
    package var text: String {
        switch self {
        case .written(let status): return status.rawValue
        case .missing(let by): return "missing (required by \(by.map(\.rawValue).joined(separator: ", ")))"
        case .notRequired: return "none (not required)"
        }
    }
}
