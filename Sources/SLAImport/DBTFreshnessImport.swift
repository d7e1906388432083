import Foundation
import Yams
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger

/// What a dbt freshness import did.
package struct DBTReport: Sendable {
    package var file: String
    package var results = 0
    package var observations = ObservationReport(file: "")
    /// Sources no agreement is mapped to (warnings, not errors).
    package var unmapped: [String] = []
    /// Results that carry no freshness (runtime errors), with dbt's message.
    package var skipped: [String] = []
}

/// Imports dbt's `sources.json` (schema v1–v3) or `freshness.json`: each result is one freshness observation.
///
/// Sources map to agreements by a `dbt_source:` key on the agreement or its asset in the catalog, or by
/// `--map FILE` (YAML: `source.project.src.table: SLA-id` or a list of ids). A key matches a result's
/// `unique_id` exactly or as its tail (`raw.orders` matches `source.shop.raw.orders`).
package struct DBTFreshnessImport {
    package var clock: Clock
    package var mapFile: String?

    package init(clock: Clock, mapFile: String? = nil) { self.clock = clock; self.mapFile = mapFile }

    package func importFile(_ path: String, into store: Store) throws -> DBTReport {
        let input = try InputFile.read(path)
        guard let root = try? JSONSerialization.jsonObject(with: Data(input.text.utf8)) as? [String: Any] else {
            throw ImportError.unreadable(file: path, message: "not a JSON object (expected dbt's target/sources.json)")
        }
        let schema = ((root["metadata"] as? [String: Any])?["dbt_schema_version"] as? String) ?? ""
        guard schema.contains("/sources/v") || schema.contains("freshness") else {
            throw ImportError.unreadable(file: path, message: "metadata.dbt_schema_version is '\(schema)', not a dbt sources or freshness artifact")
        }
        guard let results = root["results"] as? [[String: Any]] else {
            throw ImportError.unreadable(file: path, message: "results: expected a list of source freshness results")
        }
        let explicit = try mapFile.map(loadMap) ?? [:]
        var report = DBTReport(file: path)
        report.results = results.count
        report.observations = try store.write { ctx in
            try ctx.recordImport(kind: "dbt-freshness", file: path, sha256: input.sha256, at: clock.now, summary: "")
            let importID = ctx.lastInsertedRowID
            var sink = try ObservationSink(ctx: ctx, file: path, importID: importID)
            let mapping = try SourceMapping(explicit: explicit, ctx: ctx)
            for (i, result) in results.enumerated() {
                let at = "results[\(i)]"
                guard let id = result["unique_id"] as? String else { throw ImportError.unreadable(file: path, message: "\(at).unique_id: missing") }
                let status = result["status"] as? String ?? "unknown"
                guard let snapshot = result["snapshotted_at"] as? String, let lag = result["max_loaded_at_time_ago_in_s"] as? Double else {
                    report.skipped.append("\(id) (status \(status)\((result["error"] as? String).map { ": \($0)" } ?? ""))")
                    continue
                }
                guard let snapshotEpoch = Timestamp.parse(snapshot) else {
                    throw ImportError.unreadable(file: path, message: "\(at).snapshotted_at: bad time '\(snapshot)'")
                }
                let agreements = try mapping.agreements(for: id)
                if agreements.isEmpty { report.unmapped.append(id); continue }
                for agreement in agreements {
                    let metric = RevisionTimeline(try ctx.revisions(of: agreement)).metric(at: snapshotEpoch)
                    let value: String
                    switch metric {
                    case .freshness: value = Formatting.number(lag, maxDecimals: 3)
                    case .deliveredBy: value = Timestamp.format(snapshotEpoch - lag)
                    default: report.skipped.append("\(id) for \(agreement) (a \(metric.rawValue) objective is not measured by dbt freshness)"); continue
                    }
                    do { try sink.add((agreement.rawValue, Timestamp.format(snapshotEpoch), value, "dbt status \(status)"), line: i + 1) } catch let error as ImportError {
                        throw ImportError.unreadable(file: path, message: "\(at): \(error.description)")
                    }
                }
            }
            try ctx.completeImport(importID, summary: "\(sink.report.new) new")
            return sink.report
        }
        report.observations.file = path
        return report
    }

    /// Reads `--map FILE`: source → agreement id or list of ids.
    func loadMap(_ path: String) throws -> [String: [AgreementID]] {
        let input = try InputFile.read(path)
        guard let root = try YAMLValue.parse(input.text, file: path) else { return [:] }
        guard case .mapping(let mapping) = root.node else { throw root.fail("the map must be a mapping of dbt source ids to agreement ids") }
        var result: [String: [AgreementID]] = [:]
        for (key, value) in mapping {
            let source = try YAMLValue(node: key, file: path).string("a source id")
            result[source] = try YAMLValue(node: value, file: path).strings("agreement ids").map { AgreementID($0) }
        }
        return result
    }
}

/// Which agreements a dbt source measures.
struct SourceMapping {
    let explicit: [String: [AgreementID]]
    let onAgreements: [(String, AgreementID)]
    let onAssets: [(String, AgreementID)]

    init(explicit: [String: [AgreementID]], ctx: StoreContext) throws {
        for ids in explicit.values {
            for id in ids where try ctx.agreement(id) == nil {
                throw LedgerError.unknownAgreement(id, known: try ctx.agreements().map(\.id.rawValue))
            }
        }
        self.explicit = explicit
        onAgreements = try ctx.agreementDBTSources().map { ($0.value, $0.key) }
        let assets = try ctx.assets().filter { $0.dbtSource != nil }
        // Through an asset, only the agreements that measure freshness.
        let agreements = try ctx.agreements().filter { try ctx.latestRevision(of: $0.id)?.terms.indicator == .freshness }
        onAssets = assets.flatMap { asset in
            agreements.filter { $0.asset == asset.id }.map { (asset.dbtSource ?? "", $0.id) }
        }
    }

    static func matches(_ key: String, _ uniqueID: String) -> Bool { key == uniqueID || uniqueID.hasSuffix("." + key) }

    /// The agreements measured by `uniqueID`: the map first, then agreements' and assets' `dbt_source`.
    func agreements(for uniqueID: String) throws -> [AgreementID] {
        if let ids = explicit.first(where: { Self.matches($0.key, uniqueID) })?.value { return ids.sorted() }
        let direct = onAgreements.filter { Self.matches($0.0, uniqueID) }.map(\.1)
        if !direct.isEmpty { return direct.sorted() }
        return onAssets.filter { Self.matches($0.0, uniqueID) }.map(\.1).sorted()
    }
}
