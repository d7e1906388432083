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
    /// Remarks on how the file was read (a zone on a summer date, Stats that do not fit the timeline); not stored.
    var notes: [String] = []

    /// What the user may give on the command line for a file without front matter.
    struct Overrides {
        var incident: String?
        /// A default for files that state no severity.
        var severity: Int?
        var affects: [AgreementID] = []
        /// The zone of timeline times, over what the file states.
        var timezone: String?
    }

    static let frontMatterKeys = ["incident", "title", "severity", "detected", "acknowledged", "resolved", "affects", "status",
                                  "category", "date", "authors", "timezone",
                                  // written by blog-style postmortems (PostHog); not used
                                  "author", "tags", "sidebar", "showTitle", "description"]

    /// Parses one file's text; `file` names it in errors.
    static func parse(_ text: String, file: String, overrides: Overrides) throws(ImportError) -> PostmortemDocument {
        let (front, body, bodyLine) = try splitFrontMatter(text, file: file)
        let sections = Sections(body)
        var missing: [String] = []
        func frontString(_ key: String) throws(ImportError) -> String? { try front?.string(key) }

        let frontTitle = try frontString("title")
        var title = frontTitle ?? sections.title
        if let t = title, let (_, rest) = PostmortemTimeline.leadingDate(Substring(t), year: nil) {
            // "2021-06-03: Database Full": the date is context, the rest the title.
            let trimmed = rest.drop(while: { $0 == ":" || $0 == " " || $0 == "-" || $0 == "—" })
            if !trimmed.isEmpty { title = String(trimmed) }
        }
        guard let title, !title.isEmpty else {
            throw .unreadable(file: file, message: "no title (add front matter 'title:' or a '# Title' heading)")
        }
        let stem = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let frontIncident = try frontString("incident")
        let id = overrides.incident ?? frontIncident ?? slug(stem)
        if overrides.incident == nil, frontIncident == nil { missing.append("incident id (taken from the file name: \(id))") }
        guard Slug.isValid(id) else {
            throw .unreadable(file: file, message: "bad incident id '\(SafeText.terminal(id))' (ids use letters, digits, '.', '_' and '-', e.g. INC-41)")
        }

        var severity: Int?
        if let value = front?["severity"] {
            guard let n = SeverityText.parse(try value.string("'severity'")) else {
                throw value.fail("bad severity (expected 1 to 4, 1 the worst)")
            }
            severity = n
        }
        let bodyLines = body.components(separatedBy: "\n")
        if severity == nil, let stated = SeverityText.stated(bodyLines) { severity = stated }
        if severity == nil, let fallback = overrides.severity { severity = fallback; missing.append("severity (--severity \(fallback))") }
        if severity == nil, let inferred = sections.inferredSeverity { severity = inferred; missing.append("severity (read as \(inferred) from the text)") }
        guard let severity else {
            throw .unreadable(file: file, message: "no severity (add front matter 'severity: 1' to 'severity: 4', or pass --severity)")
        }

        // The zone of the timeline: --timezone, front matter, "All times in …", else UTC.
        var zone = "UTC", zoneSource: String?
        if let value = front?["timezone"] {
            let text = try value.string("'timezone'")
            guard let named = PostmortemTimeline.zone(text) ?? (TimeZones.named(text) != nil ? text : nil) else {
                throw value.fail("unknown time zone '\(text)' (expected an IANA name such as Europe/Copenhagen, or UTC, CET, PST…)")
            }
            zone = named; zoneSource = "front matter"
        } else if let (stated, line) = PostmortemTimeline.statedZone(bodyLines) {
            zone = stated; zoneSource = line
        }
        if let override = overrides.timezone { zone = override; zoneSource = "--timezone" }
        var startDate: LocalDate?
        if let value = front?["date"], let d = LocalDate((try? value.string("'date'")) ?? "") { startDate = d }
        if startDate == nil, let t = frontTitle ?? sections.title, let (d, _) = PostmortemTimeline.leadingDate(Substring(t), year: nil) { startDate = d }
        if startDate == nil, let (d, _) = PostmortemTimeline.leadingDate(Substring(stem), year: nil) { startDate = d }
        let read = PostmortemTimeline(lines: bodyLines, zone: zone, zoneSource: zoneSource, date: startDate)
        if zoneSource == nil, !read.entries.isEmpty, !read.entriesStateZone { missing.append("time zone (timeline read as UTC; state 'All times in …', front matter 'timezone:' or --timezone)") }
        var notes = read.notes
        let timeline = read.milestones
        func instant(_ key: String) throws(ImportError) -> Date? {
            guard let value = front?[key] else { return nil }
            let text = try value.string("'\(key)'")
            guard let date = parseTime(text) else { throw value.fail("bad time '\(text)' for '\(key)' (expected e.g. 2026-10-29T07:40:00+01:00)") }
            return date
        }
        var detected = try instant("detected"), acknowledged = try instant("acknowledged"), resolved = try instant("resolved")
        // Which wins, per milestone: front matter; a time stated in a Stats section (`Detected: 09:12`); a Stats duration
        // from the start (`Time to detection: 5 minutes`), the start stated or the timeline entry from which every stated
        // duration lands on an entry; the timeline's wording; last, for resolution only, the Stats durations from the
        // timeline's detection.
        let statsDate = startDate ?? read.entries.first.map { LocalDate($0.time, in: TimeZones.named(zone) ?? TimeZones.utc) }
        let stats = PostmortemStats(lines: bodyLines, zone: zone, date: statsDate)
        let statsStart = stats.start ?? stats.fittedStart(read.entries.map(\.time))
        let startText = statsStart.map { stats.start != nil ? "the stated start" : "the start \(Timestamp.format($0.timeIntervalSince1970)) in the timeline" }
        if front?["detected"] == nil {
            if let t = stats.detected { detected = t; missing.append("detected (from Stats: \(stats.stated["detected"] ?? ""))") }
            else if let start = statsStart, let d = stats.toDetect {
                detected = start.addingTimeInterval(d); missing.append("detected (from Stats: \(stats.stated["detection"] ?? "") after \(startText ?? ""))")
            } else if let t = timeline.detected { detected = t; missing.append("detected (read from the timeline)") }
        }
        if front?["acknowledged"] == nil {
            if let t = stats.acknowledged { acknowledged = t; missing.append("acknowledged (from Stats: \(stats.stated["acknowledged"] ?? ""))") }
            else if let t = timeline.acknowledged { acknowledged = t; missing.append("acknowledged (read from the timeline)") } else { missing.append("acknowledged") }
        }
        if front?["resolved"] == nil {
            if let t = stats.resolved { resolved = t; missing.append("resolved (from Stats: \(stats.stated["resolved"] ?? ""))") }
            else if let start = statsStart, let r = stats.toRecover {
                resolved = start.addingTimeInterval(r); missing.append("resolved (from Stats: \(stats.stated["recovery"] ?? "") after \(startText ?? ""))")
            } else if let t = timeline.resolved {
                resolved = t; missing.append("resolved (read from the timeline)")
                if let d = stats.toDetect, let r = stats.toRecover, let at = detected, abs(t.timeIntervalSince(at) - (r - d)) >= 60 {
                    notes.append("Stats (\(stats.stated["detection"] ?? ""), \(stats.stated["recovery"] ?? "")) do not fit the timeline (\(PostmortemStats.minutes(t.timeIntervalSince(at))) from detection to resolution); the timeline's times are kept")
                }
            } else if let at = detected, let r = stats.toRecover {
                resolved = at.addingTimeInterval(r - (stats.toDetect ?? 0))
                missing.append("resolved (from Stats: \(stats.stated["recovery"] ?? "")\(stats.toDetect == nil ? " after detection" : " after the start, \(stats.stated["detection"] ?? "") before detection"))")
            } else { missing.append("resolved") }
        }
        guard let detected else {
            throw .unreadable(file: file, message: "cannot tell when the incident was detected (add front matter 'detected:' or a timeline with dated times, e.g. '| 2026-10-29 07:40 | Alert fired |')")
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
        let rootCause = sections["root cause", "root causes", "contributing factors", "root cause analysis", "root causes and trigger"]
        for (name, value) in [("summary", sections["summary"]), ("impact", sections["impact"]), ("root cause", rootCause)] where value == nil {
            missing.append(name)
        }
        let actions = sections.actions
        if actions.isEmpty { missing.append("action items") }
        _ = bodyLine
        let category = try frontString("category") ?? stats.category
        let incident = Incident(id: id, title: title, severity: severity, detectedAt: detected, acknowledgedAt: acknowledged,
                                resolvedAt: resolved, affects: affects, category: category, source: file)
        if let problem = incident.timeProblem { throw .unreadable(file: file, message: "incident \(id): \(problem)") }
        let postmortem = Postmortem(incident: id, title: title, date: date ?? LocalDate(detected, in: TimeZones.utc),
                                    summary: sections["summary"], impact: sections["impact"], rootCause: rootCause,
                                    trigger: sections["trigger"], wentWell: sections["what went well"],
                                    wentWrong: sections["what went wrong"], status: status, actions: actions, missing: missing,
                                    source: file)
        return PostmortemDocument(incident: incident, postmortem: postmortem, notes: notes)
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
        for (i, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            // Setext title: a line underlined with `===`.
            if title == nil, i + 1 < lines.count, !trimmed.isEmpty, !trimmed.hasPrefix("#"),
               lines[i + 1].trimmingCharacters(in: .whitespaces).count >= 3, lines[i + 1].trimmingCharacters(in: .whitespaces).allSatisfy({ $0 == "=" }) {
                title = trimmed
                continue
            }
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

    /// `Sev1`, `sev 2`, `severity 3`, `SEV-1` in the title, summary, impact or timeline (not in lessons about other work).
    var inferredSeverity: Int? {
        let pattern = try? NSRegularExpression(pattern: "\\bsev(?:erity)?[ -]?([1-4])\\b", options: [.caseInsensitive])
        var kept: [String] = []
        var section = ""
        for line in lines {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("#") {
                section = t.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces).lowercased()
                if t.hasPrefix("# ") { kept.append(t) }
                continue
            }
            if section.isEmpty || ["summary", "timeline", "impact", "severity", "detection"].contains(where: section.hasPrefix) || section == title?.lowercased() { kept.append(line) }
        }
        let text = kept.joined(separator: "\n")
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
        var underActions = false
        for line in lines {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("#") {
                section = t.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces).lowercased()
                // A `## Remediation` / `## Action items` heading makes its subsections action lists too.
                if t.prefix(while: { $0 == "#" }).count <= 2 { underActions = Self.isActionSection(section) || section.hasPrefix("remediation") }
                continue
            }
            var done = false
            var text: String
            if t.hasPrefix("- [ ]") || t.hasPrefix("* [ ]") {
                text = String(t.dropFirst(5))
            } else if t.lowercased().hasPrefix("- [x]") || t.lowercased().hasPrefix("* [x]") {
                text = String(t.dropFirst(5)); done = true
            } else if Self.isActionSection(section) || underActions, t.hasPrefix("- ") || t.hasPrefix("* ") {
                text = String(t.dropFirst(2)).replacingOccurrences(of: "**", with: "")
                if section.contains("completed") || section.contains("done during") { done = true }
                if text.lowercased().contains("(done during this incident)") { done = true }
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
        return result + tableActions
    }

    /// Sections whose bullets are action items.
    static func isActionSection(_ name: String) -> Bool {
        name == "action items" || name.hasPrefix("action items") || name == "actions" || name.hasPrefix("follow-up") || name.hasPrefix("follow up")
            || name.hasPrefix("corrective action") || name.hasPrefix("immediate actions")
    }

    /// Action-item tables: `| Action | Owner | Due | Status |` (any order; the first column is the action when none is named).
    var tableActions: [Postmortem.Action] {
        var result: [Postmortem.Action] = []
        var section = ""
        var columns: [String]?
        var underActions = false
        for line in lines {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("#") {
                section = t.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces).lowercased(); columns = nil
                if t.prefix(while: { $0 == "#" }).count <= 2 { underActions = Self.isActionSection(section) || section.hasPrefix("remediation") }
                continue
            }
            guard Self.isActionSection(section) || underActions || section.contains("action"), t.hasPrefix("|") else { columns = nil; continue }
            let cells = t.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast().map { $0.trimmingCharacters(in: .whitespaces) }
            guard let header = columns else {
                let names = cells.map { $0.lowercased() }
                guard names.contains(where: { ["owner", "assignee", "due", "follow", "action", "task"].contains(where: $0.hasPrefix) }) else { continue }
                columns = names
                continue
            }
            if cells.allSatisfy({ $0.allSatisfy { $0 == "-" || $0 == ":" || $0 == " " } }) { continue }
            func cell(_ prefixes: [String]) -> String? {
                guard let i = header.firstIndex(where: { name in prefixes.contains(where: name.hasPrefix) }), i < cells.count, !cells[i].isEmpty, cells[i] != "-" else { return nil }
                return cells[i]
            }
            guard var title = cell(["action", "item", "task", "follow", "description", "what"]) ?? cells.first, !title.isEmpty else { continue }
            if let due = cell(["due", "deadline", "by"]) { title += " (due \(due))" }
            let owner = cell(["owner", "assignee", "who", "responsible"]).map { $0.hasPrefix("@") ? String($0.dropFirst()) : $0 }
            let status = (cell(["status", "state", "done"]) ?? "").lowercased()
            let done = ["done", "closed", "completed", "complete", "fixed", "yes", "x", "[x]", "✅"].contains(status)
            result.append(Postmortem.Action(title: title, owner: owner, done: done))
        }
        return result
    }
}
