import Foundation
import SLAModel
import SLAStore

/// Cuts reads into the local days of their asset's zone, so that the first read of each local day per asset and team
/// can be kept while a usage file streams (the import's spill keeps the earliest) and a reading profile never has to
/// scan raw events.
///
/// Days are cut in the time zone of the asset's agreements (`StoreContext.assetZones`); an asset without an
/// agreement is cut in `fallback` (the zone of the latest sprint, else UTC). The minute kept is the wall-clock
/// minute after local midnight, which is what a `delivered_by HH:MM` promise is compared with, DST included.
struct FirstReadTracker {
    private let zoneOfAsset: [Int32]
    private let zones: [TimeZone]
    private let zoneNames: [String]
    /// UTC offset in seconds per zone and epoch hour (offsets change on the hour).
    private var offsets: [UInt64: Int32] = [:]

    /// `assets` are the import's asset ids in index order.
    init(assets: [String], zones byAsset: [AssetID: String], fallback: String) {
        var names = [fallback]
        var index = [fallback: Int32(0)]
        zoneOfAsset = assets.map { id in
            guard let name = byAsset[AssetID(id)], TimeZones.named(name) != nil else { return 0 }
            if let known = index[name] { return known }
            index[name] = Int32(names.count)
            names.append(name)
            return Int32(names.count - 1)
        }
        zoneNames = names
        zones = names.map { TimeZones.named($0) ?? TimeZones.utc }
    }

    /// The packed (local day, asset, team) key and the wall-clock minute of a read at `seconds` since 1970 (UTC) of
    /// asset `asset` by team `team`; nil when it is not kept (no team, or an asset outside the list).
    mutating func read(seconds: Int64, asset: Int32, team: Int32) -> (key: UInt64, minute: Int16)? {
        guard team >= 0, asset >= 0, Int(asset) < zoneOfAsset.count else { return nil }
        let zone = zoneOfAsset[Int(asset)]
        let hour = seconds >= 0 ? seconds / 3600 : (seconds - 3599) / 3600
        let offsetKey = UInt64(UInt32(bitPattern: zone)) << 40 | UInt64(bitPattern: hour) & 0xFF_FFFF_FFFF
        let offset: Int32
        if let known = offsets[offsetKey] { offset = known } else {
            offset = Int32(zones[Int(zone)].secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(hour * 3600))))
            // A cache of the hours met: bounded, so a file spanning many years does not grow it without end.
            if offsets.count >= 1 << 16 { offsets.removeAll(keepingCapacity: true) }
            offsets[offsetKey] = offset
        }
        let local = seconds + Int64(offset)
        let day = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let minute = Int16((local - day * 86_400) / 60)
        return (UsageAggregator.pack(day: Int(day), asset: asset, team: team), minute)
    }

    /// The zone each asset's first reads are cut in, by asset index.
    var assetZones: [String] { zoneOfAsset.map { zoneNames[Int(truncatingIfNeeded: $0)] } }

    /// A packed (day, asset, team) key rearranged as (asset, team, day), the order of `usage_first_reads`' primary key
    /// (asset and team indices follow their ids' order), so that sorted first reads are written one after the other
    /// instead of all over the table (the day keeps the 22 bits `pack` keeps).
    static func tableOrder(_ key: UInt64) -> UInt64 {
        (key >> 21 & 0x1F_FFFF) << 43 | (key & 0x1F_FFFF) << 22 | key >> 42
    }
}
