import Foundation

/// What an agreement measures.
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
    /// Event-ratio metrics: each observation carries counts of good and total events over an interval,
    /// and the agreement is judged on Σgood / Σtotal over its window (OpenSLO `Occurrences`, Sloth, Pyrra).
    case ratioAvailability = "ratio_availability"
    case ratioLatency = "ratio_latency"
    case ratioFreshness = "ratio_freshness"
    case ratioCompleteness = "ratio_completeness"
    case ratioAccuracy = "ratio_accuracy"
    case ratioSupportResponse = "ratio_support_response"

    /// The time-slice metrics, each judged one observation at a time.
    package static let timeSlice: [Metric] = [.deliveredBy, .freshness, .availability, .completeness, .accuracy, .latencyP95, .supportResponse]

    /// The event-ratio metric of an indicator.
    package static func ratio(_ indicator: Indicator) -> Metric {
        switch indicator {
        case .availability: return .ratioAvailability
        case .latency: return .ratioLatency
        case .freshness: return .ratioFreshness
        case .completeness: return .ratioCompleteness
        case .accuracy: return .ratioAccuracy
        case .supportResponse: return .ratioSupportResponse
        }
    }

    /// The indicator this metric measures.
    package var indicator: Indicator {
        switch self {
        case .deliveredBy, .freshness, .ratioFreshness: return .freshness
        case .availability, .ratioAvailability: return .availability
        case .completeness, .ratioCompleteness: return .completeness
        case .accuracy, .ratioAccuracy: return .accuracy
        case .latencyP95, .ratioLatency: return .latency
        case .supportResponse, .ratioSupportResponse: return .supportResponse
        }
    }

    /// True when observations carry good and total event counts rather than one value to judge.
    package var isEventRatio: Bool { rawValue.hasPrefix("ratio_") }

    /// True for an event-ratio metric whose good event is "at most a duration" (the threshold is optional: 0 when the source does not say).
    package var takesDuration: Bool {
        switch self {
        case .ratioLatency, .ratioFreshness, .ratioSupportResponse: return true
        default: return false
        }
    }

    /// True when a smaller value is better (durations and delivery times), false when a larger one is.
    package var smallerIsBetter: Bool {
        switch self {
        case .deliveredBy, .freshness, .latencyP95, .supportResponse: return true
        case .ratioLatency, .ratioFreshness, .ratioSupportResponse: return true
        case .availability, .completeness, .accuracy: return false
        case .ratioAvailability, .ratioCompleteness, .ratioAccuracy: return false
        }
    }
}

