import Foundation
import Yams
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger

/// Imports the `slaProperties` of an ODCS v3 data contract: one agreement per (contract, property, element).
///
/// Mapping (see the README): `timeOfAvailability 09:00-08:00` → `delivered_by 09:00` in UTC−08:00;
/// `latency`/`frequency`/`freshness` with a unit → freshness (or latency for ms); `availability` in percent →
/// `ratio availability` with that target; `retention`, `generalAvailability`, `endOfSupport`, `endOfLife` → facts on the
/// asset; `driver` → the agreement's driver. What cannot be mapped is reported.
package struct ODCSImport {
    package var options: StandardImportOptions

    package init(options: StandardImportOptions) { self.options = options }

    static let slaKeys = ["id", "property", "value", "valueExt", "unit", "element", "column", "driver", "description", "scheduler", "schedule"]
    static let assetFacts = ["retention", "generalAvailability", "endOfSupport", "endOfLife", "timeToDetect", "timeToNotify", "timeToRepair", "errorRate", "throughput"]

    /// Property names as written (any case) and the spec's abbreviations → the canonical name.
    static let propertyNames: [String: String] = {
        var names: [String: String] = [:]
        for name in ["latency", "frequency", "freshness", "availability", "timeOfAvailability", "retention", "generalAvailability",
                     "endOfSupport", "endOfLife", "timeToDetect", "timeToNotify", "timeToRepair", "errorRate", "throughput"] {
            names[name.lowercased()] = name
        }
        for (short, name) in [("ly", "latency"), ("fy", "frequency"), ("toa", "timeOfAvailability"), ("ga", "generalAvailability"),
                              ("eos", "endOfSupport"), ("eol", "endOfLife"), ("ttd", "timeToDetect"), ("ttn", "timeToNotify"),
                              ("ttr", "timeToRepair"), ("er", "errorRate"), ("th", "throughput"), ("rt", "retention")] {
            names[short] = name
        }
        return names
    }()

    /// The canonical name of an slaProperties `property` (nil when unknown).
    static func canonical(_ property: String) -> String? { propertyNames[property.lowercased()] }

    package func importFile(_ path: String, into store: Store) throws -> StandardImportReport {
        let input = try InputFile.read(path)
        guard let root = try YAMLValue.parse(input.text, file: path) else { throw ImportError.unreadable(file: path, message: "the file is empty") }
        guard root.text("kind") == "DataContract", let version = root.text("apiVersion"), version.hasPrefix("v3") || version.hasPrefix("v2") else {
            throw ImportError.unreadable(file: path, message: "not an ODCS v2 or v3 data contract (expected kind: DataContract and apiVersion: v2.x or v3.x)")
        }
        guard let consumer = options.consumer else {
            throw ImportError.unreadable(file: path, message: "an ODCS contract does not say who consumes it: pass --consumer TEAM")
        }
        let properties = root.items("slaProperties")
        for item in properties { _ = try item.mapping("an slaProperties entry", allowed: Self.slaKeys) }
        let contract = root.text("name") ?? root.text("dataProduct") ?? root.text("id") ?? root.text("quantumName") ?? root.text("uuid") ?? "contract"
        let kind = Asset.Kind(rawValue: root.items("schema").first?.text("physicalType")?.lowercased() ?? "") ?? .table
        let defaultElement = root.text("slaDefaultElement") ?? root.text("slaDefaultColumn")
        return try store.write { ctx in
            var upsert = AgreementUpsert(options: options, ctx: ctx, file: path, standard: "odcs")
            let asset = try upsert.asset(slugified(contract), kind: kind, line: root.line)
            let team = try upsert.team(slugified(consumer), kind: .consumer)
            if properties.isEmpty { upsert.report.notes.append("no slaProperties in the contract: nothing to import") }
            var used = Set<String>()
            var defaultTargetNoted = false
            var keptFacts = 0
            for item in properties {
                let written = item.text("property") ?? ""
                let property = Self.canonical(written) ?? written
                let at = "line \(item.line): slaProperties \(written)"
                if Self.assetFacts.contains(property) {
                    let value = [item.text("value"), item.text("unit")].compactMap { $0 }.joined(separator: " ")
                    try ctx.setFact("asset", asset.rawValue, key: "odcs.\(property)", value: value, source: upsert.source)
                    keptFacts += 1
                    if !["retention", "generalAvailability", "endOfSupport", "endOfLife"].contains(property) {
                        upsert.report.notes.append("\(at): '\(value)' kept as a fact on \(asset) (slaretro measures incident times from incidents, not from the contract)")
                    }
                    continue
                }
                let mapped: Result<(Objective, String), Unmappable> = Self.objective(item)
                if case .success(let (objective, zone)) = mapped, objective.metric == .deliveredBy, (item.text("value") ?? "").dropFirst(5).hasPrefix("-") {
                    upsert.report.notes.append("\(at): '\(item.text("value") ?? "")' read as \(objective) \(zone)" + (Self.window(item.text("value") ?? "").map { " (an availability window until \($0); its start is the delivery time)" } ?? " (the part after '-' is a UTC offset)"))
                }
                guard case .success(let (objective, zone)) = mapped else {
                    if case .failure(let error) = mapped { upsert.report.notes.append("\(at): \(error.why)") }
                    continue
                }
                var terms = Terms(objective: objective, target: options.target, timezone: zone)
                if objective.metric == .availability {
                    // "availability 99.9 %" promises a share of good time: an event ratio (good/total minutes) with that target.
                    guard objective.threshold < 1 else {
                        upsert.report.notes.append("\(at): availability 100 % leaves no error budget; not imported")
                        continue
                    }
                    terms = Terms(objective: Objective(metric: .ratioAvailability, threshold: 0), target: objective.threshold, timezone: zone)
                }
                if let driverText = item.text("driver") {
                    if let driver = Driver(rawValue: driverText) { terms.driver = driver } else { upsert.report.notes.append("\(at): driver '\(driverText)' is not regulatory, analytics or operational; left empty") }
                }
                let element = item.text("element") ?? item.text("column") ?? defaultElement
                var id = "SLA-" + slugified("\(contract)-\(property)" + (element.map { "-\($0)" } ?? ""))
                if used.contains(id), let driver = item.text("driver") { id += "-" + slugified(driver) }
                var n = 2
                while used.contains(id) { id += "-\(n)"; n += 1 }
                used.insert(id)
                if !defaultTargetNoted, !terms.objective.metric.isEventRatio {
                    upsert.report.notes.append("ODCS states no share of good observations for thresholds: those agreements require \(Formatting.percent(options.target)) (--target)")
                    defaultTargetNoted = true
                }
                try upsert.upsert(Agreement(id: AgreementID(id), kind: .sla, asset: asset, team: team), terms: terms, line: item.line)
                if let element { try ctx.setFact("agreement", id, key: "odcs.element", value: element, source: upsert.source) }
                if let ext = item.text("valueExt") { try ctx.setFact("agreement", id, key: "odcs.valueExt", value: ext, source: upsert.source) }
            }
            if upsert.report.created + upsert.report.revised + upsert.report.unchanged == 0, keptFacts == 0, let first = properties.first {
                // Nothing became an agreement or a fact: refuse the file (nothing is written) instead of a silent "0 created".
                throw ImportError.invalid(file: path, line: first.line, message: "nothing could be imported: "
                    + upsert.report.notes.filter { !$0.hasPrefix("ODCS states no share") }.joined(separator: "; "))
            }
            if upsert.report.created + upsert.report.revised + upsert.report.unchanged == 0, !properties.isEmpty {
                upsert.report.notes.append("no slaProperties entry became an agreement; what could be kept is a fact on \(asset)")
            }
            try ctx.recordImport(kind: "odcs", file: path, sha256: input.sha256, at: options.clock.now,
                                 summary: "\(upsert.report.created) created, \(upsert.report.revised) revised, \(upsert.report.unchanged) unchanged")
            return upsert.report
        }
    }

    /// The objective and time zone of one SLA property, or why it cannot be mapped.
    /// The end of an availability window `08:00-18:00` (the second time is later than the first), else nil.
    static func window(_ value: String) -> String? {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let start = ValueParser.clockTime(parts[0]), let end = ValueParser.clockTime(parts[1]), end > start else { return nil }
        return parts[1]
    }

    static func objective(_ item: YAMLValue) -> Result<(Objective, String), Unmappable> {
        let written = item.text("property") ?? ""
        let property = canonical(written) ?? written
        var value = (item.text("value") ?? "").trimmingCharacters(in: .whitespaces)
        var unit = (item.text("unit") ?? "").lowercased()
        // datacontract-cli writes the unit into the value: "500ms", "24h", "99.9%".
        if unit.isEmpty, let split = value.firstIndex(where: { !($0.isNumber || $0 == ".") }), split > value.startIndex, property != "timeOfAvailability" {
            unit = value[split...].trimmingCharacters(in: .whitespaces).lowercased()
            value = String(value[..<split])
        }
        switch property {
        case "timeOfAvailability":
            let time = String(value.prefix(5)), offset = value.count > 5 ? String(value.dropFirst(5)) : nil
            guard let minutes = ValueParser.clockTime(time) else { return .failure(Unmappable(why: "time of availability '\(value)' is not HH:MM[±HH:MM] or a window HH:MM-HH:MM")) }
            if window(value) != nil { return .success((Objective(metric: .deliveredBy, threshold: Double(minutes)), "UTC")) }
            guard let zone = offset.map(zoneName) ?? "UTC" else { return .failure(Unmappable(why: "offset in '\(value)' is not a whole number of hours")) }
            return .success((Objective(metric: .deliveredBy, threshold: Double(minutes)), zone))
        case "latency", "frequency", "freshness":
            guard let number = Double(value), number.isFinite, number > 0, let factor = unitSeconds[unit] else {
                return .failure(Unmappable(why: "\(written) '\(item.text("value") ?? "")' with unit '\(unit)' is not a duration (units: ms, s, m, h, d)"))
            }
            let metric: Metric = unit.hasPrefix("ms") || unit.hasPrefix("milli") ? .latencyP95 : .freshness
            return .success((Objective(metric: metric, threshold: number * factor), "UTC"))
        case "availability":
            guard let number = Double(value), number.isFinite else { return .failure(Unmappable(why: "availability '\(item.text("value") ?? "")' is not a number")) }
            let fraction = unit == "percent" || unit == "%" || number > 1 ? number / 100 : number
            guard fraction > 0, fraction <= 1 else { return .failure(Unmappable(why: "availability '\(value)' is not a percentage")) }
            return .success((Objective(metric: .availability, threshold: fraction), "UTC"))
        default:
            return .failure(Unmappable(why: "property '\(written)' has no slaretro objective; not imported"))
        }
    }

    static let unitSeconds: [String: Double] = [
        "ms": 0.001, "millisecond": 0.001, "milliseconds": 0.001, "s": 1, "sec": 1, "second": 1, "seconds": 1,
        "m": 60, "min": 60, "minute": 60, "minutes": 60, "h": 3600, "hr": 3600, "hour": 3600, "hours": 3600,
        "d": 86_400, "day": 86_400, "days": 86_400, "w": 604_800, "week": 604_800, "weeks": 604_800,
    ]

    /// `-08:00` → `Etc/GMT+8` (POSIX zones count the other way); nil when not a whole hour.
    static func zoneName(_ offset: String) -> String? {
        let sign = offset.first == "-" ? -1 : 1
        let digits = offset.dropFirst().split(separator: ":")
        guard let hours = digits.first.flatMap({ Int($0) }), digits.count < 2 || Int(digits[1]) == 0, hours <= 14 else { return nil }
        if hours == 0 { return "UTC" }
        return "Etc/GMT\(sign < 0 ? "+" : "-")\(hours)"
    }
}

/// Why an ODCS SLA property could not become an agreement.
struct Unmappable: Error {
    let why: String
}
