import Foundation
import Testing
@testable import SLAModel
@testable import SLAStore
@testable import SLAEvaluate
@testable import SLALedger
@testable import SLAImport
@testable import SLARender
@testable import SLARetro
@testable import SLADemo

/// Rows of a Looker, Metabase or BigQuery export that give no event are reported (never "N events, 0 kept" in
/// silence), and times without a zone are read in `--timezone` or, as documented, UTC with a note.
@Suite("usage presets: dropped rows and zones")
struct UsagePresetDropTests {
    func store() throws -> Store {
        let store = try Store.inMemory()
        _ = try CatalogImport(author: "t", clock: Fixture.now).importText(UsageImportTests.catalog, file: "c.yaml", into: store)
        return store
    }

    func times(_ store: Store) throws -> [String] {
        try store.query("SELECT occurred_at FROM usage_events ORDER BY occurred_at").rows.map { row in
            if case .text(let t) = row[0] { return t }
            return "?"
        }
    }

    @Test("Looker System Activity: rows without a dashboard or look id are dropped with one warning naming the columns, the count and the first line")
    func lookerDropped() throws {
        let store = try store()
        let path = try Fixture.file("looker.csv", """
            History Created Time,User Email,History Source,Dashboard ID (User-defined only),Look ID
            2026-11-03 09:00:00,sara@example.com,Dashboard,42,
            2026-11-03 09:05:00,sam@example.com,Explore,,
            2026-11-03 09:10:00,sam@example.com,Explore,,
            2026-11-03 10:00:00,sara@example.com,Look,,17
            """ + "\n")
        let report = try UsageImport(clock: Fixture.now, preset: .looker).importFile(path, into: store)
        #expect(report.rows == 4 && report.imported == 1 && report.unmatchedAssets == ["looker:look:17": 1])
        #expect(report.dropped == [.init(reason: "no 'Dashboard ID (User-defined only)' or 'Look ID'", count: 2, firstLine: 3, skipped: false)])
        #expect(report.notes == [
            "\(path): 2 rows dropped: no 'Dashboard ID (User-defined only)' or 'Look ID' (first at line 3)",
            "\(path): times without a zone (first at line 2) read as UTC; pass --timezone ZONE if the export was made in another zone (Looker writes times in the query's time zone)",
        ])
    }

    @Test("an export whose every row is dropped is refused with the reason, and nothing is written")
    func allDropped() throws {
        let store = try store()
        let before = try store.read { try $0.rowCounts() }
        let path = try Fixture.file("looker.csv", """
            History Created Time,User Email,Dashboard ID (User-defined only)
            2026-11-03 09:00:00Z,sara@example.com,
            2026-11-03 09:05:00Z,sam@example.com,
            """ + "\n")
        #expect(throws: ImportError.unreadable(file: path, message: "nothing in the file was recognised as looker usage (2 rows, no events: 2 dropped: no 'Dashboard ID (User-defined only)' (first at line 2))")) {
            try UsageImport(clock: Fixture.now, preset: .looker).importFile(path, into: store)
        }
        #expect(try store.read { try $0.rowCounts() } == before)
    }

    @Test("Looker times carry no zone: --timezone reads them in the query's zone (DST-correct); without it they are UTC")
    func lookerZone() throws {
        let text = """
            History Created Time,User Email,Dashboard ID (User-defined only),History Source
            2026-11-03 09:00:00,sara@example.com,42,Dashboard
            2026-07-01 09:00,sara@example.com,42,Dashboard
            2026-11-03 09:30:00Z,sara@example.com,42,Dashboard
            """ + "\n"
        let pacific = try store()
        let report = try UsageImport(clock: Fixture.now, preset: .looker, timezone: "America/Los_Angeles")
            .importFile(try Fixture.file("looker.csv", text), into: pacific)
        #expect(try times(pacific) == ["2026-07-01T16:00:00Z", "2026-11-03T09:30:00Z", "2026-11-03T17:00:00Z"],
                "09:00 in Los Angeles is 16:00 UTC in July (PDT) and 17:00 UTC in November (PST); a time with Z keeps its zone")
        #expect(report.notes == ["\(report.file): times without a zone (first at line 2) read in America/Los_Angeles (--timezone)"])
        let utc = try store()
        _ = try UsageImport(clock: Fixture.now, preset: .looker).importFile(try Fixture.file("looker.csv", text), into: utc)
        #expect(try times(utc) == ["2026-07-01T09:00:00Z", "2026-11-03T09:00:00Z", "2026-11-03T09:30:00Z"])
    }

    @Test("Metabase View log (header as documented): a row without Entity ID is dropped and reported")
    func metabaseDropped() throws {
        let store = try store()
        let header = try String(contentsOfFile: Fixture.format("csv-headers/metabase-view-log.header-from-docs.csv"), encoding: .utf8)
            .trimmingCharacters(in: .newlines)
        let path = try Fixture.file("view-log.csv", header + "\n"
            + "1,2026-11-04T08:00:00Z,12,card,7,card_7,,,false,,,,,,,,,\n"
            + "2,2026-11-04T08:01:00Z,12,collection,,,,,false,,,,,,,,,\n")
        let report = try UsageImport(clock: Fixture.now, preset: .metabase).importFile(path, into: store)
        #expect(report.imported == 1)
        #expect(report.notes == ["\(path): 1 row dropped: no 'Entity ID' (first at line 3)"])
    }

    @Test("BigQuery: LOAD jobs are skipped and said so; a query with no referenced table is dropped and said so")
    func bigquerySkipped() throws {
        let store = try store()
        let path = try Fixture.file("jobs.csv", """
            creation_time,user_email,job_type,referenced_tables
            2026-11-03 09:00:00 UTC,sara@example.com,QUERY,proj.sales.revenue_daily
            2026-11-03 09:01:00 UTC,etl@example.com,LOAD,proj.sales.revenue_daily
            2026-11-03 09:02:00 UTC,sara@example.com,QUERY,[]
            """ + "\n")
        let report = try UsageImport(clock: Fixture.now, preset: .bigqueryJobs).importFile(path, into: store)
        #expect(report.imported == 1)
        #expect(report.notes == ["\(path): 1 row skipped: job_type LOAD is not a query (first at line 3)",
                                 "\(path): 1 row dropped: no 'referenced_tables' (first at line 4)"])
    }

    @Test("formatted times as Metabase downloads them by default (`November 4, 2026, 8:00 PM`) are read, in --timezone", arguments: [
        ("November 4, 2026, 8:00 AM", "2026-11-04T08:00:00Z"), ("November 4, 2026, 8:00 PM", "2026-11-04T20:00:00Z"),
        ("November 4, 2026, 12:05 AM", "2026-11-04T00:05:00Z"), ("Nov 4, 2026, 12:05 PM", "2026-11-04T12:05:00Z"),
    ])
    func formattedTimes(_ text: String, _ utc: String) throws {
        let parsed = try #require(UsagePreset.parseTime(text))
        #expect(Timestamp.format(parsed.epoch) == utc && !parsed.zoned)
        #expect(UsagePreset.parseTime("November 4, 2026, 13:05 PM") == nil)
        var state = UsagePresetState(zone: "Europe/Oslo")
        #expect(state.parseTime("November 4, 2026, 8:00 AM", line: 2).map(Timestamp.format) == "2026-11-04T07:00:00Z")
    }
}
