import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger

/// Imports incidents from CSV: `id,title,severity,detected,acknowledged,resolved,affects[,category]` (affects: ids joined by `;`).
///
/// Exports of incident tools map onto these columns by their field names (case, spaces and dashes ignored):
/// PagerDuty's incident fields (`incident_number`, `title`/`summary`, `created_at`, `resolved_at`, `urgency`,
/// `priority`, `service`) and Opsgenie's alert fields (`TinyId`/`Alias`, `Message`, `CreatedAt`, `AcknowledgedAt`,
/// `ClosedAt`, `Priority` P1–P5). In such an export, columns slaretro does not use are reported and ignored.
package struct IncidentImport {
    package var clock: Clock
    /// The severity of rows that state none (`--severity`).
    package var severity: Int?
    package init(clock: Clock, severity: Int? = nil) { self.clock = clock; self.severity = severity }

    static let columns = ["id", "title", "severity", "detected", "acknowledged", "resolved", "affects", "category"]

    /// Field names of incident-tool exports → slaretro's columns (normalised: lowercase, `_` for spaces and dashes).
    static let aliases: [String: String] = [
        "incident_number": "id", "incident_id": "id", "number": "id", "#": "id", "tinyid": "id", "tiny_id": "id", "alias": "id", "key": "id",
        "summary": "title", "description": "title", "message": "title", "name": "title", "incident": "title",
        "priority": "severity", "sev": "severity", "severity_level": "severity", "urgency": "urgency",
        "created_at": "detected", "created_on": "detected", "createdat": "detected", "created": "detected", "triggered_at": "detected",
        "opened_at": "detected", "detected_at": "detected", "start_time": "detected", "started_at": "detected",
        "acknowledged_at": "acknowledged", "acknowledgedat": "acknowledged", "first_acknowledged_at": "acknowledged", "acked_at": "acknowledged",
        "resolved_at": "resolved", "resolved_on": "resolved", "closed_at": "resolved", "closedat": "resolved", "closed": "resolved",
        "end_time": "resolved", "affected_agreements": "affects", "service": "category", "service_name": "category", "entity": "category",
    ]

    static func normalised(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
    }

    /// Imports the file in one transaction; re-importing updates the same incidents. Returns how many incidents it holds.
    package func importFile(_ path: String, into store: Store) throws -> Int {
        try importReport(path, into: store).count
    }

    /// Imports the file; returns how many incidents it holds and what was ignored or read by a rule.
    package func importReport(_ path: String, into store: Store) throws -> (count: Int, notes: [String]) {
        let reader = try LineReader(path: path)
        guard let header = reader.next({ CSVLine.fields($0) }) ?? nil else {
            throw ImportError.unreadable(file: path, message: "the file is empty (expected the header \(Self.columns.joined(separator: ",")))")
        }
        var notes: [String] = []
        let written = header.map { $0.trimmingCharacters(in: .whitespaces) }
        let native = written.allSatisfy { Self.columns.contains($0.lowercased()) }
        var names: [String?] = []
        var ignored: [String] = []
        for name in written {
            let key = Self.normalised(name)
            if Self.columns.contains(key) { names.append(key); continue }
            if let mapped = Self.aliases[key] {
                if names.contains(mapped) { ignored.append(name); names.append(nil) } else { names.append(mapped) }
                continue
            }
            if !written.contains(where: { Self.aliases[Self.normalised($0)] != nil }) {
                throw ImportError.invalid(file: path, line: 1, message: "unknown column '\(name)'" + Suggest.hint(for: name, among: Self.columns))
            }
            ignored.append(name); names.append(nil)
        }
        if !ignored.isEmpty { notes.append("columns not used: " + ignored.joined(separator: ", ")) }
        for name in ["id", "detected"] where !names.contains(name) {
            let hint = name == "id" ? " (or incident_number, TinyId)" : " (or created_at, CreatedAt)"
            throw ImportError.invalid(file: path, line: 1, message: "missing column '\(name)'" + (native ? "" : hint))
        }
        if native, !names.contains("title") { throw ImportError.invalid(file: path, line: 1, message: "missing column 'title'") }
        if native, !names.contains("severity"), severity == nil { throw ImportError.invalid(file: path, line: 1, message: "missing column 'severity'") }
        var incidents: [(Incident, Int)] = []
        var urgencyNoted = false
        while let fields = reader.next({ CSVLine.fields($0) }) {
            let line = reader.lineNumber
            guard let fields else { throw ImportError.invalid(file: path, line: line, message: "a quote is not closed") }
            if fields.count == 1 && fields[0].isEmpty { continue }
            guard fields.count == names.count else { throw ImportError.invalid(file: path, line: line, message: "expected \(names.count) fields, found \(fields.count)") }
            var row: [String: String] = [:]
            for (name, value) in zip(names, fields) where !value.isEmpty { if let name { row[name] = value } }
            func time(_ key: String) throws -> Date? {
                guard let text = row[key] else { return nil }
                if let date = PostmortemDocument.parseTime(text) { return date }
                if let number = Double(text), number.isFinite, number > 0, number < 1e14 {
                    return Date(timeIntervalSince1970: number > 1e11 ? number / 1000 : number)  // epoch seconds or milliseconds
                }
                throw ImportError.invalid(file: path, line: line, message: "bad \(key) time '\(text)' (expected e.g. 2026-10-29T07:40:00Z)")
            }
            guard var id = row["id"], !id.isEmpty else { throw ImportError.invalid(file: path, line: line, message: "bad or missing incident id") }
            if !native, !Slug.isValid(id) { id = PostmortemDocument.slug(id) }
            guard Slug.isValid(id) else { throw ImportError.invalid(file: path, line: line, message: "bad or missing incident id") }
            var level: Int?
            if let text = row["severity"] {
                guard let n = native ? Int(text).flatMap({ (1...4).contains($0) ? $0 : nil }) : SeverityText.parse(text) else {
                    throw ImportError.invalid(file: path, line: line, message: "bad severity '\(text)' (expected 1 to 4, 1 the worst)")
                }
                level = n
            }
            if level == nil, let fallback = severity { level = fallback }
            if level == nil, let urgency = row["urgency"]?.lowercased(), let n = ["high": 2, "low": 4][urgency] {
                level = n
                if !urgencyNoted { notes.append("severity read from urgency (high → 2, low → 4) where no priority or --severity is given"); urgencyNoted = true }
            }
            guard let severity = level else {
                throw ImportError.invalid(file: path, line: line, message: "bad severity '\(row["severity"] ?? "")' (expected 1 to 4, 1 the worst)" + (native ? "" : "; pass --severity for rows without one"))
            }
            guard let detected = try time("detected") else { throw ImportError.invalid(file: path, line: line, message: "missing detected time") }
            let affects = (row["affects"] ?? "").split(separator: ";").map { AgreementID($0.trimmingCharacters(in: .whitespaces)) }
            let incident = Incident(id: id, title: row["title"] ?? id, severity: severity, detectedAt: detected,
                                    acknowledgedAt: try time("acknowledged"), resolvedAt: try time("resolved"), affects: affects,
                                    category: row["category"], source: path)
            if let problem = incident.timeProblem { throw ImportError.invalid(file: path, line: line, message: "incident \(id): \(problem)") }
            if let first = incidents.first(where: { $0.0.id == id }) {
                throw ImportError.invalid(file: path, line: line, message: "incident \(id) appears twice (first on line \(first.1))")
            }
            incidents.append((incident, line))
        }
        try store.write { ctx in
            for (incident, line) in incidents {
                for id in incident.affects where try ctx.agreement(id) == nil {
                    throw ImportError.invalid(file: path, line: line, message: "unknown agreement '\(id)'" + Suggest.hint(for: id.rawValue, among: try ctx.agreements().map(\.id.rawValue)))
                }
                try ctx.save(incident)
            }
            try ctx.recordImport(kind: "incidents", file: path, sha256: "", at: clock.now, summary: "\(incidents.count) incidents")
        }
        return (incidents.count, notes)
    }
}
