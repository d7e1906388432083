import Foundation
@testable import SLARetroKit

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

    /// The catalog shipped in examples/ (a copy of SPEC §4a).
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

    /// Runs raw SQL in a write transaction, as someone with the `sqlite3` shell would.
    static func execute(_ sql: String, in store: Store) throws {
        try store.write { ctx in try ctx.db.execute(sql: sql) }
    }
}
