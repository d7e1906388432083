import Foundation

/// The daily rollups and user-days of one usage import, kept on interned integer ids so the hot loop hashes
/// four integers per event instead of strings.
struct UsageAggregator {
    struct DayAssetTeam: Hashable { let day: Int32; let asset: Int32; let team: Int32 }
    struct DayAssetTeamUser: Hashable { let day: Int32; let asset: Int32; let team: Int32; let user: Int32 }
    struct DayTeamUser: Hashable { let day: Int32; let team: Int32; let user: Int32 }
    struct Totals { var users = 0, accesses = 0, queries = 0, views = 0 }

    private(set) var assetNames: [String] = []
    private(set) var teamNames: [String] = []
    private(set) var userNames: [String] = []
    private var assetIDs: [String: Int32] = [:]
    private var teamIDs: [String: Int32] = [:]
    private var userIDs: [String: Int32] = [:]
    private(set) var totals: [DayAssetTeam: Totals] = [:]
    private var seen: Set<DayAssetTeamUser> = []
    private(set) var userDays: Set<DayTeamUser> = []

    static func intern(_ name: String, _ ids: inout [String: Int32], _ names: inout [String]) -> Int32 {
        if let id = ids[name] { return id }
        let id = Int32(names.count)
        ids[name] = id
        names.append(name)
        return id
    }

    /// Counts one event: `action` is 1 for query, 2 for view, 0 for the others.
    mutating func add(day: Int, asset: String, team: String, user: String, kind: Int) {
        let a = Self.intern(asset, &assetIDs, &assetNames), t = Self.intern(team, &teamIDs, &teamNames)
        let u = Self.intern(user, &userIDs, &userNames), d = Int32(truncatingIfNeeded: day)
        let key = DayAssetTeam(day: d, asset: a, team: t)
        let firstOfUser = seen.insert(DayAssetTeamUser(day: d, asset: a, team: t, user: u)).inserted
        totals[key, default: Totals()].accesses += 1
        if firstOfUser { totals[key, default: Totals()].users += 1 }
        if kind == 1 { totals[key, default: Totals()].queries += 1 } else if kind == 2 { totals[key, default: Totals()].views += 1 }
        userDays.insert(DayTeamUser(day: d, team: t, user: u))
    }

    /// Adds the rollups to the store (a day seen in an earlier file keeps the larger distinct-user count) and the user-days.
    func write(to ctx: StoreContext) throws -> Int {
        var dates: [Int32: String] = [:]
        func date(_ day: Int32) -> String {
            if let known = dates[day] { return known }
            let (y, m, d) = Timestamp.civilFromDays(Int(day))
            let text = LocalDate(year: y, month: m, day: d).description
            dates[day] = text
            return text
        }
        let userDay = try ctx.bulkInsert("INSERT OR IGNORE INTO usage_user_days (date, team_id, user) VALUES (?, ?, ?)")
        for key in userDays {
            userDay.bind(1, date(key.day)); userDay.bind(2, teamNames[Int(key.team)]); userDay.bind(3, userNames[Int(key.user)])
            try userDay.step()
        }
        let rollup = try ctx.bulkInsert("""
            INSERT INTO usage_rollups (date, asset_id, team_id, users, accesses, queries, views) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(date, asset_id, team_id) DO UPDATE SET users = max(users, excluded.users), accesses = accesses + excluded.accesses,
                queries = queries + excluded.queries, views = views + excluded.views
            """)
        for (key, t) in totals {
            rollup.bind(1, date(key.day)); rollup.bind(2, assetNames[Int(key.asset)]); rollup.bind(3, teamNames[Int(key.team)])
            rollup.bind(4, Int64(t.users)); rollup.bind(5, Int64(t.accesses)); rollup.bind(6, Int64(t.queries)); rollup.bind(7, Int64(t.views))
            try rollup.step()
        }
        return Set(totals.keys.map(\.day)).count
    }
}
