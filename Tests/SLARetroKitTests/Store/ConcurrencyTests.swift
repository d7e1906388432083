import Foundation
import Testing
@testable import SLAModel
@testable import SLAStore
@testable import SLAImport

/// Two writers on one workspace, and a query stopped by Ctrl-C: what a second shell or a long import does to the first.
@Suite("store concurrency")
struct ConcurrencyTests {
    /// Thread-safe record of what a callback saw.
    final class Seen: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [String] = []
        func add(_ item: String) { lock.lock(); items.append(item); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
    }

    static func workspace() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("slaretro-busy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("w.sqlite").path
        let store = try Store.open(path: path, mode: .create)
        _ = try CatalogImport(author: "t", clock: Fixture.now).importText(try Fixture.catalogText, file: "c.yaml", into: store)
        return path
    }

    @Test("a writer that finds the workspace locked says so once, keeps waiting, and commits when the other writer is done")
    func writerWaits() throws {
        let path = try Self.workspace()
        let notices = Seen()
        let noticed = DispatchSemaphore(value: 0)
        let holder = try Store.open(path: path, mode: .write)
        let waiter = try Store.open(path: path, mode: .write, wait: WriterWait(limit: 600, noticeAfter: 0) { message in
            notices.add(message)
            noticed.signal()
        })
        let holding = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let holderDone = DispatchSemaphore(value: 0), waiterDone = DispatchSemaphore(value: 0)
        let errors = Seen()
        DispatchQueue.global().async {
            do {
                try holder.write { ctx in
                    try ctx.setMeta("first", "import")
                    holding.signal()
                    _ = release.wait(timeout: .now() + 120)
                }
            } catch { errors.add("holder: \(error)") }
            holderDone.signal()
        }
        #expect(holding.wait(timeout: .now() + 60) == .success, "the first writer holds the lock")
        DispatchQueue.global().async {
            do { try waiter.write { ctx in try ctx.setMeta("second", "note") } } catch { errors.add("waiter: \(error)") }
            waiterDone.signal()
        }
        #expect(noticed.wait(timeout: .now() + 60) == .success, "the waiting writer tells the user it waits")
        release.signal()
        #expect(holderDone.wait(timeout: .now() + 60) == .success)
        #expect(waiterDone.wait(timeout: .now() + 60) == .success)
        #expect(errors.all.isEmpty, "both writes commit: \(errors.all)")
        #expect(try waiter.read { try $0.meta("first") } == "import")
        #expect(try waiter.read { try $0.meta("second") } == "note", "the waiting write was committed, not refused")
        #expect(notices.all.count == 1, "said once: \(notices.all)")
        #expect(notices.all.first?.hasPrefix("slaretro: waiting for another slaretro writing to \(path)") == true, "\(notices.all)")
        #expect(notices.all.allSatisfy { !$0.contains("\n") })
    }

    @Test("a writer that waited its whole limit fails with one line that names the file and what to do, and writes nothing")
    func writerGivesUp() throws {
        let path = try Self.workspace()
        let holder = try Store.open(path: path, mode: .write)
        let notices = Seen()
        let waiter = try Store.open(path: path, mode: .write, wait: WriterWait(limit: 0, noticeAfter: 0) { notices.add($0) })
        var message = ""
        try holder.write { ctx in
            try ctx.setMeta("first", "import")
            do { try waiter.write { ctx in try ctx.setMeta("second", "note") } } catch { message = "\(error)" }
        }
        #expect(message.hasPrefix("\(path) stayed locked by another writer"), "\(message)")
        #expect(message.contains("nothing was written") && message.contains("SLARETRO_BUSY_TIMEOUT"))
        #expect(!message.contains("\n") && !message.contains("database is locked"))
        #expect(try waiter.read { try $0.meta("second") } == nil)
        #expect(try waiter.read { try $0.meta("first") } == "import")
    }

    @Test("SLARETRO_BUSY_TIMEOUT sets how long a writer waits; nonsense keeps the 120 s default")
    func limitFromEnvironment() {
        #expect(WriterWait.limit(environment: [:]) == 120)
        #expect(WriterWait.limit(environment: ["SLARETRO_BUSY_TIMEOUT": "600"]) == 600)
        #expect(WriterWait.limit(environment: ["SLARETRO_BUSY_TIMEOUT": "0"]) == 0)
        for bad in ["-1", "nan", "inf", "1e300", "ten"] {
            #expect(WriterWait.limit(environment: ["SLARETRO_BUSY_TIMEOUT": bad]) == 120, "\(bad)")
        }
    }

    @Test("Ctrl-C stops a running query with one line, and the next query runs normally")
    func queryInterrupt() throws {
        let store = try Store.inMemory()
        // The shell's Ctrl-C sets QueryStop.process (Store.requestQueryInterrupt); this test has its own flag so that it
        // cannot stop another test's query.
        let stop = QueryStop()
        let endless = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"
        let done = DispatchSemaphore(value: 0)
        let outcome = Seen()
        DispatchQueue.global().async {
            do { _ = try store.query(endless, timeout: 3600, stop: stop); outcome.add("finished") } catch { outcome.add("\(error)") }
            done.signal()
        }
        // Ctrl-C may arrive before the query has started (it is then forgotten, as in the shell): press it until it lands.
        var pressed = 0
        while done.wait(timeout: .now() + 0.05) == .timedOut, pressed < 1200 {
            stop.request()
            pressed += 1
        }
        #expect(outcome.all == ["the query was interrupted (Ctrl-C); the shell is ready for the next command"])
        // A Ctrl-C pressed at the prompt does not cancel the next query.
        stop.request()
        let next = try store.query("SELECT count(*) FROM agreements", stop: stop)
        #expect(next.columns == ["count(*)"] && next.rows.count == 1)
    }
}
