import Foundation
import Yams
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger

/// One SLO read from an SLO tool's file (Sloth, Pyrra, OpenSLO), before it becomes an agreement.
struct ProposedSLO {
    /// The SLO's own name, and the service it measures (the asset).
    var name: String
    var service: String
    var objective: Objective
    /// Share of good events (event ratio) or good observations (time slices) over the window.
    var target: Double
    var window: Window
    var timezone = "UTC"
    /// Labels the file attaches to the SLO, in file order (`owner`, `team`, `tier`, …).
    var labels: [(key: String, value: String)] = []
    var line: Int
    /// Extra facts kept on the agreement (`sloth.service`, `pyrra.window`, …).
    var facts: [(key: String, value: String)] = []
    /// The agreement id when the tool has no service to prefix it with (Pyrra): `SLA-` + this.
    var agreementName: String? = nil
}

/// Helpers shared by the SLO-tool importers: targets, windows, thresholds with units, teams.
enum SLOText {
    /// A target as the tools write it: Sloth `99.9`, Pyrra `"99.9"`, OpenSLO `0.999`, DCS `99.9%`.
    /// `percentScale`: the tool's documented scale is 0–100 (Sloth, Pyrra).
    static func target(_ text: String, percentScale: Bool) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("%") { return ValueParser.fraction(trimmed) }
        guard let value = Double(trimmed), value.isFinite, value > 0 else { return nil }
        if percentScale { return value <= 100 ? value / 100 : nil }
        return value < 1 ? value : value <= 100 ? value / 100 : nil
    }

    /// A window as the tools write it (`30d`, `4w`, `2w`, `28d`, OpenSLO `1M` = one month = 30 days, `PT1H`…):
    /// whole days from 1 to 366, else nil.
    static func windowDays(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let unit = trimmed.last, let n = Int(trimmed.dropLast()), n > 0, n <= 366 else { return nil }
        let days: Int?
        switch unit {
        case "d": days = n
        case "w": days = 7 * n
        case "M": days = 30 * n      // OpenSLO: M is months, m is minutes
        case "y": days = 365 * n
        case "h": days = n % 24 == 0 ? n / 24 : nil
        default: days = nil
        }
        guard let days, (1...366).contains(days) else { return nil }
        return days
    }

    /// A latency threshold stated inside a query: a histogram bucket `…_seconds_bucket{…le="0.4"…}` or a
    /// comparison `duration_ms < 400`. Returns seconds, or the bare number and the name when the unit is unknown.
    static func queryThreshold(_ queries: [String], unit: Double?) -> QueryThreshold? {
        for query in queries {
            if let bucket = bucket(in: query) {
                if let seconds = unitSeconds(ofName: bucket.metric) ?? unit { return .seconds(bucket.value * seconds, "le=\"\(bucket.text)\" of \(bucket.metric)") }
                return .unknownUnit(bucket.text, "le=\"\(bucket.text)\" of \(bucket.metric)")
            }
        }
        for query in queries {
            if let comparison = comparison(in: query) {
                if let seconds = unitSeconds(ofName: comparison.name) ?? unit { return .seconds(comparison.value * seconds, "\(comparison.name) < \(comparison.text)") }
                return .unknownUnit(comparison.text, "\(comparison.name) < \(comparison.text)")
            }
        }
        return nil
    }

    enum QueryThreshold: Equatable {
        case seconds(Double, String)
        case unknownUnit(String, String)
    }

    /// `le="0.4"` of the `…_bucket` metric in a PromQL query.
    static func bucket(in query: String) -> (metric: String, value: Double, text: String)? {
        guard let le = query.range(of: "le=\"") else { return nil }
        let rest = query[le.upperBound...]
        guard let close = rest.firstIndex(of: "\"") else { return nil }
        let text = String(rest[..<close])
        guard let value = Double(text), value.isFinite, value > 0 else { return nil }
        // The metric: the identifier that ends right before the `{` that opens the label set holding le.
        let before = query[..<le.lowerBound]
        guard let brace = before.lastIndex(of: "{") else { return nil }
        var start = brace
        while start > before.startIndex {
            let previous = before.index(before: start)
            let ch = before[previous]
            guard ch.isLetter || ch.isNumber || ch == "_" || ch == ":" else { break }
            start = previous
        }
        let metric = String(before[start..<brace])
        return metric.isEmpty ? nil : (metric, value, text)
    }

    /// `duration_ms < 400` (or `<=`) where the name speaks of time.
    static func comparison(in query: String) -> (name: String, value: Double, text: String)? {
        let words = ["duration", "latency", "response_time", "elapsed", "time_ms", "_ms", "_msec", "_seconds"]
        let scalars = Array(query)
        var i = 0
        while i < scalars.count {
            guard scalars[i] == "<" else { i += 1; continue }
            var j = i - 1
            while j >= 0, scalars[j] == " " { j -= 1 }
            var k = j
            while k >= 0, scalars[k].isLetter || scalars[k].isNumber || scalars[k] == "_" || scalars[k] == "." { k -= 1 }
            let name = String(scalars[(k + 1)..<(j + 1)].map { $0 })
            var m = i + 1
            if m < scalars.count, scalars[m] == "=" { m += 1 }
            while m < scalars.count, scalars[m] == " " { m += 1 }
            var n = m
            while n < scalars.count, scalars[n].isNumber || scalars[n] == "." { n += 1 }
            let text = String(scalars[m..<n])
            if !name.isEmpty, let value = Double(text), value > 0, words.contains(where: name.lowercased().contains) {
                return (name, value, text)
            }
            i += 1
        }
        return nil
    }

    /// Seconds per unit named at the end of a metric or field name: `_seconds`, `_ms`, `Msec`, `_milliseconds`.
    static func unitSeconds(ofName name: String) -> Double? {
        let lower = name.lowercased()
        for suffix in ["_bucket", "_count", "_sum", "_total"] where lower.hasSuffix(suffix) {
            return unitSeconds(ofName: String(lower.dropLast(suffix.count)))
        }
        if lower.hasSuffix("milliseconds") || lower.hasSuffix("_ms") || lower.hasSuffix("msec") || lower.hasSuffix("millis") { return 0.001 }
        if lower.hasSuffix("microseconds") || lower.hasSuffix("_us") { return 0.000_001 }
        if lower.hasSuffix("seconds") || lower.hasSuffix("_sec") || lower.hasSuffix("_s") { return 1 }
        return nil
    }

    /// The unit stated next to `value` in prose: "never should be more than 500ms", "under 2 seconds".
    static func unitInProse(_ texts: [String], value: String) -> Double? {
        for text in texts {
            let lower = text.lowercased()
            var searchFrom = lower.startIndex
            while let found = lower.range(of: value, range: searchFrom..<lower.endIndex) {
                searchFrom = found.upperBound
                if found.lowerBound > lower.startIndex, lower[lower.index(before: found.lowerBound)].isNumber { continue }
                let after = lower[found.upperBound...].drop(while: { $0 == " " })
                let unit = after.prefix(while: { $0.isLetter })
                switch unit {
                case "ms", "msec", "millisecond", "milliseconds": return 0.001
                case "s", "sec", "secs", "second", "seconds": return 1
                case "m", "min", "mins", "minute", "minutes": return 60
                case "h", "hour", "hours": return 3600
                default: continue
                }
            }
        }
        return nil
    }

    /// The key-value pairs of a mapping (labels), in file order; non-scalar values are written as YAML flow text.
    static func pairs(_ value: YAMLValue?) -> [(key: String, value: String)] {
        guard let value, case .mapping(let mapping) = value.node else { return [] }
        var result: [(key: String, value: String)] = []
        for (k, v) in mapping {
            guard let key = k.scalar?.string else { continue }
            switch v {
            case .scalar(let s): result.append((key, s.string))
            case .sequence(let items): for item in items { if let s = item.scalar?.string { result.append((key, s)) } }
            default: continue
            }
        }
        return result
    }
}

