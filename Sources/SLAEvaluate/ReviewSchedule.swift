import Foundation
import SLAModel

/// When each agreement is due for review, so that review debt is paid in steady portions.
///
/// An agreement's cadence runs out `review_every` sprints after its last review in a retro (or, never reviewed, after
/// the sprint of its last revision). Agreements are then taken oldest cadence first (then by id), each sprint taking
/// at most a *portion*: what the cadences ask for on average (the sum of 1 / `review_every` over the active agreements,
/// rounded up), and never fewer than ``minimumPortion``. An agreement whose cadence has run out in an earlier sprint
/// is taken from the sprint judged on; one that runs out later, from that sprint. A catalog of 2,000 agreements
/// imported on one day is so due over the following sprints in portions, not all in one sprint; an agreement reviewed
/// in a retro is due again `review_every` sprints later (later still only when that sprint's portion is full).
package struct ReviewSchedule: Sendable {
    /// A retro can always take this many reviews.
    package static let minimumPortion = 10

    /// The most agreements due in one sprint.
    package let portion: Int
    /// The sprint position in which each agreement is due.
    package let slots: [AgreementID: Int]

    /// - Parameters:
    ///   - agreements: each active agreement, its `review_every`, and the position of the sprint of its last review or
    ///     revision (nil: unknown, due now).
    ///   - current: the position of the sprint judged on.
    package init(_ agreements: [(id: AgreementID, reviewEvery: Int, last: Int?)], current: Int) {
        let demand = agreements.reduce(0.0) { $0 + 1 / Double(max(1, $1.reviewEvery)) }
        portion = max(Self.minimumPortion, Int(demand.rounded(.up)))
        let queue = agreements.map { entry in (id: entry.id, cadence: entry.last.map { $0 + max(1, entry.reviewEvery) } ?? Int.min) }
            .sorted { $0.cadence != $1.cadence ? $0.cadence < $1.cadence : $0.id < $1.id }
        var slots: [AgreementID: Int] = [:]
        var slot = current, taken = 0
        for entry in queue {
            let earliest = max(current, entry.cadence)
            if earliest > slot { slot = earliest; taken = 0 }
            if taken == portion { slot += 1; taken = 0 }
            slots[entry.id] = slot
            taken += 1
        }
        self.slots = slots
    }
}
