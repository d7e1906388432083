import Foundation
import SLAModel
import SLAEvaluate

/// The text of review states, for `agreements list` and anything else that shows them.
package enum ReviewViews {
    /// `overdue (2)`, `to-review`, `reviewed`, `—` when there is no status (no finished sprint yet).
    package static func state(_ status: ReviewStatus?) -> String {
        guard let status else { return "—" }
        return status.state.rawValue + (status.sprintsOverdue > 0 ? " (\(status.sprintsOverdue))" : "")
    }

    /// `review debt: 7 agreements, 19 sprints past their cadence`, or `no review debt`.
    package static func debt(_ debt: ReviewDebt) -> String {
        guard debt.agreements > 0 else { return "no review debt\n" }
        return "review debt: \(debt.agreements) agreement\(debt.agreements == 1 ? "" : "s"), \(debt.sprintsOverdue) sprint\(debt.sprintsOverdue == 1 ? "" : "s") past their cadence\n"
    }
}
