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

/// Every real-world file in Fixtures/formats imports, or is refused with a specific message.
@Suite("real-world formats")
struct StandardFormatsTests {
    let options = StandardImportOptions(author: "tester", clock: Fixture.now, consumer: "sales-analytics")

    @Test("dbt sources.json with null criteria becomes freshness observations of the mapped agreement")
    func dbt() throws {
        let store = try Fixture.storeWithCatalog()
        let unmapped = try DBTFreshnessImport(clock: Fixture.now).importFile(Fixture.format("dbt/sources-ticketswap-nullcrit.json"), into: store)
        #expect(unmapped.unmapped == ["sample_source"] && unmapped.observations.new == 0)
        let map = try Fixture.file("map.yaml", "sample_source: SLA-sales-daily-freshness\n")
        let report = try DBTFreshnessImport(clock: Fixture.now, mapFile: map).importFile(Fixture.format("dbt/sources-ticketswap-nullcrit.json"), into: store)
        #expect(report.observations.new == 1 && report.unmapped.isEmpty)
        let again = try DBTFreshnessImport(clock: Fixture.now, mapFile: map).importFile(Fixture.format("dbt/sources-ticketswap-nullcrit.json"), into: store)
        #expect(again.observations.new == 0 && again.observations.known == 1)
        let stored = try store.query("SELECT observed_at, value, note FROM observations").rows
        #expect(stored == [[.text("2025-01-01T11:22:36Z"), .text("2025-01-01T11:02:27Z"), .text("dbt status pass")]],
                "a delivered_by agreement gets the load time (snapshot − lag) as its delivery")
    }

    @Test("a dbt source maps through the asset's dbt_source; an empty results list is fine; other files are refused")
    func dbtMapping() throws {
        let store = try Fixture.storeWithCatalog()
        let freshness = """
        {"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/sources/v1.json"},
         "results": [{"unique_id": "source.shop.crm.export", "snapshotted_at": "2026-10-30T07:15:00Z",
                      "max_loaded_at_time_ago_in_s": 600, "status": "warn", "criteria": {}},
                     {"unique_id": "source.shop.crm.broken", "status": "runtime error", "error": "relation does not exist"}]}
        """
        let report = try DBTFreshnessImport(clock: Fixture.now).importFile(try Fixture.file("sources.json", freshness), into: store)
        #expect(report.observations.perAgreement == [AgreementID("OLA-crm-export"): 1])
        #expect(report.skipped == ["source.shop.crm.broken (status runtime error: relation does not exist)"])
        let empty = #"{"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/sources/v3.json"}, "results": []}"#
        #expect(try DBTFreshnessImport(clock: Fixture.now).importFile(try Fixture.file("s.json", empty), into: store).results == 0)
        let manifest = try Fixture.file("manifest.json", #"{"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json"}}"#)
        #expect(throws: ImportError.invalid(file: manifest, line: 1, message: "metadata.dbt_schema_version is 'https://schemas.getdbt.com/dbt/manifest/v12.json', not a dbt sources or freshness artifact (expected e.g. 'https://schemas.getdbt.com/dbt/sources/v3.json')")) {
            try DBTFreshnessImport(clock: Fixture.now).importFile(manifest, into: store)
        }
        // A number, not a schema URL: named as written, with its line.
        let numeric = try Fixture.file("numeric.json", "{\n  \"metadata\": {\n    \"dbt_schema_version\": 3\n  },\n  \"results\": []\n}\n")
        #expect(throws: ImportError.invalid(file: numeric, line: 3, message: "metadata.dbt_schema_version is 3, not a dbt sources or freshness artifact (expected e.g. 'https://schemas.getdbt.com/dbt/sources/v3.json')")) {
            try DBTFreshnessImport(clock: Fixture.now).importFile(numeric, into: store)
        }
    }

    @Test("OpenSLO v1 lists, v1alpha, ratio time slices and services import", arguments: [
        ("openslo/v1-slos-list.yaml", ["SLA-web-availability"]),
        ("openslo/v1alpha-slos.yaml", ["SLA-web-availability-ratio"]),
        ("openslo/ratio-timeslices.yaml", ["SLA-main-page"]),
        ("openslo/v1-services.yaml", []),
    ])
    func openSLO(_ file: String, _ ids: [String]) throws {
        let store = try Fixture.storeWithCatalog()
        let report = try OpenSLOImport(options: options).importFile(Fixture.format(file), into: store)
        #expect(report.created == ids.count)
        let created = try store.read { try $0.agreements() }.map(\.id.rawValue).filter { !$0.hasPrefix("OLA-crm") && $0 != "SLA-sales-daily-freshness" }
        #expect(created == ids)
    }

    @Test("OpenSLO mapping keeps the objective, the target, the window and the zone")
    func openSLOMapping() throws {
        let store = try Fixture.storeWithCatalog()
        let report = try OpenSLOImport(options: options).importFile(Fixture.format("openslo/v1alpha-slos.yaml"), into: store)
        #expect(report.notes.contains { $0.contains("skipped SLO web-latency-threshold") }, "an op that cannot map is reported, not dropped silently")
        let revision = try store.read { try $0.latestRevision(of: AgreementID("SLA-web-availability-ratio")) }
        #expect(revision?.terms.summary == "availability >= 95 %, target 99.5 %, window 7d")
        #expect(revision?.terms.timezone == "America/New_York")
        #expect(try store.query("SELECT value FROM facts WHERE key = 'openslo.budgetingMethod'").rows == [[.text("Timeslices")]])
    }

    @Test("an OpenSLO document with an unknown field is refused with its line and path")
    func openSLOUnknownField() throws {
        let store = try Fixture.storeWithCatalog()
        let text = try String(contentsOfFile: Fixture.format("openslo/ratio-timeslices.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "budgetingMethod:", with: "budgetMethod:")
        let path = try Fixture.file("slo.yaml", text)
        #expect(throws: ImportError.invalid(file: path, line: 29, message: "unknown field 'budgetMethod' at spec.budgetMethod (did you mean 'budgetingMethod'?)")) {
            try OpenSLOImport(options: options).importFile(path, into: store)
        }
        #expect(try store.read { try $0.agreements().count } == 2)
    }

    @Test("re-importing a changed OpenSLO SLO adds a revision, which needs a reason")
    func openSLORevision() throws {
        let store = try Fixture.storeWithCatalog()
        _ = try OpenSLOImport(options: options).importFile(Fixture.format("openslo/v1-slos-list.yaml"), into: store)
        let changed = try Fixture.file("slos.yaml", try String(contentsOfFile: Fixture.format("openslo/v1-slos-list.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "target: 0.995", with: "target: 0.999"))
        #expect(throws: ImportError.self) { try OpenSLOImport(options: options).importFile(changed, into: store) }
        var withReason = options
        withReason.reason = "web team raised the bar"
        let report = try OpenSLOImport(options: withReason).importFile(changed, into: store)
        #expect(report.changes.map(ImportViews.line) == ["revised SLA-web-availability (revision 2, tightened, effective 2026-11-24): target 99.5 % → 99.9 %"])
    }

    @Test("ODCS slaProperties map to agreements and asset facts", arguments: [
        "odcs/database-table-sla-v3.1.yaml", "odcs/full-example-v3.2.yaml", "odcs/weather-service.odcs.yaml",
    ])
    func odcs(_ file: String) throws {
        let store = try Fixture.storeWithCatalog()
        let report = try ODCSImport(options: options).importFile(Fixture.format(file), into: store)
        #expect(report.created >= 2)
        #expect(try store.query("SELECT COUNT(*) FROM facts WHERE key = 'odcs.retention'").rows == [[.integer(1)]])
    }

    @Test("ODCS timeOfAvailability 09:00-08:00 is delivered_by 09:00 in UTC−08:00; latency in days is freshness")
    func odcsMapping() throws {
        let store = try Fixture.storeWithCatalog()
        _ = try ODCSImport(options: options).importFile(Fixture.format("odcs/database-table-sla-v3.1.yaml"), into: store)
        let terms = try store.read { ctx in try ctx.agreements().compactMap { try ctx.latestRevision(of: $0.id) } }
            .filter { $0.agreement.rawValue.hasPrefix("SLA-my_table") }.map { "\($0.agreement) \($0.terms.objective) \($0.terms.timezone) \($0.terms.driver?.rawValue ?? "-")" }
        #expect(terms == [
            "SLA-my_table-frequency-tab1.txn_ref_dt freshness <= 1d UTC -",
            "SLA-my_table-latency-tab1.txn_ref_dt freshness <= 4d UTC -",
            "SLA-my_table-timeofavailability-tab1.txn_ref_dt delivered_by 09:00 Etc/GMT+8 regulatory",
            "SLA-my_table-timeofavailability-tab1.txn_ref_dt-analytics delivered_by 08:00 Etc/GMT+8 analytics",
        ])
        var noConsumer = options
        noConsumer.consumer = nil
        #expect(throws: ImportError.self) { try ODCSImport(options: noConsumer).importFile(Fixture.format("odcs/weather-service.odcs.yaml"), into: store) }
    }

    @Test("a postmortem without front matter is read from its headings and timeline, and what is missing is reported")
    func dfdsPostmortem() throws {
        let store = try Fixture.storeWithCatalog()
        let report = try PostmortemImport(clock: Fixture.now, affects: [AgreementID("SLA-sales-daily-freshness")])
            .importPath(Fixture.format("postmortems/dfds-pm2023-001-total-node-failure.md"), into: store)
        let entry = try #require(report.entries.first)
        #expect(entry.title == "Total node failure" && entry.newActions == 6)
        #expect(entry.missing.contains("severity (read as 1 from the text)") && entry.missing.contains("impact"))
        let incident = try #require(try store.read { try $0.incidents() }.first)
        #expect(Clock.iso(incident.detectedAt) == "2023-02-14T09:33:00Z" && incident.acknowledgedAt.map(Clock.iso) == "2023-02-14T11:07:00Z")
        #expect(try store.query("SELECT COUNT(*) FROM action_items WHERE status = 'done'").rows == [[.integer(1)]])
    }

    @Test("postmortem templates are refused with what they lack; a folder skips them", arguments: [
        ("postmortems/dfds-template.md", "no severity (add front matter 'severity: 1' to 'severity: 4', or pass --severity)"),
        ("postmortems/srebook-template.md", "no severity (add front matter 'severity: 1' to 'severity: 4', or pass --severity)"),
    ])
    func templates(_ file: String, _ message: String) throws {
        let store = try Fixture.storeWithCatalog()
        #expect(throws: ImportError.unreadable(file: Fixture.format(file), message: message)) {
            try PostmortemImport(clock: Fixture.now).importPath(Fixture.format(file), into: store)
        }
        let withSeverity = PostmortemImport(clock: Fixture.now, severity: 2)
        #expect(throws: ImportError.self) { try withSeverity.importPath(Fixture.format(file), into: store) }
        let folder = try PostmortemImport(clock: Fixture.now).importPath(Fixture.format("postmortems"), into: store)
        #expect(folder.skipped.count == 2 && folder.entries.count == 1, "files without a severity are refused and listed, the others imported")
    }
}
