import Foundation
import GRDB
import SLAModel

/// One agreement judged in one sprint, kept so that evaluation reads one row instead of the sprint's observations.
///
/// Derived data, never a source of truth: a row is used only while it is current. The store deletes the rows an
/// observation or a revision could change (triggers of `v10.compliance-summaries`), and a reader also checks the
/// window and the number of revisions that had taken effect before its end, recomputing from the observations
/// whenever they differ (for instance a retro held as of an earlier moment, that knows fewer revisions).
package struct StoredCompliance: Sendable, Equatable {
    /// The judgement under one revision: `revision`, its target, good and total observations (or events).
    package struct Segment: Sendable, Equatable {
        package var revision: Int
        package var target: Double
        package var good: Int
        package var total: Int

        package init(revision: Int, target: Double, good: Int, total: Int) {
            self.revision = revision; self.target = target; self.good = good; self.total = total
        }
    }

    package var agreement: AgreementID
    package var sprint: SprintID
    /// The window judged, epoch seconds `[from, to)`.
    package var from: Double
    package var to: Double
    /// How many of the agreement's revisions had taken effect before `to` when this was computed.
    package var revisions: Int
    package var segments: [Segment]
    package var badDays: [LocalDate]
    package var countsEvents: Bool
    /// The time of the last observation judged in the window (nil: none).
    package var lastObserved: Double?

    package init(agreement: AgreementID, sprint: SprintID, from: Double, to: Double, revisions: Int,
                 segments: [Segment], badDays: [LocalDate], countsEvents: Bool, lastObserved: Double? = nil) {
        self.agreement = agreement; self.sprint = sprint; self.from = from; self.to = to; self.revisions = revisions
        self.segments = segments; self.badDays = badDays; self.countsEvents = countsEvents; self.lastObserved = lastObserved
    }

    /// Segments as stored: `revision:target:good:total` joined by `;` (the target as Swift writes a Double, which reads back exactly).
    var segmentsText: String {
        segments.map { "\($0.revision):\($0.target):\($0.good):\($0.total)" }.joined(separator: ";")
    }

    static func segments(_ text: String) -> [Segment]? {
        var text = text
        return text.withUTF8 { segments($0) }
    }

    /// `segments` of the column's bytes.
    static func segments(_ text: UnsafeBufferPointer<UInt8>) -> [Segment]? {
        if text.isEmpty { return [] }
        var result: [Segment] = []
        for part in text.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false) {
            let fields = part.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
            guard fields.count == 4, let revision = integer(fields[0]), let target = Double(String(decoding: fields[1], as: UTF8.self)), target.isFinite,
                  let good = integer(fields[2]), let total = integer(fields[3]), good >= 0, total >= good else { return nil }
            result.append(Segment(revision: revision, target: target, good: good, total: total))
        }
        return result
    }

    static func badDays(_ text: String) -> [LocalDate]? {
        var text = text
        return text.withUTF8 { badDays($0) }
    }

    /// `badDays` of the column's bytes.
    static func badDays(_ text: UnsafeBufferPointer<UInt8>) -> [LocalDate]? {
        if text.isEmpty { return [] }
        var result: [LocalDate] = []
        for part in text.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            guard let day = LocalDate(utf8: UnsafeBufferPointer(rebasing: part)) else { return nil }
            result.append(day)
        }
        return result
    }

    /// A decimal integer as `Int(_:)` reads one (an optional sign, then digits; nil on overflow or anything else).
    static func integer(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        var rest = bytes[...]
        var negative = false
        if let sign = rest.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { negative = sign == UInt8(ascii: "-"); rest = rest.dropFirst() }
        guard !rest.isEmpty else { return nil }
        var value = 0
        for b in rest {
            guard b >= 48, b <= 57 else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = negative ? times.subtractingReportingOverflow(Int(b - 48)) : times.addingReportingOverflow(Int(b - 48))
            guard !o1, !o2 else { return nil }
            value = next
        }
        return value
    }
}

extension StoreContext {
    /// The kept judgements of `sprints`, by sprint then agreement (of `only` those agreements, when given: read by
    /// agreement, for a few). A row that cannot be read is left out: the caller recomputes it from the observations,
    /// as it does for any row that is missing.
    package func complianceSummaries(sprints: [SprintID], only: Set<AgreementID>? = nil) throws -> [SprintID: [AgreementID: StoredCompliance]] {
        var result: [SprintID: [AgreementID: StoredCompliance]] = [:]
        let wanted = Set(sprints.map(\.rawValue))
        // Stepped with the C API and parsed from the columns' bytes: an agenda reads six sprints of every agreement.
        func read(_ row: RawRow) {
            guard let sprintText = row.text(0), wanted.contains(sprintText), let agreement = row.text(1),
                  let from = row.bytes(2).flatMap({ Timestamp.parse($0) }), let to = row.bytes(3).flatMap({ Timestamp.parse($0) }),
                  let revisions = row.integer(4), let segments = row.bytes(5).flatMap(StoredCompliance.segments),
                  let days = row.bytes(6).flatMap(StoredCompliance.badDays), let countsEvents = row.integer(7) else { return }
            var lastObserved: Double?
            if !row.isNull(8) {
                guard let last = row.bytes(8).flatMap({ Timestamp.parse($0) }) else { return }
                lastObserved = last
            }
            let sprint = SprintID(sprintText)
            result[sprint, default: [:]][AgreementID(agreement)] = StoredCompliance(
                agreement: AgreementID(agreement), sprint: sprint, from: from, to: to, revisions: Int(revisions),
                segments: segments, badDays: days, countsEvents: countsEvents != 0, lastObserved: lastObserved)
        }
        let columns = "sprint_id, agreement_id, window_from, window_to, revisions, segments, bad_days, counts_events, last_observed"
        if let only, only.count <= 64 {
            for id in only.sorted() { try eachRawRow("SELECT \(columns) FROM compliance_summaries WHERE agreement_id = ?", [id.rawValue], read) }
        } else {
            for sprint in sprints { try eachRawRow("SELECT \(columns) FROM compliance_summaries WHERE sprint_id = ?", [sprint.rawValue], read) }
        }
        return result
    }

