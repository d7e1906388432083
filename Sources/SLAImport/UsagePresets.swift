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

    /// Reads a row of the preset's export into events; `column` finds a column by name (nil when absent). A row that
    /// gives no event is recorded in `state` with its reason; zoneless times are read in `state`'s zone.
    func events(_ fields: [String], column: (String) -> Int?, file: String, line: Int, state: inout UsagePresetState) throws -> [RawUsageEvent] {
        func value(_ names: [String]) -> String? {
            for name in names { if let i = column(name), i < fields.count, !fields[i].isEmpty { return fields[i] } }
            return nil
        }
        func value(_ names: String...) -> String? { value(names) }
        func time(_ names: [String]) throws -> Double {
            for name in names {
                guard let i = column(name), i < fields.count, !fields[i].isEmpty else { continue }
                guard let epoch = state.parseTime(fields[i], line: line) else {
                    throw ImportError.invalid(file: file, line: line, message: "bad \(name) '\(fields[i])' (expected a time such as 2026-11-02 09:15:03 UTC)")
                }
                return epoch
            }
            throw ImportError.invalid(file: file, line: line, message: "no \(present(names, column: column)) value")
        }
        if line == 2 { try checkHeader(column: column, file: file) }
        switch self {
        case .bigqueryJobs:
            // LOAD, COPY and EXTRACT jobs move data; only queries are use.
            let jobType = (value("job_type") ?? "QUERY").uppercased()
            guard jobType == "QUERY" else {
                state.drop("job_type \(jobType) is not a query", line: line, skipped: true)
                return []
            }
            let epoch = try time(Self.timeColumns(self))
            let user = value("user_email") ?? "unknown"
            let tables = try UsagePreset.referencedTables(value("referenced_tables") ?? "", file: file, line: line)
            if tables.isEmpty { state.drop("no 'referenced_tables'", line: line) }
            return tables.map { RawUsageEvent(epoch: epoch, asset: $0, user: user, team: "", action: "query") }
        case .looker:
            let epoch = try time(Self.timeColumns(self))
            let user = value("User Email", "user_email", "user.email", "User ID", "user_id", "user.id") ?? "unknown"
            let source = (value("History Source", "history_source", "history.source", "History Issuer Source", "history.issuer_source") ?? "").lowercased()
            let action = source.contains("api") ? "api" : source.contains("download") || source.contains("schedul") ? "export"
                : source.contains("explore") || source.contains("sql") ? "query" : "view"
            if let dashboard = value(Self.lookerDashboardColumns) { return [RawUsageEvent(epoch: epoch, asset: "looker:dashboard:\(dashboard)", user: user, team: "", action: action)] }
            if let look = value(Self.lookerLookColumns) { return [RawUsageEvent(epoch: epoch, asset: "looker:look:\(look)", user: user, team: "", action: action)] }
            if let explore = value(Self.lookerExploreColumns) { return [RawUsageEvent(epoch: epoch, asset: "looker:explore:\(explore)", user: user, team: "", action: "query")] }
            state.drop("no \(present(Self.lookerDashboardColumns + Self.lookerLookColumns + Self.lookerExploreColumns, column: column))", line: line)
            return []
        case .metabase:
            let epoch = try time(Self.timeColumns(self))
            let user = value("email", "user_email", "Email") ?? value("user_id", "User ID").map { "metabase:user:\($0)" } ?? "unknown"
            // Older audit exports: model, model_id. Usage-analytics View log: Entity Type (card, dashboard, table, collection), Entity ID.
            guard let model = value(Self.metabaseModelColumns) else {
                state.drop("no \(present(Self.metabaseModelColumns, column: column))", line: line)
                return []
            }
            guard let id = value(Self.metabaseIDColumns) else {
                state.drop("no \(present(Self.metabaseIDColumns, column: column))", line: line)
                return []
            }
            return [RawUsageEvent(epoch: epoch, asset: "metabase:\(model.lowercased()):\(id)", user: user, team: "", action: "view")]
        }
    }

    /// The columns of `names` the header has, quoted and joined with "or" (`'Dashboard ID' or 'Look ID'`); all of them when none is there.
    func present(_ names: [String], column: (String) -> Int?) -> String {
        var seen: [Int] = [], found: [String] = []
        for name in names { if let i = column(name), !seen.contains(i) { seen.append(i); found.append(name) } }
        return (found.isEmpty ? names : found).map { "'\($0)'" }.joined(separator: " or ")
    }

    /// The time columns of each preset, in the order they are tried.
    static func timeColumns(_ preset: UsagePreset) -> [String] {
        switch preset {
        case .bigqueryJobs: ["creation_time", "start_time"]
        case .looker: ["History Created Time", "history_created_time", "History Created Date", "history.created_time", "History Completed Time"]
        case .metabase: ["timestamp", "Timestamp"]
        }
    }

    static let metabaseModelColumns = ["model", "Entity Type", "entity_type"]
    static let metabaseIDColumns = ["model_id", "Entity ID", "entity_id"]

    /// Looker System Activity column labels and field names that name what was used (first match wins).
    static let lookerDashboardColumns = ["Dashboard ID", "Dashboard ID (User-defined only)", "Dashboard ID (User-Defined Only)", "dashboard_id",
                                         "dashboard.id", "History Dashboard ID", "history.real_dash_id", "History Real Dash ID"]
    static let lookerLookColumns = ["Look ID", "Look ID (User-defined only)", "look_id", "look.id", "History Look ID"]
    static let lookerExploreColumns = ["Query Explore", "query_explore", "query.explore", "Explore"]

    /// Fails at the first data row when no column of the export can name an asset: every row would be dropped.
    func checkHeader(column: (String) -> Int?, file: String) throws {
        let times = Self.timeColumns(self)
        let assets: [String]
        switch self {
        case .bigqueryJobs: assets = ["referenced_tables"]
        case .looker: assets = Self.lookerDashboardColumns + Self.lookerLookColumns + Self.lookerExploreColumns
        case .metabase: assets = Self.metabaseModelColumns
        }
        guard assets.contains(where: { column($0) != nil }) else {
            throw ImportError.invalid(file: file, line: 1, message: "no column names what was used, so every row would be dropped (expected one of: \(assets.joined(separator: ", ")))")
        }
        guard times.contains(where: { column($0) != nil }) else {
            throw ImportError.invalid(file: file, line: 1, message: "no time column (expected one of: \(times.joined(separator: ", ")))")
        }
    }

    /// `2026-11-02 09:15:03.123456 UTC`, `2026-11-02T09:15:03Z`, `2026-11-02T09:15:03+01:00`: the epoch and whether the text
    /// named its zone. A zoneless time (`2026-11-02 09:15:03`, `2026-11-02 09:15`) is read as UTC here; the caller moves it.
    static func parseTime(_ text: String) -> (epoch: Double, zoned: Bool)? {
        var t = text.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix(" UTC") { t = String(t.dropLast(4)) + "Z" }
        if let epoch = Timestamp.parse(t) { return (epoch, true) }
        if let epoch = Timestamp.parse(t + "Z") ?? Timestamp.parse(t + ":00Z") { return (epoch, false) }
        // Formatted downloads (Metabase's default): `November 4, 2026, 8:00 AM`, in the report's zone.
        guard let (date, rest) = PostmortemTimeline.leadingDate(Substring(t), year: nil),
              let time = PostmortemTimeline.leadingTime(rest) else { return nil }
        var minutes = time.minutes
        let hour = minutes / 60
        switch time.rest.trimmingCharacters(in: .whitespaces).uppercased() {
        case "": break
        case "AM": guard (1...12).contains(hour) else { return nil }; if hour == 12 { minutes -= 12 * 60 }
        case "PM": guard (1...12).contains(hour) else { return nil }; if hour < 12 { minutes += 12 * 60 }
        default: return nil
        }
        guard let at = PostmortemTimeline.instant(date, minutes: minutes, seconds: time.seconds, zone: time.zone ?? "UTC") else { return nil }
        return (at.timeIntervalSince1970, time.zone != nil)
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

/// What one preset import keeps track of besides events: rows that gave none (by reason, with the first line of each)
/// and the zone its zoneless times are read in.
package struct UsagePresetState {
    /// One reason rows gave no event: how many, and the first line.
    package struct Drop: Sendable, Equatable {
        package let reason: String
        package var count: Int
        package let firstLine: Int
        /// Passed over on purpose (a LOAD job is not use), not dropped for a missing value.
        package let skipped: Bool
    }
    private(set) var drops: [Drop] = []
    private var index: [String: Int] = [:]
    /// The IANA zone of times that carry none (`--timezone`); nil: UTC, as documented.
    let zone: TimeZone?
    let zoneName: String?
    /// The first line with a zoneless time, if any.
    private(set) var firstZoneless: Int?

    init(zone: String?) {
        zoneName = zone
        self.zone = zone.flatMap(TimeZones.named)
    }

    mutating func drop(_ reason: String, line: Int, skipped: Bool = false) {
        if let i = index[reason] { drops[i].count += 1; return }
        index[reason] = drops.count
        drops.append(Drop(reason: reason, count: 1, firstLine: line, skipped: skipped))
    }

    /// A time of the export as an epoch; one without a zone is local time in `zone` (DST-correct), else UTC.
    mutating func parseTime(_ text: String, line: Int) -> Double? {
        guard let (epoch, zoned) = UsagePreset.parseTime(text) else { return nil }
        if zoned { return epoch }
        if firstZoneless == nil { firstZoneless = line }
        guard let zone else { return epoch }
        // `epoch` is the wall-clock time read as UTC; find the instant whose local time in `zone` it is.
        let guess = epoch - Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: epoch)))
        return epoch - Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: guess)))
    }

    /// The warning lines of the import: one per reason rows were dropped or skipped, then the zone assumed.
    func notes(file: String) -> [String] {
        var lines = drops.map { d in
            "\(file): \(d.count) \(d.count == 1 ? "row" : "rows") \(d.skipped ? "skipped" : "dropped"): \(d.reason) (first at line \(d.firstLine))"
        }
        if let first = firstZoneless {
            lines.append(zoneName.map { "\(file): times without a zone (first at line \(first)) read in \($0) (--timezone)" }
                ?? "\(file): times without a zone (first at line \(first)) read as UTC; pass --timezone ZONE if the export was made in another zone (Looker writes times in the query's time zone)")
        }
        return lines
    }
}
