import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger

/// What a usage import did: events kept, what could not be matched, and the rollups it maintained.
package struct UsageReport: Sendable {
    package var file: String
    package var rows = 0
    package var imported = 0
    /// The file was imported before (same fingerprint): nothing was added.
    package var alreadyImported = false
    package var unmatchedAssets: [String: Int] = [:]
    package var unmatchedUsers: [String: Int] = [:]
    package var rollupDays = 0
    /// The file held rollups, not events.
    package var rollups = false
    /// Preset imports: rows that gave no event, by reason (with the first line of each).
    package var dropped: [UsagePresetState.Drop] = []
    /// Warning lines naming the file: rows dropped or skipped per reason, the zone zoneless times were read in.
    package var notes: [String] = []

    /// The most frequent unmatched names first (ties by name), at most `limit`.
    package static func top(_ counts: [String: Int], _ limit: Int = 5) -> [(String, Int)] {
        Array(counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(limit))
    }
}

/// Imports usage events (`occurred_at,asset,user,team,action`) and maintains the daily rollups every evaluation reads.
///
/// Streaming, one transaction, `FILE:LINE:` on a bad row. Idempotent by the SHA-256 of the whole file, computed
/// while the reader's opening check streams it: the same file again adds nothing. Assets match by id or
/// alias; users map to teams by the row's team, the catalog's `members:` or `--team-map`.
package struct UsageImport {
    package var clock: Clock
    package var teamMap: [String: TeamID]
    package var preset: UsagePreset?
    /// The IANA zone of preset times that carry none (Looker writes times in the query's zone); nil: UTC.
    package var timezone: String?
    /// How many distinct keys the import adds up in memory before it spills to disk (see `UsageAggregator`).
    package var memoryBudget = UsageAggregator.defaultBudget

    package init(clock: Clock, teamMap: [String: TeamID] = [:], preset: UsagePreset? = nil, timezone: String? = nil) {
        self.clock = clock; self.teamMap = teamMap; self.preset = preset; self.timezone = timezone
    }

    static let columns = ["occurred_at", "asset", "user", "team", "action"]
    static let actions: Set<String> = ["query", "view", "export", "api"]

    /// Reads `--team-map FILE`: CSV `user,team` (header optional).
    package static func loadTeamMap(_ path: String) throws -> [String: TeamID] {
        let reader = try LineReader(path: path, csv: true, header: false)
        var map: [String: TeamID] = [:]
        var lines: [String: Int] = [:]
        while let fields = reader.next({ CSVLine.fields($0) }) {
            guard let fields, fields.count == 2 else { throw ImportError.invalid(file: path, line: reader.lineNumber, message: "expected user,team") }
            if reader.lineNumber == 1 && fields == ["user", "team"] { continue }
            if let earlier = lines[fields[0]], map[fields[0]] != TeamID(fields[1]) {
                throw ImportError.invalid(file: path, line: reader.lineNumber, message: "user '\(fields[0])' is mapped again (first on line \(earlier)) to another team")
            }
            lines[fields[0]] = reader.lineNumber
            map[fields[0]] = TeamID(fields[1])
        }
        return map
    }

    /// The fingerprint earlier versions recorded (size and the SHA-256 of the first and last MiB). Only compared
    /// with imports recorded in that form, so a file imported by an older binary is still recognised.
    static func legacyFingerprint(_ path: String) throws -> String {
        let file = try RegularFile.open(path)
        defer { close(file.fd) }
        func chunk(at offset: Int) -> [UInt8] {
            var bytes = [UInt8](repeating: 0, count: min(1 << 20, max(0, file.size - offset)))
            var got = 0
            while got < bytes.count {
                let n = bytes.withUnsafeMutableBytes { pread(file.fd, $0.baseAddress! + got, $0.count - got, off_t(offset + got)) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                got += n
            }
            return Array(bytes[0..<got])
        }
        let head = chunk(at: 0), tail = chunk(at: file.size > 1 << 20 ? file.size - (1 << 20) : 0)
        return "\(file.size):" + SHA256.hex(head + tail)
    }

    package func importFile(_ path: String, into store: Store) throws -> UsageReport {
        let reader = try LineReader(path: path)
        // The SHA-256 of the whole file, computed while the reader's opening check streamed it.
        let fingerprint = reader.sha256
        let legacy = try Self.legacyFingerprint(path)
        var report = UsageReport(file: path)
        guard let header = reader.next({ CSVLine.fields($0) }) ?? nil else {
            throw ImportError.unreadable(file: path, message: "the file is empty (expected the header occurred_at,asset,user,team,action)")
        }
        let columnNames = header.map { $0.trimmingCharacters(in: .whitespaces) }
        if preset == nil { try Self.validateCanonicalHeader(columnNames, file: path) }
        return try store.write { ctx in
            if try ctx.hasImport(kind: "usage", fingerprint: fingerprint) || ctx.hasImport(kind: "usage", fingerprint: legacy) {
                report.alreadyImported = true
                return report
            }
            try ctx.recordImport(kind: "usage", file: path, sha256: fingerprint, at: clock.now, summary: "")
            let importID = ctx.lastInsertedRowID
            let teamIDs = try ctx.teams().map(\.id.rawValue)
            var names = UsageNames(assets: try ctx.assets().map(\.id.rawValue), aliases: try ctx.aliases().mapValues(\.rawValue), teams: teamIDs,
                                   members: try ctx.members().merging(teamMap) { _, map in map }.mapValues(\.rawValue))
            let spill = try ctx.usageSpill()
            var sink = UsageSink(file: path, importID: importID,
                                 insert: try ctx.usageEventInserter(), spill: spill, budget: memoryBudget)
            sink.firstReads = FirstReadTracker(assets: names.assetNames, zones: try ctx.assetZones(),
                                               fallback: try ctx.sprints().last?.timezone ?? "UTC")
            var state = UsagePresetState(zone: timezone)
            if let preset {
                let read = Self.rowReader(names: columnNames, preset: preset, file: path)
                while let fields = reader.next({ CSVLine.fields($0) }) {
                    let line = reader.lineNumber
                    guard let fields else { throw ImportError.invalid(file: path, line: line, message: "a quote is not closed") }
                    if fields.count == 1 && fields[0].isEmpty { continue }
                    guard fields.count == header.count else { throw ImportError.invalid(file: path, line: line, message: "expected \(header.count) fields, found \(fields.count)") }
                    sink.report.rows += 1
                    for event in try read(fields, line, &state) { try sink.add(event, names: &names) }
                }
            } else {
                try Self.canonicalLoop(reader, names: columnNames, file: path, names: &names, sink: &sink)
            }
            var report = sink.report
            report.file = path
            report.dropped = state.drops
            report.notes = state.notes(file: path)
            if let preset, report.rows > 0, report.imported == 0, report.unmatchedAssets.isEmpty {
                let why = state.drops.map { "\($0.count) \($0.skipped ? "skipped" : "dropped"): \($0.reason) (first at line \($0.firstLine))" }
                throw ImportError.unreadable(file: path, message: "nothing in the file was recognised as \(preset.rawValue) usage (\(report.rows) \(report.rows == 1 ? "row" : "rows"), no events"
                    + (why.isEmpty ? ")" : ": " + why.joined(separator: "; ") + ")"))
            }
            report.rollupDays = try sink.aggregate.write(to: ctx, names: names, zones: sink.firstReads?.assetZones ?? [])
            try ctx.keepTeamUsage()
            try ctx.completeImport(importID, summary: "\(report.imported) events, \(report.unmatchedAssets.values.reduce(0, +)) unmatched")
            return report
        }
    }

    /// Checks the canonical header: only known columns, and every one but `team`.
    static func validateCanonicalHeader(_ names: [String], file: String) throws {
        let lower = names.map { $0.lowercased() }
        for name in lower where !columns.contains(name) {
            throw ImportError.invalid(file: file, line: 1, message: "unknown column '\(name)'" + Suggest.hint(for: name, among: columns, otherwise: " (expected occurred_at,asset,user,team,action, or a --preset)"))
        }
        for name in columns where name != "team" && !lower.contains(name) {
            throw ImportError.invalid(file: file, line: 1, message: "missing column '\(name)' (expected occurred_at,asset,user,team,action)")
        }
    }

    /// How one row of a preset's export becomes events (canonical files only have their header checked here).
    static func rowReader(names: [String], preset: UsagePreset, file: String) -> ([String], Int, inout UsagePresetState) throws -> [RawUsageEvent] {
        let lower = names.map { $0.lowercased() }
        let column: (String) -> Int? = { name in lower.firstIndex(of: name.lowercased()) }
        return { fields, line, state in try preset.events(fields, column: column, file: file, line: line, state: &state) }
    }

}
