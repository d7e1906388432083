import Foundation
import GRDB
import SLAModel

// MARK: - Retros, agenda items, decisions, action items

extension StoreContext {
    /// Starts a retro; the schema allows one unfinished retro per sprint.
    package func createRetro(sprint: SprintID, facilitator: String?, attendees: [String], at: Date) throws -> Int64 {
        try db.execute(sql: "INSERT INTO retros (sprint_id, facilitator, attendees, started_at) VALUES (?, ?, ?, ?)",
                       arguments: [sprint.rawValue, facilitator, Self.jsonList(attendees), Clock.iso(at)])
        return db.lastInsertedRowID
    }

    package func retros() throws -> [Retro] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM retros ORDER BY id")).map { try Self.retro($0) }
    }

    package func retro(_ id: Int64) throws -> Retro? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM retros WHERE id = ?"), arguments: [id]).map { try Self.retro($0) }
    }

    /// Saves where the agenda stands.
    package func setPosition(retro: Int64, step: Int, item: Int) throws {
        try db.execute(sql: "UPDATE retros SET step = ?, item = ? WHERE id = ?", arguments: [step, item, retro])
    }

    package func setAttendees(retro: Int64, _ attendees: [String]) throws {
        try db.execute(sql: "UPDATE retros SET attendees = ? WHERE id = ?", arguments: [Self.jsonList(attendees), retro])
    }

    package func finishRetro(_ id: Int64, at: Date) throws {
        try db.execute(sql: "UPDATE retros SET finished_at = ? WHERE id = ?", arguments: [Clock.iso(at), id])
    }

    /// Stores an agenda item with its evidence; returns its id.
    package func insertItem(retro: Int64, step: Int, position: Int, kind: AgendaItem.SubjectKind, subject: String, evidence: JSONValue) throws -> Int64 {
        try db.execute(sql: "INSERT INTO retro_items (retro_id, step, position, subject_kind, subject_id, evidence) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [retro, step, position, kind.rawValue, subject, evidence.compact()])
        return db.lastInsertedRowID
    }

    /// The stored agenda items of a retro, by step and position.
    package func items(retro: Int64) throws -> [AgendaItem] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM retro_items WHERE retro_id = ? ORDER BY step, position"), arguments: [retro]).map { try Self.item($0) }
    }


    /// Subjects snoozed in a retro: the sprint of that retro and for how many sprints.
    package func snoozes() throws -> [(subject: String, sprint: SprintID, sprints: Int)] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT i.subject_id, r.sprint_id, d.snooze_sprints FROM decisions d JOIN retro_items i ON i.id = d.retro_item_id
            JOIN retros r ON r.id = i.retro_id WHERE d.snooze_sprints IS NOT NULL AND d.id NOT IN (SELECT decision_id FROM decision_undos) ORDER BY d.id
            """)).map { row throws(UnreadableRow) in
                let r = RowReader(row, table: "decisions", keyColumn: "subject_id")
                return (try r.text("subject_id"), SprintID(try r.text("sprint_id")), try r.int("snooze_sprints"))
            }
    }

    /// The decisions of a retro that stand (not undone nor replaced), oldest first.
    package func decisions(retro: Int64) throws -> [Decision] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT d.* FROM decisions d JOIN retro_items i ON i.id = d.retro_item_id WHERE i.retro_id = ? AND d.id NOT IN (SELECT decision_id FROM decision_undos) ORDER BY d.id
            """), arguments: [retro]).map { try Self.decision($0) }
    }

    /// The newest standing decision on every subject in retros of sprints that started before `sprintStart`, with
    /// that sprint (a retro held late, or again, sees what was known then), keyed by `latestDecisionKey`: one query
    /// for an agenda that asks about thousands of subjects.
    package func latestDecisions(before sprintStart: LocalDate) throws -> [String: (SprintID, Decision)] {
        var result: [String: (SprintID, Decision)] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT i.subject_kind AS item_subject_kind, i.subject_id AS item_subject_id, r.sprint_id, d.*
            FROM decisions d JOIN retro_items i ON i.id = d.retro_item_id JOIN retros r ON r.id = i.retro_id
            JOIN sprints sp ON sp.id = r.sprint_id
            WHERE sp.start_date < ? AND d.id NOT IN (SELECT decision_id FROM decision_undos) ORDER BY sp.start_date DESC, d.id DESC
            """), arguments: [sprintStart.description]) {
            let key = Self.latestDecisionKey(kind: row["item_subject_kind"], subject: row["item_subject_id"])
            if result[key] == nil { result[key] = (SprintID(row["sprint_id"]), try Self.decision(row)) }
        }
        return result
    }

    package static func latestDecisionKey(kind: String, subject: String) -> String { kind + "\u{0}" + subject }

    /// The sprint of the latest standing retro decision on each agreement (any verb), counting only retros of
    /// sprints that started before `sprintStart` when it is given.
    package func lastReviews(before sprintStart: LocalDate? = nil) throws -> [AgreementID: SprintID] {
        var result: [AgreementID: SprintID] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT COALESCE(d.agreement_id, i.subject_id), r.sprint_id FROM decisions d JOIN retro_items i ON i.id = d.retro_item_id
            JOIN retros r ON r.id = i.retro_id JOIN sprints sp ON sp.id = r.sprint_id
            WHERE (i.subject_kind = 'agreement' OR d.agreement_id IS NOT NULL) AND sp.start_date < ? AND d.id NOT IN (SELECT decision_id FROM decision_undos) ORDER BY sp.start_date, d.id
            """), arguments: [(sprintStart?.description ?? "9999-12-31")]) {
            result[AgreementID(row[0])] = SprintID(row[1])
        }
        return result
    }

    package func createAction(title: String, owner: String, due: SprintID?, item: Int64?, at: Date) throws -> Int64 {
        try db.execute(sql: "INSERT INTO action_items (title, owner, due_sprint_id, origin_retro_item_id, created_at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [title, owner, due?.rawValue, item, Clock.iso(at)])
        return db.lastInsertedRowID
    }

    /// Closes an action as done or dropped in a retro.
    package func closeAction(_ id: Int64, status: ActionItem.Status, reason: String?, retro: Int64?, at: Date) throws {
        try db.execute(sql: "UPDATE action_items SET status = ?, reason = ?, closed_in_retro_id = ?, closed_at = ? WHERE id = ?",
                       arguments: [status.rawValue, reason, retro, Clock.iso(at), id])
    }

    package func actions() throws -> [ActionItem] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM action_items ORDER BY id")).map { try Self.action($0) }
    }

    package func action(_ id: Int64) throws -> ActionItem? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM action_items WHERE id = ?"), arguments: [id]).map { try Self.action($0) }
    }

    /// The retro an agenda item belongs to.
    package func retroOfItem(_ item: Int64) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT retro_id FROM retro_items WHERE id = ?"), arguments: [item])
    }

    /// The subject of an agenda item (one row, not the item's whole retro).
    package func subjectOfItem(_ item: Int64) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT subject_id FROM retro_items WHERE id = ?"), arguments: [item])
    }

    static func jsonList(_ items: [String]) -> String { JSONValue.array(items.map(JSONValue.string)).compact() }

    static func retro(_ row: Row) throws(UnreadableRow) -> Retro {
        let r = RowReader(row, table: "retros")
        return Retro(id: try r.integer("id"), sprint: SprintID(try r.text("sprint_id")), facilitator: try r.optionalText("facilitator"),
                     attendees: try r.stringList("attendees"), startedAt: try r.instant("started_at"),
                     finishedAt: try r.optionalInstant("finished_at"), step: try r.int("step"), item: try r.int("item"))
    }

    /// Reads one `retro_items` row; its evidence must be the object the retro stored (title, lines, numbers).
    static func item(_ row: Row) throws(UnreadableRow) -> AgendaItem {
        let r = RowReader(row, table: "retro_items")
        let evidence = try r.json("evidence")
        guard case .object = evidence else { throw r.unreadable("evidence") }
        let subject = try r.text("subject_id")
        var title = subject
        if let stored = evidence["title"] {
            guard let text = stored.string else { throw r.unreadable("evidence") }
            title = text
        }
        var lines: [String] = []
        if let stored = evidence["lines"] {
            guard case .array(let items) = stored, items.allSatisfy({ $0.string != nil }) else { throw r.unreadable("evidence") }
            lines = items.compactMap(\.string)
        }
        var numbers: [(String, JSONValue)] = []
        if let stored = evidence["numbers"] {
            guard let pairs = stored.pairs else { throw r.unreadable("evidence") }
            numbers = pairs
        }
        return AgendaItem(id: try r.integer("id"), step: try r.int("step"), position: try r.int("position"),
                          subjectKind: try r.choice(AgendaItem.SubjectKind.self, "subject_kind"), subjectID: subject,
                          title: title, lines: lines, numbers: numbers)
    }

    static func decision(_ row: Row) throws(UnreadableRow) -> Decision {
        let r = RowReader(row, table: "decisions")
        return Decision(id: try r.integer("id"), itemID: try r.integer("retro_item_id"), verb: try r.choice(DecisionVerb.self, "verb"),
                        note: try r.optionalText("note"), agreement: try r.optionalText("agreement_id").map { AgreementID($0) },
                        revision: try r.optionalInt("revision_number"), decidedAt: try r.instant("decided_at"))
    }

    static func action(_ row: Row) throws(UnreadableRow) -> ActionItem {
        let r = RowReader(row, table: "action_items")
        return ActionItem(id: try r.integer("id"), title: try r.text("title"), owner: try r.text("owner"),
                          due: try r.optionalText("due_sprint_id").map { SprintID($0) },
                          originItem: try r.optionalInteger("origin_retro_item_id"), originPostmortem: try r.optionalText("origin_postmortem_id"),
                          status: try r.choice(ActionItem.Status.self, "status"), reason: try r.optionalText("reason"),
                          closedInRetro: try r.optionalInteger("closed_in_retro_id"), createdAt: try r.instant("created_at"),
                          closedAt: try r.optionalInstant("closed_at"))
    }
}

