import Foundation
import SLAModel
import SLAEvaluate

/// The minutes as one self-contained HTML file: inline CSS, inline SVG charts, no scripts, no external
/// requests, every string through `SafeText.html`, laid out to print on A4.
package enum MinutesHTML {
    static let style = """
    @page { size: A4; margin: 15mm; }
    body { font: 10.5pt/1.4 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1b1f23; max-width: 180mm; margin: 0 auto; padding: 8mm 0; }
    h1 { font-size: 18pt; margin: 0 0 2mm; }
    h2 { font-size: 13pt; border-bottom: 1px solid #d0d7de; padding-bottom: 1mm; margin: 7mm 0 3mm; break-after: avoid; }
    h3 { font-size: 11pt; margin: 4mm 0 1mm; break-after: avoid; }
    .meta { color: #57606a; margin: 0 0 4mm; }
    pre { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 3px; padding: 2mm 3mm; font: 8.5pt/1.35 ui-monospace, "DejaVu Sans Mono", Menlo, monospace; white-space: pre-wrap; overflow-wrap: anywhere; margin: 1mm 0 2mm; }
    .item { break-inside: avoid; }
    ul { margin: 1mm 0 2mm; padding-left: 6mm; }
    table { border-collapse: collapse; width: 100%; font-size: 9.5pt; }
    th, td { border: 1px solid #d0d7de; padding: 1mm 2mm; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
    th { background: #f6f8fa; }
    tr { break-inside: avoid; }
    .charts { display: flex; flex-wrap: wrap; gap: 4mm; }
    figure { margin: 0; width: 86mm; break-inside: avoid; }
    figcaption { font-size: 9pt; color: #57606a; }
    svg text { font: 8px sans-serif; fill: #57606a; }
    .none { color: #57606a; font-style: italic; }
    """

    package static func document(_ m: Minutes) -> String {
        let h = SafeText.html
        let r = m.retro
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        out += "<title>Retro \(h(m.sprint.id.rawValue))</title>\n<style>\n\(style)\n</style>\n</head>\n<body>\n"
        out += "<h1>Retro \(h(m.sprint.id.rawValue))</h1>\n"
        out += "<p class=\"meta\">\(MinutesViews.dateLine(m)) · sprint \(m.sprint.start) → \(m.sprint.lastDay) (\(h(m.sprint.timezone))) · facilitator \(h(r.facilitator ?? "—"))"
        out += " · attendees \(r.attendees.isEmpty ? "—" : r.attendees.map(h).joined(separator: ", "))\(r.finishedAt == nil ? " · in progress" : "")</p>\n"
        if !m.compliance.isEmpty || !m.users.isEmpty {
            out += "<h2>Charts</h2>\n<div class=\"charts\">\n"
            for s in m.compliance { out += complianceChart(s) }
            for s in m.users { out += usersChart(s) }
            out += "</div>\n"
        }
        for step in m.steps {
            out += "<h2>\(step.number). \(h(step.title.prefix(1).uppercased() + step.title.dropFirst()))</h2>\n"
            if let why = step.unavailable { out += "<p class=\"none\">\(h(why))</p>\n"; continue }
            if step.number == 8 { out += "<p>See the decisions and action items below.</p>\n"; continue }
            if step.items.isEmpty { out += "<p class=\"none\">Nothing to discuss.</p>\n"; continue }
            for (item, decisions, notes) in step.items {
                out += "<section class=\"item\">\n<h3>\(h(item.title))</h3>\n"
                if !item.lines.isEmpty { out += "<pre>" + item.lines.map(h).joined(separator: "\n") + "</pre>\n" }
                if !decisions.isEmpty || !notes.isEmpty {
                    out += "<ul>\n"
                    for d in decisions {
                        out += "<li><strong>D-\(d.id) \(h(d.verb))</strong>" + (d.change.isEmpty ? "" : ": \(h(d.change))") + (d.reason.map { " — \(h($0))" } ?? "") + "</li>\n"
                    }
                    for note in notes { out += "<li>note: \(h(note))</li>\n" }
                    out += "</ul>\n"
                }
                out += "</section>\n"
            }
        }
        out += "<h2>Decisions</h2>\n"
        if m.decisions.isEmpty { out += "<p class=\"none\">No decisions.</p>\n" } else {
            out += "<table>\n<thead><tr><th>#</th><th>subject</th><th>decision</th><th>change</th><th>reason</th></tr></thead>\n<tbody>\n"
            for d in m.decisions {
                out += "<tr><td>D-\(d.id)</td><td>\(h(d.subject))</td><td>\(h(d.verb))</td><td>\(d.change.isEmpty ? "—" : h(d.change))</td><td>\(h(d.reason ?? "—"))</td></tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        if !m.undone.isEmpty {
            out += "<p>Taken back: " + m.undone.map { "D-\($0.id) \(h($0.verb)) on \(h($0.subject))" }.joined(separator: ", ") + "</p>\n"
        }
        if !m.termsNow.isEmpty {
            out += "<h2>Terms after this retro</h2>\n<ul>\n"
            for rev in m.termsNow { out += "<li>\(h(rev.agreement.rawValue)) revision \(rev.number): \(h(rev.status == .retired ? "retired" : rev.terms.summary))</li>\n" }
            out += "</ul>\n"
        }
        if !m.undecided.isEmpty {
            out += "<h2>Items without a decision</h2>\n<ul>\n"
            for item in m.undecided { out += "<li>\(item.step).\(item.position) \(h(item.subjectID))</li>\n" }
            out += "</ul>\n"
        }
        out += "<h2>Action items</h2>\n"
        if m.newActions.isEmpty && m.closedActions.isEmpty { out += "<p class=\"none\">None.</p>\n" } else {
            out += "<ul>\n"
            for a in m.newActions where !m.closedActions.contains(a) {
                out += "<li>☐ \(a.label) \(h(a.title)) — @\(h(a.owner))\(a.due.map { ", due \(h($0.rawValue))" } ?? "") (new)</li>\n"
            }
            for a in m.closedActions {
                out += "<li>\(a.status == .done ? "☑" : "☒") \(a.label) \(h(a.title)) — @\(h(a.owner)) (\(a.status.rawValue)\(a.reason.map { ": \(h($0))" } ?? ""))</li>\n"
            }
            out += "</ul>\n"
        }
        if !m.notes.isEmpty {
            out += "<h2>Notes</h2>\n<ul>\n" + m.notes.map { "<li>\(h($0))</li>\n" }.joined() + "</ul>\n"
        }
        return out + "</body>\n</html>\n"
    }

    static let width = 320.0, height = 140.0, left = 34.0, right = 8.0, top = 10.0, bottom = 22.0

    static func n(_ x: Double) -> String { Formatting.number(x, maxDecimals: 1) }

    /// Compliance per sprint (oldest first, the reviewed sprint last) against the target, as a line chart.
    static func complianceChart(_ s: Minutes.ComplianceSeries) -> String {
        let values = s.points.compactMap { $0 } + [s.target]
        let low = max(0, ((values.min() ?? 0) * 20).rounded(.down) / 20 - 0.05), high = 1.0
        let plotW = width - left - right, plotH = height - top - bottom
        func x(_ i: Int) -> Double { left + (s.points.count > 1 ? plotW * Double(i) / Double(s.points.count - 1) : plotW / 2) }
        func y(_ v: Double) -> Double { top + plotH * (high - v) / max(high - low, 0.0001) }
        let title = "\(s.agreement): compliance over the last \(s.points.count) sprints vs target \(Formatting.percent(s.target))"
        var svg = "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-label=\"\(SafeText.html(title))\">\n"
        svg += "<rect x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(plotW))\" height=\"\(n(plotH))\" fill=\"#fff\" stroke=\"#d0d7de\"/>\n"
        for v in [low, (low + high) / 2, high] {
            svg += "<text x=\"\(n(left - 3))\" y=\"\(n(y(v) + 3))\" text-anchor=\"end\">\(Formatting.number(v * 100, maxDecimals: 0)) %</text>\n"
        }
        svg += "<line x1=\"\(n(left))\" y1=\"\(n(y(s.target)))\" x2=\"\(n(left + plotW))\" y2=\"\(n(y(s.target)))\" stroke=\"#1a7f37\" stroke-dasharray=\"4 3\"/>\n"
        svg += "<text x=\"\(n(left + plotW - 2))\" y=\"\(n(y(s.target) - 3))\" text-anchor=\"end\">target</text>\n"
        var path = ""
        for (i, p) in s.points.enumerated() {
            guard let p else { continue }
            path += (path.isEmpty ? "M" : " L") + "\(n(x(i))) \(n(y(p)))"
            svg += "<circle cx=\"\(n(x(i)))\" cy=\"\(n(y(p)))\" r=\"2.5\" fill=\"\(p < s.target ? "#cf222e" : "#0969da")\"/>\n"
        }
        if !path.isEmpty { svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"#0969da\" stroke-width=\"1.5\"/>\n" }
        for i in s.points.indices {
            let label = i == s.points.count - 1 ? "this" : "−\(s.points.count - 1 - i)"
            svg += "<text x=\"\(n(x(i)))\" y=\"\(n(height - 8))\" text-anchor=\"middle\">\(label)</text>\n"
        }
        svg += "</svg>\n<figcaption>\(SafeText.html(title))</figcaption>\n</figure>\n"
        return svg
    }

    /// Active users per sprint of one team, as bars.
    static func usersChart(_ s: Minutes.UsersSeries) -> String {
        let plotW = width - left - right, plotH = height - top - bottom
        let high = Double(max(1, s.users.max() ?? 1))
        let slot = plotW / Double(max(1, s.users.count))
        let title = "\(s.team): active users over the last \(s.users.count) sprints"
        var svg = "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-label=\"\(SafeText.html(title))\">\n"
        svg += "<line x1=\"\(n(left))\" y1=\"\(n(top + plotH))\" x2=\"\(n(left + plotW))\" y2=\"\(n(top + plotH))\" stroke=\"#d0d7de\"/>\n"
        svg += "<text x=\"\(n(left - 3))\" y=\"\(n(top + 3))\" text-anchor=\"end\">\(Int(high))</text>\n"
        svg += "<text x=\"\(n(left - 3))\" y=\"\(n(top + plotH + 3))\" text-anchor=\"end\">0</text>\n"
        for (i, u) in s.users.enumerated() {
            let h = plotH * Double(u) / high
            let x = left + slot * Double(i) + slot * 0.15
            svg += "<rect x=\"\(n(x))\" y=\"\(n(top + plotH - h))\" width=\"\(n(slot * 0.7))\" height=\"\(n(h))\" fill=\"#8250df\"/>\n"
            svg += "<text x=\"\(n(x + slot * 0.35))\" y=\"\(n(top + plotH - h - 2))\" text-anchor=\"middle\">\(u)</text>\n"
            let label = i == s.users.count - 1 ? "this" : "−\(s.users.count - 1 - i)"
            svg += "<text x=\"\(n(x + slot * 0.35))\" y=\"\(n(height - 8))\" text-anchor=\"middle\">\(label)</text>\n"
        }
        svg += "</svg>\n<figcaption>\(SafeText.html(title))</figcaption>\n</figure>\n"
        return svg
    }
}
