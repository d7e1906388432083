import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger

/// Where matched usage events go: the prepared insert, the rollup aggregate and the report.
struct UsageSink {
    let file: String
    let importID: Int64
    let insert: BulkInsert
    var aggregate: UsageAggregator
    /// The first read of each local day per asset and team, for reading profiles (nil: not kept).
    var firstReads: FirstReadTracker?
    var report: UsageReport

    init(file: String, importID: Int64, insert: BulkInsert, spill: UsageSpill, budget: Int) {
        self.file = file; self.importID = importID; self.insert = insert
        aggregate = UsageAggregator(spill: spill, budget: budget)
        report = UsageReport(file: file)
    }

    /// Matches, stores and counts one event given as bytes; unknown assets are counted, not kept.
    mutating func add(time: UnsafeBufferPointer<UInt8>, epoch: Double, asset: UnsafeBufferPointer<UInt8>, user: UnsafeBufferPointer<UInt8>,
                      team given: UnsafeBufferPointer<UInt8>, action: UnsafeBufferPointer<UInt8>, kind: Int, names: inout UsageNames) throws {
        guard let assetIndex = names.asset(asset) else {
            Self.count(String(decoding: asset, as: UTF8.self), in: &report.unmatchedAssets)
            return
        }
        let (userIndex, memberTeam) = names.user(user)
        guard userIndex < 0x1F_FFFF else { throw ImportError.unreadable(file: file, message: "more than two million distinct users in one file") }
        let team = names.team(given) ?? memberTeam
        if team < 0 { Self.count(String(decoding: user, as: UTF8.self), in: &report.unmatchedUsers) }
        // Stored in UTC with whole seconds; a time already in that form is bound as it came.
        // The row's bytes and the names' stable copies outlive the step below: SQLite binds them without copying.
        if time.count == 20 && time[19] == 90 && time[10] == 84 { insert.bind(1, staticBytes: time) } else { insert.bind(1, Timestamp.format(epoch)) }
        insert.bind(2, staticBytes: names.assetBytes[Int(assetIndex)])
        insert.bind(3, staticBytes: user)
        if team < 0 { insert.bindNull(4) } else { insert.bind(4, staticBytes: names.teamBytes[Int(team)]) }
        insert.bind(5, staticBytes: action)
        insert.bind(6, importID)
        try insert.step()
        report.imported += 1
        var firstRead: (key: UInt64, minute: Int16)?
        if let seconds = Int64(exactly: epoch.rounded(.down)) { firstRead = firstReads?.read(seconds: seconds, asset: assetIndex, team: team) }
        try aggregate.add(day: Int((epoch / 86_400).rounded(.down)), asset: assetIndex, team: team, user: userIndex, kind: kind, firstRead: firstRead)
    }

    /// Counts an unmatched name; past `InputLimits.maxReportedNames` distinct names the rest share one entry, so
    /// memory stays bounded whatever the file holds.
    static func count(_ name: String, in counts: inout [String: Int]) {
        if counts[name] == nil, counts.count >= InputLimits.maxReportedNames {
            counts["(other names)", default: 0] += 1
        } else {
            counts[name, default: 0] += 1
        }
    }

    /// The same for an event a preset read.
    mutating func add(_ event: RawUsageEvent, names: inout UsageNames) throws {
        var asset = event.asset, user = event.user, team = event.team, action = event.action
        let time = Array((event.canonicalTime ?? Timestamp.format(event.epoch)).utf8)
        let kind = action == "query" ? 1 : action == "view" ? 2 : 0
        try time.withUnsafeBufferPointer { t in
            try asset.withUTF8 { a in try user.withUTF8 { u in try team.withUTF8 { g in try action.withUTF8 { c in
                try add(time: t, epoch: event.epoch, asset: a, user: u, team: g, action: c, kind: kind, names: &names)
            } } } }
        }
    }
}

