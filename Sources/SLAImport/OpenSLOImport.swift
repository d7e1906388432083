import Foundation
import Yams
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger

/// Imports OpenSLO (`openslo/v1`, `openslo/v1alpha`): SLO documents become agreements, Services become assets.
///
/// Documents may be single, `---`-separated or a YAML list. Unknown fields are refused with their
/// path; kinds other than SLO, SLI and Service, and other API versions, are reported and skipped.
package struct OpenSLOImport {
    package var options: StandardImportOptions

    package init(options: StandardImportOptions) { self.options = options }

    package func importFile(_ path: String, into store: Store) throws -> StandardImportReport {
        let input = try InputFile.read(path)
        var documents: [YAMLValue] = []
        for doc in try YAMLValue.parseAll(input.text, file: path) {
            if case .sequence(let items) = doc.node { documents += items.map { YAMLValue(node: $0, file: path) } } else { documents.append(doc) }
        }
        guard !documents.isEmpty else { throw ImportError.unreadable(file: path, message: "no OpenSLO documents in the file") }
        var notes: [String] = []
        var slos: [(YAMLValue, String)] = [], slis: [String: YAMLValue] = [:], services: [YAMLValue] = []
        for doc in documents {
            let written = doc.text("apiVersion") ?? "", kind = doc.text("kind") ?? ""
            let name = doc.text("metadata.name") ?? "(unnamed)"
            guard ["openslo/v1", "openslo/v1alpha", "openslo.com/v2alpha", "openslo/v2alpha"].contains(written) else {
                notes.append("line \(doc.line): skipped \(kind) \(name): apiVersion '\(written)' is not supported (openslo/v1, openslo/v1alpha, openslo.com/v2alpha)")
                continue
            }
            var version = written
            if version == "openslo/v1", kind == "SLO", doc["spec.sli"] != nil || doc["spec.sliRef"] != nil {
                notes.append("line \(doc.line): SLO \(name) says apiVersion openslo/v1 but uses v2alpha fields (spec.sli); read as openslo.com/v2alpha")
                version = "openslo.com/v2alpha"
            }
            if version == "openslo/v2alpha" { version = "openslo.com/v2alpha" }
            switch kind {
            case "SLO":
                let shape = version == "openslo/v1" ? OpenSLOShapes.sloV1 : version == "openslo/v1alpha" ? OpenSLOShapes.sloV1alpha : OpenSLOShapes.sloV2alpha
                try shape.check(doc, path: "")
                slos.append((doc, version))
            case "SLI" where version != "openslo/v1alpha":
                try (version == "openslo/v1" ? OpenSLOShapes.sliV1 : OpenSLOShapes.sliV2alpha).check(doc, path: "")
                slis[name] = doc
            case "Service":
                try OpenSLOShapes.service.check(doc, path: "")
                services.append(doc)
            default:
                notes.append("line \(doc.line): skipped \(kind) \(name): only SLO, SLI and Service documents become agreements")
            }
        }
        guard !slos.isEmpty || !services.isEmpty else {
            var why = notes
            if !slis.isEmpty {
                why.insert("SLI \(slis.keys.sorted().joined(separator: ", ")): an SLI states no target or window; import it with the SLO that refers to it", at: 0)
            }
            throw ImportError.unreadable(file: path, message: "nothing could be imported: no SLO or Service documents (" + (why.isEmpty ? "the file is empty" : why.joined(separator: "; ")) + ")")
        }
        return try store.write { ctx in
            var upsert = AgreementUpsert(options: options, ctx: ctx, file: path, standard: "openslo")
            upsert.report.notes = notes
            for service in services {
                guard let name = service.text("metadata.name") else { continue }
                let asset = try upsert.asset(slugified(name), kind: .api, line: service.line)
                if let description = service.text("spec.description") {
                    try ctx.setFact("asset", asset.rawValue, key: "openslo.description", value: description, source: upsert.source)
                }
            }
            for (doc, version) in slos { try importSLO(doc, version: version, slis: slis, into: &upsert) }
            if !slos.isEmpty, upsert.report.created + upsert.report.revised + upsert.report.unchanged == 0 {
                throw ImportError.unreadable(file: path, message: "nothing could be imported: " + upsert.report.notes.joined(separator: "; "))
            }
            try ctx.recordImport(kind: "openslo", file: path, sha256: input.sha256, at: options.clock.now,
                                 summary: "\(upsert.report.created) created, \(upsert.report.revised) revised, \(upsert.report.unchanged) unchanged")
            return upsert.report
        }
    }

    func importSLO(_ doc: YAMLValue, version: String, slis: [String: YAMLValue], into upsert: inout AgreementUpsert) throws {
        let name = doc.text("metadata.name") ?? "unnamed"
        guard let service = doc.text("spec.service") else { throw doc.fail("SLO \(name): spec.service is required") }
        var indicator = doc["spec.indicator"] ?? doc["spec.sli"]
        if indicator == nil, let ref = doc.text("spec.indicatorRef") ?? doc.text("spec.sliRef") {
            guard let sli = slis[ref] else {
                upsert.report.notes.append("line \(doc.line): skipped SLO \(name): its indicator '\(ref)' is an SLI document that is not in the file (add it, or inline spec.indicator)")
                return
            }
            indicator = sli
        }
        let labels = SLOText.pairs(doc["metadata.labels"])
        let teams = ConsumerRule.teamLabels(labels)
        let consumerName: String
        switch ConsumerRule.consumer(options.consumer, labels: labels) {
        case .success(let name): consumerName = name
        case .failure(let missing): throw doc.fail("SLO \(name) \(missing.text)")
        }
        if teams.count > 1 || teams.contains(where: { ConsumerRule.shortKey($0.key) != "team" }) {
            upsert.report.notes.append("SLO \(name): team labels \(teams.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")); consumer \(consumerName)\(options.consumer != nil ? " (from --consumer)" : "")")
        }
        let consumer = try upsert.team(slugified(consumerName), kind: .consumer)
        let asset = try upsert.asset(slugified(service), kind: .api, line: doc.line)
        if let policies = doc["spec.alertPolicies"] {
            let names = Self.queries(policies).isEmpty ? ((try? policies.strings("alertPolicies")) ?? []) : []
            upsert.report.notes.append("SLO \(name): spec.alertPolicies\(names.isEmpty ? "" : " (" + names.joined(separator: ", ") + ")") is not imported (alerting is not an agreement)")
        }
        let (window, zone, windowNote) = Self.window(doc, version: version)
        if let windowNote, windowNote.hasPrefix("invalid: ") {
            throw ImportError.invalid(file: upsert.file, line: doc.line, message: String(windowNote.dropFirst(9)))
        }
        if let windowNote { upsert.report.notes.append("SLO \(name): \(windowNote)") }
        let objectives = doc.items("spec.objectives")
        for (i, objective) in objectives.enumerated() {
            let label = objective.text("displayName") ?? "objective \(i + 1)"
            let id = "SLA-" + slugified(objectives.count == 1 ? name : "\(name)-\(objective.text("displayName") ?? String(i + 1))")
            let occurrences = doc.text("spec.budgetingMethod") == "Occurrences"
            let mapped = occurrences ? Self.eventObjective(objective, indicator: indicator, slo: doc, unit: options.unit)
                : Self.objective(objective, indicator: indicator, defaultTarget: options.target, unit: options.unit)
            if case .unknownUnit(let why)? = mapped {
                upsert.report.notes.append("line \(objective.line): skipped SLO \(name) \(label): \(why)")
                continue
            }
            if case .unmappable(let why)? = mapped {
                upsert.report.notes.append("line \(objective.line): skipped SLO \(name) \(label): \(why)")
                continue
            }
            guard case .mapped(let parsed, let target, let note)? = mapped else {
                upsert.report.notes.append("line \(objective.line): skipped SLO \(name) \(label): cannot tell what it measures (a threshold metric needs a latency, freshness or availability query with a matching op)")
                continue
            }
            if let note { upsert.report.notes.append("SLO \(name) \(label): \(note)") }
            let terms = Terms(objective: parsed, target: target, window: window, timezone: zone)
            guard terms.target > 0, terms.target < 1 else {
                upsert.report.notes.append("line \(objective.line): skipped SLO \(name) \(label): target \(Formatting.percent(target)) leaves no error budget")
                continue
            }
            try upsert.upsert(Agreement(id: AgreementID(id), kind: .sla, asset: asset, team: consumer), terms: terms, line: objective.line)
            for (key, value) in [("openslo.name", name), ("openslo.budgetingMethod", doc.text("spec.budgetingMethod")),
                                 ("openslo.timeSliceWindow", objective.text("timeSliceWindow")), ("openslo.description", doc.text("spec.description"))] {
                if let value { try upsert.ctx.setFact("agreement", id, key: key, value: value, source: upsert.source) }
            }
        }
    }

    /// The window (`Nd`, or the sprint when the SLO's window has no day length) and the time zone of an SLO.
    static func window(_ doc: YAMLValue, version: String) -> (Window, String, String?) {
        let first = (version == "openslo/v1alpha" ? doc.items("spec.timeWindows") : doc.items("spec.timeWindow")).first
        let zone = first?.text("calendar.timeZone").flatMap { TimeZones.named($0) != nil ? $0 : nil } ?? "UTC"
        var days: Int?
        if version != "openslo/v1alpha", let duration = first?.text("duration"), let unit = duration.last, let n = Int(duration.dropLast()), (1...3660).contains(n) {
            days = ["d": n, "w": 7 * n, "M": 30 * n][String(unit)]
        } else if let unit = first?.text("unit"), let n = first?.text("count").flatMap(Int.init), (1...3660).contains(n) {
            days = ["Day": n, "Week": 7 * n, "Month": 30 * n][unit]
        }
        if let n = first?.text("duration").flatMap({ Int($0.dropLast()) }) ?? first?.text("count").flatMap(Int.init), n > 3660 || n < 1 {
            return (.sprint, zone, "invalid: time window of \(n) units is no window (1 to 3660)")
        }
        guard let days, let window = Window.parse("\(days)d") else {
            let written = first?.text("duration").map { $0.hasSuffix("m") ? " ('\($0)' is minutes in OpenSLO; months are 'M')" : " ('\($0)')" } ?? ""
            return (.sprint, zone, first == nil ? nil : "time window has no length in days\(written); judged per sprint")
        }
        return (window, zone, nil)
    }

    /// The objective and target of one OpenSLO objective, with a note when a default was needed.
    enum Mapped {
        case mapped(Objective, Double, String?)
        /// A bare threshold whose unit neither the file nor `--unit` states.
        case unknownUnit(String)
        /// What the objective measures is clear, but not as an objective slaretro can judge (why).
        case unmappable(String)
    }

    /// Every query string under a node (`query` keys at any depth).
    static func queries(_ value: YAMLValue?) -> [String] {
        guard let value else { return [] }
        var result: [String] = []
        func walk(_ node: Node) {
            switch node {
            case .mapping(let mapping):
                for (k, v) in mapping {
                    if ["query", "metric"].contains(k.scalar?.string ?? ""), let text = v.scalar?.string { result.append(text) } else { walk(v) }
                }
            case .sequence(let items): items.forEach(walk)
            default: break
            }
        }
        walk(value.node)
        return result
    }

    /// An `Occurrences` objective: the share of good events over the window is the target.
    /// A ratio metric is an availability ratio, or a latency ratio when its good query names a bucket
    /// or compares a duration; a threshold metric is a latency or freshness ratio with its threshold and unit.
    static func eventObjective(_ objective: YAMLValue, indicator: YAMLValue?, slo: YAMLValue, unit: Double?) -> Mapped? {
        let targetPercent = objective.text("targetPercent").flatMap(Double.init).map { $0 / 100 }
        guard let target = objective.text("target").flatMap(Double.init) ?? targetPercent else { return nil }
        let isRatio = objective["ratioMetrics"] != nil || indicator?["spec.ratioMetric"] != nil || indicator?["ratioMetric"] != nil
        let prose = [slo.text("spec.description"), slo.text("metadata.displayName"), objective.text("displayName"),
                     indicator?.text("metadata.displayName"), indicator?.text("spec.description")].compactMap { $0 }
        let signal = slo.text("metadata.annotations.sumologic/signal-type")?.lowercased()
        if isRatio {
            let queries = queries(objective["ratioMetrics"]) + queries(indicator)
            switch SLOText.queryThreshold(queries, unit: unit) {
            case .seconds(let seconds, let source)?:
                return .mapped(Objective(metric: .ratioLatency, threshold: seconds), target, "Occurrences: \(Formatting.percent(target)) of events within \(Formatting.duration(seconds)) (\(source))")
            case .unknownUnit(let value, let source)?:
                if let factor = SLOText.unitInProse(prose, value: value), let number = Double(value) {
                    return .mapped(Objective(metric: .ratioLatency, threshold: number * factor), target, "latency threshold from \(source), unit from the description")
                }
                return .unknownUnit("latency threshold \(value) (\(source)) has no unit: pass --unit ms or --unit s")
            case nil:
                if signal == "latency" { return .mapped(Objective(metric: .ratioLatency, threshold: 0), target, "a latency SLO (annotation) whose query states no threshold") }
                return .mapped(Objective(metric: .ratioAvailability, threshold: 0), target, nil)
            }
        }
        guard let valueText = objective.text("value"), let value = Double(valueText), value.isFinite, value > 0, let op = objective.text("op") else { return nil }
        let query = ([indicator?.text("metadata.name"), indicator?.text("metadata.displayName")] + queries(indicator).map { Optional($0) })
            .compactMap { $0?.lowercased() }.joined(separator: " ") + " " + prose.joined(separator: " ").lowercased()
        let metric: Metric
        if ["latency", "msec", "duration", "_ms", "response_time", "response time"].contains(where: query.contains) || signal == "latency" { metric = .ratioLatency }
        else if ["fresh", "lag", "age"].contains(where: query.contains) { metric = .ratioFreshness }
        else { return nil }
        guard op == "lte" || op == "lt" else {
            return .unmappable("a \(metric == .ratioLatency ? "latency" : "freshness") threshold with op \(op) \(valueText) counts slow events as good; only lt/lte (at most) can be judged")
        }
        let nameUnit = queries(indicator).compactMap { q in SLOText.unitSeconds(ofName: q.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).first.map(String.init) ?? q) }.first
        guard let factor = SLOText.unitInProse(prose, value: valueText) ?? nameUnit ?? unit else {
            return .unknownUnit("threshold \(op) \(valueText) has no unit in the file: pass --unit ms or --unit s")
        }
        return .mapped(Objective(metric: metric, threshold: value * factor), target, "Occurrences: \(Formatting.percent(target)) of events \(op) \(Formatting.duration(value * factor))")
    }

    static func objective(_ objective: YAMLValue, indicator: YAMLValue?, defaultTarget: Double, unit: Double? = nil) -> Mapped? {
        let targetPercent = objective.text("targetPercent").flatMap(Double.init).map { $0 / 100 }
        guard let target = objective.text("target").flatMap(Double.init) ?? targetPercent else { return nil }
        let isRatio = objective["ratioMetrics"] != nil || indicator?["spec.ratioMetric"] != nil || indicator?["ratioMetric"] != nil
        if isRatio {
            if let slice = objective.text("timeSliceTarget").flatMap(Double.init) {
                return .mapped(Objective(metric: .availability, threshold: slice), target, nil)
            }
            return .mapped(Objective(metric: .availability, threshold: target), defaultTarget,
                    "no timeSliceTarget: each observation must reach \(Formatting.percent(target)); \(Formatting.percent(defaultTarget)) of observations are required (--target)")
        }
        guard let value = objective.text("value").flatMap(Double.init), let op = objective.text("op") else { return nil }
        let query = [indicator?.text("metadata.name"), indicator?.text("spec.thresholdMetric.metricSource.spec.query"),
                     indicator?.text("thresholdMetric.query"), indicator?.text("spec.thresholdMetric.metricSource.type")]
            .compactMap { $0?.lowercased() }.joined(separator: " ")
        let atMost = op == "lte" || op == "lt"
        if ["latency", "msec", "duration", "_ms", "response_time"].contains(where: query.contains) {
            guard atMost else { return .unmappable("a latency threshold with op \(op) \(objective.text("value") ?? "") counts slow observations as good; only lt/lte (at most) can be judged") }
            let valueText = objective.text("value") ?? ""
            let prose = [objective.text("displayName"), indicator?.text("spec.description"), indicator?.text("metadata.displayName")].compactMap { $0 }
            let named: Double? = query.contains("msec") || query.contains("_ms") ? 0.001 : query.contains("_seconds") || query.contains("_sec") ? 1 : nil
            guard let factor = named ?? SLOText.unitInProse(prose, value: valueText) ?? unit else {
                return .unknownUnit("latency threshold \(op) \(valueText) has no unit in the file: pass --unit ms or --unit s")
            }
            return .mapped(Objective(metric: .latencyP95, threshold: value * factor), target, nil)
        }
        if ["fresh", "lag", "age"].contains(where: query.contains) {
            guard atMost else { return .unmappable("a freshness threshold with op \(op) \(objective.text("value") ?? "") counts stale observations as good; only lt/lte (at most) can be judged") }
            let valueText = objective.text("value") ?? ""
            let prose = [objective.text("displayName"), indicator?.text("spec.description"), indicator?.text("metadata.displayName")].compactMap { $0 }
            let named: Double? = query.contains("msec") || query.contains("_ms") ? 0.001 : query.contains("_seconds") || query.contains("_sec") ? 1 : nil
            // A bare number is not guessed to be seconds: the unit comes from the metric name, the description or --unit.
            guard let factor = named ?? SLOText.unitInProse(prose, value: valueText) ?? unit else {
                return .unknownUnit("freshness threshold \(op) \(valueText) has no unit in the file: pass --unit ms or --unit s")
            }
            return .mapped(Objective(metric: .freshness, threshold: value * factor), target, nil)
        }
        if ["availab", "uptime", "success"].contains(where: query.contains), !atMost {
            return .mapped(Objective(metric: .availability, threshold: value > 1 ? value / 100 : value), target, nil)
        }
        return nil
    }
}

