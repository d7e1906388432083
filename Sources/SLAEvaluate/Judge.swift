import Foundation
import SLAModel
import SLAStore

/// Decides whether one observation met its objective (judged by the revision in force when observed).
package final class Judge {
    /// Local midnight and deadline per (zone, day, minutes), keyed by `zoneIndex << 44 | day << 12 | minutes`.
    private var deadlines: [Int64: (Double, Double)] = [:]
    /// Zones by identifier, with a small index for the deadline keys.
    private var zones: [String: (zone: TimeZone, index: Int64)] = [:]

    package init() {}

    /// True when `measure`, observed at `observedAt`, meets `objective` judged in `timezone`.
    ///
    /// `delivered_by HH:MM`: the observation stands for the local day of `observedAt`; it is good when
    /// the delivery happened on that day no later than HH:MM local time (DST-correct).
    package func isGood(measure: Double?, observedAt: Double, objective: Objective, timezone: String) -> Bool {
        guard let measure else { return false }
        switch objective.metric {
        case .deliveredBy:
            let (zone, index) = zones[timezone] ?? {
                let entry = (TimeZones.named(timezone) ?? TimeZones.utc, Int64(zones.count))
                zones[timezone] = entry
                return entry
            }()
            let local = observedAt + Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: observedAt)))
            let dayNumber = Int((local / 86_400).rounded(.down))
            let minutes = Int(objective.threshold)
            let key = index << 44 | Int64(dayNumber & 0xFFFF_FFFF) << 12 | Int64(minutes & 0xFFF)
            let bounds: (Double, Double)
            if let cached = deadlines[key] { bounds = cached } else {
                let (y, m, d) = Timestamp.civilFromDays(dayNumber)
                bounds = window(LocalDate(year: y, month: m, day: d), minutes: minutes, zone: zone)
                deadlines[key] = bounds
            }
            return measure >= bounds.0 && measure <= bounds.1
        case .freshness, .latencyP95, .supportResponse:
            return measure <= objective.threshold
        case .availability, .completeness, .accuracy:
            return measure >= objective.threshold - 1e-12
        case .ratioAvailability, .ratioLatency, .ratioFreshness, .ratioCompleteness, .ratioAccuracy, .ratioSupportResponse:
            // An event-ratio observation is a share of good events; on its own it is good when no event was bad.
            return measure >= 1 - 1e-12
        }
    }

    /// Local midnight and HH:MM on `day` as epoch seconds.
    func window(_ day: LocalDate, minutes: Int, zone: TimeZone) -> (Double, Double) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: day.year, month: day.month, day: day.day, hour: minutes / 60, minute: minutes % 60)
        let start = day.start(in: zone)
        return (start.timeIntervalSince1970, (calendar.date(from: components) ?? start.addingTimeInterval(Double(minutes * 60))).timeIntervalSince1970)
    }
}
