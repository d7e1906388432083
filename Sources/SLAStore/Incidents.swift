import Foundation
import GRDB
import SLAModel

// MARK: - Incidents and postmortems

extension StoreContext {
    /// Inserts or replaces an incident and its affected agreements.
    package func save(_ incident: Incident) throws {
        try db.execute(sql: """
            INSERT INTO incidents (id, title, severity, detected_at, acknowledged_at, resolved_at, category, source)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET title = excluded.title, severity = excluded.severity, detected_at = excluded.detected_at,
                acknowledged_at = excluded.acknowledged_at, resolved_at = excluded.resolved_at, category = excluded.category,
                source = excluded.source
            """, arguments: [incident.id, incident.title, incident.severity, Clock.iso(incident.detectedAt),
                             incident.acknowledgedAt.map(Clock.iso), incident.resolvedAt.map(Clock.iso), incident.category, incident.source])
        try db.execute(sql: "DELETE FROM incident_agreements WHERE incident_id = ?", arguments: [incident.id])
        for agreement in incident.affects {
            try db.execute(sql: "INSERT INTO incident_agreements (incident_id, agreement_id) VALUES (?, ?)", arguments: [incident.id, agreement.rawValue])
        }
    }

    package func incident(_ id: String) throws -> Incident? {
        try incidents().first { $0.id == id }
    }

    /// Every incident, oldest first.
    package func incidents() throws -> [Incident] {
        var affects: [String: [AgreementID]] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT incident_id, agreement_id FROM incident_agreements ORDER BY agreement_id")) {
            affects[row[0], default: []].append(AgreementID(row[1]))
        }
        return try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM incidents ORDER BY detected_at, id")).map { row throws(UnreadableRow) in
            let r = RowReader(row, table: "incidents")
            let id = try r.text("id")
            return Incident(id: id, title: try r.text("title"), severity: try r.int("severity"),
                            detectedAt: try r.instant("detected_at"), acknowledgedAt: try r.optionalInstant("acknowledged_at"),
                            resolvedAt: try r.optionalInstant("resolved_at"), affects: affects[id] ?? [],
                            category: try r.optionalText("category"), source: try r.optionalText("source") ?? "")
        }
    }

    /// Inserts or replaces a postmortem; its action items are added once (matched by title) and never removed.
    /// Returns how many action items were new.
    @discardableResult
    package func save(_ postmortem: Postmortem, at now: Date) throws -> Int {
        let missing = "[" + postmortem.missing.map { JSONValue.quote($0) }.joined(separator: ",") + "]"
        try db.execute(sql: """
            INSERT INTO postmortems (incident_id, title, summary, impact, root_cause, trigger, went_well, went_wrong, status, source, date, missing)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(incident_id) DO UPDATE SET title = excluded.title, summary = excluded.summary, impact = excluded.impact,
                root_cause = excluded.root_cause, trigger = excluded.trigger, went_well = excluded.went_well,
                went_wrong = excluded.went_wrong, status = excluded.status, source = excluded.source, date = excluded.date,
                missing = excluded.missing
            """, arguments: [postmortem.incident, postmortem.title, postmortem.summary, postmortem.impact, postmortem.rootCause,
                             postmortem.trigger, postmortem.wentWell, postmortem.wentWrong, postmortem.status.rawValue,
                             postmortem.source, postmortem.date?.description, missing])
        var added = 0
        for action in postmortem.actions {
            let exists = try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM action_items WHERE origin_postmortem_id = ? AND title = ?)"),
                                           arguments: [postmortem.incident, action.title]) ?? false
            guard !exists else { continue }
            try db.execute(sql: """
                INSERT INTO action_items (title, owner, origin_postmortem_id, status, created_at, closed_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [action.title, action.owner ?? "unassigned", postmortem.incident, action.done ? "done" : "open",
                                 Clock.iso(now), action.done ? Clock.iso(now) : nil])
            added += 1
        }
        return added
    }

    /// The postmortem status of each incident that has one.
    package func postmortemStatuses() throws -> [String: Postmortem.Status] {
        var result: [String: Postmortem.Status] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT incident_id, status FROM postmortems")) {
            let r = RowReader(row, table: "postmortems", keyColumn: "incident_id")
            result[try r.text("incident_id")] = try r.choice(Postmortem.Status.self, "status")
        }
        return result
    }

    /// Open and closed action items that came from postmortems, per incident.
    package func postmortemActionCounts() throws -> [String: (open: Int, total: Int)] {
        var result: [String: (open: Int, total: Int)] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT origin_postmortem_id, SUM(status = 'open') AS open, COUNT(*) AS total FROM action_items
            WHERE origin_postmortem_id IS NOT NULL GROUP BY origin_postmortem_id
            """)) {
            let r = RowReader(row, table: "action_items", keyColumn: "origin_postmortem_id")
            result[try r.text("origin_postmortem_id")] = (try r.int("open"), try r.int("total"))
        }
        return result
    }
}
