import Foundation

/// Good and total events counted over one interval: one observation of an event-ratio agreement.
package struct EventCounts: Hashable, Sendable, CustomStringConvertible {
    package let good: Int64
    package let total: Int64

    /// The largest count accepted per observation, so that a window's sums cannot overflow.
    package static let maximum: Double = 1e12

    package init?(good: Double, total: Double) {
        guard good.isFinite, total.isFinite, good >= 0, total >= 0, good <= total, total <= Self.maximum else { return nil }
        self.good = Int64(good.rounded())
        self.total = Int64(total.rounded())
        guard self.good <= self.total else { return nil }
    }

    /// good / total (nil when nothing happened in the interval).
    package var ratio: Double? { total == 0 ? nil : Double(good) / Double(total) }

    /// `998/1000`: the canonical stored value.
    package var description: String { "\(good)/\(total)" }

    /// Parses `good/total` (`998/1000`, `998 / 1000`); counts may carry decimals (Prometheus `increase()`), rounded to whole events.
    package static func parse(_ text: String) -> EventCounts? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        return parse(good: String(parts[0]), total: String(parts[1]))
    }

    /// Parses separate `good` and `total` fields.
    package static func parse(good: String, total: String) -> EventCounts? {
        let g = good.trimmingCharacters(in: .whitespaces), t = total.trimmingCharacters(in: .whitespaces)
        guard !g.isEmpty, !t.isEmpty, g.first != "+", t.first != "+",
              let goodValue = Double(g), let totalValue = Double(t) else { return nil }
        return EventCounts(good: goodValue, total: totalValue)
    }

    /// What an observation of an event-ratio agreement looks like, for messages.
    package static let expected = "good/total event counts such as 998/1000 (or good and total columns), whole numbers with good <= total"
}
