import Foundation
import GRDB
import SLAModel

/// A decision as the log shows it: its retro and subject, what it wrote, and whether it was taken back.
package struct DecisionRecord: Sendable, Equatable {
    package struct Undo: Sendable, Equatable {
        package var at: Date
        /// The decision that replaced it (nil: a plain `undo`).
        package var replacedBy: Int64?
        /// The revision that restored the terms, when the decision had written one.
        package var agreement: AgreementID?
        package var revision: Int?
    }

    package var id: Int64
    package var retro: Int64
    package var sprint: SprintID
    package var itemID: Int64
    package var step: Int
    package var subjectKind: AgendaItem.SubjectKind
    package var subject: String
    package var verb: DecisionVerb
    package var note: String?
    package var agreement: AgreementID?
    package var revision: Int?
    package var snooze: Int?
    package var decidedAt: Date
    /// The newest decision the deciding shell had seen.
    package var basedOn: Int64?
    package var undo: Undo?
    /// The team of the agreement, asset owner or team the decision is about (for `--team`).
    package var team: TeamID?

    package var isLive: Bool { undo == nil }

    /// The plain decision, as the agenda and minutes use it.
    package var decision: Decision {
        Decision(id: id, itemID: itemID, verb: verb, note: note, agreement: agreement, revision: revision, decidedAt: decidedAt)
    }
}

/// Why a stored decision row could not be read.
package enum DecisionRowError: Error, CustomStringConvertible {
    case unreadable(table: String, id: Int64, column: String, value: String)
    package var description: String {
        switch self {
        case .unreadable(let table, let id, let column, let value): return "\(table) row \(id): unreadable \(column) '\(value)'"
        }
    }
}

extension StoreContext {
    /// Decisions with their retro, subject and undo, oldest first; nil filters mean all.
    package func decisionRecords(retro: Int64? = nil, subject: String? = nil) throws -> [DecisionRecord] {
        var sql = """
            SELECT d.id, i.retro_id, r.sprint_id, d.retro_item_id, i.step, i.subject_kind, i.subject_id, d.verb, d.note,
                   d.agreement_id, d.revision_number, d.snooze_sprints, d.decided_at, d.based_on,
                   u.undone_at, u.replaced_by, u.agreement_id AS u_agreement, u.revision_number AS u_revision,
                   COALESCE(a.team_id, s.owner_id, t.id) AS team
            FROM decisions d JOIN retro_items i ON i.id = d.retro_item_id JOIN retros r ON r.id = i.retro_id
            LEFT JOIN decision_undos u ON u.decision_id = d.id
            LEFT JOIN agreements a ON a.id = COALESCE(d.agreement_id, CASE WHEN i.subject_kind = 'agreement' THEN i.subject_id END)
            LEFT JOIN assets s ON i.subject_kind = 'asset' AND s.id = i.subject_id
            LEFT JOIN teams t ON i.subject_kind = 'team' AND t.id = i.subject_id
            WHERE 1 = 1
            """
        var arguments: StatementArguments = []
        if let retro { sql += " AND i.retro_id = ?"; arguments += [retro] }
        if let subject { sql += " AND (i.subject_id = ? OR d.agreement_id = ?)"; arguments += [subject, subject] }
        sql += " ORDER BY d.id"
        return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map(Self.decisionRecord)
    }

