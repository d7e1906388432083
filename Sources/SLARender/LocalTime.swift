import Foundation
import SLAModel

/// Instants as a person in the sprint's (or agreement's) time zone reads them: `2026-11-17 09:05 JST`.
///
/// Tables show local time with the zone's abbreviation; JSON and CSV keep ISO-8601 UTC (`…Z`).
package enum LocalTime {
    /// `2026-11-17 09:05 JST` in the zone named (UTC when the name is unknown).
    package static func text(_ date: Date, zone name: String) -> String {
        let zone = TimeZones.named(name) ?? TimeZones.utc
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let stamp = String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
        return stamp + " " + abbreviation(zone, at: date)
    }

    /// `JST`, `CET`, `CEST`, `UTC`; `+0530` style when the zone has no letters for it.
    package static func abbreviation(_ zone: TimeZone, at date: Date) -> String {
        if zone.identifier == "UTC" || zone.identifier == "GMT" || zone.identifier == "Etc/UTC" { return "UTC" }
        if let letters = zone.abbreviation(for: date), !letters.hasPrefix("GMT"), !letters.hasPrefix("UTC"), !letters.isEmpty {
            return letters
        }
        let offset = zone.secondsFromGMT(for: date)
        if let fromFile = TZif.abbreviation(zone: zone.identifier, offset: offset, daylight: zone.isDaylightSavingTime(for: date)) {
            return fromFile
        }
        let sign = offset < 0 ? "-" : "+", minutes = abs(offset) / 60
        return minutes % 60 == 0 ? String(format: "%@%02d", sign, minutes / 60) : String(format: "%@%02d%02d", sign, minutes / 60, minutes % 60)
    }
}

/// The abbreviation from the system's tz database file (`/usr/share/zoneinfo/NAME`), where Foundation
/// on Linux only knows `GMT+9`: the local time type with this offset and daylight flag, the one the
/// latest transition uses when several do.
enum TZif {
    static func abbreviation(zone: String, offset: Int, daylight: Bool) -> String? {
        guard !zone.contains(".."), !zone.hasPrefix("/"),
              let data = FileManager.default.contents(atPath: "/usr/share/zoneinfo/" + zone) else { return nil }
        let bytes = [UInt8](data)
        func int32(_ at: Int) -> Int {
            Int(Int32(bitPattern: UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])))
        }
        func header(_ at: Int) -> (isut: Int, isstd: Int, leap: Int, time: Int, type: Int, char: Int)? {
            guard at + 44 <= bytes.count, bytes[at] == 0x54, bytes[at + 1] == 0x5A, bytes[at + 2] == 0x69, bytes[at + 3] == 0x66 else { return nil }
            return (int32(at + 20), int32(at + 24), int32(at + 28), int32(at + 32), int32(at + 36), int32(at + 40))
        }
        guard var h = header(0) else { return nil }
        var base = 44, timeSize = 4
        if bytes[4] >= 0x32 {
            // Version 2+: skip the 32-bit block; the 64-bit one follows with its own header.
            let second = 44 + h.time * 5 + h.type * 6 + h.char + h.leap * 8 + h.isstd + h.isut
            if let h2 = header(second) { h = h2; base = second + 44; timeSize = 8 }
        }
        let indices = base + h.time * timeSize, types = indices + h.time, chars = types + h.type * 6
        guard h.type > 0, chars + h.char <= bytes.count else { return nil }
        var lastUse = Array(repeating: -1, count: h.type)
        for i in 0..<h.time where Int(bytes[indices + i]) < h.type { lastUse[Int(bytes[indices + i])] = i }
        let matching = (0..<h.type).filter { t in
            int32(types + t * 6) == offset && (bytes[types + t * 6 + 4] != 0) == daylight
        }
        guard let type = matching.max(by: { lastUse[$0] < lastUse[$1] }) else { return nil }
        let start = chars + Int(bytes[types + type * 6 + 5])
        guard start < chars + h.char else { return nil }
        let end = bytes[start..<(chars + h.char)].firstIndex(of: 0) ?? (chars + h.char)
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        return text.isEmpty || text.hasPrefix("LMT") ? nil : text
    }
}
