import Foundation
import SLAModel
import SLAStore

/// An agreement's revisions with the instants they took effect, to find the one in force at any moment.
package struct RevisionTimeline: Sendable {
    package let revisions: [Revision]
    /// Epoch seconds at which each revision took effect: the start of its `effective_from` day in its zone.
    package let starts: [Double]

    package init(_ revisions: [Revision]) {
        self.revisions = revisions
        starts = revisions.map { r in
            r.effectiveFrom.start(in: TimeZones.named(r.terms.timezone) ?? TimeZones.utc).timeIntervalSince1970
        }
    }

    /// The revision in force at `epoch` (nil before the first one).
    package func revision(at epoch: Double) -> Revision? {
        var found: Revision?
        for (i, start) in starts.enumerated() where start <= epoch { found = revisions[i] }
        return found
    }

    /// The metric used to read a value observed at `epoch`: the revision in force then, else the first one.
    package func metric(at epoch: Double) -> Metric {
        (revision(at: epoch) ?? revisions[0]).terms.objective.metric
    }
}