/// The fields OpenSLO allows, per document kind and version (from the OpenSLO specification).
enum OpenSLOShapes {
    static let metadata = YAMLShape.map(["name": .scalar, "displayName": .scalar, "namespace": .scalar, "labels": .any, "annotations": .any])
    static let metricSource = YAMLShape.map(["metricSourceRef": .scalar, "type": .scalar, "spec": .any])
    static let sliSpec = YAMLShape.map([
        "description": .scalar,
        "thresholdMetric": .map(["metricSource": metricSource]),
        "ratioMetric": .map(["counter": .scalar, "good": .map(["metricSource": metricSource]), "bad": .map(["metricSource": metricSource]),
                             "total": .map(["metricSource": metricSource]), "rawType": .scalar, "raw": .map(["metricSource": metricSource])]),
    ])
    static let indicatorV1 = YAMLShape.map(["metadata": metadata, "spec": sliSpec])
    static let timeWindowV1 = YAMLShape.list(.map(["duration": .scalar, "isRolling": .scalar,
                                                   "calendar": .map(["startTime": .scalar, "timeZone": .scalar])]))
    static let objectiveV1 = YAMLShape.list(.map([
        "displayName": .scalar, "op": .scalar, "value": .scalar, "target": .scalar, "targetPercent": .scalar,
        "timeSliceTarget": .scalar, "timeSliceWindow": .scalar, "indicator": indicatorV1, "indicatorRef": .scalar,
        "compositeWeight": .scalar,
    ]))
    static let sloV1 = YAMLShape.map([
        "apiVersion": .scalar, "kind": .scalar, "metadata": metadata,
        "spec": .map(["description": .scalar, "service": .scalar, "indicator": indicatorV1, "indicatorRef": .scalar,
                      "timeWindow": timeWindowV1, "budgetingMethod": .scalar, "objectives": objectiveV1, "alertPolicies": .any]),
    ])
    static let sliV1 = YAMLShape.map(["apiVersion": .scalar, "kind": .scalar, "metadata": metadata, "spec": sliSpec])
    static let querySource = YAMLShape.map(["source": .scalar, "queryType": .scalar, "query": .scalar, "metadata": .any])
    static let sloV1alpha = YAMLShape.map([
        "apiVersion": .scalar, "kind": .scalar, "metadata": metadata,
        "spec": .map([
            "description": .scalar, "service": .scalar,
            "indicator": .map(["thresholdMetric": querySource]),
            "timeWindows": .list(.map(["unit": .scalar, "count": .scalar, "isRolling": .scalar,
                                       "calendar": .map(["startTime": .scalar, "timeZone": .scalar])])),
            "budgetingMethod": .scalar,
            "objectives": .list(.map(["displayName": .scalar, "op": .scalar, "value": .scalar, "target": .scalar,
                                      "timeSliceTarget": .scalar, "timeSliceWindow": .scalar,
                                      "ratioMetrics": .map(["incremental": .scalar, "good": querySource, "bad": querySource, "total": querySource])])),
        ]),
    ])
    /// v2alpha (`openslo.com/v2alpha`): `spec.sli` with `dataSourceRef`; read permissively below the SLI.
    static let sloV2alpha = YAMLShape.map([
        "apiVersion": .scalar, "kind": .scalar, "metadata": metadata,
        "spec": .map(["description": .scalar, "service": .scalar, "sli": .any, "sliRef": .scalar, "indicator": .any, "indicatorRef": .scalar,
                      "timeWindow": timeWindowV1, "budgetingMethod": .scalar, "objectives": .any, "alertPolicies": .any]),
    ])
    static let sliV2alpha = YAMLShape.map(["apiVersion": .scalar, "kind": .scalar, "metadata": metadata, "spec": .any])
    static let service = YAMLShape.map(["apiVersion": .scalar, "kind": .scalar, "metadata": metadata, "spec": .map(["description": .scalar])])
}
