import Foundation
import Testing
@testable import SLAModel
@testable import SLAStore
@testable import SLAEvaluate
@testable import SLALedger
@testable import SLAImport

/// The workspace file: what read commands refuse, what they never write, and what `sql` will not run.
@Suite("store hardening")
struct StoreHardeningTests {
    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("slaretro-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func refusal(_ body: () throws -> Void) -> String {
        do { try body(); return "accepted" } catch { return "\(error)" }
    }

    static func workspace() throws -> String {
        let path = try folder().appendingPathComponent("w.sqlite").path
        let store = try Store.open(path: path, mode: .create)
        _ = try CatalogImport(author: "t", clock: Fixture.now).importText(try Fixture.catalogText, file: "c.yaml", into: store)
        return path
    }

    @Test("read commands refuse a zero-byte file, a foreign file and a folder, and leave them as they were")
    func refusedFiles() throws {
        let dir = try Self.folder()
        let empty = dir.appendingPathComponent("empty.sqlite").path
        FileManager.default.createFile(atPath: empty, contents: Data())
        #expect(Self.refusal { _ = try Store.open(path: empty, mode: .read) }.contains("is empty (0 bytes), not a slaretro workspace"))
        #expect(try FileManager.default.attributesOfItem(atPath: empty)[.size] as? Int == 0, "nothing was written")
        #expect(!FileManager.default.fileExists(atPath: empty + "-wal"))
        let csv = dir.appendingPathComponent("csv.sqlite").path
        FileManager.default.createFile(atPath: csv, contents: Data("id,name\n1,x\n".utf8))
        #expect(Self.refusal { _ = try Store.open(path: csv, mode: .create) }.contains("is not a SQLite database"))
        #expect(Self.refusal { _ = try Store.open(path: dir.path, mode: .read) }.contains("is a folder"))
        // `init` (create) may make a workspace of an empty file.
        _ = try Store.open(path: empty, mode: .create)
    }

