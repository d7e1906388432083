import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger

/// The daily rollups and user-days of one usage import, on integer ids packed into 64-bit keys so the hot
/// loop hashes a couple of integers per event (day: days since 1970, team -1 for none).
struct UsageAggregator {
    struct SeenKey: Hashable { let dayAssetTeam: UInt64; let user: Int32 }
    private(set) var index: [UInt64: Int] = [:]
    private(set) var keys: [UInt64] = []
    private(set) var users: [Int32] = [], accesses: [Int32] = [], queries: [Int32] = [], views: [Int32] = []
    private var seen: Set<SeenKey> = []
    private(set) var userDays: Set<UInt64> = []

    static func pack(day: Int, asset: Int32, team: Int32) -> UInt64 {
        UInt64(truncatingIfNeeded: day) << 42 | (UInt64(UInt32(bitPattern: asset)) & 0x1F_FFFF) << 21 | (UInt64(UInt32(bitPattern: team + 1)) & 0x1F_FFFF)
    }

    /// Counts one event: `kind` is 1 for query, 2 for view, 0 for export and api.
    mutating func add(day: Int, asset: Int32, team: Int32, user: Int32, kind: Int) {
        let key = Self.pack(day: day, asset: asset, team: team)
        let slot: Int
        if let known = index[key] { slot = known } else {
            slot = keys.count
            index[key] = slot
            keys.append(key); users.append(0); accesses.append(0); queries.append(0); views.append(0)
        }
        accesses[slot] += 1
        if kind == 1 { queries[slot] += 1 } else if kind == 2 { views[slot] += 1 }
        if seen.insert(SeenKey(dayAssetTeam: key, user: user)).inserted { users[slot] += 1 }
        userDays.insert(UInt64(truncatingIfNeeded: day) << 42 | (UInt64(UInt32(bitPattern: team + 1)) & 0x1F_FFFF) << 21 | (UInt64(UInt32(bitPattern: user)) & 0x1F_FFFF))
    }

    /// Adds the rollups to the store (a day seen in an earlier file keeps the larger distinct-user count) and the user-days.
    func write(to ctx: StoreContext, names: UsageNames) throws -> Int {
        var dates: [Int: String] = [:]
        func date(_ key: UInt64) -> String {
            let day = Int(key >> 42)
            if let known = dates[day] { return known }
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
        for key in userDays {
            userDay.bind(1, date(key)); userDay.bind(2, team(key, shift: 21)); userDay.bind(3, names.users.key(Int(key & 0x1F_FFFF)))
            try userDay.step()
        }
        let rollup = try ctx.rollupMerger()
        for (slot, key) in keys.enumerated() {
            rollup.bind(1, date(key)); rollup.bind(2, names.assetNames[Int((key >> 21) & 0x1F_FFFF)]); rollup.bind(3, team(key, shift: 0))
            rollup.bind(4, Int64(users[slot])); rollup.bind(5, Int64(accesses[slot])); rollup.bind(6, Int64(queries[slot])); rollup.bind(7, Int64(views[slot]))
            try rollup.step()
        }
        return Set(keys.map { $0 >> 42 }).count
    }
}

