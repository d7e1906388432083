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
        let locate = JSONLines(text: input.text)
        let root: JSONValue
        switch JSONValue.parseChecked(input.text) {
        case .success(let value): root = value
        case .failure(let error): throw ImportError.invalid(file: path, line: error.line, message: "not valid JSON: \(error.message)")
        }
        guard case .object = root else {
            throw ImportError.unreadable(file: path, message: "not a JSON object (expected dbt's target/sources.json)")
        }
        let version = root["metadata"]?["dbt_schema_version"]
        let schema = version?.string ?? ""
        guard schema.contains("/sources/v") || schema.contains("freshness") else {
            // Name what the file says (a number or an object is shown as written, not as an empty string) and where.
            let stated = version.map { $0.string.map { "'\($0)'" } ?? $0.compact() } ?? "missing"
            throw ImportError.invalid(file: path, line: version == nil ? locate.line(ofKey: "metadata") : locate.line(ofKey: "dbt_schema_version"),
                                      message: "metadata.dbt_schema_version is \(stated), not a dbt sources or freshness artifact (expected e.g. 'https://schemas.getdbt.com/dbt/sources/v3.json')")
        }
        guard case .array(let results)? = root["results"] else {
            throw ImportError.invalid(file: path, line: locate.line(ofKey: "results"), message: "results: expected a list of source freshness results")
        }
        let (explicit, mapLines) = try mapFile.map(loadMap) ?? ([:], [:])
        var report = DBTReport(file: path)
        report.results = results.count
        report.observations = try store.write { ctx in
            try ctx.recordImport(kind: "dbt-freshness", file: path, sha256: input.sha256, at: clock.now, summary: "")
            let importID = ctx.lastInsertedRowID
            var sink = try ObservationSink(ctx: ctx, file: path, importID: importID)
            let mapping: SourceMapping
            do { mapping = try SourceMapping(explicit: explicit, ctx: ctx) } catch let error as LedgerError {
                // An id in --map that no agreement has: name the map file and the line.
                let unknown = explicit.flatMap { $0.value }.first { id in (try? ctx.agreement(id)) == nil }
                throw ImportError.invalid(file: mapFile ?? path, line: unknown.flatMap { mapLines[$0] } ?? 1, message: "\(error)")
            }
            do {
                var seen: [String: Int] = [:]
                for (i, result) in results.enumerated() {
                    let at = "results[\(i)]"
                    guard case .object = result, let id = result["unique_id"]?.string else {
                        throw ImportError.invalid(file: path, line: locate.line(ofKey: "results"), message: "\(at).unique_id: missing")
                    }
                    let line = locate.line(ofKey: "unique_id", value: id)
                    func fail(_ key: String, _ message: String) -> ImportError {
                        .invalid(file: path, line: locate.line(ofKey: key, after: line), message: "\(at).\(key) (\(id)): \(message)")
                    }
                    if let first = seen[id] {
                        throw ImportError.invalid(file: path, line: locate.line(ofKey: "unique_id", value: id, occurrence: 2),
                                                  message: "\(at): source \(id) appears twice (first on line \(first))")
                    }
                    seen[id] = line
                    let status = result["status"]?.string ?? "unknown"
                    guard let snapshot = result["snapshotted_at"]?.string, let lagValue = result["max_loaded_at_time_ago_in_s"], lagValue != .null else {
                        report.skipped.append("\(id) (status \(status)\(result["error"]?.string.map { ": \($0)" } ?? ""))")
                        continue
                    }
                    guard let rawLag = lagValue.double else { throw fail("max_loaded_at_time_ago_in_s", "expected a number of seconds") }
                    guard let lag = ValueParser.checkedDuration(rawLag) else {
                        throw fail("max_loaded_at_time_ago_in_s", rawLag < 0 ? "\(Formatting.number(rawLag)) s is negative: loaded in the future (check the warehouse clock)"
                                   : "\(Formatting.number(rawLag)) s is longer than the longest duration slaretro accepts (3650 days)")
                    }
                    guard let snapshotEpoch = Timestamp.parse(snapshot) else { throw fail("snapshotted_at", "bad time '\(snapshot)'") }
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
                        do { try sink.add((agreement.rawValue, Timestamp.format(snapshotEpoch), value, "dbt status \(status)"), line: line) } catch let error as ImportError {
                            if case .invalid(_, _, let message) = error { throw ImportError.invalid(file: path, line: line, message: "\(at): \(message)") }
                            throw error
                        }
                    }
                }
            } catch let error as ImportError {
                // A source repeated on an earlier line than the error is the first problem, as in a CSV import.
                throw sink.firstProblem(error)
            }
            try sink.finish(clock: clock)
            try ctx.completeImport(importID, summary: "\(sink.report.new) new")
            return sink.report
        }
        report.observations.file = path
        return report
    }

    /// Reads `--map FILE`: source → agreement id or list of ids.
    func loadMap(_ path: String) throws -> ([String: [AgreementID]], [AgreementID: Int]) {
        let input = try InputFile.read(path)
        guard let root = try YAMLValue.parse(input.text, file: path) else { return ([:], [:]) }
        guard case .mapping(let mapping) = root.node else { throw root.fail("the map must be a mapping of dbt source ids to agreement ids") }
        var result: [String: [AgreementID]] = [:]
        var lines: [AgreementID: Int] = [:]
        for (key, value) in mapping {
            let source = try YAMLValue(node: key, file: path).string("a source id")
            let node = YAMLValue(node: value, file: path)
            result[source] = try node.strings("agreement ids").map { AgreementID($0) }
            for id in result[source] ?? [] where lines[id] == nil { lines[id] = node.line }
        }
        return (result, lines)
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

/// Finds the line of a key in JSON text, so errors about a parsed value can still say `FILE:LINE:`.
struct JSONLines {
    let text: [UInt8]
    init(text: String) { self.text = Array(text.utf8) }

    /// The line of the `occurrence`-th `"key"` (followed by `: "value"` when given), searching from line `after`; 1 when absent.
    func line(ofKey key: String, value: String? = nil, occurrence: Int = 1, after startLine: Int = 1) -> Int {
        let needle = Array("\"\(key)\"".utf8)
        let wanted = value.map { Array(JSONValue.quote($0).utf8) }
        var line = 1, found = 0, i = 0
        while i + needle.count <= text.count {
            if text[i] == 10 { line += 1; i += 1; continue }
            if line >= startLine, text[i] == 34, Array(text[i..<i + needle.count]) == needle {
                var j = i + needle.count
                var matches = true
                if let wanted {
                    while j < text.count, text[j] == 32 || text[j] == 9 || text[j] == 58 || text[j] == 10 || text[j] == 13 { j += 1 }
                    matches = j + wanted.count <= text.count && Array(text[j..<j + wanted.count]) == wanted
                }
                if matches { found += 1; if found == occurrence { return line } }
            }
            i += 1
        }
        return startLine
    }
}
