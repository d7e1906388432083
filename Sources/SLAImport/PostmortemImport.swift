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
        /// How the file was read where it needs a reviewer's eye (a zone on a summer date, Stats that do not fit the timeline).
        package var notes: [String] = []
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
                                            newActions: added, missing: document.postmortem.missing, notes: document.notes))
                try ctx.recordImport(kind: "postmortem", file: document.postmortem.source, sha256: "", at: clock.now, summary: document.incident.id)
            }
        }
        return report
    }
}

