import Foundation

/// What an agreement measures (SPEC §1).
package enum Indicator: String, CaseIterable, Sendable, Codable {
    case freshness, availability, completeness, accuracy, latency
    case supportResponse = "support_response"
}

/// The left-hand side of an objective: what one observation is compared on.
package enum Metric: String, CaseIterable, Sendable {
    case deliveredBy = "delivered_by"
    case freshness
    case availability
    case completeness
    case accuracy
    case latencyP95 = "latency_p95"
    case supportResponse = "support_response"

    /// The indicator this metric measures.
    package var indicator: Indicator {
        switch self {
        case .deliveredBy, .freshness: return .freshness
        case .availability: return .availability
        case .completeness: return .completeness
        case .accuracy: return .accuracy
        case .latencyP95: return .latency
        case .supportResponse: return .supportResponse
        }
    }

    /// True when a smaller value is better (durations and delivery times), false when a larger one is.
    package var smallerIsBetter: Bool {
        switch self {
        case .deliveredBy, .freshness, .latencyP95, .supportResponse: return true
        case .availability, .completeness, .accuracy: return false
        }
    }
}

/// When one observation is good: a metric and its threshold (SPEC §1 "objective").
///
/// Thresholds are normalised: seconds for durations, minutes after local midnight for
/// `delivered_by`, a fraction 0…1 for availability, completeness and accuracy.
package struct Objective: Hashable, Sendable, CustomStringConvertible {
    package let metric: Metric
    package let threshold: Double

    package init(metric: Metric, threshold: Double) {
        self.metric = metric
        self.threshold = threshold
    }

    /// The indicator the objective measures.
    package var indicator: Indicator { metric.indicator }

    /// The canonical text, which parses back to the same objective: `delivered_by 09:00`, `freshness <= 2h`, `availability >= 99.5 %`.
    package var description: String {
        switch metric {
        case .deliveredBy: return "delivered_by " + Formatting.clockTime(minutes: Int(threshold))
        case .freshness, .latencyP95, .supportResponse:
            return "\(metric.rawValue) <= " + Formatting.duration(threshold)
        case .availability: return "availability >= " + Formatting.percent(threshold, maxDecimals: 3)
        case .completeness, .accuracy:
            return "\(metric.rawValue) >= " + Formatting.number(threshold, maxDecimals: 4)
        }
    }

    /// True when `other` asks for more than `self` (a stricter threshold), false when less, nil when they cannot be ordered.
    package func isStricter(than other: Objective) -> Bool? {
        guard metric == other.metric, threshold != other.threshold else { return nil }
        return metric.smallerIsBetter ? threshold < other.threshold : threshold > other.threshold
    }

    /// Parses an objective as written in a catalog or a `revise objective=…` command.
    package static func parse(_ text: String) -> Result<Objective, ObjectiveError> {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = words.first else { return .failure(.empty) }
        guard let metric = Metric(rawValue: first) else { return .failure(.unknownMetric(first)) }
        if metric == .deliveredBy {
            guard words.count == 2 else { return .failure(.malformed(text, expected: "delivered_by HH:MM")) }
            guard let minutes = ValueParser.clockTime(words[1]) else {
                return .failure(.badValue(words[1], expected: "a time of day HH:MM, e.g. 09:00"))
            }
            return .success(Objective(metric: .deliveredBy, threshold: Double(minutes)))
        }
        let expectedOperator = metric.smallerIsBetter ? "<=" : ">="
        guard words.count >= 3 else {
            return .failure(.malformed(text, expected: "\(metric.rawValue) \(expectedOperator) VALUE"))
        }
        guard words[1] == expectedOperator else {
            return .failure(.wrongOperator(metric: metric.rawValue, found: words[1], expected: expectedOperator))
        }
        let valueText = words[2...].joined(separator: " ")
        if metric.smallerIsBetter {
            guard let seconds = ValueParser.duration(valueText), seconds > 0 else {
                return .failure(.badValue(valueText, expected: "a duration such as 95m, 2h or 3s"))
            }
            return .success(Objective(metric: metric, threshold: seconds))
        }
        guard let fraction = ValueParser.fraction(valueText) else {
            return .failure(.badValue(valueText, expected: "a percentage such as 99.5% or a fraction such as 0.98"))
        }
        return .success(Objective(metric: metric, threshold: fraction))
    }
}

/// Why an objective did not parse.
package enum ObjectiveError: Error, Equatable, CustomStringConvertible {
    case empty
    case unknownMetric(String)
    case malformed(String, expected: String)
    case wrongOperator(metric: String, found: String, expected: String)
    case badValue(String, expected: String)

    package var description: String {
        switch self {
        case .empty:
            return "empty objective (expected e.g. 'freshness <= 2h' or 'delivered_by 09:00')"
        case .unknownMetric(let word):
            let known = Metric.allCases.map(\.rawValue).joined(separator: ", ")
            return "unknown objective '\(word)'" + Suggest.hint(for: word, among: Metric.allCases.map(\.rawValue), otherwise: " (expected one of: \(known))")
        case .malformed(let text, let expected):
            return "objective '\(text)' is malformed (expected '\(expected)')"
        case .wrongOperator(let metric, let found, let expected):
            return "\(metric) objectives use '\(expected)', not '\(found)'"
        case .badValue(let value, let expected):
            return "bad objective value '\(value)' (expected \(expected))"
        }
    }
}
