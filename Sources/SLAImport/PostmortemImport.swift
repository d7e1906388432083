import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger

/// What a postmortems import did, per file.
package struct PostmortemReport: Sendable {
    package struct Entry: Sendable {
        package let file: String
        package let incident: String
        package let title: String
        package let newActions: Int
        package let missing: [String]
    }
    package var entries: [Entry] = []
    /// Files passed over (templates).
    package var skipped: [String] = []
    /// Files of a folder that were refused, with the one-line reason; nothing of them was written.
    package var refused: [(file: String, reason: String)] = []
}

/// Imports postmortems (Markdown with YAML front matter, or headings and a timeline) as incidents, postmortems and action items.
package struct PostmortemImport {
    package var clock: Clock
    package var incident: String?
    /// The severity of files that state none (a default, never an override).
    package var severity: Int?
    package var affects: [AgreementID]
    /// The zone of timeline times (over what the files state).
    package var timezone: String?

    package init(clock: Clock, incident: String? = nil, severity: Int? = nil, affects: [AgreementID] = [], timezone: String? = nil) {
        self.clock = clock; self.incident = incident; self.severity = severity; self.affects = affects; self.timezone = timezone
    }

    /// Imports one Markdown file, or every `*.md` in a folder (files named like a template are skipped); all or nothing.
    package func importPath(_ path: String, into store: Store) throws -> PostmortemReport {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ImportError.unreadable(file: path, message: "no such file or folder")
        }
        var report = PostmortemReport()
        var files = [path]
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            files = names.filter { $0.lowercased().hasSuffix(".md") }.sorted().map { (path as NSString).appendingPathComponent($0) }
            report.skipped = files.filter { ($0 as NSString).lastPathComponent.lowercased().contains("template") }
            files.removeAll { report.skipped.contains($0) }
            guard !files.isEmpty else { throw ImportError.unreadable(file: path, message: "no postmortem (*.md) files in the folder") }
            guard incident == nil else { throw ImportError.unreadable(file: path, message: "--incident names one incident; give a single file with it") }
        }
        guard isDirectory.boolValue else {
            let imported = try importTexts([(try InputFile.read(path).text, path)], into: store)
            report.entries = imported.entries
            return report
        }
        // A folder: every good file is imported (one transaction each); each refused one is listed with its reason.
        for file in files {
            do {
                let imported = try importTexts([(try InputFile.read(file).text, file)], into: store)
                report.entries += imported.entries
            } catch let error as ImportError {
                report.refused.append((file, error.description))
            }
        }
        return report
    }

    /// Imports postmortems given as (text, file name) pairs, in one transaction.
    package func importTexts(_ texts: [(String, String)], into store: Store) throws -> PostmortemReport {
        var report = PostmortemReport()
        let overrides = PostmortemDocument.Overrides(incident: incident, severity: severity, affects: affects, timezone: timezone)
        let documents = try texts.map { text, file in try PostmortemDocument.parse(text, file: file, overrides: overrides) }
        try store.write { ctx in
            for document in documents {
                for id in document.incident.affects where try ctx.agreement(id) == nil {
                    throw ImportError.unreadable(file: document.postmortem.source, message: "affects unknown agreement '\(id)'"
                        + Suggest.hint(for: id.rawValue, among: try ctx.agreements().map(\.id.rawValue)))
                }
                try ctx.save(document.incident)
                let added = try ctx.save(document.postmortem, at: clock.now)
                report.entries.append(.init(file: document.postmortem.source, incident: document.incident.id, title: document.incident.title,
                                            newActions: added, missing: document.postmortem.missing))
                try ctx.recordImport(kind: "postmortem", file: document.postmortem.source, sha256: "", at: clock.now, summary: document.incident.id)
            }
        }
        return report
    }
}

/// Imports incidents from CSV: `id,title,severity,detected,acknowledged,resolved,affects[,category]` (affects: ids joined by `;`).
package struct IncidentImport {
    package var clock: Clock
    package init(clock: Clock) { self.clock = clock }

    static let columns = ["id", "title", "severity", "detected", "acknowledged", "resolved", "affects", "category"]

    /// Imports the file in one transaction; re-importing updates the same incidents. Returns how many incidents it holds.
    package func importFile(_ path: String, into store: Store) throws -> Int {
        let reader = try LineReader(path: path)
        guard let header = reader.next({ CSVLine.fields($0) }) ?? nil else {
            throw ImportError.unreadable(file: path, message: "the file is empty (expected the header \(Self.columns.joined(separator: ",")))")
        }
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for name in names where !Self.columns.contains(name) {
            throw ImportError.invalid(file: path, line: 1, message: "unknown column '\(name)'" + Suggest.hint(for: name, among: Self.columns))
        }
        for name in Self.columns.prefix(4) where !names.contains(name) {
            throw ImportError.invalid(file: path, line: 1, message: "missing column '\(name)'")
        }
        var incidents: [(Incident, Int)] = []
        while let fields = reader.next({ CSVLine.fields($0) }) {
            let line = reader.lineNumber
            guard let fields else { throw ImportError.invalid(file: path, line: line, message: "a quote is not closed") }
            if fields.count == 1 && fields[0].isEmpty { continue }
            guard fields.count == names.count else { throw ImportError.invalid(file: path, line: line, message: "expected \(names.count) fields, found \(fields.count)") }
            var row: [String: String] = [:]
            for (name, value) in zip(names, fields) where !value.isEmpty { row[name] = value }
            func time(_ key: String) throws -> Date? {
                guard let text = row[key] else { return nil }
                guard let date = PostmortemDocument.parseTime(text) else {
                    throw ImportError.invalid(file: path, line: line, message: "bad \(key) time '\(text)' (expected e.g. 2026-10-29T07:40:00Z)")
                }
                return date
            }
            guard let id = row["id"], Slug.isValid(id) else { throw ImportError.invalid(file: path, line: line, message: "bad or missing incident id") }
            guard let severity = row["severity"].flatMap(Int.init), (1...4).contains(severity) else {
                throw ImportError.invalid(file: path, line: line, message: "bad severity '\(row["severity"] ?? "")' (expected 1 to 4, 1 the worst)")
            }
            guard let detected = try time("detected") else { throw ImportError.invalid(file: path, line: line, message: "missing detected time") }
            let affects = (row["affects"] ?? "").split(separator: ";").map { AgreementID($0.trimmingCharacters(in: .whitespaces)) }
            incidents.append((Incident(id: id, title: row["title"] ?? id, severity: severity, detectedAt: detected,
                                       acknowledgedAt: try time("acknowledged"), resolvedAt: try time("resolved"), affects: affects,
                                       category: row["category"], source: path), line))
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
        return incidents.count
    }
}
