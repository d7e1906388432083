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

/// Looker System Activity and Metabase usage-analytics exports with the column labels they are written with.
@Suite("usage presets with real column labels")
struct UsagePresetLabelTests {
    func store() throws -> Store {
        let store = try Store.inMemory()
        _ = try CatalogImport(author: "t", clock: Fixture.now).importText(UsageImportTests.catalog, file: "c.yaml", into: store)
        return store
    }

    @Test("Looker: 'Dashboard ID (User-defined only)' names the dashboard")
    func lookerUserDefined() throws {
        let store = try store()
        let path = try Fixture.file("looker.csv", """
            History Created Time,User Email,Dashboard ID (User-defined only),History Source
            2026-11-03 09:00:00,sara@example.com,42,Dashboard
            2026-11-03 10:00:00,sam@example.com,42,Dashboard
            """)
        let report = try UsageImport(clock: Fixture.now, preset: .looker).importFile(path, into: store)
        #expect(report.imported == 2)
    }

    @Test("Metabase usage analytics View log: Timestamp, User ID, Entity Type, Entity ID (header as the documentation lists it)")
    func metabaseViewLog() throws {
        let store = try store()
        let header = try String(contentsOfFile: Fixture.format("csv-headers/metabase-view-log.header-from-docs.csv"), encoding: .utf8)
            .trimmingCharacters(in: .newlines)
        let path = try Fixture.file("view-log.csv", header + "\n" + "1,2026-11-04T08:00:00Z,12,card,7,card_7,,,false,,,,,,,,,\n")
        let report = try UsageImport(clock: Fixture.now, preset: .metabase).importFile(path, into: store)
        #expect(report.imported == 1 && report.unmatchedUsers == ["metabase:user:12": 1])
    }

    @Test("an export without any column that names an asset is refused at the header, not read as 0 kept")
    func noAssetColumn() throws {
        let store = try store()
        let path = try Fixture.file("looker.csv", "History Created Time,User Email,Dashboard Title\n2026-11-03 09:00:00,sara@example.com,Revenue\n")
        #expect {
            try UsageImport(clock: Fixture.now, preset: .looker).importFile(path, into: store)
        } throws: { error in
            "\(error)".hasPrefix("\(path):1: no column names what was used, so every row would be dropped (expected one of: Dashboard ID, Dashboard ID (User-defined only)")
        }
    }
}
