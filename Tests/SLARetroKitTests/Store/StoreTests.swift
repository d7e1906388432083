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

@Suite("store invariants")
struct StoreTests {
    @Test("updating a revision with SQL is refused: revisions are append-only")
    func noUpdate() throws {
        let store = try Fixture.storeWithCatalog()
        #expect {
            try Fixture.execute("UPDATE revisions SET reason = 'x'", in: store)
        } throws: { "\($0)".contains("revisions are append-only") }
        #expect(try store.read { try $0.revisions(of: AgreementID("SLA-sales-daily-freshness")) }.first?.reason == "initial agreement with Sales")
    }

    @Test("deleting revisions with SQL is refused")
    func noDelete() throws {
        let store = try Fixture.storeWithCatalog()
        #expect { try Fixture.execute("DELETE FROM revisions", in: store) } throws: { "\($0)".contains("revisions are append-only") }
        #expect { try Fixture.execute("DELETE FROM agreements", in: store) } throws: { "\($0)".contains("cannot be deleted") }
        #expect(try store.read { try $0.allRevisions().count } == 2)
    }

    @Test("revisions must follow each other: no gap in numbers, no date before the previous one")
    func sequence() throws {
        let store = try Fixture.storeWithCatalog()
        let id = AgreementID("SLA-sales-daily-freshness")
        let first = try store.read { try $0.latestRevision(of: id)! }
        var gap = first; gap.number = 3
        #expect { try store.write { try $0.append(gap) } } throws: { "\($0)".contains("without gaps") }
        var early = first; early.number = 2; early.effectiveFrom = Fixture.date("2025-12-31")
        #expect { try store.write { try $0.append(early) } } throws: { "\($0)".contains("cannot take effect before") }
    }

    @Test("an agreement's identity cannot be rewritten")
    func identity() throws {
        let store = try Fixture.storeWithCatalog()
        #expect { try Fixture.execute("UPDATE agreements SET asset_id = 'crm_export'", in: store) } throws: { "\($0)".contains("fixed") }
    }

    @Test("overlapping sprints are refused by the schema itself")
    func sprintOverlap() throws {
        let store = try Fixture.storeWithCatalog()
        #expect {
            try Fixture.execute("INSERT INTO sprints VALUES ('x', '2026-11-08', '2026-11-20', 'UTC')", in: store)
        } throws: { "\($0)".contains("sprints may not overlap") }
        try Fixture.execute("INSERT INTO sprints VALUES ('2026-S23', '2026-11-09', '2026-11-23', 'UTC')", in: store)
    }

    @Test("sql is read-only")
    func readOnlyQuery() throws {
        let store = try Fixture.storeWithCatalog()
        #expect { _ = try store.query("DELETE FROM teams") } throws: { "\($0)".hasPrefix("sql is read-only") }
        let result = try store.query("SELECT id FROM teams ORDER BY id")
        #expect(result.rows.map { $0.first } == [.text("crm-team"), .text("data-platform"), .text("sales-analytics")])
        try Fixture.execute("INSERT INTO teams VALUES ('t', 'T', 'consumer')", in: store)
    }

    @Test("a file store uses WAL and foreign keys and survives reopening")
    func fileStore() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("slaretro-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("w.sqlite").path
        #expect { _ = try Store.open(path: path, create: false) } throws: { "\($0)".contains("no database at") }
        let store = try Store.open(path: path, create: true)
        let mode = try store.query("PRAGMA journal_mode").rows.first?.first
        #expect(mode == .text("wal"))
        #expect(try store.query("PRAGMA foreign_keys").rows.first?.first == .integer(1))
        _ = try CatalogImport(author: "t", clock: Fixture.now).importText(try Fixture.catalogText, file: "c.yaml", into: store)
        let reopened = try Store.open(path: path, create: false)
        #expect(try reopened.read { try $0.agreements().count } == 2)
    }

    @Test("bulk tables carry no IN-list CHECK: SQLite rebuilds the list on every insert, tripling an import")
    func bulkTablesCheapChecks() throws {
        let store = try Store.inMemory()
        for table in ["usage_events", "observations", "usage_rollups", "usage_user_days"] {
            let sql = try store.query("SELECT sql FROM sqlite_master WHERE name = '\(table)'").rows.first?.first
            guard case .text(let text)? = sql else { Issue.record("no table \(table)"); continue }
            #expect(!text.uppercased().contains(" IN ("), "\(table): \(text)")
        }
        #expect { try Fixture.execute("INSERT INTO usage_events VALUES ('2026-01-01T00:00:00Z', 'a', 'u', NULL, 'click', 1)", in: store) } throws: { "\($0)".contains("CHECK") }
    }
}
