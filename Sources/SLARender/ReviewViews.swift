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

    /// The `review` cell of `agreements list`: the state for programs (`review_due` carries the sprint). A table
    /// shows the state of an agreement due now (`to-review`, `overdue`, `skipped`), and otherwise the sprint it is due
    /// in: `due 2026-S28`, or `queued → 2026-S25` when its cadence has run out and it waits for its portion.
    package static func cell(_ status: ReviewStatus?) -> Cell {
        guard let status else { return .text(nil) }
        var text = status.state.rawValue
        if status.dueIn > 0, let due = status.dueSprint {
            text = status.state == .queued ? "queued → \(due)" : "due \(due)"
        }
        return Cell(text: text, json: .string(status.state.rawValue))
    }

    /// `review debt: 7 agreements, 19 sprints past their cadence`, or `no review debt`; with
    /// ` · 1,666 more queued for later sprints` when the review portion of the sprint is full.
    package static func debt(_ debt: ReviewDebt) -> String {
        let queued = debt.queued > 0 ? " · \(debt.queued) more queued for later sprints" : ""
        guard debt.agreements > 0 else { return debt.queued > 0 ? "no review due this sprint" + queued + "\n" : "no review debt\n" }
        return "review debt: \(Plural.count(debt.agreements, "agreement")), \(Plural.count(debt.sprintsOverdue, "sprint")) past their cadence" + queued + "\n"
    }
}