extension StoreContext {
    package func addNote(retro: Int64, item: Int64?, text: String, at: Date) throws {
        try db.execute(sql: "INSERT INTO retro_notes (retro_id, retro_item_id, text, noted_at) VALUES (?, ?, ?, ?)",
                       arguments: [retro, item, text, Clock.iso(at)])
    }

    /// The notes of a retro, oldest first, with the item they were taken on.
    package func notes(retro: Int64) throws -> [(item: Int64?, text: String)] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT id, retro_item_id, text FROM retro_notes WHERE retro_id = ? ORDER BY id"), arguments: [retro])
            .map { row throws(UnreadableRow) in
                let r = RowReader(row, table: "retro_notes")
                return (try r.optionalInteger("retro_item_id"), try r.text("text"))
            }
    }
}

extension StoreContext {
    /// The evidence on screen when each retro-decided revision was recorded, by agreement and revision number.
    package func revisionEvidence() throws -> [AgreementID: [Int: JSONValue]] {
        var result: [AgreementID: [Int: JSONValue]] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT d.agreement_id, d.revision_number, i.evidence FROM decisions d JOIN retro_items i ON i.id = d.retro_item_id
            WHERE d.agreement_id IS NOT NULL AND d.revision_number IS NOT NULL ORDER BY d.id
            """)) {
            if let evidence = JSONValue.parse(row[2]) { result[AgreementID(row[0]), default: [:]][row[1]] = evidence }
        }
        return result
    }
}
