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
            let version = doc.text("apiVersion") ?? "", kind = doc.text("kind") ?? ""
            let name = doc.text("metadata.name") ?? "(unnamed)"
            guard version == "openslo/v1" || version == "openslo/v1alpha" else {
                notes.append("line \(doc.line): skipped \(kind) \(name): apiVersion '\(version)' is not supported (openslo/v1, openslo/v1alpha)")
                continue
            }
            switch kind {
            case "SLO":
                try (version == "openslo/v1" ? OpenSLOShapes.sloV1 : OpenSLOShapes.sloV1alpha).check(doc, path: "")
                slos.append((doc, version))
            case "SLI" where version == "openslo/v1":
                try OpenSLOShapes.sliV1.check(doc, path: "")
                slis[name] = doc
            case "Service":
                try OpenSLOShapes.service.check(doc, path: "")
                services.append(doc)
            default:
                notes.append("line \(doc.line): skipped \(kind) \(name): only SLO, SLI and Service documents become agreements")
            }
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
            try ctx.recordImport(kind: "openslo", file: path, sha256: input.sha256, at: options.clock.now,
                                 summary: "\(upsert.report.created) created, \(upsert.report.revised) revised, \(upsert.report.unchanged) unchanged")
            return upsert.report
        }
    }

    func importSLO(_ doc: YAMLValue, version: String, slis: [String: YAMLValue], into upsert: inout AgreementUpsert) throws {
        let name = doc.text("metadata.name") ?? "unnamed"
        guard let service = doc.text("spec.service") else { throw doc.fail("SLO \(name): spec.service is required") }
        var indicator = doc["spec.indicator"]
        if indicator == nil, let ref = doc.text("spec.indicatorRef") {
            guard let sli = slis[ref] else { throw doc.fail("SLO \(name): spec.indicatorRef '\(ref)' names no SLI document in the file") }
            indicator = sli
        }
        let consumerName = options.consumer ?? doc.items("metadata.labels.team").first.flatMap { $0.isNull ? nil : try? $0.string("team") }
            ?? doc.text("metadata.labels.team")
        guard let consumerName else {
            throw doc.fail("SLO \(name) does not say which team it is promised to (no metadata.labels.team): pass --consumer TEAM")
        }
        let consumer = try upsert.team(slugified(consumerName), kind: .consumer)
        let asset = try upsert.asset(slugified(service), kind: .api, line: doc.line)
        let (window, zone, windowNote) = Self.window(doc, version: version)
        if let windowNote { upsert.report.notes.append("SLO \(name): \(windowNote)") }
        let objectives = doc.items("spec.objectives")
        for (i, objective) in objectives.enumerated() {
            let label = objective.text("displayName") ?? "objective \(i + 1)"
            let id = "SLA-" + slugified(objectives.count == 1 ? name : "\(name)-\(objective.text("displayName") ?? String(i + 1))")
            guard let (parsed, target, note) = Self.objective(objective, indicator: indicator, defaultTarget: options.target) else {
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
        let first = (version == "openslo/v1" ? doc.items("spec.timeWindow") : doc.items("spec.timeWindows")).first
        let zone = first?.text("calendar.timeZone").flatMap { TimeZones.named($0) != nil ? $0 : nil } ?? "UTC"
        var days: Int?
        if version == "openslo/v1", let duration = first?.text("duration"), let unit = duration.last, let n = Int(duration.dropLast()) {
            days = ["d": n, "w": 7 * n, "M": 30 * n][String(unit)]
        } else if let unit = first?.text("unit"), let n = first?.text("count").flatMap(Int.init) {
            days = ["Day": n, "Week": 7 * n, "Month": 30 * n][unit]
        }
        guard let days, let window = Window.parse("\(days)d") else {
            return (.sprint, zone, first == nil ? nil : "time window has no length in days; judged per sprint")
        }
        return (window, zone, nil)
    }

    /// The objective and target of one OpenSLO objective, with a note when a default was needed.
    static func objective(_ objective: YAMLValue, indicator: YAMLValue?, defaultTarget: Double) -> (Objective, Double, String?)? {
        let targetPercent = objective.text("targetPercent").flatMap(Double.init).map { $0 / 100 }
        guard let target = objective.text("target").flatMap(Double.init) ?? targetPercent else { return nil }
        let isRatio = objective["ratioMetrics"] != nil || indicator?["spec.ratioMetric"] != nil || indicator?["ratioMetric"] != nil
        if isRatio {
            if let slice = objective.text("timeSliceTarget").flatMap(Double.init) {
                return (Objective(metric: .availability, threshold: slice), target, nil)
            }
            return (Objective(metric: .availability, threshold: target), defaultTarget,
                    "no timeSliceTarget: each observation must reach \(Formatting.percent(target)); \(Formatting.percent(defaultTarget)) of observations are required (--target)")
        }
        guard let value = objective.text("value").flatMap(Double.init), let op = objective.text("op") else { return nil }
        let query = [indicator?.text("metadata.name"), indicator?.text("spec.thresholdMetric.metricSource.spec.query"),
                     indicator?.text("thresholdMetric.query"), indicator?.text("spec.thresholdMetric.metricSource.type")]
            .compactMap { $0?.lowercased() }.joined(separator: " ")
        let atMost = op == "lte" || op == "lt"
        if ["latency", "msec", "duration", "_ms", "response_time"].contains(where: query.contains) {
            guard atMost else { return nil }
            let seconds = query.contains("msec") || query.contains("_ms") ? value / 1000 : value
            return (Objective(metric: .latencyP95, threshold: seconds), target, nil)
        }
        if ["fresh", "lag", "age"].contains(where: query.contains) {
            guard atMost else { return nil }
            return (Objective(metric: .freshness, threshold: value), target, nil)
        }
        if ["availab", "uptime", "success"].contains(where: query.contains), !atMost {
            return (Objective(metric: .availability, threshold: value > 1 ? value / 100 : value), target, nil)
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
    static let service = YAMLShape.map(["apiVersion": .scalar, "kind": .scalar, "metadata": metadata, "spec": .map(["description": .scalar])])
}
