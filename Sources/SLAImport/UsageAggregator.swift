import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger

/// The daily rollups, user-days and first reads of one usage import, on integer ids packed into 64-bit keys (day:
/// days since 1970, team -1 for none).
///
/// Nothing per distinct key is held in memory: each event's keys go to the store's spill (`UsageSpill`) as the file
/// streams, and `write` has SQLite group them (a rollup's distinct users, a first read's earliest minute) and merge
/// them with what earlier files stored. Only the days met are kept here, to name them.
struct UsageAggregator {
    let spill: UsageSpill
    /// The days of the rollups, and every day number in a key (first reads are cut in local days), by number.
    private(set) var rollupDays: Set<UInt64> = [], days: Set<UInt64> = []

    init(spill: UsageSpill) { self.spill = spill }

    /// The date of each day number, as `UsageSpill.merge` takes them.
    static func dates(of days: some Sequence<Int>) -> [Int64: String] {
        var dates: [Int64: String] = [:]
        for day in days { dates[Int64(day)] = LocalDate(dayNumber: day).description }
        return dates
    }

    static func pack(day: Int, asset: Int32, team: Int32) -> UInt64 {
        UInt64(truncatingIfNeeded: day) << 42 | (UInt64(UInt32(bitPattern: asset)) & 0x1F_FFFF) << 21 | (UInt64(UInt32(bitPattern: team + 1)) & 0x1F_FFFF)
    }

    /// The user-day key: day, team + 1 and user.
    static func packUserDay(day: Int, team: Int32, user: Int32) -> UInt64 {
        UInt64(truncatingIfNeeded: day) << 42 | (UInt64(UInt32(bitPattern: team + 1)) & 0x1F_FFFF) << 21 | (UInt64(UInt32(bitPattern: user)) & 0x1F_FFFF)
    }

    /// Counts one event: `kind` is 1 for query, 2 for view, 0 for export and api; `firstRead` is the first-read key
    /// and minute of the event (`FirstReadTracker.read`), nil when it gives none.
    mutating func add(day: Int, asset: Int32, team: Int32, user: Int32, kind: Int, firstRead: (key: UInt64, minute: Int16)?) throws {
        let key = Self.pack(day: day, asset: asset, team: team)
        if rollupDays.insert(key >> 42).inserted { days.insert(key >> 42) }
        if let firstRead { days.insert(firstRead.key >> 42) }
        let userKind = Int64(truncatingIfNeeded: UInt32(bitPattern: user) & 0x1F_FFFF) << 2 | Int64(truncatingIfNeeded: kind & 3)
        try spill.add(rollup: Int64(bitPattern: key), userKind: userKind,
                      userDay: Int64(bitPattern: Self.packUserDay(day: day, team: team, user: user)),
                      firstRead: firstRead.map { Int64(bitPattern: FirstReadTracker.tableOrder($0.key)) },
                      minute: Int64(truncatingIfNeeded: firstRead?.minute ?? 0))
    }

    /// Adds the rollups to the store (a day seen in an earlier file keeps the larger distinct-user count), the
    /// user-days and the first reads (an earlier minute already stored is kept); returns the number of days with rollups.
    func write(to ctx: StoreContext, names: UsageNames, zones: [String]) throws -> Int {
        try spill.merge(days: Self.dates(of: days.map { Int(truncatingIfNeeded: $0) }), assets: names.assetNames, zones: zones, teams: names.teamNames, users: names.users.count,
                        user: { names.users.key($0) })
        return rollupDays.count
    }
}