extension UsageImport {
    /// The hot loop for the five canonical columns: fields stay bytes until bound, and names are matched in
    /// byte tables, so an import costs little more than SQLite's own `.import` (see bench/usage.py).
    static func canonicalLoop(_ reader: LineReader, names header: [String], file: String, names: inout UsageNames, sink: inout UsageSink) throws {
        let lower = header.map { $0.lowercased() }
        var index = [Int](repeating: -1, count: 5)
        for (i, name) in columns.enumerated() { index[i] = lower.firstIndex(of: name) ?? -1 }
        var ranges = [Range<Int>](repeating: 0..<0, count: header.count)
        var failure: ImportError?
        while let keep = try reader.next({ line -> Bool in
            guard !line.isEmpty else { return true }
            let number = reader.lineNumber
            if Self.splitSimple(line, into: &ranges) {
                try Self.keep(line, ranges, index: index, file: file, line: number, names: &names, sink: &sink)
                return true
            }
            // Quoted fields (rare in logs) take the general CSV path.
            guard let fields = CSVLine.fields(line) else { failure = .invalid(file: file, line: number, message: "a quote is not closed"); return false }
            guard fields.count == header.count else { failure = .invalid(file: file, line: number, message: "expected \(header.count) fields, found \(fields.count)"); return false }
            var joined: [UInt8] = []
            var unquoted: [Range<Int>] = []
            for field in fields { let start = joined.count; joined += Array(field.utf8); unquoted.append(start..<joined.count) }
            try joined.withUnsafeBufferPointer { bytes in
                try Self.keep(bytes, unquoted, index: index, file: file, line: number, names: &names, sink: &sink)
            }
            return true
        }) {
            if !keep, let failure { throw failure }
        }
    }

    /// Splits an unquoted line at commas into `ranges`; false when the line has quotes or another field count.
    static func splitSimple(_ line: UnsafeBufferPointer<UInt8>, into ranges: inout [Range<Int>]) -> Bool {
        var field = 0, start = 0
        for i in 0..<line.count {
            let c = line[i]
            if c == 34 { return false }
            if c == 44 {
                guard field < ranges.count - 1 else { return false }
                ranges[field] = start..<i; field += 1; start = i + 1
            }
        }
        guard field == ranges.count - 1 else { return false }
        ranges[field] = start..<line.count
        return true
    }

    /// Checks one canonical row given as the bytes of its fields and hands it to the sink.
    static func keep(_ bytes: UnsafeBufferPointer<UInt8>, _ ranges: [Range<Int>], index: [Int], file: String, line: Int,
                     names: inout UsageNames, sink: inout UsageSink) throws {
        sink.report.rows += 1
        func field(_ i: Int) -> UnsafeBufferPointer<UInt8> {
            index[i] < 0 ? UnsafeBufferPointer(start: nil, count: 0) : UnsafeBufferPointer(rebasing: bytes[ranges[index[i]]])
        }
        let time = field(0)
        // A time without a zone is UTC (README).
        guard let epoch = Timestamp.parse(time, zoneless: true) else {
            throw ImportError.invalid(file: file, line: line, message: "bad occurred_at '\(String(decoding: time, as: UTF8.self))' (expected an ISO-8601 time with its zone)")
        }
        let action = field(4)
        let kind: Int
        switch (action.count, action.first ?? 0) {
        case (5, 113) where action.elementsEqual("query".utf8): kind = 1
        case (4, 118) where action.elementsEqual("view".utf8): kind = 2
        case (6, 101) where action.elementsEqual("export".utf8), (3, 97) where action.elementsEqual("api".utf8): kind = 0
        default:
            throw ImportError.invalid(file: file, line: line, message: "unknown action '\(String(decoding: action, as: UTF8.self))' (expected query, view, export or api)")
        }
        try sink.add(time: time, epoch: epoch, asset: field(1), user: field(2), team: field(3), action: action, kind: kind, names: &names)
    }
}