/// The documented rule for the consumer team of an imported SLO:
/// `--consumer` when given; else a `consumer` label; else a single `team` label; otherwise the import
/// asks for `--consumer`. `owner` labels name the provider, never the consumer. Team labels are always reported.
enum ConsumerRule {
    static let teamKeys = ["team", "owner", "consumer", "squad", "provider"]

    static func teamLabels(_ labels: [(key: String, value: String)]) -> [(key: String, value: String)] {
        labels.filter { teamKeys.contains(shortKey($0.key)) }
    }

    /// `pyrra.dev/team` → `team`.
    static func shortKey(_ key: String) -> String {
        String(key.split(separator: "/").last ?? Substring(key)).lowercased()
    }

    static func consumer(_ option: String?, labels: [(key: String, value: String)]) -> Result<String, ConsumerMissing> {
        if let option { return .success(option) }
        let teams = teamLabels(labels)
        let consumers = teams.filter { shortKey($0.key) == "consumer" }
        if consumers.count == 1 { return .success(consumers[0].value) }
        let plain = teams.filter { shortKey($0.key) == "team" }
        if consumers.isEmpty, plain.count == 1 { return .success(plain[0].value) }
        return .failure(ConsumerMissing(teams: teams))
    }

    struct ConsumerMissing: Error {
        let teams: [(key: String, value: String)]

