import Foundation

extension UsageImport {
    /// The hot loop for the five canonical columns: fields stay bytes until bound, so an import of a million
    /// events costs little more than SQLite's own `.import` (see bench/usage.py).
    static func canonicalLoop(_ reader: LineReader, names: [String], file: String, importID: Int64, insert: BulkInsert,
                              assets: Set<String>, aliases: [String: String], members: [String: String], teams: Set<String>,
                              report: inout UsageReport, aggregate: inout UsageAggregator) throws {
        let lower = names.map { $0.lowercased() }
        for name in lower where !columns.contains(name) {
            throw ImportError.invalid(file: file, line: 1, message: "unknown column '\(name)'" + Suggest.hint(for: name, among: columns, otherwise: " (expected occurred_at,asset,user,team,action, or a --preset)"))
        }
        var index = [Int](repeating: -1, count: 5)
        for (i, name) in columns.enumerated() {
            guard let at = lower.firstIndex(of: name) else {
                if name == "team" { continue }
                throw ImportError.invalid(file: file, line: 1, message: "missing column '\(name)' (expected occurred_at,asset,user,team,action)")
            }
            index[i] = at
        }
        var ranges = [Range<Int>](repeating: 0..<0, count: names.count)
        var failure: ImportError?
        while let keep = try reader.next({ line -> Bool in
            guard !line.isEmpty else { return true }
            let number = reader.lineNumber
            guard Self.splitSimple(line, into: &ranges) else {
                // Quoted fields (rare in logs) take the general CSV path.
                guard let fields = CSVLine.fields(line) else { failure = .invalid(file: file, line: number, message: "a quote is not closed"); return false }
                guard fields.count == names.count else { failure = .invalid(file: file, line: number, message: "expected \(names.count) fields, found \(fields.count)"); return false }
                var joined: [UInt8] = []
                var unquoted: [Range<Int>] = []
                for field in fields { let start = joined.count; joined += Array(field.utf8); unquoted.append(start..<joined.count) }
                try joined.withUnsafeBufferPointer { bytes in
                    try Self.keep(bytes, unquoted, index: index, file: file, line: number, importID: importID, insert: insert, assets: assets,
                                  aliases: aliases, members: members, teams: teams, report: &report, aggregate: &aggregate)
                }
                return true
            }
            try Self.keep(line, ranges, index: index, file: file, line: number, importID: importID, insert: insert, assets: assets,
                          aliases: aliases, members: members, teams: teams, report: &report, aggregate: &aggregate)
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

    /// Checks, binds and counts one event given as the bytes of its fields.
    static func keep(_ bytes: UnsafeBufferPointer<UInt8>, _ ranges: [Range<Int>], index: [Int], file: String, line: Int, importID: Int64,
                     insert: BulkInsert, assets: Set<String>, aliases: [String: String], members: [String: String], teams: Set<String>,
                     report: inout UsageReport, aggregate: inout UsageAggregator) throws {
        report.rows += 1
        func field(_ i: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[ranges[index[i]]]) }
        func text(_ i: Int) -> String { String(decoding: field(i), as: UTF8.self) }
        let time = field(0)
        guard let epoch = Timestamp.parse(time) else {
            throw ImportError.invalid(file: file, line: line, message: "bad occurred_at '\(text(0))' (expected an ISO-8601 time with its zone)")
        }
        let action = field(4)
        let kind: Int
        switch (action.count, action.first ?? 0) {
        case (5, 113) where action.elementsEqual("query".utf8): kind = 1
        case (4, 118) where action.elementsEqual("view".utf8): kind = 2
        case (6, 101) where action.elementsEqual("export".utf8), (3, 97) where action.elementsEqual("api".utf8): kind = 0
        default:
            throw ImportError.invalid(file: file, line: line, message: "unknown action '\(text(4))' (expected query, view, export or api)")
        }
        let name = text(1)
        guard let asset = assets.contains(name) ? name : aliases[name] else {
            report.unmatchedAssets[name, default: 0] += 1
            return
        }
        let user = text(2)
        let given = index[3] >= 0 ? text(3) : ""
        let team = teams.contains(given) ? given : (members[user] ?? "")
        if team.isEmpty { report.unmatchedUsers[user, default: 0] += 1 }
        // Stored in UTC with whole seconds; a time already in that form is bound as it came.
        if time.count == 20 && time[19] == 90 && time[10] == 84 {
            insert.bind(1, bytes: time)
        } else {
            insert.bind(1, Timestamp.format(epoch))
        }
        insert.bind(2, asset)
        insert.bind(3, user)
        if team.isEmpty { insert.bindNull(4) } else { insert.bind(4, team) }
        insert.bind(5, bytes: action)
        insert.bind(6, importID)
        try insert.step()
        report.imported += 1
        aggregate.add(day: Int((epoch / 86_400).rounded(.down)), asset: asset, team: team, user: user, kind: kind)
    }
}
