import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger

/// Imports daily rollups made in the warehouse (`date,asset,team,users,accesses[,queries,views,first_access]`, see recipes/).
///
/// A row replaces the stored rollup of the same (date, asset, team), so re-importing a file changes nothing.
/// `first_access`, the instant of the day's first access (ISO-8601 with its zone), feeds the reading profiles.
package struct RollupImport {
    package var clock: Clock
    package init(clock: Clock) { self.clock = clock }

    static let columns = ["date", "asset", "team", "users", "accesses", "queries", "views", "first_access"]

    package func importFile(_ path: String, into store: Store) throws -> UsageReport {
        let reader = try LineReader(path: path)
        var report = UsageReport(file: path)
        report.rollups = true
        guard let header = reader.next({ CSVLine.fields($0) }) ?? nil else {
            throw ImportError.unreadable(file: path, message: "the file is empty (expected the header date,asset,team,users,accesses)")
        }
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for name in names where !Self.columns.contains(name) {
            throw ImportError.invalid(file: path, line: 1, message: "unknown column '\(name)'" + Suggest.hint(for: name, among: Self.columns, otherwise: " (expected date,asset,team,users,accesses[,queries,views,first_access])"))
        }
        for name in Self.columns.prefix(5) where !names.contains(name) {
            throw ImportError.invalid(file: path, line: 1, message: "missing column '\(name)'")
        }
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($0.element, $0.offset) })
        return try store.write { ctx in
            let assets = Set(try ctx.assets().map(\.id.rawValue)), aliases = try ctx.aliases().mapValues(\.rawValue)
            let teams = Set(try ctx.teams().map(\.id.rawValue))
            // Days are numbered as the keys number them: the rollups' days, and the local days of their first reads.
            var days = Set<Int>(), allDays = Set<Int>()
            let assetList = assets.sorted(), teamList = teams.sorted()
            let assetIndex = Dictionary(uniqueKeysWithValues: assetList.enumerated().map { ($0.element, Int32($0.offset)) })
            let teamIndex = Dictionary(uniqueKeysWithValues: teamList.enumerated().map { ($0.element, Int32($0.offset)) })
            var firstReads = FirstReadTracker(assets: assetList, zones: try ctx.assetZones(), fallback: try ctx.sprints().last?.timezone ?? "UTC")
            // The rows wait in the spill, keyed by their packed (day, asset, team): a key given twice is found there.
            let spill = try ctx.usageSpill()
            while let fields = reader.next({ CSVLine.fields($0) }) {
                let line = reader.lineNumber
                guard let fields else { throw ImportError.invalid(file: path, line: line, message: "a quote is not closed, or text follows a closing quote") }
                if fields.count == 1 && fields[0].isEmpty { continue }
                guard fields.count == names.count else { throw ImportError.invalid(file: path, line: line, message: "expected \(names.count) fields, found \(fields.count)") }
                report.rows += 1
                func int(_ name: String) throws -> Int {
                    guard let i = index[name] else { return 0 }
                    guard let n = ValueParser.count(fields[i]) else { throw ImportError.invalid(file: path, line: line, message: "bad \(name) '\(fields[i])' (expected a whole number, 0 or more)") }
                    return n
                }
                guard let date = LocalDate(fields[index["date"]!]), UsageAggregator.dayRange.contains(date.dayNumber) else {
                    throw ImportError.invalid(file: path, line: line, message: "bad date '\(fields[index["date"]!])' (expected YYYY-MM-DD, a year before 7712)")
                }
                let name = fields[index["asset"]!]
                guard let asset = assets.contains(name) ? name : aliases[name] else { UsageSink.count(name, in: &report.unmatchedAssets); continue }
                let team = fields[index["team"]!]
                guard team.isEmpty || teams.contains(team) else {
                    throw ImportError.invalid(file: path, line: line, message: "unknown team '\(team)'" + Suggest.hint(for: team, among: teams.sorted()))
                }
                guard let assetNumber = assetIndex[asset] else { continue }
                let teamNumber = team.isEmpty ? -1 : teamIndex[team] ?? -1
                let key = UsageAggregator.pack(day: date.dayNumber, asset: assetNumber, team: teamNumber)
                // A rollup given twice is the first problem of its line, as before its counts are read.
                let counts = Result { (users: try int("users"), accesses: try int("accesses"), queries: try int("queries"), views: try int("views")) }
                let staged = (try? counts.get()) ?? (users: 0, accesses: 0, queries: 0, views: 0)
                if let first = try spill.addGiven(rollup: Int64(bitPattern: key), line: line, users: staged.users, accesses: staged.accesses,
                                                  queries: staged.queries, views: staged.views) {
                    throw ImportError.invalid(file: path, line: line, message: "the rollup of \(asset) for \(team.isEmpty ? "no team" : team) on \(date) appears twice (first on line \(first))")
                }
                let (users, accesses, queries, views) = try counts.get()
                guard users <= accesses else {
                    throw ImportError.invalid(file: path, line: line, message: "\(users) users but \(accesses) accesses (each user accesses at least once)")
                }
                guard queries <= accesses, views <= accesses, queries + views <= accesses else {
                    throw ImportError.invalid(file: path, line: line, message: "queries (\(queries)) and views (\(views)) add up to more than the \(accesses) accesses")
                }
                if let i = index["first_access"], !fields[i].isEmpty {
                    guard let first = Clock.parseInstant(fields[i]), fields[i].count > 10, let seconds = Int64(exactly: first.timeIntervalSince1970.rounded(.down)) else {
                        throw ImportError.invalid(file: path, line: line, message: "bad first_access '\(fields[i])' (expected an instant such as 2026-11-02T08:41:00Z)")
                    }
                    if let read = firstReads.read(seconds: seconds, asset: assetNumber, team: teamNumber) {
                        allDays.insert(Int(read.key >> 42))
                        try spill.addFirstRead(Int64(bitPattern: FirstReadTracker.tableOrder(read.key)), minute: Int64(read.minute))
                    }
                }
                report.imported += 1
                if days.insert(date.dayNumber).inserted { allDays.insert(date.dayNumber) }
            }
            try spill.merge(days: UsageAggregator.dates(of: allDays), assets: assetList, zones: firstReads.assetZones, teams: teamList, users: 0, user: { _ in "" })
            report.rollupDays = days.count
            try ctx.keepTeamUsage()
            try ctx.recordImport(kind: "usage-rollups", file: path, sha256: reader.sha256, at: clock.now, summary: "\(report.imported) rollups")
            return report
        }
    }
}