/// When one observation is good: a metric and its threshold.
///
/// Thresholds are normalised: seconds for durations, minutes after local midnight for
/// `delivered_by`, a fraction 0…1 for availability, completeness and accuracy.
///
/// Event-ratio objectives (`ratio availability`, `ratio latency <= 400ms`) say what one *event* must
/// meet; the threshold is the per-event duration limit (0 when the source states none), and the
/// agreement's target is the share of good events over its window.
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
        if metric.isEventRatio {
            let name = "ratio " + metric.indicator.rawValue
            return metric.takesDuration && threshold > 0 ? name + " <= " + Formatting.duration(threshold) : name
        }
        switch metric {
        case .deliveredBy: return "delivered_by " + Formatting.clockTime(minutes: Int(threshold))
        case .freshness, .latencyP95, .supportResponse:
            return "\(metric.rawValue) <= " + Formatting.duration(threshold)
        case .availability: return "availability >= " + Formatting.percent(threshold, maxDecimals: 3)
        case .completeness, .accuracy:
            return "\(metric.rawValue) >= " + Formatting.number(threshold, maxDecimals: 4)
        default: return metric.rawValue
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
        if first == "ratio" { return parseRatio(text, words: words) }
        guard let metric = Metric(rawValue: first), !metric.isEventRatio else { return .failure(.unknownMetric(first)) }
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

extension Objective {
    /// `ratio INDICATOR` or, for latency, freshness and support response, `ratio INDICATOR <= DURATION`.
    static func parseRatio(_ text: String, words: [String]) -> Result<Objective, ObjectiveError> {
        let expected = "ratio INDICATOR, e.g. 'ratio availability' or 'ratio latency <= 400ms'"
        guard words.count >= 2 else { return .failure(.malformed(text, expected: expected)) }
        guard let indicator = Indicator(rawValue: words[1]) else {
            if words[1].hasPrefix(">") || words[1].hasPrefix("<") {
                return .failure(.malformed(text, expected: expected + "; the share of good events is the target, e.g. target: 99.9%"))
            }
            let known = Indicator.allCases.map(\.rawValue)
            return .failure(.badValue(words[1], expected: "an indicator: " + known.joined(separator: ", ")))
        }
        let metric = Metric.ratio(indicator)
        if words.count == 2 { return .success(Objective(metric: metric, threshold: 0)) }
        guard metric.takesDuration else {
            return .failure(.malformed(text, expected: "ratio \(indicator.rawValue) (a good event is counted by the source; no threshold)"))
        }
        guard words[2] == "<=", words.count >= 4 else {
            return .failure(.malformed(text, expected: "ratio \(indicator.rawValue) <= DURATION"))
        }
        let valueText = words[3...].joined(separator: " ")
        guard let seconds = ValueParser.duration(valueText), seconds > 0, seconds.isFinite else {
            return .failure(.badValue(valueText, expected: "a duration with its unit such as 400ms, 1s or 2h"))
        }
        return .success(Objective(metric: metric, threshold: seconds))
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
            let known = Metric.timeSlice.map(\.rawValue).joined(separator: ", ")
            return "unknown objective '\(word)'" + Suggest.hint(for: word, among: Metric.timeSlice.map(\.rawValue), otherwise: " (expected one of: \(known))")
        case .malformed(let text, let expected):
            return "objective '\(text)' is malformed (expected '\(expected)')"
        case .wrongOperator(let metric, let found, let expected):
            return "\(metric) objectives use '\(expected)', not '\(found)'"
        case .badValue(let value, let expected):
            return "bad objective value '\(value)' (expected \(expected))"
        }
    }
}

extension Terms {
    /// Why these terms cannot be stored or judged (nil when they can): a threshold outside its metric's range
    /// (a negative, infinite or over-ten-year duration, a share above 100 %, a time of day past 23:59), a target
    /// not strictly between 0 and 1, or a playbook response time that is no duration. One check for every importer.
    package var problem: String? {
        let t = objective.threshold
        func shown(_ value: Double) -> String { value.magnitude < 1e12 ? Formatting.number(value) : "\(value)" }
        switch objective.metric {
        case .deliveredBy:
            guard t.isFinite, t >= 0, t < 1440 else { return "delivered_by must be a time of day from 00:00 to 23:59" }
        case .freshness, .latencyP95, .supportResponse, .ratioLatency, .ratioFreshness, .ratioSupportResponse:
            guard ValueParser.checkedDuration(t) != nil else {
                return "\(objective.metric.rawValue) threshold \(shown(t)) s is no duration (0 to \(Formatting.number(ValueParser.maxDurationSeconds / 86_400)) days)"
            }
        case .availability, .completeness, .accuracy, .ratioAvailability, .ratioCompleteness, .ratioAccuracy:
            guard t.isFinite, t >= 0, t <= 1 else { return "\(objective.metric.rawValue) threshold \(shown(t)) is no share (0 to 100 %)" }
        }
        guard ValueParser.checkedTarget(target) != nil else { return "target \(shown(target)) must be strictly between 0 and 100 %" }
        if let response = playbook.responseTime, ValueParser.checkedDuration(response) == nil {
            return "playbook response_time \(shown(response)) s is no duration"
        }
        return nil
    }
}
