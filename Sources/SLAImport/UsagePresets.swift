import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger

/// One usage event read from a row, before its asset and user are matched.
struct RawUsageEvent {
    let epoch: Double
    let asset: String
    let user: String
    let team: String
    let action: String
    /// The time as given when it is already in the stored form (`2026-11-02T09:15:03Z`), saving a reformat.
    var canonicalTime: String? = nil
}

/// The exports slaretro reads besides its own five columns.
package enum UsagePreset: String, CaseIterable, Sendable {
    case bigqueryJobs = "bigquery-jobs"
    case looker
    case metabase

    /// Reads a row of the preset's export into events; `column` finds a column by name (nil when absent).
    func events(_ fields: [String], column: (String) -> Int?, file: String, line: Int) throws -> [RawUsageEvent] {
        func value(_ names: [String]) -> String? {
            for name in names { if let i = column(name), i < fields.count, !fields[i].isEmpty { return fields[i] } }
            return nil
        }
        func value(_ names: String...) -> String? { value(names) }
        func time(_ names: String...) throws -> Double {
            for name in names {
                guard let i = column(name), i < fields.count, !fields[i].isEmpty else { continue }
                guard let epoch = UsagePreset.parseTime(fields[i]) else {
                    throw ImportError.invalid(file: file, line: line, message: "bad \(name) '\(fields[i])' (expected a time such as 2026-11-02 09:15:03 UTC)")
                }
                return epoch
            }
            throw ImportError.invalid(file: file, line: line, message: "no \(names.joined(separator: " or ")) value")
        }
        if line == 2 { try checkHeader(column: column, file: file) }
        switch self {
        case .bigqueryJobs:
            // LOAD, COPY and EXTRACT jobs move data; only queries are use.
            guard (value("job_type") ?? "QUERY").uppercased() == "QUERY" else { return [] }
            let epoch = try time("creation_time", "start_time")
            let user = value("user_email") ?? "unknown"
            return try UsagePreset.referencedTables(value("referenced_tables") ?? "", file: file, line: line).map {
                RawUsageEvent(epoch: epoch, asset: $0, user: user, team: "", action: "query")
            }
        case .looker:
            let epoch = try time("History Created Time", "history_created_time", "History Created Date", "history.created_time", "History Completed Time")
            let user = value("User Email", "user_email", "user.email", "User ID", "user_id", "user.id") ?? "unknown"
            let source = (value("History Source", "history_source", "history.source", "History Issuer Source", "history.issuer_source") ?? "").lowercased()
            let action = source.contains("api") ? "api" : source.contains("download") || source.contains("schedul") ? "export"
                : source.contains("explore") || source.contains("sql") ? "query" : "view"
            if let dashboard = value(Self.lookerDashboardColumns) { return [RawUsageEvent(epoch: epoch, asset: "looker:dashboard:\(dashboard)", user: user, team: "", action: action)] }
            if let look = value(Self.lookerLookColumns) { return [RawUsageEvent(epoch: epoch, asset: "looker:look:\(look)", user: user, team: "", action: action)] }
            if let explore = value(Self.lookerExploreColumns) { return [RawUsageEvent(epoch: epoch, asset: "looker:explore:\(explore)", user: user, team: "", action: "query")] }
            return []
        case .metabase:
            let epoch = try time("timestamp", "Timestamp")
            let user = value("email", "user_email", "Email") ?? value("user_id", "User ID").map { "metabase:user:\($0)" } ?? "unknown"
            // Older audit exports: model, model_id. Usage-analytics View log: Entity Type (card, dashboard, table, collection), Entity ID.
            guard let model = value("model", "Entity Type", "entity_type"), let id = value("model_id", "Entity ID", "entity_id") else { return [] }
            return [RawUsageEvent(epoch: epoch, asset: "metabase:\(model.lowercased()):\(id)", user: user, team: "", action: "view")]
        }
    }

    /// Looker System Activity column labels and field names that name what was used (first match wins).
    static let lookerDashboardColumns = ["Dashboard ID", "Dashboard ID (User-defined only)", "Dashboard ID (User-Defined Only)", "dashboard_id",
                                         "dashboard.id", "History Dashboard ID", "history.real_dash_id", "History Real Dash ID"]
    static let lookerLookColumns = ["Look ID", "Look ID (User-defined only)", "look_id", "look.id", "History Look ID"]
    static let lookerExploreColumns = ["Query Explore", "query_explore", "query.explore", "Explore"]

    /// Fails at the first data row when no column of the export can name an asset: every row would be dropped.
    func checkHeader(column: (String) -> Int?, file: String) throws {
        let (assets, times): ([String], [String])
        switch self {
        case .bigqueryJobs: (assets, times) = (["referenced_tables"], ["creation_time", "start_time"])
        case .looker:
            (assets, times) = (Self.lookerDashboardColumns + Self.lookerLookColumns + Self.lookerExploreColumns,
                               ["History Created Time", "history_created_time", "History Created Date", "history.created_time", "History Completed Time"])
        case .metabase: (assets, times) = (["model", "Entity Type", "entity_type"], ["timestamp"])
        }
        guard assets.contains(where: { column($0) != nil }) else {
            throw ImportError.invalid(file: file, line: 1, message: "no column names what was used, so every row would be dropped (expected one of: \(assets.joined(separator: ", ")))")
        }
        guard times.contains(where: { column($0) != nil }) else {
            throw ImportError.invalid(file: file, line: 1, message: "no time column (expected one of: \(times.joined(separator: ", ")))")
        }
    }

    /// `2026-11-02 09:15:03.123456 UTC`, `2026-11-02T09:15:03Z`, or a zoneless time taken as UTC.
    static func parseTime(_ text: String) -> Double? {
        var t = text.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix(" UTC") { t = String(t.dropLast(4)) + "Z" }
        if let epoch = Timestamp.parse(t) { return epoch }
        return Timestamp.parse(t + "Z") ?? Timestamp.parse(t + ":00Z")
    }

    /// BigQuery's `referenced_tables`: a JSON list of `{project_id, dataset_id, table_id}`, or `project.dataset.table` names.
    static func referencedTables(_ text: String, file: String, line: Int) throws -> [String] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed == "[]" { return [] }
        if trimmed.hasPrefix("[") {
            guard case .array(let items)? = JSONValue.parse(trimmed) else {
                throw ImportError.invalid(file: file, line: line, message: "referenced_tables is not a JSON list")
            }
            let names = items.compactMap { item -> String? in
                if let name = item.string { return name }
                guard let dataset = item["dataset_id"]?.string, let table = item["table_id"]?.string else { return nil }
                return [item["project_id"]?.string, dataset, table].compactMap { $0 }.joined(separator: ".")
            }
            return Array(Set(names)).sorted()
        }
        return Array(Set(trimmed.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " }).map(String.init))).sorted()
    }
}
