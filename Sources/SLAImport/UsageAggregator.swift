import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger

/// The daily rollups, user-days and first reads of one usage import, on integer ids packed into 64-bit keys (day:
/// days since 1970, team -1 for none).
///
/// Events are added up in memory while the distinct keys met stay within `budget` (a small organisation's file,
/// however long, repeats the same few assets, people and days). Past it, each event's keys go to the store's spill
/// (`UsageSpill`) and `write` has SQLite group them (a rollup's distinct users, a first read's earliest minute) on
/// disk: the memory is the same at one million events and four, whatever their shape. The first `bufferLimit`
/// events' keys are also kept as they came, so a file that reaches the budget within them (a large organisation,
/// where nearly every event brings new keys) spills them as events, with nothing added up written beside them;
/// one that reaches it later spills what was added up, far fewer rows than its events. Either way, SQLite merges
/// the result with what earlier files stored.
struct UsageAggregator {
    /// A day's accesses of one asset by one team, added up.
    struct Counts { var users = 0, accesses = 0, queries = 0, views = 0 }
    /// A rollup key and one user of it.
    struct Reader: Hashable { let rollup: UInt64; let user: Int32 }

    let spill: UsageSpill
    /// The distinct keys held in memory (rollups, their readers, user-days, first reads) before spilling.
    let budget: Int
    /// 524,288 keys: about 30 MiB of hash tables at most.
    static let defaultBudget = 1 << 19
    /// The days of the rollups, and every day number in a key (first reads are cut in local days), by number.
    private(set) var rollupDays: Set<UInt64> = [], days: Set<UInt64> = []
    private var rollups: [UInt64: Counts] = [:]
    private var readers: Set<Reader> = []
    private var userDays: Set<UInt64> = []
    /// Earliest minute per first-read key, in the order of `usage_first_reads` (`FirstReadTracker.tableOrder`).
    private var firstReads: [UInt64: Int16] = [:]
    /// True once the budget was reached: every event's keys then go to the spill.
    private var spilling = false
    /// One event's keys as the spill takes them.
    struct Keys { let rollup: Int64, userKind: Int64, userDay: Int64, firstRead: Int64?, minute: Int64 }
    /// The first events' keys (empty once more than `bufferLimit` came without reaching the budget).
    private var buffered: [Keys] = []
    private var buffering = true
    /// Half the budget in events (262,144 events, 10 MiB, by default).
    let bufferLimit: Int
    /// After this many events, a file that has brought more than two keys per event spills at once (a large
    /// organisation's, where nearly every event is a new rollup, reader and first read, reaches it here).
    static let probe = 16_384

    init(spill: UsageSpill, budget: Int = defaultBudget) {
        self.spill = spill
        self.budget = budget
        bufferLimit = budget / 2
    }

    /// The date of each day number, as `UsageSpill.merge` takes them.
    static func dates(of days: some Sequence<Int>) -> [Int64: String] {
        var dates: [Int64: String] = [:]
        // A key holds 22 bits of day: days before 1970 are kept as their low 22 bits (the keys' `>> 42 & 0x3FFFFF`).
        for day in days {
            let bits = day & 0x3F_FFFF
            dates[Int64(bits)] = LocalDate(dayNumber: bits < (1 << 21) ? bits : bits - (1 << 22)).description
        }
        return dates
    }

    /// The days a key can hold (years -3772 to 7711).
    static let dayRange = -(1 << 21) ..< (1 << 21)

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
        let userDay = Self.packUserDay(day: day, team: team, user: user)
        let readKey = firstRead.map { FirstReadTracker.tableOrder($0.key) }
        let keys = Keys(rollup: Int64(bitPattern: key),
                        userKind: Self.userBits(user) << 2 | Int64(truncatingIfNeeded: kind & 3),
                        userDay: Int64(bitPattern: userDay), firstRead: readKey.map { Int64(bitPattern: $0) },
                        minute: Int64(truncatingIfNeeded: firstRead?.minute ?? 0))
        if spilling { return try spill(keys) }
        if buffering {
            if buffered.count < bufferLimit { buffered.append(keys) } else { buffering = false; buffered = [] }
        }
        var counts = rollups[key] ?? Counts()
        counts.accesses += 1
        if kind == 1 { counts.queries += 1 } else if kind == 2 { counts.views += 1 }
        if readers.insert(Reader(rollup: key, user: user)).inserted { counts.users += 1 }
        rollups[key] = counts
        userDays.insert(userDay)
        if let readKey, let minute = firstRead?.minute, firstReads[readKey].map({ minute < $0 }) ?? true { firstReads[readKey] = minute }
        let held = rollups.count + readers.count + userDays.count + firstReads.count
        // A file whose first events bring more than two new keys each will not fit: spill at once.
        if held > budget || (buffering && buffered.count == Self.probe && held > 2 * Self.probe) {
            if buffering {
                for keys in buffered { try spill(keys) }
                buffered = []
                dropHeld()
            } else {
                try flush()
            }
            spilling = true
        }
    }

    private func spill(_ keys: Keys) throws {
        try spill.add(rollup: keys.rollup, userKind: keys.userKind, userDay: keys.userDay, firstRead: keys.firstRead, minute: keys.minute)
    }

    /// Moves what is held in memory to the spill, as added-up rows that the grouping adds to the events' rows.
    private mutating func flush() throws {
        for (key, counts) in rollups {
            try spill.addCounts(rollup: Int64(bitPattern: key), accesses: counts.accesses, queries: counts.queries, views: counts.views)
        }
        for reader in readers {
            try spill.addReader(rollup: Int64(bitPattern: reader.rollup), user: Self.userBits(reader.user))
        }
        for userDay in userDays { try spill.addUserDay(Int64(bitPattern: userDay)) }
        for (key, minute) in firstReads { try spill.addFirstRead(Int64(bitPattern: key), minute: Int64(truncatingIfNeeded: minute)) }
        dropHeld()
    }

    private mutating func dropHeld() {
        rollups = [:]; readers = []; userDays = []; firstReads = [:]
    }

    /// A user index as the spill's keys hold it (21 bits).
    static func userBits(_ user: Int32) -> Int64 { Int64(truncatingIfNeeded: UInt32(bitPattern: user) & 0x1F_FFFF) }

    /// Adds the rollups to the store (a day seen in an earlier file keeps the larger distinct-user count), the
    /// user-days and the first reads (an earlier minute already stored is kept); returns the number of days with rollups.
    mutating func write(to ctx: StoreContext, names: UsageNames, zones: [String]) throws -> Int {
        if !spilling { try flush() }
        try spill.merge(days: Self.dates(of: days.map { Int(truncatingIfNeeded: $0) }), assets: names.assetNames, zones: zones,
                        teams: names.teamNames, users: names.users.count, user: { names.users.key($0) })
        return rollupDays.count
    }
}
