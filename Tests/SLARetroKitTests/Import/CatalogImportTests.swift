import Testing
@testable import SLAModel
@testable import SLAStore
@testable import SLAEvaluate
@testable import SLALedger
@testable import SLAImport
@testable import SLARender
@testable import SLARetro
@testable import SLADemo

@Suite("catalog import")
struct CatalogImportTests {
    /// A small catalog with known line numbers (line 1 is `teams:`).
    static let base = """
    teams:
      - {id: platform, name: Platform, kind: platform}
      - {id: sales, name: Sales, kind: consumer}
      - {id: crm, name: CRM, kind: provider}
    assets:
      - {id: sales_daily, kind: table, owner: platform, maintenance_hours: 3}
      - {id: crm_export, kind: pipeline, owner: crm}
    sprints:
      - {id: 2026-S22, start: 2026-10-26, end: 2026-11-09, timezone: Europe/Berlin}
    agreements:
      - id: SLA-sales
        kind: sla
        asset: sales_daily
        consumer: sales
        objective: "delivered_by 09:00"
        target: 95%
        timezone: Europe/Berlin
        playbook: {response_time: 4h, postmortem_when: "severity <= 2 or breached"}
        effective_from: 2026-01-05
        reason: initial agreement
      - id: OLA-crm
        kind: ola
        asset: crm_export
        provider: crm
        supports: [SLA-sales]
        objective: "delivered_by 06:00"
        target: 98%
        effective_from: 2026-01-05
        reason: feeds sales
    """

    let importer = CatalogImport(author: "tester", clock: Fixture.now)

    func fresh() throws -> Store {
        let store = try Store.inMemory()
        _ = try importer.importText(Self.base, file: "c.yaml", into: store)
        return store
    }

    /// Imports `base` with one text replaced into a store holding `base`, expects refusal, and returns the message.
    func refusal(_ old: String, _ new: String, into store: Store? = nil) throws -> String {
        let text = Self.base.replacingOccurrences(of: old, with: new)
        precondition(text != Self.base, "replacement \(old) not found")
        let store = try store ?? Store.inMemory()
        let before = try store.read { try $0.rowCounts() }
        do {
            _ = try importer.importText(text, file: "c.yaml", into: store)
            Issue.record("import of a bad catalog succeeded")
            return ""
        } catch let error as ImportError {
            #expect(try store.read { try $0.rowCounts() } == before, "a refused import writes nothing")
            return error.description
        }
    }

    @Test("a valid catalog creates teams, assets, sprints and agreements with their first revision")
    func imports() throws {
        let store = try Store.inMemory()
        let report = try importer.importText(Self.base, file: "c.yaml", into: store)
        #expect(report.teams.created == 3 && report.assets.created == 2 && report.sprints.created == 1 && report.agreements.created == 2)
        let sla = try store.read { try $0.latestRevision(of: AgreementID("SLA-sales")) }
        #expect(sla?.terms.summary == "delivered_by 09:00 Europe/Berlin, target 95 %, window sprint")
        #expect(sla?.terms.playbook.responseTime == 14_400.0)
        #expect(sla?.reason == "initial agreement" && sla?.author == "tester" && sla?.source == "catalog:c.yaml")
        #expect(try store.read { try $0.latestRevision(of: AgreementID("OLA-crm")) }?.terms.supports == [AgreementID("SLA-sales")])
    }

    @Test("re-importing the same catalog changes nothing")
    func idempotent() throws {
        let store = try fresh()
        let before = try store.read { try $0.rowCounts() }
        let report = try importer.importText(Self.base, file: "c.yaml", into: store)
        #expect(report.isUnchanged)
        #expect(report.agreements.unchanged == 2 && report.teams.unchanged == 3 && report.sprints.unchanged == 1)
        var after = try store.read { try $0.rowCounts() }
        after["imports"]! -= 1
        #expect(after == before, "only the import itself is logged")
    }

    @Test("the same terms written differently are unchanged")
    func equivalentText() throws {
        let store = try fresh()
        let report = try importer.importText(Self.base.replacingOccurrences(of: "target: 95%", with: "target: 0.95"), file: "c.yaml", into: store)
        #expect(report.isUnchanged)
    }

    @Test("changed terms without a new reason are refused, naming the change")
    func changeNeedsReason() throws {
        let store = try fresh()
        let message = try refusal("target: 95%", "target: 90%", into: store)
        #expect(message == "c.yaml:11: agreement SLA-sales changed (target 95 % → 90 %) but no reason was given: pass --reason TEXT or write the new reason in its 'reason:' key")
    }

    @Test("changed terms with --reason add a revision effective today")
    func changeWithReason() throws {
        let store = try fresh()
        var withReason = importer
        withReason.reason = "Sales only needs 9 mornings in 10"
        let report = try withReason.importText(Self.base.replacingOccurrences(of: "target: 95%", with: "target: 90%"), file: "c.yaml", into: store)
        #expect(report.agreements.updated == 1 && report.agreements.unchanged == 1)
        #expect(report.changes.map(ImportViews.line) == ["revised SLA-sales (revision 2, loosened, effective 2026-11-24): target 95 % → 90 %"])
        let revisions = try store.read { try $0.revisions(of: AgreementID("SLA-sales")) }
        #expect(revisions.map(\.number) == [1, 2])
        #expect(revisions[1].reason == "Sales only needs 9 mornings in 10")
    }

