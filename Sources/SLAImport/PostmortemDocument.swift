import Foundation
import Yams
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger

/// A postmortem read from Markdown: YAML front matter when there is one, else headings, timeline and checklists.
struct PostmortemDocument {
    var incident: Incident
    var postmortem: Postmortem

    /// What the user may give on the command line for a file without front matter.
    struct Overrides {
        var incident: String?
        var severity: Int?
        var affects: [AgreementID] = []
    }

    static let frontMatterKeys = ["incident", "title", "severity", "detected", "acknowledged", "resolved", "affects", "status",
                                  "category", "date", "authors"]

    /// Parses one file's text; `file` names it in errors.
    static func parse(_ text: String, file: String, overrides: Overrides) throws(ImportError) -> PostmortemDocument {
        let (front, body, bodyLine) = try splitFrontMatter(text, file: file)
        let sections = Sections(body)
        var missing: [String] = []
        func frontString(_ key: String) throws(ImportError) -> String? { try front?.string(key) }

        let frontTitle = try frontString("title")
        let title = frontTitle ?? sections.title
        guard let title, !title.isEmpty else {
            throw .unreadable(file: file, message: "no title (add front matter 'title:' or a '# Title' heading)")
        }
        let stem = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let frontIncident = try frontString("incident")
        let id = overrides.incident ?? frontIncident ?? slug(stem)
        if overrides.incident == nil, frontIncident == nil { missing.append("incident id (taken from the file name: \(id))") }

        var severity = overrides.severity
        if severity == nil, let value = front?["severity"] {
            guard let n = Int(try value.string("'severity'")), (1...4).contains(n) else { throw value.fail("bad severity (expected 1 to 4, 1 the worst)") }
            severity = n
        }
        if severity == nil, let inferred = sections.inferredSeverity { severity = inferred; missing.append("severity (read as \(inferred) from the text)") }
        guard let severity else {
            throw .unreadable(file: file, message: "no severity (add front matter 'severity: 1' to 'severity: 4', or pass --severity)")
        }

        let timeline = sections.timeline
        func instant(_ key: String) throws(ImportError) -> Date? {
            guard let value = front?[key] else { return nil }
            let text = try value.string("'\(key)'")
            guard let date = parseTime(text) else { throw value.fail("bad time '\(text)' for '\(key)' (expected e.g. 2026-10-29T07:40:00+01:00)") }
            return date
        }
        var detected = try instant("detected"), acknowledged = try instant("acknowledged"), resolved = try instant("resolved")
        if front?["detected"] == nil, let t = timeline.detected { detected = t; missing.append("detected (read from the timeline)") }
        if front?["acknowledged"] == nil {
            if let t = timeline.acknowledged { acknowledged = t; missing.append("acknowledged (read from the timeline)") } else { missing.append("acknowledged") }
        }
        if front?["resolved"] == nil {
            if let t = timeline.resolved { resolved = t; missing.append("resolved (read from the timeline)") } else { missing.append("resolved") }
        }
        guard let detected else {
            throw .unreadable(file: file, message: "cannot tell when the incident was detected (add front matter 'detected:' or a timeline table with times)")
        }
        var affects = overrides.affects
        if affects.isEmpty, let value = front?["affects"] { affects = try value.strings("'affects'").map { AgreementID($0) } }
        if affects.isEmpty { missing.append("affected agreements (front matter 'affects:' or --affects)") }

        var status = Postmortem.Status.draft
        if let value = front?["status"] {
            let text = try value.string("'status'")
            guard let parsed = Postmortem.Status(rawValue: text) else { throw value.fail("unknown status '\(text)' (expected draft or reviewed)") }
            status = parsed
        } else if let text = sections["status"]?.lowercased(), text.contains("reviewed") || text.contains("final") || text.contains("complete") {
            status = .reviewed
        }
        var date: LocalDate?
        if let value = front?["date"] {
            let text = try value.string("'date'")
            guard let d = LocalDate(text) else { throw value.fail("bad date '\(text)' (expected YYYY-MM-DD)") }
            date = d
        }
        let rootCause = sections["root cause", "root causes", "contributing factors"]
        for (name, value) in [("summary", sections["summary"]), ("impact", sections["impact"]), ("root cause", rootCause)] where value == nil {
            missing.append(name)
        }
        let actions = sections.actions
        if actions.isEmpty { missing.append("action items") }
        _ = bodyLine
        let category = try frontString("category")
        let incident = Incident(id: id, title: title, severity: severity, detectedAt: detected, acknowledgedAt: acknowledged,
                                resolvedAt: resolved, affects: affects, category: category, source: file)
        let postmortem = Postmortem(incident: id, title: title, date: date ?? LocalDate(detected, in: TimeZones.utc),
                                    summary: sections["summary"], impact: sections["impact"], rootCause: rootCause,
                                    trigger: sections["trigger"], wentWell: sections["what went well"],
                                    wentWrong: sections["what went wrong"], status: status, actions: actions, missing: missing,
                                    source: file)
        return PostmortemDocument(incident: incident, postmortem: postmortem)
    }