        var text: String {
            let named = teams.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            if teams.isEmpty { return "does not say which team it is promised to (no consumer or team label): pass --consumer TEAM" }
            return "names the teams \(named) but not which one it is promised to (an owner is the provider): pass --consumer TEAM"
        }
    }
}

extension AgreementUpsert {
    /// Creates or revises the agreement of one SLO read from an SLO tool, keeping its labels as facts.
    mutating func upsert(_ slo: ProposedSLO, tool: String, consumer: String) throws {
        let id = "SLA-" + slugified(slo.agreementName ?? "\(slo.service)-\(slo.name)")
        let terms = Terms(objective: slo.objective, target: slo.target, window: slo.window, timezone: slo.timezone)
        guard terms.target > 0, terms.target < 1 else {
            report.notes.append("line \(slo.line): skipped SLO \(slo.name): target \(Formatting.percent(slo.target)) leaves no error budget")
            return
        }
        let team = try self.team(slugified(consumer), kind: .consumer)
        let asset = try self.asset(slugified(slo.service), kind: .api, line: slo.line)
        try upsert(Agreement(id: AgreementID(id), kind: .sla, asset: asset, team: team), terms: terms, line: slo.line)
        try ctx.setFact("agreement", id, key: "\(tool).name", value: slo.name, source: source)
        for (key, value) in slo.facts { try ctx.setFact("agreement", id, key: "\(tool).\(key)", value: value, source: source) }
        for (key, value) in ConsumerRule.teamLabels(slo.labels) {
            try ctx.setFact("agreement", id, key: "\(tool).label.\(key)", value: value, source: source)
        }
    }
}

/// Writes the SLOs an SLO-tool file proposed, in one transaction; refuses the file when none could be imported.
struct SLOToolWriter {
    let options: StandardImportOptions
    let tool: String

