import Foundation
import SLAModel
import SLAEvaluate
import SLAImport

/// The rendering of `actions`.
package enum ActionViews {
    /// Action items with owner, due sprint, status and where they came from.
    package static func list(_ actions: [ActionItem], origins: [Int64: String], format: OutputFormat) -> String {
        let rows: [[Cell]] = actions.map { a in
            [.text(a.label), .text(a.title), .text(a.owner), .text(a.due?.rawValue), .text(a.status.rawValue),
             .text(a.originPostmortem.map { "postmortem \($0)" } ?? a.originItem.flatMap { origins[$0] }), .text(a.reason)]
        }
        return Listing(columns: ["id", "title", "owner", "due", "status", "origin", "reason"], rows: rows,
                       emptyMessage: "no action items", tableColumns: ["id", "title", "owner", "due", "status", "origin"]).render(format)
    }
}
