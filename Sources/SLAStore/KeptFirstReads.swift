import Foundation
import GRDB
import SLAModel

/// Migration `v13.kept-first-reads`: each asset's first reads by each team in a kept sprint, packed in one row, so that
/// the reading profiles of `rightsize` and the agenda read a row per pair and sprint instead of one per day.
///
/// Derived data like the rest of the kept usage: kept when the sprint is (`keepTeamUsage`), dropped with it. A first
/// read written to, changed in or removed from a day inside a kept sprint drops that sprint (the same triggers as the
/// rollups and user-days), and a dropped sprint takes its packed rows with it.
enum SchemaKeptFirstReads {
    static let sql = """
    -- Right-sizing (firstReadDays(asset:team:in:), the profiles of rightsize and the agenda's step 5): an asset's first
    -- reads by a team in one kept sprint, read a sprint at a time. `days` holds 4 bytes per day read, in day order: the
    -- day's offset from the sprint's window_from and its first minute, each a big-endian 16-bit number. `zone` is the
    -- zone all those days were cut in, NULL when they were cut in several (or a row was unreadable): the reader then
    -- reads that sprint's days of the pair from usage_first_reads.
    -- Candidates and right-sizing (assetAccesses): how many rollups of the sprint the pair's sum adds up, so that a window
    -- cutting the sprint can take back its days outside the window and still tell whether the pair has a rollup inside.
    ALTER TABLE usage_summary_assets ADD COLUMN rollups INTEGER;
    -- Right-sizing: 1 once the sprint's first reads are packed below (a sprint kept without them, or one too long or
    -- overlapping another to pack, has its days read from usage_first_reads).
    ALTER TABLE usage_summary_sprints ADD COLUMN first_reads INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE usage_summary_first_reads (
        sprint_id TEXT NOT NULL,
        asset_id TEXT NOT NULL,
        team_id TEXT NOT NULL,
        zone TEXT,
        days BLOB NOT NULL,
        PRIMARY KEY (sprint_id, asset_id, team_id)
    ) WITHOUT ROWID;
    CREATE TRIGGER usage_summaries_first_read_rows AFTER DELETE ON usage_summary_sprints BEGIN
        DELETE FROM usage_summary_first_reads WHERE sprint_id = OLD.sprint_id;
    END;
    \(SchemaUsageSummaries.invalidation(on: "usage_first_reads", name: "first_read", column: "day", guarded: true))
    -- The rollups' and user-days' triggers of v11, guarded the same way: they delete only when a kept sprint holds the
    -- day (an import's first row of a kept sprint drops it; the other rows then skip the DELETE and its temporary B-tree).
    DROP TRIGGER usage_summaries_rollup_insert;
    DROP TRIGGER usage_summaries_rollup_update;
    DROP TRIGGER usage_summaries_rollup_delete;
    DROP TRIGGER usage_summaries_user_day_insert;
    DROP TRIGGER usage_summaries_user_day_update;
    DROP TRIGGER usage_summaries_user_day_delete;
    \(SchemaUsageSummaries.invalidation(on: "usage_rollups", name: "rollup", guarded: true))
    \(SchemaUsageSummaries.invalidation(on: "usage_user_days", name: "user_day", guarded: true))
    -- Sprints kept before this table have no packed first reads: they are kept again at the next usage import or retro start.
    DELETE FROM usage_summary_sprints;
    """
}