    @Test("a new reason: key and a later effective_from are used for the revision")
    func changeWithKey() throws {
        let store = try fresh()
        let text = Self.base
            .replacingOccurrences(of: "objective: \"delivered_by 09:00\"", with: "objective: \"delivered_by 08:00\"")
            .replacingOccurrences(of: "effective_from: 2026-01-05\n    reason: initial agreement", with: "effective_from: 2026-12-01\n    reason: stand-up moved")
        let report = try importer.importText(text, file: "c.yaml", into: store)
        #expect(report.changes.map(ImportViews.line) == ["revised SLA-sales (revision 2, tightened, effective 2026-12-01): objective delivered_by 09:00 → delivered_by 08:00"])
    }

    @Test("agreements missing from the file are reported, and retired only when asked")
    func missing() throws {
        let store = try fresh()
        let withoutOLA = String(Self.base[..<Self.base.range(of: "  - id: OLA-crm")!.lowerBound])
        let report = try importer.importText(withoutOLA, file: "c.yaml", into: store)
        #expect(report.missing == [AgreementID("OLA-crm")])
        #expect(try store.read { try $0.latestRevision(of: AgreementID("OLA-crm")) }?.status == .active)
        var retiring = importer
        retiring.retireMissing = true
        let retired = try retiring.importText(withoutOLA, file: "c.yaml", into: store)
        #expect(retired.agreements.retired == 1)
        let last = try store.read { try $0.latestRevision(of: AgreementID("OLA-crm")) }
        #expect(last?.status == .retired && last?.reason == "no longer in the catalog (c.yaml)" && last?.effectiveFrom == Fixture.date("2026-11-24"))
    }

    @Test("status: retired retires an agreement with its reason")
    func retireByStatus() throws {
        let store = try fresh()
        let text = Self.base.replacingOccurrences(of: "reason: feeds sales", with: "reason: CRM moved to events\n    status: retired")
        let report = try importer.importText(text, file: "c.yaml", into: store)
        #expect(report.agreements.retired == 1)
        #expect(try importer.importText(text, file: "c.yaml", into: store).isUnchanged)
    }

    struct BadCase: CustomTestStringConvertible, Sendable {
        let name: String
        let old: String
        let new: String
        let message: String
        var testDescription: String { name }
    }

