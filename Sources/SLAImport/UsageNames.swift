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