    /// The front matter mapping (keys checked), the body, and the line the body starts on.
    static func splitFrontMatter(_ text: String, file: String) throws(ImportError) -> (YAMLMapping?, String, Int) {
        let lines = text.components(separatedBy: "\n")
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---",
              let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) else {
            return (nil, text, 1)
        }
        let yaml = lines[1..<end].joined(separator: "\n")
        // Parse with leading blank lines so YAML line numbers match the file's.
        guard let root = try YAMLValue.parse("\n" + yaml, file: file) else { return (nil, lines[(end + 1)...].joined(separator: "\n"), end + 2) }
        let map = try root.mapping("the front matter", allowed: frontMatterKeys)
        return (map, lines[(end + 1)...].joined(separator: "\n"), end + 2)
    }

    static func slug(_ text: String) -> String {
        let mapped = text.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "-" }
        return String(mapped).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    }

    /// `2026-10-29T07:40:00Z`, `2026-10-29T07:40+01:00`, or `2026-10-29 07:40` (UTC, as postmortem timelines say).
    static func parseTime(_ text: String) -> Date? {
        if let epoch = Timestamp.parse(text) { return Date(timeIntervalSince1970: epoch) }
        if let epoch = Timestamp.parse(text + "Z") { return Date(timeIntervalSince1970: epoch) }
        if let epoch = Timestamp.parse(text + ":00Z") { return Date(timeIntervalSince1970: epoch) }
        return nil
    }
}

/// The Markdown body split by headings, with the timeline table and action items read out.
struct Sections {
    private(set) var title: String?
    private var texts: [String: [String]] = [:]
    private var order: [String] = []
    private let lines: [String]

    init(_ body: String) {
        lines = body.components(separatedBy: "\n")
        var current = ""
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") {
                let name = trimmed.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces)
                if title == nil, trimmed.hasPrefix("# ") { title = name }
                current = name.lowercased()
                order.append(current)
                continue
            }
            texts[current, default: []].append(line)
        }
    }

    /// The text of the first section named one of `names`, trimmed; nil when absent or empty.
    subscript(_ names: String...) -> String? {
        for name in names {
            let text = (texts[name] ?? []).joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            let meaningful = text.split(separator: "\n").contains { line in
                let t = line.trimmingCharacters(in: .whitespaces)
                return !t.isEmpty && t != "-" && !t.hasPrefix(">")
            }
            if meaningful { return text }
        }
        return nil
    }

    /// `Sev1`, `sev 2`, `severity 3` in the text.
    var inferredSeverity: Int? {
        let pattern = try? NSRegularExpression(pattern: "\\bsev(?:erity)?[ -]?([1-4])\\b", options: [.caseInsensitive])
        let text = lines.joined(separator: "\n")
        guard let match = pattern?.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(match.range(at: 1), in: text) else { return nil }
        return Int(text[range])
    }

    /// Rows `| time | event |` of the timeline table, in order.
    var timelineRows: [(Date, String)] {
        (texts["timeline"] ?? []).compactMap { line in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 3, let time = PostmortemDocument.parseTime(cells[1]) else { return nil }
            return (time, cells[2].lowercased())
        }
    }

    /// Detection, acknowledgement and resolution read from the timeline's wording.
    var timeline: (detected: Date?, acknowledged: Date?, resolved: Date?) {
        let rows = timelineRows
        let detectedRow = rows.firstIndex { ["alert", "detect", "notic", "reported"].contains(where: $0.1.contains) } ?? (rows.isEmpty ? nil : 0)
        let detected = detectedRow.map { rows[$0].0 }
        let acknowledged = detectedRow.flatMap { start in
            rows[(start + 1)...].first { ["acknowledg", "ticket raised", "paged", "on-call", "investigat"].contains(where: $0.1.contains) }?.0
        }
        let resolved = rows.last { ["resolved", "restored", "recovered", "mitigated"].contains(where: $0.1.contains) }?.0
        return (detected, acknowledged, resolved)
    }

    /// Checklist lines `- [ ] text @owner` anywhere, and plain bullets under an "Action items" heading.
    var actions: [Postmortem.Action] {
        var result: [Postmortem.Action] = []
        var section = ""
        for line in lines {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("#") { section = t.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces).lowercased(); continue }
            var done = false
            var text: String
            if t.hasPrefix("- [ ]") || t.hasPrefix("* [ ]") {
                text = String(t.dropFirst(5))
            } else if t.lowercased().hasPrefix("- [x]") || t.lowercased().hasPrefix("* [x]") {
                text = String(t.dropFirst(5)); done = true
            } else if section == "action items", t.hasPrefix("- ") || t.hasPrefix("* ") {
                text = String(t.dropFirst(2))
            } else { continue }
            text = text.trimmingCharacters(in: .whitespaces)
            if text.lowercased().hasSuffix("(done)") { done = true; text = String(text.dropLast(6)).trimmingCharacters(in: .whitespaces) }
            var owner: String?
            if let at = text.range(of: " @", options: .backwards) {
                let name = text[at.upperBound...]
                if !name.isEmpty, !name.contains(" ") { owner = String(name); text = String(text[..<at.lowerBound]) }
            }
            guard !text.isEmpty else { continue }
            result.append(Postmortem.Action(title: text, owner: owner, done: done))
        }
        return result
    }
}
