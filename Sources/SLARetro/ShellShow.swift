import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLARender

extension RetroSession {
    /// The notes and action items of `item` in this retro, as lines under its card.
    func itemExtras(_ item: AgendaItem) throws -> String {
        let t = SafeText.terminal
        let (notes, actions) = try store.read { ctx in
            (try ctx.notes(retro: retro.id).filter { $0.item == item.id }.map(\.text),
             try ctx.actions().filter { $0.originItem == item.id })
        }
        var text = ""
        for note in notes { text += "  note        " + t(note) + "\n" }
        for a in actions {
            text += "  action      \(a.label) \(t(a.title)) — @\(t(a.owner))\(a.due.map { ", due \($0)" } ?? "")" + (a.status == .open ? "" : " (\(a.status.rawValue))") + "\n"
        }
        return text
    }

    /// `show INC-41`: times in the sprint's zone, the response against each playbook, the postmortem and its actions.
    func showIncident(_ incident: Incident, in ctx: StoreContext) throws -> String {
        let t = SafeText.terminal
        let zone = sprint.timezone
        var text = "\(incident.id)  sev\(incident.severity)  \(t(incident.title))\n"
        text += "  detected     \(LocalTime.text(incident.detectedAt, zone: zone))\n"
        text += "  acknowledged " + (incident.acknowledgedAt.map { "\(LocalTime.text($0, zone: zone)) (after \(Formatting.duration(incident.timeToAcknowledge ?? 0)))" } ?? "not acknowledged") + "\n"
        text += "  resolved     " + (incident.resolvedAt.map { "\(LocalTime.text($0, zone: zone)) (after \(Formatting.duration(incident.timeToResolve ?? 0)))" } ?? "not resolved") + "\n"
        text += "  affects      " + (incident.affects.isEmpty ? "—" : incident.affects.map(\.rawValue).joined(separator: ", ")) + "\n"
        for id in incident.affects {
            guard let o = try AgreementOverview.load(id, clock: clock, in: ctx).first else { continue }
            // The promise in force when the incident happened (as step 4 judges it).
            let day = LocalDate(incident.detectedAt, in: TimeZones.named(zone) ?? TimeZones.utc)
            let terms = (Revision.inForce(o.revisions, on: day) ?? o.inForce ?? o.latest).terms
            let verdict = terms.playbook.responseTime.map { limit in
                "playbook \(Formatting.duration(limit)): " + (incident.timeToAcknowledge.map { $0 <= limit ? "met" : "missed" } ?? "open")
            } ?? "no response promised"
            text += "  response     \(id): \(verdict)\n"
        }
        if let category = incident.category { text += "  category     \(t(category))\n" }
        let status = try ctx.postmortemStatuses()[incident.id]
        text += "  postmortem   " + (status?.rawValue ?? "none") + "\n"
        for a in try ctx.actions().filter({ $0.originPostmortem == incident.id }) {
            text += "  action       \(a.label) \(t(a.title)) — @\(t(a.owner)) · \(a.status.rawValue)\(a.due.map { " · due \($0)" } ?? "")\n"
        }
        return text
    }
}
