import Testing
@testable import SLAModel
@testable import SLAStore
@testable import SLAEvaluate
@testable import SLALedger
@testable import SLAImport
@testable import SLARender
@testable import SLARetro
@testable import SLADemo

@Suite("objective parser")
struct ObjectiveTests {
    struct Good: CustomTestStringConvertible, Sendable {
        let text: String
        let metric: Metric
        let threshold: Double
        let canonical: String
        var testDescription: String { text }
    }

    static let good: [Good] = [
        Good(text: "delivered_by 09:00", metric: .deliveredBy, threshold: 540, canonical: "delivered_by 09:00"),
        Good(text: "delivered_by 23:59", metric: .deliveredBy, threshold: 1439, canonical: "delivered_by 23:59"),
        Good(text: "freshness <= 2h", metric: .freshness, threshold: 7200, canonical: "freshness <= 2h"),
        Good(text: "freshness <= 95m", metric: .freshness, threshold: 5700, canonical: "freshness <= 1h 35m"),
        Good(text: "freshness <= 1h30m", metric: .freshness, threshold: 5400, canonical: "freshness <= 1h 30m"),
        Good(text: "freshness <= 3600", metric: .freshness, threshold: 3600, canonical: "freshness <= 1h"),
        Good(text: "freshness <= 8d", metric: .freshness, threshold: 691_200, canonical: "freshness <= 8d"),
        Good(text: "availability >= 99.5%", metric: .availability, threshold: 0.995, canonical: "availability >= 99.5 %"),
        Good(text: "availability >= 99.95 %", metric: .availability, threshold: 0.9995, canonical: "availability >= 99.95 %"),
        Good(text: "completeness >= 0.98", metric: .completeness, threshold: 0.98, canonical: "completeness >= 0.98"),
        Good(text: "completeness >= 98%", metric: .completeness, threshold: 0.98, canonical: "completeness >= 0.98"),
        Good(text: "accuracy >= 0.9", metric: .accuracy, threshold: 0.9, canonical: "accuracy >= 0.9"),
        Good(text: "latency_p95 <= 3s", metric: .latencyP95, threshold: 3, canonical: "latency_p95 <= 3s"),
        Good(text: "latency_p95 <= 800ms", metric: .latencyP95, threshold: 0.8, canonical: "latency_p95 <= 800ms"),
        Good(text: "support_response <= 4h", metric: .supportResponse, threshold: 14_400, canonical: "support_response <= 4h"),
        Good(text: "  freshness   <=   2h ", metric: .freshness, threshold: 7200, canonical: "freshness <= 2h"),
    ]

    @Test("parses every objective form and writes it back canonically", arguments: good)
    func parsesGood(_ c: Good) throws {
        let objective = try Objective.parse(c.text).get()
        #expect(objective.metric == c.metric)
        #expect(abs(objective.threshold - c.threshold) < 1e-9)
        #expect(objective.description == c.canonical)
        #expect(try Objective.parse(objective.description).get() == objective, "canonical text parses back to the same objective")
    }

    struct Bad: CustomTestStringConvertible, Sendable {
        let text: String
        let message: String
        var testDescription: String { text.isEmpty ? "(empty)" : text }
    }

    static let bad: [Bad] = [
        Bad(text: "", message: "empty objective (expected e.g. 'freshness <= 2h' or 'delivered_by 09:00')"),
        Bad(text: "freshnes <= 2h", message: "unknown objective 'freshnes' (did you mean 'freshness'?)"),
        Bad(text: "uptime >= 99%", message: "unknown objective 'uptime' (expected one of: delivered_by, freshness, availability, completeness, accuracy, latency_p95, support_response)"),
        Bad(text: "freshness >= 2h", message: "freshness objectives use '<=', not '>='"),
        Bad(text: "availability <= 99%", message: "availability objectives use '>=', not '<='"),
        Bad(text: "freshness <= soon", message: "bad objective value 'soon' (expected a duration such as 95m, 2h or 3s)"),
        Bad(text: "freshness <= 0h", message: "bad objective value '0h' (expected a duration such as 95m, 2h or 3s)"),
        Bad(text: "freshness <= 2x", message: "bad objective value '2x' (expected a duration such as 95m, 2h or 3s)"),
        Bad(text: "availability >= 101%", message: "bad objective value '101%' (expected a percentage such as 99.5% or a fraction such as 0.98)"),
        Bad(text: "completeness >= 1.5", message: "bad objective value '1.5' (expected a percentage such as 99.5% or a fraction such as 0.98)"),
        Bad(text: "delivered_by 9am", message: "bad objective value '9am' (expected a time of day HH:MM, e.g. 09:00)"),
        Bad(text: "delivered_by 24:00", message: "bad objective value '24:00' (expected a time of day HH:MM, e.g. 09:00)"),
        Bad(text: "delivered_by", message: "objective 'delivered_by' is malformed (expected 'delivered_by HH:MM')"),
        Bad(text: "freshness 2h", message: "objective 'freshness 2h' is malformed (expected 'freshness <= VALUE')"),
    ]

    @Test("refuses malformed objectives with a message that says what was expected", arguments: bad)
    func refusesBad(_ c: Bad) {
        switch Objective.parse(c.text) {
        case .success(let objective): Issue.record("parsed \(objective)")
        case .failure(let error): #expect(error.description == c.message)
        }
    }

    @Test("each metric measures its indicator")
    func indicators() {
        #expect(Metric.deliveredBy.indicator == .freshness)
        #expect(Metric.latencyP95.indicator == .latency)
        #expect(Metric.supportResponse.indicator == .supportResponse)
    }
}