    /// The instant (seconds since 1970) of the latest observation of any of `ids`; nil when none has one. One step
    /// down the `(agreement_id, observed_at)` index per agreement (stored times are UTC, so text order is time order).
    package func latestObservation(of ids: Set<AgreementID>) throws -> Double? {
        let statement = try db.cachedStatement(sql: "SELECT MAX(observed_at) FROM observations WHERE agreement_id = ?")
        var latest: Double?
        for id in ids {
            guard let text = try String.fetchOne(statement, arguments: [id.rawValue]), let t = Timestamp.parse(text) else { continue }
            latest = max(latest ?? t, t)
        }
        return latest
    }

    /// Keeps judgements (replacing any kept for the same agreement and sprint).
    package func saveComplianceSummaries(_ summaries: [StoredCompliance]) throws {
        guard !summaries.isEmpty else { return }
        // Bound with the C API: an import of a year of observations keeps tens of thousands of judgements.
        let insert = try bulkInsert("""
            INSERT OR REPLACE INTO compliance_summaries
                (sprint_id, agreement_id, window_from, window_to, revisions, segments, bad_days, counts_events, last_observed)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, cached: true)
        for s in summaries {
            insert.bind(1, s.sprint.rawValue)
            insert.bind(2, s.agreement.rawValue)
            insert.bind(3, Timestamp.format(s.from))
            insert.bind(4, Timestamp.format(s.to))
            insert.bind(5, s.revisions)
            insert.bind(6, s.segmentsText)
            insert.bind(7, s.badDays.map(\.description).joined(separator: ","))
            insert.bind(8, s.countsEvents ? 1 : 0)
            if let last = s.lastObserved { insert.bind(9, Timestamp.format(last)) } else { insert.bindNull(9) }
            try insert.step()
        }
    }
}

/// Migration `v10.compliance-summaries`: the table of kept judgements and the triggers that keep it current.
enum SchemaComplianceSummaries {
    static let sql = """
    -- Evidence.gather (breaches, incidents, the agenda's steps 2, 3 and 7): one agreement's judgement in one sprint,
    -- read by sprint, so a sprint's evidence reads a row per agreement instead of every observation of six sprints.
    CREATE TABLE compliance_summaries (
        sprint_id TEXT NOT NULL,
        agreement_id TEXT NOT NULL,
        window_from TEXT NOT NULL,
        window_to TEXT NOT NULL,
        revisions INTEGER NOT NULL,
        segments TEXT NOT NULL,
        bad_days TEXT NOT NULL,
        counts_events INTEGER NOT NULL,
        last_observed TEXT,
        PRIMARY KEY (sprint_id, agreement_id)
    ) WITHOUT ROWID;
    -- The triggers below: the kept judgements of one agreement whose window holds an instant.
    CREATE INDEX compliance_summaries_by_agreement ON compliance_summaries(agreement_id, window_from);
    CREATE TRIGGER compliance_summaries_observation_insert AFTER INSERT ON observations BEGIN
        DELETE FROM compliance_summaries WHERE agreement_id = NEW.agreement_id
            AND window_from <= NEW.observed_at AND window_to > NEW.observed_at;
    END;
    CREATE TRIGGER compliance_summaries_observation_update AFTER UPDATE ON observations BEGIN
        DELETE FROM compliance_summaries WHERE agreement_id IN (OLD.agreement_id, NEW.agreement_id);
    END;
    CREATE TRIGGER compliance_summaries_observation_delete AFTER DELETE ON observations BEGIN
        DELETE FROM compliance_summaries WHERE agreement_id = OLD.agreement_id;
    END;
    -- A revision takes effect at the start of its day in its zone, never before 14:00 UTC of the day before; a
    -- window that ended before that is judged the same with or without it.
    CREATE TRIGGER compliance_summaries_revision_insert AFTER INSERT ON revisions BEGIN
        DELETE FROM compliance_summaries WHERE agreement_id = NEW.agreement_id AND window_to > date(NEW.effective_from, '-1 day');
    END;
    CREATE TRIGGER compliance_summaries_sprint_update AFTER UPDATE ON sprints BEGIN
        DELETE FROM compliance_summaries WHERE sprint_id IN (OLD.id, NEW.id);
    END;
    CREATE TRIGGER compliance_summaries_sprint_delete AFTER DELETE ON sprints BEGIN
        DELETE FROM compliance_summaries WHERE sprint_id = OLD.id;
    END;
    """
}
