import Foundation
@testable import SLAModel
@testable import SLAStore
@testable import SLAEvaluate
@testable import SLALedger
@testable import SLAImport
@testable import SLARender
@testable import SLARetro
@testable import SLADemo

/// Small builders for test data, so each test says only what matters to it.
enum Fixture {
    static let now = Clock(now: Clock.parseInstant("2026-11-24T09:00:00Z")!)

    static func date(_ text: String) -> LocalDate { LocalDate(text)! }

    static func terms(_ objective: String = "freshness <= 2h", target: Double = 0.95) -> Terms {
        guard case .success(let parsed) = Objective.parse(objective) else { fatalError("bad fixture objective \(objective)") }
        return Terms(objective: parsed, target: target)
    }

    static func revision(_ number: Int = 1, _ terms: Terms = Fixture.terms(), status: RevisionStatus = .active,
                         effective: String = "2026-01-05") -> Revision {
        Revision(agreement: AgreementID("SLA-x"), number: number, terms: terms, status: status, effectiveFrom: date(effective),
                 reason: "because", author: "tester", source: "test", recordedAt: now.now)
    }

    static func context(_ effective: String, reason: String = "because") -> ChangeContext {
        ChangeContext(reason: reason, author: "tester", source: "test", effectiveFrom: date(effective), recordedAt: now.now)
    }

    /// The catalog shipped in examples/ (the README's example).
    static var catalogText: String {
        get throws { try String(contentsOf: url("catalog.yaml"), encoding: .utf8) }
    }

    static func url(_ name: String) -> URL {
        Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!
    }

    /// A fresh in-memory store with the example catalog imported.
    static func storeWithCatalog() throws -> Store {
        let store = try Store.inMemory()
        _ = try CatalogImport(author: "tester", clock: now).importText(try catalogText, file: "catalog.yaml", into: store)
        return store
    }

    /// The demo workspace, built once per test run; every caller gets its own in-memory copy.
    static func demoStore() throws -> Store { try demoTemplate.get().inMemoryCopy() }

    private static let demoTemplate = Result { () throws -> Store in
        let store = try Store.inMemory()
        try Demo.build(into: store)
        return store
    }

    /// Runs raw SQL in a write transaction, as someone with the `sqlite3` shell would.
    static func execute(_ sql: String, in store: Store) throws {
        try store.write { ctx in try ctx.db.execute(sql: sql) }
    }
}

extension Fixture {
    /// Writes `contents` to a fresh temporary file named `name` and returns its path.
    static func file(_ name: String, _ contents: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("slaretro-fixture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// The path of a shipped real-world example (Fixtures/formats, see its README for attribution).
    static func format(_ relative: String) -> String { url("formats/\(relative)").path }

    /// A store with one SLA `SLA-x` (objective and zone given), one sprint `S1` of 14 days from `start`, and no observations.
    static func storeWithAgreement(objective: String, target: String = "90%", timezone: String = "Europe/Berlin",
                                   start: String = "2026-10-19", effective: String = "2026-01-05") throws -> Store {
        let store = try Store.inMemory()
        let end = date(start).adding(days: 14).description
        let catalog = """
        teams: [{id: platform, kind: platform}, {id: sales, kind: consumer}]
        assets: [{id: a, kind: table, owner: platform}]
        sprints: [{id: S1, start: \(start), end: \(end), timezone: \(timezone)}]
        agreements:
          - {id: SLA-x, kind: sla, asset: a, consumer: sales, objective: "\(objective)", target: "\(target)", timezone: \(timezone), effective_from: \(effective)}
        """
        _ = try CatalogImport(author: "tester", clock: now).importText(catalog, file: "c.yaml", into: store)
        return store
    }

    /// Imports observations given as CSV lines (after the header) and returns the report.
    @discardableResult
    static func observe(_ lines: [String], into store: Store) throws -> ObservationReport {
        let path = try file("obs.csv", (["agreement,observed_at,value,note"] + lines).joined(separator: "\n") + "\n")
        return try ObservationImport(clock: now).importFile(path, into: store)
    }

    /// The compliance of every agreement in sprint `id`.
    static func evidence(_ store: Store, sprint id: String = "S1") throws -> SprintEvidence {
        try store.read { ctx in try Evidence.gather(try Evidence.sprint(SprintID(id), clock: now, in: ctx), clock: now, in: ctx) }
    }
}
