import Foundation

/// How an observation's `value` is read, by the objective's metric.
package enum ObservationValue {
    /// The normalised measure: epoch seconds of delivery for `delivered_by` (nil: not delivered),
    /// seconds for durations, a fraction for availability, completeness and accuracy.
    package static func parse(_ text: String, metric: Metric) -> Result<Double?, ObservationValueError> {
        let value = text.first == " " || text.last == " " ? text.trimmingCharacters(in: .whitespaces) : text
        switch metric {
        case .deliveredBy:
            if ["", "missing", "none", "not delivered"].contains(value.lowercased()) { return .success(nil) }
            guard let epoch = Timestamp.parse(value) else {
                return .failure(.init(value: value, expected: "a delivery time with its zone such as 2026-10-26T08:47:00+01:00, or 'missing'"))
            }
            return .success(epoch)
        case .freshness, .latencyP95, .supportResponse:
            guard let seconds = ValueParser.duration(value) else {
                return .failure(.init(value: value, expected: "a duration such as 95m, 2h, 850ms or a number of seconds"))
            }
            return .success(seconds)
        case .availability, .completeness, .accuracy:
            guard let fraction = ValueParser.fraction(value) else {
                return .failure(.init(value: value, expected: "a fraction from 0 to 1 or a percentage such as 99.7%"))
            }
            return .success(fraction)
        case .ratioAvailability, .ratioLatency, .ratioFreshness, .ratioCompleteness, .ratioAccuracy, .ratioSupportResponse:
            guard let counts = EventCounts.parse(value) else { return .failure(.init(value: value, expected: EventCounts.expected)) }
            return .success(counts.ratio ?? 1)
        }
    }
}

/// A value that does not fit its agreement's objective.
package struct ObservationValueError: Error, Equatable {
    package let value: String
    package let expected: String
}
