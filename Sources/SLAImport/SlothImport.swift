import Foundation
import Yams
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger

/// Imports Sloth SLO files: `version: prometheus/v1` and `sloth.slok.dev/v1` `PrometheusServiceLevel`.
///
/// Every Sloth SLO is an event ratio: `objective` (0–100) is the share of good events over the SLO
/// period, 30 days unless an `AlertWindows` document in the file sets `sloPeriod`. A latency SLO
/// keeps its bucket (`le="0.4"` of a `_seconds` histogram → `ratio latency <= 400ms`). The service
/// is the asset; the consumer follows `ConsumerRule`.
package struct SlothImport {
    package var options: StandardImportOptions

    package init(options: StandardImportOptions) { self.options = options }

    static let sloKeys = ["name", "objective", "description", "labels", "sli", "alerting"]

    package func importFile(_ path: String, into store: Store) throws -> StandardImportReport {
        let input = try InputFile.read(path)
        let documents = try SLOToolWriter.documents(input.text, file: path)
        guard !documents.isEmpty else { throw ImportError.unreadable(file: path, message: "no Sloth documents in the file") }
        var notes: [String] = []
        var period: (days: Int, line: Int)?
        for doc in documents where doc.text("kind") == "AlertWindows" {
            if let text = doc.text("spec.sloPeriod") {
                guard let days = SLOText.windowDays(text) else { throw doc.fail("AlertWindows spec.sloPeriod '\(text)' is not a whole number of days (e.g. 30d)") }
                period = (days, doc.line)
            }
        }
        var slos: [ProposedSLO] = []
        for doc in documents {
            let version = doc.text("version"), apiVersion = doc.text("apiVersion"), kind = doc.text("kind")
            let spec: YAMLValue
            if version == "prometheus/v1" {
                spec = doc
            } else if apiVersion == "sloth.slok.dev/v1", kind == "PrometheusServiceLevel", let s = doc["spec"] {
                spec = s
            } else if apiVersion == "sloth.slok.dev/v1", kind == "AlertWindows" {
                notes.append("line \(doc.line): AlertWindows: burn-rate alert windows are not imported" + (period.map { "; sloPeriod \($0.days)d is the window of the SLOs" } ?? ""))
                continue
            } else {
                let what = [apiVersion ?? version.map { "version \($0)" }, kind].compactMap { $0 }.joined(separator: " ")
                notes.append("line \(doc.line): skipped \(what.isEmpty ? "a document" : what): not a Sloth SLO document (version prometheus/v1, or sloth.slok.dev/v1 PrometheusServiceLevel)")
                continue
            }
            guard let service = spec.text("service") else { throw spec.fail("a Sloth spec needs 'service'") }
            let labels = SLOText.pairs(spec["labels"])
            let items = spec.items("slos")
            if items.isEmpty { notes.append("line \(spec.line): service \(service) lists no slos") }
            for item in items {
                guard case .mapping(let mapping) = item.node else { throw item.fail("a Sloth SLO must be a mapping") }
                for (key, _) in mapping {
                    if let name = key.scalar?.string, !Self.sloKeys.contains(name) {
                        notes.append("line \(item.line): field '\(name)' of a Sloth SLO is not imported")
                    }
                }
                guard let name = item.text("name") else { throw item.fail("a Sloth SLO needs 'name'") }
                guard let objectiveText = item.text("objective") else { throw item.fail("Sloth SLO \(name) needs 'objective' (a percentage 0–100)") }
                guard let target = SLOText.target(objectiveText, percentScale: true) else {
                    throw (item["objective"] ?? item).fail("Sloth SLO \(name): objective '\(objectiveText)' is not a percentage from 0 to 100")
                }
                let sli = item["sli"]
                var queries: [String] = []
                var facts: [(key: String, value: String)] = [("service", service)]
                if let events = sli?["events"] {
                    queries = ["error_query", "errorQuery", "total_query", "totalQuery"].compactMap { events.text($0) }
                    guard !queries.isEmpty else { throw events.fail("Sloth SLO \(name): sli.events needs error_query and total_query") }
                } else if let raw = sli?["raw"] {
                    queries = ["error_ratio_query", "errorRatioQuery"].compactMap { raw.text($0) }
                    notes.append("SLO \(name): sli.raw is an error ratio averaged over the window, not event counts; observations give it as good/total")
                } else if let plugin = sli?["plugin"] {
                    let id = plugin.text("id") ?? "?"
                    facts.append(("plugin", id))
                    notes.append("SLO \(name): sli.plugin '\(id)' has no query in the file; imported as an availability ratio (plugin id kept)")
                } else {
                    throw (sli ?? item).fail("Sloth SLO \(name): sli needs events, raw or plugin")
                }
                let texts = [item.text("description"), item.text("alerting.labels.category")].compactMap { $0 }
                let objective = SLOToolWriter.objective(queries: queries, texts: texts, unit: options.unit, name: name, notes: &notes)
                var slo = ProposedSLO(name: name, service: service, objective: objective, target: target,
                                      window: .days(period?.days ?? 30), labels: labels + SLOText.pairs(item["labels"]), line: item.line, facts: facts)
                if period == nil { slo.facts.append(("window", "30d (Sloth's default SLO period; the file states none)")) }
                slos.append(slo)
            }
        }
        guard !slos.isEmpty else {
            throw ImportError.unreadable(file: path, message: "nothing could be imported: no Sloth SLOs (version prometheus/v1 or a PrometheusServiceLevel) in the file" + (notes.isEmpty ? "" : "; " + notes.joined(separator: "; ")))
        }
        if period == nil { notes.append("Sloth files state no window: 30d, Sloth's default SLO period") }
        if documents.contains(where: { $0.text("version") == "prometheus/v1" || $0.text("kind") == "PrometheusServiceLevel" }) {
            notes.append("alerting (burn-rate alerts) is not imported")
        }
        return try SLOToolWriter(options: options, tool: "sloth").write(slos, notes: notes, file: path, sha256: input.sha256, into: store)
    }
}
