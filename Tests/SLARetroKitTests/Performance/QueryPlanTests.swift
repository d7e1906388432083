import Foundation
import GRDB
import Testing
@testable import SLAModel
@testable import SLAStore
@testable import SLAEvaluate
@testable import SLALedger
@testable import SLAImport
@testable import SLARender
@testable import SLARetro
@testable import SLADemo

/// Collects the SQL of every statement a traced connection runs.
private final class StatementLog: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [String] = []
    func add(_ sql: String) { lock.lock(); defer { lock.unlock() }; if !seen.contains(sql) { seen.append(sql) } }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return seen }
}

/// The big tables a large workspace holds millions of rows in (issue 11): never walked whole by a command or the agenda.
@Suite("query plans")
struct QueryPlanTests {
    static let bigTables = ["observations", "usage_events", "usage_rollups", "usage_user_days"]

    /// The `SCAN` lines of the plan of `sql` that walk a big table (by name or alias) without an index.
    static func fullScans(_ sql: String, in db: Database) throws -> [String] {
        var names = Set(bigTables)
        let pattern = try NSRegularExpression(pattern: "\\b(" + bigTables.joined(separator: "|") + ")\\s+(?:AS\\s+)?([A-Za-z_][A-Za-z_0-9]*)", options: [.caseInsensitive])
        let keywords: Set<String> = ["where", "group", "order", "join", "on", "limit", "left", "inner", "cross", "using", "natural", "union", "set", "values", "as", "indexed", "not"]
        for match in pattern.matches(in: sql, range: NSRange(sql.startIndex..., in: sql)) {
            if let range = Range(match.range(at: 2), in: sql), !keywords.contains(sql[range].lowercased()) { names.insert(String(sql[range])) }
        }
        let statement = try db.makeStatement(sql: "EXPLAIN QUERY PLAN " + sql)
        statement.setUncheckedArguments(StatementArguments())
        return try Row.fetchAll(statement).compactMap { row -> String? in
            let detail: String = row["detail"]
            let words = detail.split(separator: " ")
            guard words.count >= 2, words[0] == "SCAN", names.contains(String(words[1])), !detail.contains("USING") else { return nil }
            return detail
        }
    }

    @Test("the agenda and the evaluation commands never scan observations, usage events, rollups or user-days")
    func noFullScans() throws {
        let store = try Fixture.demoStore()
        let clock = Clock(now: Demo.defaultNow)
        let log = StatementLog()
        try store.write { ctx in ctx.db.trace(options: .statement) { event in if case .statement(let s) = event { log.add(s.sql) } } }
        _ = try Demo.startRetro(store, clock: clock)
        try store.read { ctx in
            let sprint = try Evidence.sprint(nil, clock: clock, in: ctx)
            _ = try Evidence.gather(sprint, clock: clock, in: ctx)
            _ = try Evidence.gatherForIncidents(sprint, clock: clock, in: ctx)
            _ = try Democratization.report(sprint, in: ctx)
            _ = try OverQuality().candidates(end: clock.today(in: TimeZones.utc).adding(days: 1), clock: clock, in: ctx)
            _ = try AgreementOverview.load(AgreementID("SLA-sales-daily-freshness"), clock: clock, in: ctx)
        }
        try store.write { ctx in ctx.db.trace(options: .statement, nil) }
        let queries = log.all.filter { sql in
            let head = sql.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
            return (head.hasPrefix("SELECT") || head.hasPrefix("WITH")) && Self.bigTables.contains { sql.contains($0) }
        }
        #expect(queries.count >= 5, "the trace saw the evaluation queries")
        try store.read { ctx in
            for sql in queries {
                let scans = try Self.fullScans(sql, in: ctx.db)
                #expect(scans.isEmpty, "full scan \(scans) in: \(sql)")
            }
        }
    }

    @Test("one agreement's history reads that agreement's rows, and equals the full load's view of it")
    func oneAgreement() throws {
        let store = try Fixture.demoStore()
        let clock = Clock(now: Demo.defaultNow)
        try store.read { ctx in
            let all = try AgreementOverview.load(clock: clock, in: ctx)
            for known in [false, true] {
                let full = try AgreementOverview.load(clock: clock, in: ctx, known: known)
                for o in full {
                    let one = try #require(try AgreementOverview.load(o.agreement.id, clock: clock, in: ctx, known: known).first)
                    #expect(one.revisions.map(\.number) == o.revisions.map(\.number))
                    #expect(one.supportedBy == o.supportedBy, "\(o.agreement.id)")
                    #expect(one.inForce?.number == o.inForce?.number)
                    #expect(one.asset?.id == o.asset?.id && one.team?.id == o.team?.id)
                    #expect(one.evidence.keys.sorted() == o.evidence.keys.sorted())
                }
            }
            #expect(all.contains { !$0.supportedBy.isEmpty }, "the demo has an OLA supporting an SLA")
        }
    }

    @Test("incidents judge only the agreements they affect, with the same results as the whole sprint's evidence")
    func incidentsSubset() throws {
        let store = try Fixture.demoStore()
        let clock = Clock(now: Demo.defaultNow)
        try store.read { ctx in
            let sprint = try Evidence.sprint(nil, clock: clock, in: ctx)
            let full = IncidentSummary.review(try Evidence.gather(sprint, clock: clock, in: ctx))
            let subset = IncidentSummary.review(try Evidence.gatherForIncidents(sprint, clock: clock, in: ctx))
            #expect(full.reviews.count == subset.reviews.count && !full.reviews.isEmpty)
            for (a, b) in zip(full.reviews, subset.reviews) {
                #expect(a.incident.id == b.incident.id)
                #expect(a.postmortem == b.postmortem)
                #expect(a.responses.map(\.met) == b.responses.map(\.met))
                #expect(a.responses.map(\.responseTime) == b.responses.map(\.responseTime))
            }
            #expect(full.mtta == subset.mtta && full.mttr == subset.mttr)
        }
    }
}