    static let badCases: [BadCase] = [
        BadCase(name: "misspelled key", old: "    target: 98%", new: "    tagret: 98%",
                message: "c.yaml:27: unknown key 'tagret' in agreement OLA-crm (did you mean 'target'?)"),
        BadCase(name: "unknown top-level key", old: "sprints:", new: "sprint:",
                message: "c.yaml:8: unknown key 'sprint' in the catalog (did you mean 'sprints'?)"),
        BadCase(name: "unknown playbook key", old: "{response_time: 4h,", new: "{response: 4h,",
                message: "c.yaml:18: unknown key 'response' in the playbook of SLA-sales (did you mean 'response_time'?)"),
        BadCase(name: "unknown team", old: "consumer: sales", new: "consumer: sale",
                message: "c.yaml:14: agreement SLA-sales refers to unknown consumer team 'sale' (did you mean 'sales'?)"),
        BadCase(name: "unknown owner", old: "owner: crm}", new: "owner: crn}",
                message: "c.yaml:7: asset crm_export is owned by unknown team 'crn' (did you mean 'crm'?)"),
        BadCase(name: "unknown asset", old: "asset: crm_export", new: "asset: crm_exports",
                message: "c.yaml:23: agreement OLA-crm refers to unknown asset 'crm_exports' (did you mean 'crm_export'?)"),
        BadCase(name: "unknown agreement", old: "supports: [SLA-sales]", new: "supports: [SLA-sale]",
                message: "c.yaml:25: OLA-crm supports unknown SLA 'SLA-sale' (did you mean 'SLA-sales'?)"),
        BadCase(name: "bad objective", old: "\"delivered_by 09:00\"", new: "\"delivered_by 9am\"",
                message: "c.yaml:15: bad objective value '9am' (expected a time of day HH:MM, e.g. 09:00)"),
        BadCase(name: "bad target", old: "target: 95%", new: "target: 195%",
                message: "c.yaml:16: bad target '195%' (expected a percentage such as 95% or a fraction such as 0.95)"),
        BadCase(name: "target without budget", old: "target: 95%", new: "target: 100%",
                message: "c.yaml:16: target '100%' leaves no error budget (expected more than 0 % and less than 100 %)"),
        BadCase(name: "bad duration", old: "response_time: 4h", new: "response_time: 4 hours",
                message: "c.yaml:18: bad duration '4 hours' (expected e.g. 4h, 30m or 1d)"),
        BadCase(name: "bad date", old: "effective_from: 2026-01-05\n    reason: initial", new: "effective_from: 2026-02-30\n    reason: initial",
                message: "c.yaml:19: bad date '2026-02-30' for 'effective_from' (expected YYYY-MM-DD, e.g. 2026-01-05)"),
        BadCase(name: "bad sprint date", old: "start: 2026-10-26", new: "start: 26.10.2026",
                message: "c.yaml:9: bad date '26.10.2026' for 'start' (expected YYYY-MM-DD, e.g. 2026-01-05)"),
        BadCase(name: "bad time zone", old: "    timezone: Europe/Berlin", new: "    timezone: Europe/Berlln",
                message: "c.yaml:17: unknown time zone 'Europe/Berlln' (expected an IANA name such as Europe/Berlin)"),
        BadCase(name: "bad sprint time zone", old: "timezone: Europe/Berlin}", new: "timezone: CET+1}",
                message: "c.yaml:9: unknown time zone 'CET+1' (expected an IANA name such as Europe/Berlin or UTC)"),
        BadCase(name: "duplicate id", old: "  - {id: crm, name: CRM, kind: provider}", new: "  - {id: sales, name: CRM, kind: provider}",
                message: "c.yaml:4: duplicate team id 'sales' (first defined on line 3)"),
        BadCase(name: "bad playbook rule", old: "severity <= 2 or breached", new: "sev <= 2",
                message: "c.yaml:18: bad postmortem rule 'sev <= 2' (expected clauses such as 'severity <= 2 or breached')"),
        BadCase(name: "missing required key", old: "    target: 98%\n", new: "",
                message: "c.yaml:21: agreement OLA-crm is missing the required key 'target'"),
        BadCase(name: "indicator that contradicts the objective", old: "    target: 95%", new: "    indicator: availability\n    target: 95%",
                message: "c.yaml:16: indicator 'availability' does not match objective 'delivered_by 09:00', which measures freshness"),
        BadCase(name: "SLA with a provider", old: "consumer: sales", new: "provider: sales",
                message: "c.yaml:14: an SLA has a consumer, not a provider"),
        BadCase(name: "bad kind", old: "kind: ola", new: "kind: olaa",
                message: "c.yaml:22: unknown agreement kind 'olaa' (did you mean 'ola'?)"),
        BadCase(name: "sprint that ends before it starts", old: "end: 2026-11-09", new: "end: 2026-10-26",
                message: "c.yaml:9: sprint 2026-S22 ends (2026-10-26) before it starts (2026-10-26); end is exclusive"),
        BadCase(name: "bad id", old: "id: SLA-sales\n", new: "id: SLA sales\n",
                message: "c.yaml:11: bad agreement id 'SLA sales' (ids use letters, digits, '.', '_' and '-', starting with a letter or digit)"),
        BadCase(name: "broken YAML", old: "  - {id: sales, name: Sales, kind: consumer}", new: "  - {id: sales, name: Sales, kind: consumer",
                message: "c.yaml:4: not valid YAML: did not find expected ',' or '}'"),
    ]

    @Test("every kind of bad catalog is refused with FILE:LINE and nothing written", arguments: badCases)
    func refuses(_ c: BadCase) throws {
        let message = try refusal(c.old, c.new)
        #expect(message == c.message)
    }

    @Test("a refused re-import leaves the existing workspace exactly as it was")
    func refusedReimport() throws {
        let store = try fresh()
        let message = try refusal("    target: 98%", "    tagret: 98%", into: store)
        #expect(message.hasPrefix("c.yaml:27: unknown key 'tagret'"))
    }

    @Test("an agreement cannot change kind, asset or team")
    func identityFixed() throws {
        let store = try fresh()
        let text = Self.base.replacingOccurrences(of: "consumer: sales", with: "consumer: platform")
        #expect(throws: ImportError.self) { try importer.importText(text, file: "c.yaml", into: store) }
        #expect(try refusal("consumer: sales", "consumer: platform", into: store)
                == "c.yaml:11: agreement SLA-sales exists as the SLA of sales_daily for sales; its kind, asset and team cannot change (give the new promise a new id and retire this one)")
    }

    @Test("a sprint that overlaps one in the store is refused")
    func sprintOverlap() throws {
        let store = try fresh()
        let message = try refusal("{id: 2026-S22, start: 2026-10-26", "{id: 2026-S22b, start: 2026-10-27", into: store)
        #expect(message == "c.yaml:9: sprint 2026-S22b (2026-10-27 → 2026-11-09) overlaps sprint 2026-S22 (2026-10-26 → 2026-11-09); sprints are half-open [start, end)")
    }

    @Test("the catalog of the specification imports as shipped in examples/")
    func specExample() throws {
        let store = try Fixture.storeWithCatalog()
        let overview = try store.read { try AgreementOverview.load(clock: Fixture.now, in: $0) }
        #expect(overview.map(\.agreement.id.rawValue) == ["OLA-crm-export", "SLA-sales-daily-freshness"])
        #expect(overview[1].supportedBy == [AgreementID("OLA-crm-export")])
    }
}
