import Foundation
import GRDB
import SLAModel

// MARK: - Revisions (append-only: there is an insert and no update)

extension StoreContext {
    /// Every revision of one agreement, oldest first.
    package func revisions(of id: AgreementID) throws -> [Revision] {
        try Row.fetchAll(db, sql: "SELECT * FROM revisions WHERE agreement_id = ? ORDER BY number",
                         arguments: [id.rawValue]).map(Self.revision)
    }

    /// Every revision of every agreement, by agreement then number.
    package func allRevisions() throws -> [Revision] {
        try Row.fetchAll(db, sql: "SELECT * FROM revisions ORDER BY agreement_id, number").map(Self.revision)
    }

    /// Every revision of the agreements that name `id` in the `supports` of any revision, by agreement then number
    /// (the OLAs that may support an SLA; the caller checks their latest terms).
    package func revisionsNaming(_ id: AgreementID) throws -> [Revision] {
        try Row.fetchAll(db, sql: """
            SELECT * FROM revisions WHERE agreement_id IN (SELECT agreement_id FROM revisions WHERE instr(supports, ?) > 0)
            ORDER BY agreement_id, number
            """, arguments: ["\"\(id.rawValue)\""]).map(Self.revision)
    }

    /// The teams of the agreements with an active revision decided in a retro and effective in `from <= day < to`.
    package func teamsRevisedInRetros(from: LocalDate, to: LocalDate) throws -> [TeamID] {
        try String.fetchAll(db, sql: """
            SELECT DISTINCT a.team_id FROM revisions r JOIN agreements a ON a.id = r.agreement_id
            WHERE r.effective_from >= ? AND r.effective_from < ? AND r.retro_id IS NOT NULL AND r.status = 'active'
            """, arguments: [from.description, to.description]).map { TeamID($0) }
    }

    /// The evidence on screen when each retro-decided revision of one agreement was recorded, by revision number.
    package func revisionEvidence(of id: AgreementID) throws -> [Int: JSONValue] {
        var result: [Int: JSONValue] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT d.revision_number, i.evidence FROM decisions d JOIN retro_items i ON i.id = d.retro_item_id
            WHERE d.agreement_id = ? AND d.revision_number IS NOT NULL ORDER BY d.id
            """, arguments: [id.rawValue]) {
            if let evidence = JSONValue.parse(row[1]) { result[row[0]] = evidence }
        }
        return result
    }

    /// The newest revision of an agreement (possibly dated in the future).
    package func latestRevision(of id: AgreementID) throws -> Revision? {
        try Row.fetchOne(db, sql: "SELECT * FROM revisions WHERE agreement_id = ? ORDER BY number DESC LIMIT 1",
                         arguments: [id.rawValue]).map(Self.revision)
    }

    /// Appends a revision; the schema checks its number and date follow the previous one.
    package func append(_ revision: Revision) throws {
        let t = revision.terms
        let supports = "[" + t.supports.map { "\"\($0.rawValue)\"" }.joined(separator: ",") + "]"
        try db.execute(sql: """
            INSERT INTO revisions (agreement_id, number, indicator, objective, objective_metric, objective_threshold,
                target, window, timezone, review_every, driver, supports, response_time_s, compensation, workaround,
                postmortem_when, status, effective_from, reason, retro_id, author, source, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [
                revision.agreement.rawValue, revision.number, t.indicator.rawValue, t.objective.description,
                t.objective.metric.rawValue, t.objective.threshold, t.target, t.window.description, t.timezone,
                t.reviewEvery, t.driver?.rawValue, supports, t.playbook.responseTime, t.playbook.compensation,
                t.playbook.workaround, t.playbook.postmortemWhen?.description, revision.status.rawValue,
                revision.effectiveFrom.description, revision.reason, revision.retroID, revision.author,
                revision.source, Clock.iso(revision.recordedAt),
            ])
    }

    static func revision(_ row: Row) -> Revision {
        let metric = Metric(rawValue: row["objective_metric"]) ?? .freshness
        let supportsJSON: String = row["supports"]
        let supports = (try? JSONDecoder().decode([String].self, from: Data(supportsJSON.utf8))) ?? []
        let playbook = Playbook(responseTime: row["response_time_s"], compensation: row["compensation"],
                                workaround: row["workaround"],
                                postmortemWhen: (row["postmortem_when"] as String?).flatMap(PostmortemRule.parse))
        let terms = Terms(objective: Objective(metric: metric, threshold: row["objective_threshold"]),
                          target: row["target"], window: Window.parse(row["window"]) ?? .sprint,
                          timezone: row["timezone"], reviewEvery: row["review_every"],
                          driver: (row["driver"] as String?).flatMap(Driver.init(rawValue:)),
                          supports: supports.map { AgreementID($0) }, playbook: playbook)
        return Revision(agreement: AgreementID(row["agreement_id"]), number: row["number"], terms: terms,
                        status: RevisionStatus(rawValue: row["status"]) ?? .active,
                        effectiveFrom: LocalDate(row["effective_from"]) ?? LocalDate(year: 1970, month: 1, day: 1),
                        reason: row["reason"], retroID: row["retro_id"], author: row["author"], source: row["source"],
                        recordedAt: Clock.parseInstant(row["recorded_at"]) ?? Date(timeIntervalSince1970: 0))
    }
}