    @Test("a workspace from a newer slaretro is refused, naming both versions")
    func newerSchema() throws {
        let path = try Self.workspace()
        try Store.open(path: path, mode: .write).write { ctx in try ctx.db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99.future')") }
        for mode in [OpenMode.read, .write, .create] {
            let message = Self.refusal { _ = try Store.open(path: path, mode: mode) }
            #expect(message.contains("v99.future") && message.contains(Schema.migrator.migrations.last!), "\(message)")
        }
        let other = try Self.workspace()
        try Store.open(path: other, mode: .write).write { ctx in try ctx.db.execute(sql: "PRAGMA user_version = 99") }
        #expect(Self.refusal { _ = try Store.open(path: other, mode: .read) }.contains("has user_version 99"))
    }

    @Test("a read-only store reads, writes nothing itself, and still lets a command that writes do so")
    func readOnly() throws {
        let path = try Self.workspace()
        let store = try Store.open(path: path, mode: .read)
        #expect(try store.read { try $0.agreements().count } == 2)
        #expect(Self.refusal { _ = try store.query("INSERT INTO meta VALUES ('k', 'v')") }.hasPrefix("sql is read-only"))
        try store.write { ctx in try ctx.setMeta("k", "v") }
        #expect(try store.read { try $0.meta("k") } == "v")
        #expect(try store.query("PRAGMA synchronous").rows.first?.first != nil)
    }

    @Test("writing connections commit with synchronous=FULL")
    func durable() throws {
        let path = try Self.workspace()
        let store = try Store.open(path: path, mode: .write)
        #expect(try store.read { ctx in try Int.fetchOne(ctx.db, sql: "PRAGMA synchronous") } == 2)
    }

    @Test("sql refuses transactions, ATTACH, VACUUM and PRAGMA writes without crashing or creating files; reading pragmas run")
    func sqlGuard() throws {
        let path = try Self.workspace()
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent()
        let store = try Store.open(path: path, mode: .read)
        for sql in ["BEGIN", "begin immediate", "SAVEPOINT x", "  /* c */ COMMIT", "ROLLBACK", "RELEASE x", "END",
                    "ATTACH '\(dir.path)/a.sqlite' AS a", "VACUUM INTO '\(dir.path)/v.sqlite'", "VACUUM", "DETACH a",
                    "PRAGMA journal_mode=DELETE", "PRAGMA main.journal_mode = DELETE", "pragma user_version(5)", "EXPLAIN BEGIN"] {
            #expect(Self.refusal { _ = try store.query(sql) }.hasPrefix("sql runs one read-only query"), "\(sql)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("a.sqlite").path))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("v.sqlite").path))
        #expect(try store.query("PRAGMA journal_mode").rows == [[.text("wal")]])
        #expect(try store.query("PRAGMA table_info(agreements)").rows.count > 3)
        #expect(try store.query("-- a comment\nSELECT count(*) FROM agreements").rows == [[.integer(2)]])
        // The same store still works afterwards (no transaction left open).
        #expect(try store.read { try $0.agreements().count } == 2)
    }

    @Test("an endless query stops at its time limit with one line")
    func timeout() throws {
        let store = try Store.open(path: try Self.workspace(), mode: .read)
        let message = Self.refusal {
            _ = try store.query("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n", timeout: 0.2)
        }
        #expect(message == "the query ran longer than 0.2 s and was stopped (give --timeout SECONDS to allow more)")
        #expect(try store.query("SELECT 1").rows == [[.integer(1)]])
    }
}

/// Usage imports: the whole file is the fingerprint; duplicate rollups, impossible counts and zoneless times.
@Suite("usage hardening")
struct UsageHardeningTests {
    static let catalog = """
    teams: [{id: platform, kind: platform}, {id: sales, kind: consumer, members: [sara]}]
    assets: [{id: t, kind: table, owner: platform}]
    """

    func store() throws -> Store {
        let store = try Store.inMemory()
        _ = try CatalogImport(author: "t", clock: Fixture.now).importText(Self.catalog, file: "c.yaml", into: store)
        return store
    }

    func lines(_ n: Int, middle: String) -> String {
        var out = "occurred_at,asset,user,team,action\n"
        for i in 0..<n {
            let user = (i == n / 2 ? middle : "sara") + String(repeating: "x", count: 420)
            out += "2026-11-0\(1 + i % 9)T0\(i % 10):00:00Z,t,\(user),sales,query\n"
        }
        return out
    }

    @Test("a file that differs from an imported one only in the middle is imported; the same file again is not")
    func wholeFileFingerprint() throws {
        let store = try store()
        let n = 9_000  // about 4 MiB (long user names): the middle is beyond the first and last MiB
        let a = try Fixture.file("a.csv", lines(n, middle: "sara"))
        let b = try Fixture.file("b.csv", lines(n, middle: "sarb"))
        #expect(try FileManager.default.attributesOfItem(atPath: a)[.size] as! Int > 3 << 20)
        let first = try UsageImport(clock: Fixture.now).importFile(a, into: store)
        #expect(first.imported == n && !first.alreadyImported)
        let second = try UsageImport(clock: Fixture.now).importFile(b, into: store)
        #expect(!second.alreadyImported && second.imported == n, "a different file is not 'imported before'")
        let again = try UsageImport(clock: Fixture.now).importFile(a, into: store)
        #expect(again.alreadyImported)
    }

    @Test("a usage time without a zone is UTC")
    func zoneless() throws {
        let store = try store()
        let path = try Fixture.file("z.csv", "occurred_at,asset,user,team,action\n2026-11-20 08:55:00,t,sara,,query\n2026-11-20 09:15:03 UTC,t,sara,,view\n")
        let report = try UsageImport(clock: Fixture.now).importFile(path, into: store)
        #expect(report.imported == 2)
        #expect(try store.query("SELECT occurred_at FROM usage_events ORDER BY 1").rows == [[.text("2026-11-20T08:55:00Z")], [.text("2026-11-20T09:15:03Z")]])
    }

    @Test("rollups: the same day, asset and team twice names both lines; more users than accesses is refused")
    func rollups() throws {
        let store = try store()
        let dup = try Fixture.file("r.csv", "date,asset,team,users,accesses\n2026-11-20,t,sales,2,5\n2026-11-20,t,sales,3,9\n")
        #expect(ReaderTests.refusal { _ = try RollupImport(clock: Fixture.now).importFile(dup, into: store) }
                == "\(dup):3: the rollup of t for sales on 2026-11-20 appears twice (first on line 2)")
        // Given twice with bad counts too: the repeat is still the error.
        let dupBad = try Fixture.file("rb.csv", "date,asset,team,users,accesses\n2026-11-20,t,sales,2,5\n2026-11-20,t,sales,9,5\n")
        #expect(ReaderTests.refusal { _ = try RollupImport(clock: Fixture.now).importFile(dupBad, into: store) }
                == "\(dupBad):3: the rollup of t for sales on 2026-11-20 appears twice (first on line 2)")
        let users = try Fixture.file("u.csv", "date,asset,team,users,accesses\n2026-11-21,t,sales,50,3\n")
        #expect(ReaderTests.refusal { _ = try RollupImport(clock: Fixture.now).importFile(users, into: store) }
                == "\(users):2: 50 users but 3 accesses (each user accesses at least once)")
        let huge = try Fixture.file("h.csv", "date,asset,team,users,accesses\n2026-11-21,t,sales,1,99999999999999999999\n")
        #expect(ReaderTests.refusal { _ = try RollupImport(clock: Fixture.now).importFile(huge, into: store) }.hasPrefix("\(huge):2: bad accesses"))
        #expect(try store.query("SELECT COUNT(*) FROM usage_rollups").rows == [[.integer(0)]])
    }

    @Test("a preset export in which nothing is recognised is an error, not '0 events'")
    func nothingRecognised() throws {
        let path = try Fixture.file("bq.csv", "job_type,creation_time,user_email,referenced_tables\nQUERY,2026-11-20 08:00:00 UTC,a@x,\n")
        #expect(ReaderTests.refusal { _ = try UsageImport(clock: Fixture.now, preset: .bigqueryJobs).importFile(path, into: try store()) }
                .contains("nothing in the file was recognised"))
    }
}
