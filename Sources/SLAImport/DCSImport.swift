import Foundation
import Yams
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger

/// Imports the `servicelevels` of a Data Contract Specification file (`dataContractSpecification: 0.9.x / 1.x`).
///
/// Mapping: `availability.percentage` (`99.9%`) → `ratio availability` with that target (good time over
/// total time, judged per sprint); `freshness.threshold` and `latency.threshold` (`25h`, `PT1H`) → freshness;
/// `support.responseTime` → support_response; `retention`, `frequency`, `backup` and support hours → facts on
/// the asset. Thresholds state no share of good observations: those agreements take `--target`. The
/// contract's `info.owner` is the provider; the consumer is `--consumer`.
package struct DCSImport {
    package var options: StandardImportOptions

    package init(options: StandardImportOptions) { self.options = options }

    static let levels = ["availability", "retention", "latency", "freshness", "frequency", "support", "backup"]

    package func importFile(_ path: String, into store: Store) throws -> StandardImportReport {
        let input = try InputFile.read(path)
        guard let root = try YAMLValue.parse(input.text, file: path) else { throw ImportError.unreadable(file: path, message: "the file is empty") }
        guard let specVersion = root.text("dataContractSpecification") else {
            throw ImportError.unreadable(file: path, message: "not a Data Contract Specification file (no dataContractSpecification: key)")
        }
        guard let levels = root["servicelevels"] ?? root["serviceLevels"], case .mapping(let mapping) = levels.node else {
            throw ImportError.unreadable(file: path, message: "no servicelevels in the data contract: nothing to import")
        }
        guard let consumer = options.consumer else {
            let owner = root.text("info.owner").map { " (info.owner '\($0)' is the provider)" } ?? ""
            throw ImportError.unreadable(file: path, message: "a data contract does not say who consumes it\(owner): pass --consumer TEAM")
        }
        let id = root.text("id") ?? "contract"
        let title = root.text("info.title").flatMap { $0.isEmpty ? nil : $0 }
        let assetName = slugified(String(id.split(separator: ":").last ?? Substring(id)))
        var notes: [String] = []
        if !specVersion.hasPrefix("0.9") && !specVersion.hasPrefix("1.") {
            notes.append("dataContractSpecification \(specVersion) read as 1.x")
        }
        var proposals: [(name: String, terms: Terms, line: Int, facts: [(String, String)])] = []
        var assetFacts: [(String, String)] = []
        for (keyNode, valueNode) in mapping {
            let name = keyNode.scalar?.string ?? ""
            let level = YAMLValue(node: valueNode, file: path)
            let at = "line \(level.line): servicelevels.\(name)"
            let description = level.text("description")
            switch name {
            case "availability":
                guard let text = level.text("percentage") else {
                    notes.append("\(at) states no percentage" + (description.map { " (description '\($0)' is not a target)" } ?? "") + "; not imported")
                    continue
                }
                guard let target = SLOText.target(text, percentScale: true), target < 1 else {
                    throw level.fail("servicelevels.availability.percentage '\(text)' is not a percentage below 100 % (e.g. 99.9%)")
                }
                let terms = Terms(objective: Objective(metric: .ratioAvailability, threshold: 0), target: target, window: .sprint)
                notes.append("\(at): \(Formatting.percent(target)) of the time available: ratio availability (observations give available/total minutes); no window stated, judged per sprint")
                proposals.append((name, terms, level.line, description.map { [("description", $0)] } ?? []))
            case "freshness", "latency":
                guard let text = level.text("threshold") else { notes.append("\(at) states no threshold; not imported"); continue }
                guard let seconds = SLOText.duration(text), seconds > 0 else {
                    throw level.fail("servicelevels.\(name).threshold '\(text)' is not a duration (e.g. 25h, PT1H)")
                }
                let metric: Metric = name == "latency" && seconds < 60 ? .latencyP95 : .freshness
                let terms = Terms(objective: Objective(metric: metric, threshold: seconds), target: options.target)
                var facts: [(String, String)] = [("threshold", text)]
                for field in ["timestampField", "sourceTimestampField", "processedTimestampField"] {
                    if let value = level.text(field) { facts.append((field, value)) }
                }
                proposals.append((name, terms, level.line, facts))
            case "support":
                if let time = level.text("time") {
                    assetFacts.append(("support.time", time))
                    notes.append("\(at).time '\(time)' is free text: kept as a fact, not judged")
                }
                if let text = level.text("responseTime") {
                    guard let seconds = SLOText.duration(text), seconds > 0 else {
                        throw level.fail("servicelevels.support.responseTime '\(text)' is not a duration (e.g. 1h)")
                    }
                    proposals.append((name, Terms(objective: Objective(metric: .supportResponse, threshold: seconds), target: options.target), level.line, [("responseTime", text)]))
                }
            case "retention", "frequency", "backup":
                for (key, value) in SLOText.pairs(level) where key != "description" { assetFacts.append(("\(name).\(key)", value)) }
                notes.append("\(at) kept as facts on \(assetName) (not an objective)")
            default:
                notes.append("\(at) is not a Data Contract Specification service level; not imported")
            }
        }
        guard !proposals.isEmpty else {
            throw ImportError.unreadable(file: path, message: "nothing could be imported: " + (notes.isEmpty ? "servicelevels is empty" : notes.joined(separator: "; ")))
        }
        if proposals.contains(where: { !$0.terms.objective.metric.isEventRatio }) {
            notes.append("thresholds state no share of good observations: those agreements require \(Formatting.percent(options.target)) (--target)")
        }
        let finalNotes = notes
        return try store.write { ctx in
            var upsert = AgreementUpsert(options: options, ctx: ctx, file: path, standard: "dcs")
            upsert.report.notes = finalNotes
            let asset = try upsert.asset(assetName, kind: .table, line: root.line)
            let team = try upsert.team(slugified(consumer), kind: .consumer)
            if let title { try ctx.setFact("asset", asset.rawValue, key: "dcs.title", value: title, source: upsert.source) }
            if let owner = root.text("info.owner") { try ctx.setFact("asset", asset.rawValue, key: "dcs.owner", value: owner, source: upsert.source) }
            for (key, value) in assetFacts { try ctx.setFact("asset", asset.rawValue, key: "dcs.\(key)", value: value, source: upsert.source) }
            for proposal in proposals {
                let agreementID = "SLA-" + slugified("\(assetName)-\(proposal.name)")
                try upsert.upsert(Agreement(id: AgreementID(agreementID), kind: .sla, asset: asset, team: team), terms: proposal.terms, line: proposal.line)
                for (key, value) in proposal.facts { try ctx.setFact("agreement", agreementID, key: "dcs.\(key)", value: value, source: upsert.source) }
            }
            try ctx.recordImport(kind: "dcs", file: path, sha256: input.sha256, at: options.clock.now,
                                 summary: "\(upsert.report.created) created, \(upsert.report.revised) revised, \(upsert.report.unchanged) unchanged")
            return upsert.report
        }
    }
}