/// The first reads of one window for many (asset, team) pairs: the packed rows of the kept sprints the window
/// overlaps, read once (`StoreContext.firstReadWindow(from:to:)`); the days no kept sprint covers are read per pair.
package struct FirstReadWindow: Sendable {
    /// A run of the window's days (day numbers, `to` excluded), inside one kept sprint (`sprint`) or none.
    struct Span: Sendable { let from: Int; let to: Int; let sprint: Int? }
    /// One pair's packed days in one kept sprint: `zone` nil when they must be read from the first-read table.
    struct Packed: Sendable { let zone: String?; let days: [UInt8] }

    let spans: [Span]
    /// The first day (day number) and the length in days of each kept sprint.
    let sprintStart: [Int], sprintLength: [Int]
    /// Per pair (`asset` NUL `team`), its packed days in each kept sprint that has a row for it (sprint index, days).
    let packed: [String: [(sprint: Int, packed: Packed)]]

    static func key(_ asset: some Collection<UInt8>, _ team: some Collection<UInt8>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(asset.count + team.count + 1)
        bytes.append(contentsOf: asset); bytes.append(0); bytes.append(contentsOf: team)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `bytes` as (day number, minute) pairs, nil when they are not as `keepFirstReads` writes them.
    static func unpack(_ bytes: [UInt8], start: Int, length: Int) -> [(day: Int, minute: Int)]? {
        guard bytes.count % 4 == 0 else { return nil }
        var result: [(day: Int, minute: Int)] = []
        result.reserveCapacity(bytes.count / 4)
        var previous = -1
        for i in stride(from: 0, to: bytes.count, by: 4) {
            let offset = Int(bytes[i]) << 8 | Int(bytes[i + 1]), minute = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            guard offset > previous, offset < length, minute < 1440 else { return nil }
            previous = offset
            result.append((start + offset, minute))
        }
        return result
    }
}

extension StoreContext {
    /// The packed first reads of the kept sprints overlapping `[from, to)`, and the runs of days between them.
    package func firstReadWindow(from: LocalDate, to: LocalDate) throws -> FirstReadWindow {
        let (low, high) = (from.dayNumber, to.dayNumber)
        var spans: [FirstReadWindow.Span] = [], starts: [Int] = [], lengths: [Int] = []
        var packed: [String: [(sprint: Int, packed: FirstReadWindow.Packed)]] = [:]
        var cursor = low
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT k.sprint_id, k.window_from, k.window_to FROM usage_summary_sprints k
            JOIN sprints s ON s.id = k.sprint_id AND s.start_date = k.window_from AND s.end_date = k.window_to
            WHERE k.first_reads = 1 AND k.window_from < ? AND k.window_to > ? ORDER BY k.window_from
            """), arguments: [to.description, from.description]) {
            // Only a window that is still its sprint's: the packed days count from the sprint's first day.
            guard let id: String = row[0], let start = (row[1] as String?).flatMap(LocalDate.init)?.dayNumber,
                  let end = (row[2] as String?).flatMap(LocalDate.init)?.dayNumber, start < end, end - start <= 1 << 16 else { continue }
            let (first, last) = (max(start, cursor), min(end, high))
            guard first < last else { continue }  // overlaps a sprint already taken (windows never overlap; a hand edit could)
            if cursor < first { spans.append(.init(from: cursor, to: first, sprint: nil)) }
            let index = starts.count
            starts.append(start); lengths.append(end - start)
            spans.append(.init(from: first, to: last, sprint: index))
            cursor = last
            try eachRawRow("SELECT asset_id, team_id, zone, days FROM usage_summary_first_reads WHERE sprint_id = ?", [id]) { row in
                guard let asset = row.bytes(0), let team = row.bytes(1) else { return }
                // Not a blob (a hand edit): no zone, so the pair's days of this sprint are read from the table.
                let days = row.blob(3).map { Array($0) }
                packed[FirstReadWindow.key(asset, team), default: []].append((index, .init(zone: days == nil ? nil : row.text(2), days: days ?? [])))
            }
        }
        if cursor < high { spans.append(.init(from: cursor, to: high, sprint: nil)) }
        return FirstReadWindow(spans: spans, sprintStart: starts, sprintLength: lengths, packed: packed)
    }

    /// What `firstReadDays(asset:team:from:to:)` gives for the window's days, from the packed rows where they can be
    /// read and from the first-read table elsewhere.
    package func firstReadDays(asset: AssetID, team: TeamID, in window: FirstReadWindow) throws -> (days: [Int], minutes: [Int], zone: String?) {
        var days: [Int] = [], minutes: [Int] = [], zone: String?
        let mine = window.packed[FirstReadWindow.key(asset.rawValue.utf8, team.rawValue.utf8)]
        for span in window.spans {
            if let sprint = span.sprint {
                // A kept sprint without a row for the pair: the pair read nothing in it.
                guard let packed = mine?.first(where: { $0.sprint == sprint })?.packed else { continue }
                if let z = packed.zone,
                   let reads = FirstReadWindow.unpack(packed.days, start: window.sprintStart[sprint], length: window.sprintLength[sprint]) {
                    for read in reads where read.day >= span.from && read.day < span.to {
                        days.append(read.day); minutes.append(read.minute); zone = z
                    }
                    continue
                }
            }
            let raw = try firstReadDays(asset: asset, team: team, from: LocalDate(dayNumber: span.from), to: LocalDate(dayNumber: span.to))
            days += raw.days; minutes += raw.minutes
            if let z = raw.zone { zone = z }
        }
        return (days, minutes, zone)
    }

    /// Packs the first reads of `sprints` (just kept by `keepTeamUsage`) in one pass over the first reads in key order.
    /// A pair whose days in a sprint were cut in several zones, or with a row the reader would refuse, gets a row
    /// without a zone: its days are then read from the first-read table, which names such a row.
    func keepFirstReads(of sprints: [Sprint]) throws {
        guard !sprints.isEmpty else { return }
        var windows: [(id: String, from: Int, to: Int)] = []
        // In day order; a sprint overlapping the one before (the schema's triggers refuse that, so only a hand edit that
        // dropped them could make one) is not marked as packed, and the reader reads its days from the table.
        for w in sprints.map({ (id: $0.id.rawValue, from: $0.start.dayNumber, to: $0.end.dayNumber) }).sorted(by: { $0.from < $1.from })
        where w.from < w.to && w.to - w.from <= 1 << 16 && w.from >= (windows.last?.to ?? .min) {
            windows.append(w)
        }
        for sprint in sprints { try db.execute(sql: "DELETE FROM usage_summary_first_reads WHERE sprint_id = ?", arguments: [sprint.id.rawValue]) }
        guard let low = windows.first?.from, let high = windows.map(\.to).max() else { return }
        let insert = try bulkInsert("INSERT OR REPLACE INTO usage_summary_first_reads (sprint_id, asset_id, team_id, zone, days) VALUES (?, ?, ?, ?, ?)")
        // The pair being read, and its days per window (a zone until a second one or a bad row turns it `mixed`).
        struct Pack { var zone: [UInt8]?; var mixed = false; var days: [UInt8] = []; var used = false }
        var asset: [UInt8] = [], team: [UInt8] = []
        var open = [Pack](repeating: Pack(), count: windows.count)
        var touched: [Int] = []
        func use(_ index: Int) {
            if !open[index].used { open[index].used = true; touched.append(index) }
        }
        func flush() throws {
            for index in touched.sorted() {
                insert.bind(1, windows[index].id)
                asset.withUnsafeBufferPointer { insert.bind(2, bytes: $0) }
                team.withUnsafeBufferPointer { insert.bind(3, bytes: $0) }
                if !open[index].mixed, let zone = open[index].zone { zone.withUnsafeBufferPointer { insert.bind(4, bytes: $0) } } else { insert.bindNull(4) }
                insert.bind(5, blob: open[index].days)
                try insert.step()
                open[index] = Pack()
            }
            touched.removeAll(keepingCapacity: true)
        }
        func window(of day: Int) -> Int? {
            var (lo, hi) = (0, windows.count)
            while lo < hi {
                let mid = (lo + hi) / 2
                if windows[mid].to <= day { lo = mid + 1 } else { hi = mid }
            }
            return lo < windows.count && windows[lo].from <= day ? lo : nil
        }
        // In key order (the primary key's: no sort), so each pair's rows come together.
        try eachRawRow("SELECT asset_id, team_id, day, first_minute, zone FROM usage_first_reads WHERE day >= ? AND day < ? ORDER BY asset_id, team_id, day",
                       [LocalDate(dayNumber: low).description, LocalDate(dayNumber: high).description]) { row in
            guard let a = row.bytes(0), let t = row.bytes(1), let dayBytes = row.bytes(2) else { return }
            if !asset.elementsEqual(a) || !team.elementsEqual(t) {
                try flush()
                asset = Array(a); team = Array(t)
            }
            guard let day = LocalDate(utf8: dayBytes)?.dayNumber else {
                // Not a day: which window it belongs to cannot be told, so the pair is read from the table everywhere
                // (where the reader names the row).
                for index in windows.indices { use(index); open[index].mixed = true }
                return
            }
            guard let index = window(of: day) else { return }
            use(index)
            guard let minute = row.integer(3), (0..<1440).contains(minute), let zone = row.bytes(4) else {
                open[index].mixed = true
                return
            }
            if let known = open[index].zone {
                if !known.elementsEqual(zone) { open[index].mixed = true }
            } else {
                open[index].zone = Array(zone)
            }
            let offset = day - windows[index].from
            open[index].days.append(UInt8(truncatingIfNeeded: offset >> 8))
            open[index].days.append(UInt8(truncatingIfNeeded: offset))
            open[index].days.append(UInt8(truncatingIfNeeded: minute >> 8))
            open[index].days.append(UInt8(truncatingIfNeeded: minute))
        }
        try flush()
        for window in windows {
            try db.execute(sql: "UPDATE usage_summary_sprints SET first_reads = 1 WHERE sprint_id = ?", arguments: [window.id])
        }
    }
}
