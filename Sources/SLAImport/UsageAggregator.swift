import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger

/// The names a usage import matches, as byte tables: asset ids and aliases → asset, team ids → team,
/// users → their team (from `members:` and `--team-map`, or -1). Users seen in the file are added as met.
struct UsageNames {
    var assets = ByteTable()
    var assetNames: [String] = []
    var teams = ByteTable()
    var teamNames: [String] = []
    var users = ByteTable(capacity: 4096)
    /// The UTF-8 of each asset and team id in memory that does not move, to bind without copying.
    let assetBytes: StableStrings
    let teamBytes: StableStrings

    init(assets ids: [String], aliases: [String: String], teams teamIDs: [String], members: [String: String]) {
        for (i, id) in ids.enumerated() { assets.insert(id, value: Int32(i)); assetNames.append(id) }
        let index = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($0.element, Int32($0.offset)) })
        for (alias, id) in aliases.sorted(by: { $0.key < $1.key }) { if let i = index[id] { assets.insert(alias, value: i) } }
        for (i, id) in teamIDs.enumerated() { teams.insert(id, value: Int32(i)); teamNames.append(id) }
        let teamIndex = Dictionary(uniqueKeysWithValues: teamIDs.enumerated().map { ($0.element, Int32($0.offset)) })
        for (user, team) in members.sorted(by: { $0.key < $1.key }) { users.insert(user, value: teamIndex[team] ?? -1) }
        assetBytes = StableStrings(ids)
        teamBytes = StableStrings(teamIDs)
    }

    /// The asset index of a name (id or alias), or nil.
    func asset(_ name: UnsafeBufferPointer<UInt8>) -> Int32? { assets.find(name).map { assets.value($0) } }

    /// The team index of a team id given in the row, or nil.
    func team(_ name: UnsafeBufferPointer<UInt8>) -> Int32? { name.isEmpty ? nil : teams.find(name).map { teams.value($0) } }

    /// The user's index and the team the catalog or team map gives them (-1: none), adding the user when new.
    mutating func user(_ name: UnsafeBufferPointer<UInt8>) -> (index: Int32, team: Int32) {
        if let e = users.find(name) { return (Int32(e), users.value(e)) }
        return (Int32(users.insert(name, value: -1)), -1)
    }
}

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

/// Strings copied once into memory that stays put until released, so SQLite can bind them without a copy per row.
final class StableStrings {
    private let buffers: [UnsafeMutableBufferPointer<UInt8>]

    init(_ strings: [String]) {
        buffers = strings.map { text in
            let bytes = Array(text.utf8)
            let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, bytes.count))
            _ = buffer.initialize(from: bytes)
            return UnsafeMutableBufferPointer(rebasing: buffer[0..<bytes.count])
        }
    }

    deinit { for buffer in buffers { buffer.baseAddress.map { UnsafeMutablePointer($0).deallocate() } } }

    subscript(i: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(buffers[i]) }
}