    /// The newest decision id in the workspace (0 when none).
    package func newestDecisionID() throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(MAX(id), 0) FROM decisions")) ?? 0
    }

    /// Records a decision with the newest decision its shell had seen.
    package func recordDecision(item: Int64, verb: DecisionVerb, note: String?, agreement: AgreementID?, revision: Int?,
                                snooze: Int?, basedOn: Int64?, at: Date) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO decisions (retro_item_id, verb, note, agreement_id, revision_number, snooze_sprints, decided_at, based_on)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [item, verb.rawValue, note, agreement?.rawValue, revision, snooze, Clock.iso(at), basedOn])
        return db.lastInsertedRowID
    }

    /// The compensating record of an undo (or a replacement), with the revision that restored the terms.
    package func recordUndo(of decision: Int64, replacedBy: Int64?, agreement: AgreementID?, revision: Int?, at: Date) throws {
        try db.execute(sql: "INSERT INTO decision_undos (decision_id, replaced_by, agreement_id, revision_number, undone_at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [decision, replacedBy, agreement?.rawValue, revision, Clock.iso(at)])
    }

    /// Links an earlier undo to the decision that replaced it.
    package func setReplacedBy(_ decision: Int64, undone: Int64) throws {
        try db.execute(sql: "UPDATE decision_undos SET replaced_by = ? WHERE decision_id = ?", arguments: [decision, undone])
    }

    /// The retros that discussed a subject (an item on their agenda), oldest first.
    package func retros(discussing subject: String) throws -> [Int64] {
        try Int64.fetchAll(db.cachedStatement(sql: """
            SELECT DISTINCT i.retro_id FROM retro_items i LEFT JOIN decisions d ON d.retro_item_id = i.id
            WHERE i.subject_id = ? OR d.agreement_id = ? ORDER BY i.retro_id
            """), arguments: [subject, subject])
    }

    /// Un-retires an asset (the undo of retiring it).
    package func setAssetRetired(_ id: AssetID, on date: LocalDate?) throws {
        try db.execute(sql: "UPDATE assets SET retired_at = ? WHERE id = ?", arguments: [date?.description, id.rawValue])
    }

    /// The last day each asset was accessed before `end` (exclusive), from the daily rollups.
    package func lastAccess(before end: LocalDate) throws -> [AssetID: LocalDate] {
        var result: [AssetID: LocalDate] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT asset_id, MAX(date) FROM usage_rollups WHERE accesses > 0 AND date < ? GROUP BY asset_id"),
                                    arguments: [end.description]) {
            if let date = LocalDate(row[1] as String) { result[AssetID(row[0])] = date }
        }
        return result
    }

    static func decisionRecord(_ row: Row) throws -> DecisionRecord {
        let id: Int64 = row["id"]
        let verbText: String = row["verb"], kindText: String = row["subject_kind"]
        guard let verb = DecisionVerb(rawValue: verbText) else { throw DecisionRowError.unreadable(table: "decisions", id: id, column: "verb", value: verbText) }
        guard let kind = AgendaItem.SubjectKind(rawValue: kindText) else {
            throw DecisionRowError.unreadable(table: "retro_items", id: row["retro_item_id"], column: "subject_kind", value: kindText)
        }
        let decidedText: String = row["decided_at"]
        guard let decided = Clock.parseInstant(decidedText) else { throw DecisionRowError.unreadable(table: "decisions", id: id, column: "decided_at", value: decidedText) }
        var undo: DecisionRecord.Undo?
        if let undoneText = row["undone_at"] as String? {
            guard let at = Clock.parseInstant(undoneText) else { throw DecisionRowError.unreadable(table: "decision_undos", id: id, column: "undone_at", value: undoneText) }
            undo = .init(at: at, replacedBy: row["replaced_by"], agreement: (row["u_agreement"] as String?).map { AgreementID($0) }, revision: row["u_revision"])
        }
        return DecisionRecord(id: id, retro: row["retro_id"], sprint: SprintID(row["sprint_id"]), itemID: row["retro_item_id"], step: row["step"],
                              subjectKind: kind, subject: row["subject_id"], verb: verb, note: row["note"],
                              agreement: (row["agreement_id"] as String?).map { AgreementID($0) }, revision: row["revision_number"],
                              snooze: row["snooze_sprints"], decidedAt: decided, basedOn: row["based_on"], undo: undo,
                              team: (row["team"] as String?).map { TeamID($0) })
    }
}

extension StoreContext {
    /// For each subject on the step-7 agenda ("due for review") of the latest retro of a sprint that started before
    /// `sprintStart`: that sprint and whether the retro decided on the subject (a standing decision anywhere in it).
    package func lastReviewAgendas(before sprintStart: LocalDate) throws -> [String: (sprint: SprintID, decided: Bool)] {
        var result: [String: (sprint: SprintID, decided: Bool)] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT i.subject_id, r.sprint_id, EXISTS (
                SELECT 1 FROM decisions d JOIN retro_items j ON j.id = d.retro_item_id
                WHERE j.retro_id = r.id AND (j.subject_id = i.subject_id OR d.agreement_id = i.subject_id)
                AND d.id NOT IN (SELECT decision_id FROM decision_undos)) AS decided
            FROM retro_items i JOIN retros r ON r.id = i.retro_id JOIN sprints sp ON sp.id = r.sprint_id
            WHERE i.step = 7 AND sp.start_date < ? ORDER BY sp.start_date, r.id
            """), arguments: [sprintStart.description]) {
            result[row[0]] = (SprintID(row[1]), (row[2] as Int) != 0)
        }
        return result
    }
}
