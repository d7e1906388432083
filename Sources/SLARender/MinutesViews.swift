import Foundation
import SLAModel
import SLAEvaluate
import SLAImport

/// The minutes of a retro as Markdown: deterministic (same store → same bytes).
package enum MinutesViews {
    package static func markdown(_ m: Minutes) -> String {
        let r = m.retro
        var out = "# Retro \(m.sprint.id)\n\n"
        let date = LocalDate(r.startedAt, in: TimeZones.named(m.sprint.timezone) ?? TimeZones.utc)
        out += "\(date) · sprint \(m.sprint.start) → \(m.sprint.lastDay) (\(m.sprint.timezone)) · facilitator \(r.facilitator ?? "—")"
        out += " · attendees \(r.attendees.isEmpty ? "—" : r.attendees.joined(separator: ", "))"
        out += r.finishedAt == nil ? " · in progress\n" : "\n"
        for step in m.steps {
            if out.hasSuffix("\n\n") { out.removeLast() }
            out += "\n## \(step.number). \(step.title.prefix(1).uppercased() + step.title.dropFirst())\n\n"
            if let why = step.unavailable { out += "_\(why)_\n"; continue }
            if step.number == 8 { out += "See the decisions and action items below.\n"; continue }
            if step.items.isEmpty { out += "Nothing to discuss.\n"; continue }
            for (item, decisions, notes) in step.items {
                out += "### \(escape(item.title))\n\n"
                if !item.lines.isEmpty { out += "```\n" + item.lines.joined(separator: "\n") + "\n```\n\n" }
                for d in decisions {
                    out += "- **D-\(d.id) \(d.verb)**" + (d.change.isEmpty ? "" : ": \(escape(d.change))") + (d.reason.map { " — \(escape($0))" } ?? "") + "\n"
                }
                for note in notes { out += "- note: \(escape(note))\n" }
                if !decisions.isEmpty || !notes.isEmpty { out += "\n" }
            }
        }
        if out.hasSuffix("\n\n") { out.removeLast() }
        out += "\n## Decisions\n\n"
        if m.decisions.isEmpty { out += "No decisions.\n" } else {
            out += "| # | subject | decision | change | reason |\n|---|---|---|---|---|\n"
            for d in m.decisions {
                out += "| D-\(d.id) | \(cell(d.subject)) | \(d.verb) | \(d.change.isEmpty ? "—" : cell(d.change)) | \(cell(d.reason ?? "—")) |\n"
            }
        }
        out += "\n## Action items\n\n"
        if m.newActions.isEmpty && m.closedActions.isEmpty { out += "None.\n" }
        for a in m.newActions where !m.closedActions.contains(a) {
            out += "- [ ] \(a.label) \(escape(a.title)) — @\(a.owner)\(a.due.map { ", due \($0)" } ?? "") (new)\n"
        }
        for a in m.closedActions {
            let mark = a.status == .done ? "x" : "~"
            out += "- [\(mark)] \(a.label) \(escape(a.title)) — @\(a.owner) (\(a.status.rawValue)\(a.reason.map { ": \(escape($0))" } ?? ""))\n"
        }
        if !m.notes.isEmpty {
            out += "\n## Notes\n\n" + m.notes.map { "- \(escape($0))\n" }.joined()
        }
        return out
    }

    static func escape(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: " ") }
    static func cell(_ text: String) -> String { escape(text).replacingOccurrences(of: "|", with: "\\|") }
}