    func write(_ slos: [ProposedSLO], notes: [String], file: String, sha256: String, into store: Store) throws -> StandardImportReport {
        try store.write { ctx in
            var upsert = AgreementUpsert(options: options, ctx: ctx, file: file, standard: tool)
            upsert.report.notes = notes
            for slo in slos {
                let teams = ConsumerRule.teamLabels(slo.labels)
                switch ConsumerRule.consumer(options.consumer, labels: slo.labels) {
                case .success(let consumer):
                    if !teams.isEmpty {
                        let chosen = options.consumer != nil ? "--consumer" : "the \(teams.contains { ConsumerRule.shortKey($0.key) == "consumer" } ? "consumer" : "team") label"
                        upsert.report.notes.append("SLO \(slo.name): team labels \(teams.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")); consumer \(consumer) (from \(chosen))")
                    }
                    try upsert.upsert(slo, tool: tool, consumer: consumer)
                case .failure(let missing):
                    upsert.report.notes.append("line \(slo.line): skipped SLO \(slo.name): \(missing.text)")
                }
            }
            let imported = upsert.report.created + upsert.report.revised + upsert.report.unchanged
            guard imported > 0 else {
                let why = upsert.report.notes.isEmpty ? "no SLOs in the file" : upsert.report.notes.joined(separator: "; ")
                throw ImportError.unreadable(file: file, message: "nothing could be imported: \(why)")
            }
            try ctx.recordImport(kind: tool, file: file, sha256: sha256, at: options.clock.now,
                                 summary: "\(upsert.report.created) created, \(upsert.report.revised) revised, \(upsert.report.unchanged) unchanged")
            return upsert.report
        }
    }

    /// Every YAML document of a file, top-level lists flattened, empty documents dropped.
    static func documents(_ text: String, file: String) throws -> [YAMLValue] {
        var documents: [YAMLValue] = []
        for doc in try YAMLValue.parseAll(text, file: file) where !doc.isNull {
            if case .sequence(let items) = doc.node { documents += items.map { YAMLValue(node: $0, file: file) } } else { documents.append(doc) }
        }
        return documents
    }

    /// The objective of an SLO whose good events may be "faster than a bucket": latency with its threshold, else availability.
    static func objective(queries: [String], texts: [String], unit: Double?, name: String, notes: inout [String]) -> Objective {
        switch SLOText.queryThreshold(queries, unit: unit) {
        case .seconds(let seconds, let source)?:
            notes.append("SLO \(name): latency threshold \(Formatting.duration(seconds)) from \(source)")
            return Objective(metric: .ratioLatency, threshold: seconds)
        case .unknownUnit(let value, let source)?:
            if let prose = SLOText.unitInProse(texts, value: value), let number = Double(value) {
                notes.append("SLO \(name): latency threshold \(Formatting.duration(number * prose)) from \(source), unit from the description")
                return Objective(metric: .ratioLatency, threshold: number * prose)
            }
            notes.append("SLO \(name): latency threshold \(value) (\(source)) has no unit: imported without a threshold; pass --unit ms or --unit s")
            return Objective(metric: .ratioLatency, threshold: 0)
        case nil:
            let lowered = (queries + texts).joined(separator: " ").lowercased()
            if lowered.contains("latency") && !lowered.contains("error") {
                notes.append("SLO \(name): speaks of latency but states no threshold; imported as a latency ratio without one")
                return Objective(metric: .ratioLatency, threshold: 0)
            }
            return Objective(metric: .ratioAvailability, threshold: 0)
        }
    }
}

extension SLOText {
    /// A duration as contracts write it: `25h`, `1h 30m`, `500ms`, ISO 8601 `PT1H` / `P1D` / `P1Y`, or free text
    /// `24 hours`, `1 week`. Returns seconds (years as 365 days, months as 30 days), nil when not a duration.
    static func duration(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let seconds = ValueParser.duration(trimmed), trimmed.contains(where: \.isLetter) { return seconds }
        let upper = trimmed.uppercased()
        if upper.hasPrefix("P"), upper.count > 1 {
            var total = 0.0, number = "", inTime = false, any = false
            for ch in upper.dropFirst() {
                if ch == "T" { inTime = true; continue }
                if ch.isNumber || ch == "." || ch == "," { number.append(ch == "," ? "." : ch); continue }
                guard let n = Double(number), n.isFinite else { return nil }
                let factor: Double?
                switch (ch, inTime) {
                case ("Y", false): factor = 365 * 86_400
                case ("M", false): factor = 30 * 86_400
                case ("W", false): factor = 7 * 86_400
                case ("D", false): factor = 86_400
                case ("H", true): factor = 3600
                case ("M", true): factor = 60
                case ("S", true): factor = 1
                default: factor = nil
                }
                guard let factor else { return nil }
                total += n * factor; number = ""; any = true
            }
            return any && number.isEmpty ? total : nil
        }
        let words = trimmed.lowercased().split(separator: " ")
        guard words.count == 2, let n = Double(words[0]), n.isFinite, n > 0 else { return nil }
        let units: [String: Double] = ["second": 1, "minute": 60, "hour": 3600, "day": 86_400, "week": 604_800, "month": 2_592_000, "year": 31_536_000]
        var unit = String(words[1])
        if unit.hasSuffix("s") { unit.removeLast() }
        return units[unit].map { n * $0 }
    }
}
