import SLAModel
import SLAEvaluate
import SLAImport
/// The rendering of `sprint list`.
package enum SprintViews {
    /// `sprint list`: id, first day, end (exclusive), last day, days, zone.
    package static func listing(_ sprints: [Sprint]) -> Listing {
        Listing(columns: ["id", "start", "end", "last_day", "days", "timezone"], rows: sprints.map { s in
            [.text(s.id.rawValue), .text(s.start.description), .text(s.end.description), .text(s.lastDay.description),
             .int(s.start.days(until: s.end)), .text(s.timezone)]
        }, emptyMessage: "no sprints (add one: slaretro sprint add 2026-S22 --start 2026-10-26 --end 2026-11-09)")
    }
}
