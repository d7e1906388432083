import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger

/// The daily rollups and user-days of one usage import, on integer ids packed into 64-bit keys (day: days since
/// 1970, team -1 for none).
///
/// Nothing per distinct key is held in memory: each event's keys go to the store's spill (`UsageSpill`) as the file
/// streams, and `write` reads them back sorted, so a rollup's distinct users are the runs of equal users within its
/// run of equal keys, and the rows are written in key order.
struct UsageAggregator {
    let spill: UsageSpill

    static func pack(day: Int, asset: Int32, team: Int32) -> UInt64 {
        UInt64(truncatingIfNeeded: day) << 42 | (UInt64(UInt32(bitPattern: asset)) & 0x1F_FFFF) << 21 | (UInt64(UInt32(bitPattern: team + 1)) & 0x1F_FFFF)
    }

    /// The user-day key: day, team (+1) and user.
    static func packUserDay(day: Int, team: Int32, user: Int32) -> UInt64 {
        UInt64(truncatingIfNeeded: day) << 42 | (UInt64(UInt32(bitPattern: team + 1)) & 0x1F_FFFF) << 21 | (UInt64(UInt32(bitPattern: user)) & 0x1F_FFFF)
    }

    /// Counts one event: `kind` is 1 for query, 2 for view, 0 for export and api; `firstRead` is the first-read key
    /// and minute of the event (`FirstReadTracker.read`), nil when it gives none.
    func add(day: Int, asset: Int32, team: Int32, user: Int32, kind: Int, firstRead: (key: UInt64, minute: Int16)?) throws {
        let key = Self.pack(day: day, asset: asset, team: team)
        let userKind = Int64(truncatingIfNeeded: UInt32(bitPattern: user) & 0x1F_FFFF) << 2 | Int64(truncatingIfNeeded: kind & 3)
        try spill.add(rollup: Int64(bitPattern: key), userKind: userKind,
                      userDay: Int64(bitPattern: Self.packUserDay(day: day, team: team, user: user)),
                      firstRead: firstRead.map { Int64(bitPattern: FirstReadTracker.tableOrder($0.key)) }, minute: Int64(truncatingIfNeeded: firstRead?.minute ?? 0))
    }

    /// Adds the rollups to the store (a day seen in an earlier file keeps the larger distinct-user count) and the
    /// user-days; returns the number of days with rollups.
    func write(to ctx: StoreContext, names: UsageNames) throws -> Int {
        var dates: [Int: String] = [:]
        func date(_ key: UInt64) -> String {
            let day = Int(key >> 42)
            if let known = dates[day] { return known }
            if dates.count >= 4096 { dates.removeAll(keepingCapacity: true) }
            let (y, m, d) = Timestamp.civilFromDays(day)
            let text = LocalDate(year: y, month: m, day: d).description
            dates[day] = text
            return text
        }
        func team(_ key: UInt64, shift: UInt64) -> String {
            let t = Int((key >> shift) & 0x1F_FFFF) - 1
            return t < 0 ? "" : names.teamNames[t]
        }
        let userDay = try ctx.userDayInserter()
        var lastUserDay: Int64?
        try spill.eachUserDay { packed in
            guard packed != lastUserDay else { return }
            lastUserDay = packed
            let key = UInt64(bitPattern: packed)
            userDay.bind(1, date(key)); userDay.bind(2, team(key, shift: 21)); userDay.bind(3, names.users.key(Int(key & 0x1F_FFFF)))
            try userDay.step()
        }
        let rollup = try ctx.rollupMerger()
        var current: Int64?, lastUser: Int64 = -1
        var users: Int64 = 0, accesses: Int64 = 0, queries: Int64 = 0, views: Int64 = 0
        var days = 0, lastDay: UInt64?
        func flush() throws {
            guard let current else { return }
            let key = UInt64(bitPattern: current)
            if key >> 42 != lastDay { days += 1; lastDay = key >> 42 }
            rollup.bind(1, date(key)); rollup.bind(2, names.assetNames[Int((key >> 21) & 0x1F_FFFF)]); rollup.bind(3, team(key, shift: 0))
            rollup.bind(4, users); rollup.bind(5, accesses); rollup.bind(6, queries); rollup.bind(7, views)
            try rollup.step()
        }
        // Rows come ordered by key, then user: a key's run holds its events, a user's run within it one distinct user.
        try spill.eachRollupEvent { key, userKind in
            if key != current {
                try flush()
                current = key; lastUser = -1
                users = 0; accesses = 0; queries = 0; views = 0
            }
            accesses += 1
            let kind = userKind & 3
            if kind == 1 { queries += 1 } else if kind == 2 { views += 1 }
            if userKind >> 2 != lastUser { users += 1; lastUser = userKind >> 2 }
        }
        try flush()
        return days
    }
}
