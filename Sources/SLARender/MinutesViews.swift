import Foundation
import SLAModel
import SLAEvaluate
import SLAImport

/// The formats the minutes come in; all three render the one `Minutes` view model.
package enum MinutesFormat: String, Sendable, CaseIterable {
    case md, json, html

    /// The format named by `--format` (md when nil); an unknown name is an error everywhere.
    package static func parse(_ text: String?) throws(MinutesFormatError) -> MinutesFormat {
        guard let text else { return .md }
        guard let format = MinutesFormat(rawValue: text) else { throw MinutesFormatError.unknown(text) }
        return format
    }
}

package enum MinutesFormatError: Error, Equatable, CustomStringConvertible {
    case unknown(String)
    package var description: String {
        switch self {
        case .unknown(let text): return "unknown minutes format '\(SafeText.terminal(text))' (expected md, json or html)"
        }
    }
}

/// The minutes of a retro: deterministic (same store → same bytes) in every format.
package enum MinutesViews {
    package static func render(_ m: Minutes, format: MinutesFormat) -> String {
        switch format {
        case .md: return markdown(m)
        case .json: return MinutesJSON.document(m).rendered() + "\n"
        case .html: return MinutesHTML.document(m)
        }
    }

    /// `2026-11-24 · sprint … · facilitator … · attendees …`, the line under the title.
    static func dateLine(_ m: Minutes) -> LocalDate {
        LocalDate(m.retro.startedAt, in: TimeZones.named(m.sprint.timezone) ?? TimeZones.utc)
    }

    package static func markdown(_ m: Minutes) -> String {
        let r = m.retro
        let e = SafeText.markdown
        var out = "# Retro \(e(m.sprint.id.rawValue))\n\n"
        out += "\(dateLine(m)) · sprint \(m.sprint.start) → \(m.sprint.lastDay) (\(e(m.sprint.timezone))) · facilitator \(e(r.facilitator ?? "—"))"
        out += " · attendees \(r.attendees.isEmpty ? "—" : r.attendees.map(e).joined(separator: ", "))"
        out += r.finishedAt == nil ? " · in progress\n" : "\n"
        for step in m.steps {
            if out.hasSuffix("\n\n") { out.removeLast() }
            out += "\n## \(step.number). \(step.title.prefix(1).uppercased() + step.title.dropFirst())\n\n"
            if let why = step.unavailable { out += "_\(e(why))_\n"; continue }
            if step.number == 8 { out += "See the decisions and action items below.\n"; continue }
            if step.items.isEmpty { out += "Nothing to discuss.\n"; continue }
            for (item, decisions, notes) in step.items {
                out += "### \(e(item.title))\n\n"
                if !item.lines.isEmpty { out += fenced(item.lines) + "\n" }
                for d in decisions {
                    out += "- **D-\(d.id) \(e(d.verb))**" + (d.change.isEmpty ? "" : ": \(e(d.change))") + (d.reason.map { " — \(e($0))" } ?? "") + "\n"
                }
                for note in notes { out += "- note: \(e(note))\n" }
                if !decisions.isEmpty || !notes.isEmpty { out += "\n" }
            }
        }
        if out.hasSuffix("\n\n") { out.removeLast() }
        out += "\n## Decisions\n\n"
        if m.decisions.isEmpty { out += "No decisions.\n" } else {
            out += "| # | subject | decision | change | reason |\n|---|---|---|---|---|\n"
            for d in m.decisions {
                out += "| D-\(d.id) | \(e(d.subject)) | \(e(d.verb)) | \(d.change.isEmpty ? "—" : e(d.change)) | \(e(d.reason ?? "—")) |\n"
            }
        }
        if !m.undone.isEmpty {
            out += "\nTaken back: " + m.undone.map { "D-\($0.id) \(e($0.verb)) on \(e($0.subject))" }.joined(separator: ", ") + "\n"
        }
        if !m.termsNow.isEmpty {
            out += "\n## Terms after this retro\n\n"
            for r in m.termsNow { out += "- \(e(r.agreement.rawValue)) revision \(r.number): \(e(r.status == .retired ? "retired" : r.terms.summary))\n" }
        }
        if !m.undecided.isEmpty {
            out += "\n## Items without a decision\n\n"
            for item in m.undecided { out += "- \(item.step).\(item.position) \(e(item.subjectID))\n" }
        }
        out += "\n## Action items\n\n"
        if m.newActions.isEmpty && m.closedActions.isEmpty { out += "None.\n" }
        for a in m.newActions where !m.closedActions.contains(a) {
            out += "- [ ] \(a.label) \(e(a.title)) — @\(e(a.owner))\(a.due.map { ", due \(e($0.rawValue))" } ?? "") (new)\n"
        }
        for a in m.closedActions {
            let mark = a.status == .done ? "x" : "~"
            out += "- [\(mark)] \(a.label) \(e(a.title)) — @\(e(a.owner)) (\(a.status.rawValue)\(a.reason.map { ": \(e($0))" } ?? ""))\n"
        }
        if !m.notes.isEmpty {
            out += "\n## Notes\n\n" + m.notes.map { "- \(e($0))\n" }.joined()
        }
        return out
    }

    /// Evidence lines in a code fence longer than any run of backticks inside, control characters made visible.
    static func fenced(_ lines: [String]) -> String {
        let safe = lines.map { SafeText.terminal($0) }
        var longest = 0
        for line in safe {
            var run = 0
            for ch in line { run = ch == "`" ? run + 1 : 0; longest = max(longest, run) }
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + "\n" + safe.joined(separator: "\n") + "\n" + fence + "\n"
    }
}

extension Minutes.DecisionLine {
    /// `target 95 % → 90 % (loosened)`, `retired`, `created: …`, or empty for a decision that wrote no revision:
    /// what the minutes, in every format, say the decision changed.
    package var change: String {
        guard let revisionChange, let terms else { return "" }
        return revisionChange.withKind(terms: terms)
    }
}
