import Foundation
import Yams
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger

/// Imports Pyrra `pyrra.dev/v1alpha1` `ServiceLevelObjective` resources.
///
/// `target` is a quoted percentage (`"99.9"`), `window` a Prometheus duration (`4w`, `28d`); every
/// indicator is an event ratio: `ratio` (errors/total) and `bool_gauge` (samples equal to 1) are
/// availability; `latency` keeps its bucket (`le="0.05"` of a `_seconds` histogram → 50ms) and
/// `latencyNative` its `latency: 200ms`. The SLO's name is the asset; the consumer follows `ConsumerRule`.
package struct PyrraImport {
    package var options: StandardImportOptions

    package init(options: StandardImportOptions) { self.options = options }

    static let specKeys = ["description", "indicator", "target", "window", "alerting", "serviceLevelObjectiveLabels"]

    package func importFile(_ path: String, into store: Store) throws -> StandardImportReport {
        let input = try InputFile.read(path)
        let documents = try SLOToolWriter.documents(input.text, file: path)
        guard !documents.isEmpty else { throw ImportError.unreadable(file: path, message: "no Pyrra documents in the file") }
        var notes: [String] = []
        var slos: [ProposedSLO] = []
        for doc in documents {
            let apiVersion = doc.text("apiVersion") ?? "", kind = doc.text("kind") ?? ""
            let name = doc.text("metadata.name") ?? "(unnamed)"
            guard apiVersion.hasPrefix("pyrra.dev/"), kind == "ServiceLevelObjective" else {
                notes.append("line \(doc.line): skipped \(kind.isEmpty ? "a document" : kind) \(name): not a Pyrra ServiceLevelObjective (apiVersion pyrra.dev/v1alpha1)")
                continue
            }
            if apiVersion != "pyrra.dev/v1alpha1" { notes.append("line \(doc.line): \(name): apiVersion \(apiVersion) read as pyrra.dev/v1alpha1") }
            guard let spec = doc["spec"] else { throw doc.fail("ServiceLevelObjective \(name) has no spec") }
            if case .mapping(let mapping) = spec.node {
                for (key, _) in mapping {
                    if let k = key.scalar?.string, !Self.specKeys.contains(k) { notes.append("line \(spec.line): \(name): field spec.\(k) is not imported") }
                }
            }
            guard let targetText = spec.text("target") else { throw spec.fail("ServiceLevelObjective \(name) needs spec.target (a percentage such as \"99.9\")") }
            guard let target = SLOText.target(targetText, percentScale: true) else {
                throw (spec["target"] ?? spec).fail("ServiceLevelObjective \(name): target '\(targetText)' is not a percentage from 0 to 100")
            }
            if let value = Double(targetText), value < 1 {
                notes.append("SLO \(name): target '\(targetText)' is read on Pyrra's 0–100 scale as \(Formatting.percent(target, maxDecimals: 4)); write \"\(Formatting.number(value * 100))\" if \(Formatting.percent(value)) was meant")
            }
            guard let windowText = spec.text("window") else { throw spec.fail("ServiceLevelObjective \(name) needs spec.window (e.g. 28d)") }
            guard let days = SLOText.windowDays(windowText) else {
                throw (spec["window"] ?? spec).fail("ServiceLevelObjective \(name): window '\(windowText)' is not a whole number of days from 1d to 366d")
            }
            guard let indicator = spec["indicator"], case .mapping(let kinds) = indicator.node, let kindNode = kinds.first else {
                throw spec.fail("ServiceLevelObjective \(name) needs spec.indicator (ratio, latency, latencyNative or bool_gauge)")
            }
            let indicatorKind = kindNode.0.scalar?.string ?? ""
            let body = YAMLValue(node: kindNode.1, file: path)
            let texts = [spec.text("description")].compactMap { $0 }
            var objective: Objective
            var facts: [(key: String, value: String)] = [("indicator", indicatorKind), ("window", windowText)]
            switch indicatorKind {
            case "ratio":
                objective = Objective(metric: .ratioAvailability, threshold: 0)
                if let errors = body.text("errors.metric") { facts.append(("errors", errors)) }
            case "latency":
                let queries = [body.text("success.metric"), body.text("total.metric")].compactMap { $0 }
                objective = SLOToolWriter.objective(queries: queries, texts: texts, unit: options.unit, name: name, notes: &notes)
            case "latencyNative":
                guard let text = body.text("latency"), let seconds = ValueParser.duration(text), seconds > 0 else {
                    throw body.fail("ServiceLevelObjective \(name): latencyNative needs latency with its unit (e.g. 200ms)")
                }
                objective = Objective(metric: .ratioLatency, threshold: seconds)
            case "bool_gauge":
                objective = Objective(metric: .ratioAvailability, threshold: 0)
                notes.append("SLO \(name): bool_gauge counts samples equal to 1 as good events")
            default:
                notes.append("line \(body.line): skipped SLO \(name): indicator '\(indicatorKind)' is not ratio, latency, latencyNative or bool_gauge")
                continue
            }
            if let grouping = body["grouping"] { facts.append(("grouping", ((try? grouping.strings("grouping")) ?? []).joined(separator: ", "))) }
            if spec["alerting"] != nil { notes.append("SLO \(name): spec.alerting (burn-rate alerts) is not imported") }
            var labels = SLOText.pairs(doc["metadata.labels"])
            labels += SLOText.pairs(spec["serviceLevelObjectiveLabels"])
            slos.append(ProposedSLO(name: name, service: name, objective: objective, target: target, window: .days(days),
                                    labels: labels, line: doc.line, facts: facts, agreementName: name))
        }
        guard !slos.isEmpty else {
            throw ImportError.unreadable(file: path, message: "nothing could be imported: no Pyrra ServiceLevelObjective in the file" + (notes.isEmpty ? "" : "; " + notes.joined(separator: "; ")))
        }
        return try SLOToolWriter(options: options, tool: "pyrra").write(slos, notes: notes, file: path, sha256: input.sha256, into: store)
    }
}
