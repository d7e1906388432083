import Foundation
import Testing
@testable import SLAModel
@testable import SLAStore
@testable import SLAEvaluate
@testable import SLARetro

/// Databases written by earlier releases open in place: every later migration runs, nothing is lost,
/// and the invariants hold afterwards.
///
/// `Fixtures/upgrade/release-1-v4.sqlite` is the demo workspace, with its finished 2026-S23 retro, as
/// written by the first release (commit 264d67b, migrations v1–v4), checkpointed and vacuumed.
@Suite("upgrading a workspace from an earlier release")
struct UpgradeTests {
    /// A private copy of the fixture, so the test never changes the file in the repository.
    func copy(_ name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slaretro-upgrade-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try FileManager.default.copyItem(atPath: Fixture.url("upgrade/\(name)").path, toPath: path)
        return path
    }

    @Test("the first release's demo workspace upgrades in place and keeps every row")
    func releaseOne() throws {
        let path = try copy("release-1-v4.sqlite")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let store = try Store.open(path: path, create: false)
        let counts = try store.read { try $0.rowCounts() }
        #expect(counts["revisions"] == 26)
        #expect(counts["decisions"] == 18)
        #expect(counts["retros"] == 2)
        #expect(counts["observations"] == 4742)
        #expect(counts["usage_events"] == 863)
        #expect(counts["action_items"] == 9)
        #expect(counts["retro_items"] == 51)
        let migrations = try store.read { try String.fetchAll($0.db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid") }
        #expect(Array(migrations.prefix(4)) == ["v1.initial", "v2.evidence", "v3.retro-notes", "v4.usage"])
        #expect(migrations.count == Schema.migrator.migrations.count)
        #expect(try store.read { try String.fetchOne($0.db, sql: "PRAGMA integrity_check") } == "ok")
    }

    @Test("after the upgrade revisions stay append-only and the old retro's minutes still build")
    func invariantsAfterUpgrade() throws {
        let path = try copy("release-1-v4.sqlite")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let store = try Store.open(path: path, create: false)
        #expect { try Fixture.execute("UPDATE revisions SET reason = 'x'", in: store) } throws: { "\($0)".contains("append-only") }
        let finished = try store.read { try $0.retros() }.filter { $0.finishedAt != nil }
        #expect(finished.map(\.sprint.rawValue).contains("2026-S23"))
        let retro = try #require(finished.first { $0.sprint.rawValue == "2026-S23" })
        let minutes = try Agenda.minutes(retro: retro.id, store: store)
        #expect(minutes.decisions.contains { $0.subject == "SLA-sales-daily-freshness" && $0.verb == "revise" })
    }
}
