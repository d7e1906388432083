import Foundation
import GRDB
import SLAModel

// MARK: - Revisions (append-only: there is an insert and no update)

extension StoreContext {
    /// Every revision of one agreement, oldest first.
    package func revisions(of id: AgreementID) throws -> [Revision] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM revisions WHERE agreement_id = ? ORDER BY number"),
                         arguments: [id.rawValue]).map { try Self.revision($0) }
    }

    /// Every revision of every agreement, by agreement then number.
    package func allRevisions() throws -> [Revision] {
        if let revisions = try? strictRevisions("SELECT \(Self.revisionColumns("")) FROM revisions ORDER BY agreement_id, number", []) {
            return revisions
        }
        return try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM revisions ORDER BY agreement_id, number")).map { try Self.revision($0) }
    }

    /// The columns `strictRevision` reads, in its order, of the table named `alias` (or of `revisions` with "").
    static func revisionColumns(_ alias: String) -> String {
        ["agreement_id", "number", "objective_metric", "objective_threshold", "target", "window", "timezone", "review_every", "driver",
         "supports", "response_time_s", "compensation", "workaround", "postmortem_when", "status", "effective_from", "reason",
         "retro_id", "author", "source", "recorded_at"].map { alias.isEmpty ? $0 : "\(alias).\($0)" }.joined(separator: ", ")
    }

    /// Revisions read by `sql` (selecting `revisionColumns`) with the C API, for the commands that read every revision
    /// of a large catalog; nil when a row is not stored exactly as the store writes it (a value of another storage
    /// class, an unknown spelling): the caller then reads the rows with `revision(_:)`, which reads such a value the
    /// same way it always has or names the row it cannot read.
    func strictRevisions(_ sql: String, _ arguments: [String]) throws -> [Revision]? {
        var result: [Revision] = []
        var strict = true
        try eachRawRow(sql, arguments) { row in
            guard strict else { return }
            if let revision = Self.strictRevision(row) { result.append(revision) } else { strict = false }
        }
        return strict ? result : nil
    }

    static func strictRevision(_ row: RawRow) -> Revision? {
        /// A nullable column: nil when NULL, .some(value) when readable, and the whole row unreadable otherwise.
        func nullable<T>(_ column: Int32, _ read: (Int32) -> T?) -> T?? {
            if row.isNull(column) { return .some(nil) }
            return read(column).map { .some($0) }
        }
        func finite(_ column: Int32) -> Double? { row.number(column).flatMap { $0.isFinite ? $0 : nil } }
        func int(_ column: Int32) -> Int? { row.integer(column).flatMap { Int(exactly: $0) } }
        guard let agreement = row.text(0), let number = int(1),
              let metric = row.text(2).flatMap(Metric.init(rawValue:)), let threshold = finite(3), let target = finite(4),
              let window = row.text(5).flatMap(Window.parse), let timezone = row.text(6), let reviewEvery = int(7),
              let driver = nullable(8, { row.text($0).flatMap(Driver.init(rawValue:)) }),
              case .array(let items)? = row.text(9).flatMap(JSONValue.parse),
              let responseTime = nullable(10, finite), let compensation = nullable(11, row.text), let workaround = nullable(12, row.text),
              let postmortemWhen = nullable(13, { row.text($0).flatMap(PostmortemRule.parse) }),
              let status = row.text(14).flatMap(RevisionStatus.init(rawValue:)), let effectiveFrom = row.bytes(15).flatMap(LocalDate.init(utf8:)),
              let reason = row.text(16), let retroID = nullable(17, row.integer), let author = row.text(18), let source = row.text(19),
              let recordedAt = row.text(20).flatMap(Clock.parseInstant) else { return nil }
        var supports: [AgreementID] = []
        for item in items {
            guard let id = item.string else { return nil }
            supports.append(AgreementID(id))
        }
        let playbook = Playbook(responseTime: responseTime, compensation: compensation, workaround: workaround, postmortemWhen: postmortemWhen)
        let terms = Terms(objective: Objective(metric: metric, threshold: threshold), target: target, window: window, timezone: timezone,
                          reviewEvery: reviewEvery, driver: driver, supports: supports, playbook: playbook)
        return Revision(agreement: AgreementID(agreement), number: number, terms: terms, status: status, effectiveFrom: effectiveFrom,
                        reason: reason, retroID: retroID, author: author, source: source, recordedAt: recordedAt)
    }

    /// Every revision of the agreements that name `id` in the `supports` of any revision, by agreement then number
    /// (the OLAs that may support an SLA; the caller checks their latest terms).
    package func revisionsNaming(_ id: AgreementID) throws -> [Revision] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT * FROM revisions WHERE agreement_id IN (SELECT agreement_id FROM revisions WHERE instr(supports, ?) > 0)
            ORDER BY agreement_id, number
            """), arguments: ["\"\(id.rawValue)\""]).map { try Self.revision($0) }
    }

    /// The teams of the agreements with an active revision decided in a retro and effective in `from <= day < to`.
    package func teamsRevisedInRetros(from: LocalDate, to: LocalDate) throws -> [TeamID] {
        try String.fetchAll(db.cachedStatement(sql: """
            SELECT DISTINCT a.team_id FROM revisions r JOIN agreements a ON a.id = r.agreement_id
            WHERE r.effective_from >= ? AND r.effective_from < ? AND r.retro_id IS NOT NULL AND r.status = 'active'
            """), arguments: [from.description, to.description]).map { TeamID($0) }
    }

    /// The evidence on screen when each retro-decided revision of one agreement was recorded, by revision number.
    package func revisionEvidence(of id: AgreementID) throws -> [Int: JSONValue] {
        var result: [Int: JSONValue] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT d.revision_number, i.evidence FROM decisions d JOIN retro_items i ON i.id = d.retro_item_id
            WHERE d.agreement_id = ? AND d.revision_number IS NOT NULL ORDER BY d.id
            """), arguments: [id.rawValue]) {
            if let evidence = JSONValue.parse(row[1]) { result[row[0]] = evidence }
        }
        return result
    }

    /// The newest revision of an agreement (possibly dated in the future).
    package func latestRevision(of id: AgreementID) throws -> Revision? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM revisions WHERE agreement_id = ? ORDER BY number DESC LIMIT 1"),
                         arguments: [id.rawValue]).map { try Self.revision($0) }
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

    /// Reads one `revisions` row; a value outside its type is an ``UnreadableRow`` naming `AGREEMENT#NUMBER` and the column.
    static func revision(_ row: Row) throws(UnreadableRow) -> Revision {
        let r = RowReader(row, table: "revisions", keyColumns: ["agreement_id", "number"])
        let playbook = Playbook(responseTime: try r.optionalDouble("response_time_s"), compensation: try r.optionalText("compensation"),
                                workaround: try r.optionalText("workaround"),
                                postmortemWhen: try r.optionalParsed("postmortem_when", PostmortemRule.parse))
        let terms = Terms(objective: Objective(metric: try r.choice(Metric.self, "objective_metric"),
                                               threshold: try r.double("objective_threshold")),
                          target: try r.double("target"), window: try r.parsed("window", Window.parse),
                          timezone: try r.text("timezone"), reviewEvery: try r.int("review_every"),
                          driver: try r.optionalChoice(Driver.self, "driver"),
                          supports: try r.stringList("supports").map { AgreementID($0) }, playbook: playbook)
        return Revision(agreement: AgreementID(try r.text("agreement_id")), number: try r.int("number"), terms: terms,
                        status: try r.choice(RevisionStatus.self, "status"), effectiveFrom: try r.date("effective_from"),
                        reason: try r.text("reason"), retroID: try r.optionalInteger("retro_id"), author: try r.text("author"),
                        source: try r.text("source"), recordedAt: try r.instant("recorded_at"))
    }
}
