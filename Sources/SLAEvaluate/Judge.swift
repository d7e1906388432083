import Foundation
import SLAModel
import SLAStore

/// Decides whether one observation met its objective (judged by the revision in force when observed).
package final class Judge {
    private var deadlines: [String: (Double, Double)] = [:]
    private var zones: [String: TimeZone] = [:]

    package init() {}

    /// True when `measure`, observed at `observedAt`, meets `objective` judged in `timezone`.
    ///
    /// `delivered_by HH:MM`: the observation stands for the local day of `observedAt`; it is good when
    /// the delivery happened on that day no later than HH:MM local time (DST-correct).
    package func isGood(measure: Double?, observedAt: Double, objective: Objective, timezone: String) -> Bool {
        guard let measure else { return false }
        switch objective.metric {
        case .deliveredBy:
            let zone = zones[timezone] ?? { let z = TimeZones.named(timezone) ?? TimeZones.utc; zones[timezone] = z; return z }()
            let local = observedAt + Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: observedAt)))
            let (y, m, d) = Timestamp.civilFromDays(Int((local / 86_400).rounded(.down)))
            let day = LocalDate(year: y, month: m, day: d)
            let (dayStart, deadline) = window(day, minutes: Int(objective.threshold), zone: zone)
            return measure >= dayStart && measure <= deadline
        case .freshness, .latencyP95, .supportResponse:
            return measure <= objective.threshold
        case .availability, .completeness, .accuracy:
            return measure >= objective.threshold - 1e-12
        case .ratioAvailability, .ratioLatency, .ratioFreshness, .ratioCompleteness, .ratioAccuracy, .ratioSupportResponse:
            // An event-ratio observation is a share of good events; on its own it is good when no event was bad.
            return measure >= 1 - 1e-12
        }
    }

    /// Local midnight and HH:MM on `day` as epoch seconds, cached per zone and day.
    func window(_ day: LocalDate, minutes: Int, zone: TimeZone) -> (Double, Double) {
        let key = "\(zone.identifier) \(day) \(minutes)"
        if let cached = deadlines[key] { return cached }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: day.year, month: day.month, day: day.day, hour: minutes / 60, minute: minutes % 60)
        let start = day.start(in: zone)
        let value = (start.timeIntervalSince1970, (calendar.date(from: components) ?? start.addingTimeInterval(Double(minutes * 60))).timeIntervalSince1970)
        deadlines[key] = value
        return value
    }
}
