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

/// Every real-world file in Fixtures/formats (see its README for where each comes from) imports with the meaning
/// the file states — target, threshold with its unit, window and zone of each agreement; detection and resolution
/// of each postmortem in UTC — or is refused with a message naming what is missing and how to supply it.
@Suite("every format fixture keeps its meaning")
struct FormatMeaningTests {
    enum Expected: Sendable {
        /// `id → "objective, target, window[ zone]"` of the agreements created, and fragments of notes that must appear.
        case agreements([String: String], notes: [String] = [])
        /// A fragment of the refusal; nothing is written.
        case refused(String)
        /// With `--severity 3`: detected and resolved in UTC, and fragments of what the report says it read or lacks.
        case incident(detected: String, resolved: String?, notes: [String] = [])
        /// dbt `sources.json` mapped to an agreement: the stored (observed_at, value, note).
        case observation(String, String, String)
        /// A usage export header: one row under it imports as this asset.
        case usageHeader(UsagePreset, row: String, asset: String)
    }

    static let table: [(String, Expected)] = [
        // OpenSLO
        ("openslo/v1-slos-list.yaml", .agreements(["SLA-web-availability": "availability >= 95 %, target 99.5 %, window 7d America/New_York"],
                                                   notes: ["team labels team=team-a, team=team-b; consumer sales-analytics (from --consumer)"])),
        ("openslo/v1-services.yaml", .agreements([:])),
        ("openslo/v1alpha-slos.yaml", .agreements(["SLA-web-availability-ratio": "availability >= 95 %, target 99.5 %, window 7d America/New_York"],
                                                   notes: ["skipped SLO web-latency-threshold Good: a latency threshold with op gt 200.0 counts slow events as good"])),
        ("openslo/ratio-timeslices.yaml", .agreements(["SLA-main-page": "availability >= 99 %, target 95 %, window 14d"],
                                                       notes: ["no timeSliceTarget: each observation must reach 99 %; 95 % of observations are required (--target)"])),
        ("openslo/timeslices-slo.yaml", .agreements(["SLA-service-availability-internal-objective": "availability >= 99 %, target 99.5 %, window sprint America/New_York",
                                                     "SLA-service-availability-sla": "availability >= 99 %, target 99 %, window sprint America/New_York"],
                                                    notes: ["'1m' is minutes in OpenSLO; months are 'M'"])),
        ("openslo/v2alpha-slos.yaml", .agreements(["SLA-web-availability": "availability >= 95 %, target 99.5 %, window 7d America/New_York"])),
        ("openslo/v2alpha-slos-apiversion-v1.yml", .agreements(["SLA-web-availability": "availability >= 95 %, target 99.5 %, window 7d America/New_York"],
                                                               notes: ["says apiVersion openslo/v1 but uses v2alpha fields (spec.sli)"])),
        ("openslo/v2alpha-slis.yml", .refused("an SLI states no target or window; import it with the SLO that refers to it")),
        ("openslo/v2alpha-alert-policies.yaml", .refused("only SLO, SLI and Service documents become agreements")),
        ("openslo/oslo-v1-indicatorref-calendar-occurrences.yaml", .refused("its indicator 'indicatorRefString' is an SLI document that is not in the file (add it, or inline spec.indicator)")),
        ("openslo/oslo-v1-ratio-occurrences-rolling-1M.yaml", .agreements(["SLA-test-slo": "ratio availability, target 98 %, window 30d"])),
        ("openslo/slogen-v1-ratio-occurrences-latency-in-query.yaml", .agreements(["SLA-drift_gen_rolling": "ratio latency <= 400ms, target 98 %, window 7d America/New_York"],
                                                                                  notes: ["98 % of events within 400ms (duration_ms < 400)"])),
        ("openslo/sloth-kubernetes-apiserver.yml", .agreements(["SLA-requests-availability-openslo": "ratio availability, target 99.9 %, window 30d",
                                                                "SLA-requests-latency-openslo-1": "ratio latency <= 400ms, target 99 %, window 30d",
                                                                "SLA-requests-latency-openslo-2": "ratio latency <= 5s, target 99.9 %, window 30d"])),
        ("openslo/v1-threshold-occurrences-latency-500.yaml", .agreements(["SLA-search-slo": "ratio latency <= 500ms, target 99 %, window 14d"])),
        // Sloth
        ("sloth/getting-started.yml", .agreements(["SLA-myservice-requests-availability": "ratio availability, target 99.9 %, window 30d"])),
        ("sloth/k8s-getting-started.yml", .agreements(["SLA-myservice-requests-availability": "ratio availability, target 99.9 %, window 30d"])),
        ("sloth/kubernetes-apiserver.yml", .agreements(["SLA-k8s-apiserver-requests-availability": "ratio availability, target 99.9 %, window 30d",
                                                        "SLA-k8s-apiserver-requests-latency": "ratio latency <= 400ms, target 99 %, window 30d"])),
        ("sloth/k8s-multifile.yml", .agreements(["SLA-myservice-requests-availability": "ratio availability, target 99.9 %, window 30d",
                                                 "SLA-myservice2-requests-availability": "ratio availability, target 99.99 %, window 30d"])),
        ("sloth/k8s-home-wifi.yml", .agreements(["SLA-home-wifi-good-wifi-client-satisfaction": "ratio availability, target 95 %, window 30d",
                                                 "SLA-home-wifi-risk-wifi-client-satisfaction": "ratio availability, target 99.9 %, window 30d"])),
        ("sloth/plugin-getting-started.yml", .agreements(["SLA-myservice-requests-availability": "ratio availability, target 99.9 %, window 30d"],
                                                         notes: ["sli.plugin 'getting_started_availability' has no query in the file"])),
        ("sloth/raw-home-wifi.yml", .agreements(["SLA-home-wifi-wifi-client-satisfaction": "ratio availability, target 95 %, window 30d"])),
        ("sloth/no-alerts.yml", .agreements(["SLA-myapp-http-availability": "ratio availability, target 99.99 %, window 30d"])),
        ("sloth/windows-custom-30d.yaml", .refused("no Sloth SLOs (version prometheus/v1 or a PrometheusServiceLevel) in the file")),
        // Pyrra
        ("pyrra/caddy-response-latency.yaml", .agreements(["SLA-caddy-response-latency": "ratio latency <= 50ms, target 90 %, window 28d"])),
        ("pyrra/apiserver-request-errors-ratio.yaml", .agreements(["SLA-apiserver-read-response-errors": "ratio availability, target 99.99 %, window 14d",
                                                                   "SLA-apiserver-write-response-errors": "ratio availability, target 99 %, window 7d"])),
        ("pyrra/apiserver-request-latency.yaml", .agreements(["SLA-apiserver-read-resource-request-latency": "ratio latency <= 1s, target 99 %, window 14d"])),
        ("pyrra/dynamic-burn-rate-ratio.yaml", .agreements(["SLA-apiserver-requests-dynamic": "ratio availability, target 99 %, window 28d"])),
        ("pyrra/dynamic-burn-rate-bool-gauge.yaml", .agreements(["SLA-prometheus-availability-dynamic": "ratio availability, target 99.9 %, window 28d"])),
        ("pyrra/dynamic-burn-rate-latency-native.yaml", .agreements(["SLA-pyrra-connect-native-latency-dynamic": "ratio latency <= 200ms, target 99.5 %, window 28d"])),
        // Data Contract Specification
        ("dcs/orders-latest.datacontract.yaml", .agreements(["SLA-orders-latest-availability": "ratio availability, target 99.9 %, window sprint",
                                                             "SLA-orders-latest-latency": "freshness <= 1d 01h, target 95 %, window sprint",
                                                             "SLA-orders-latest-freshness": "freshness <= 1d 01h, target 95 %, window sprint",
                                                             "SLA-orders-latest-support": "support_response <= 1h, target 95 %, window sprint"],
                                                            notes: ["servicelevels.retention kept as facts on orders-latest"])),
        ("dcs/orders-latest-nested-0.9.3-serviceLevels-camelcase.datacontract.yaml",
         .agreements(["SLA-orders-latest-availability": "ratio availability, target 99.9 %, window sprint",
                      "SLA-orders-latest-latency": "freshness <= 1d 01h, target 95 %, window sprint",
                      "SLA-orders-latest-freshness": "freshness <= 1d 01h, target 95 %, window sprint",
                      "SLA-orders-latest-support": "support_response <= 1h, target 95 %, window sprint"])),
        ("dcs/cli-postgres-freshness-PT1H.datacontract.yaml", .agreements(["SLA-postgres-freshness": "freshness <= 1h, target 95 %, window sprint"])),
        ("dcs/cli-odcs-v3-converted-full-example.datacontract.yml", .refused("states no percentage (description '2022-05-12T09:30:10-08:00' is not a target)")),
        // ODCS
        ("odcs/full-example-v3.2.yaml", .agreements(["SLA-my-quantum-frequency-tab1.txn_ref_dt": "freshness <= 1d, target 95 %, window sprint",
                                                     "SLA-my-quantum-latency-tab1.txn_ref_dt": "freshness <= 4d, target 95 %, window sprint",
                                                     "SLA-my-quantum-timeofavailability-tab1.txn_ref_dt": "delivered_by 09:00 Etc/GMT+8, target 95 %, window sprint Etc/GMT+8",
                                                     "SLA-my-quantum-timeofavailability-tab1.txn_ref_dt-analytics": "delivered_by 08:00 Etc/GMT+8, target 95 %, window sprint Etc/GMT+8"],
                                                    notes: ["'09:00-08:00' read as delivered_by 09:00 Etc/GMT+8 (the part after '-' is a UTC offset)"])),
        ("odcs/database-table-sla-v3.1.yaml", .agreements(["SLA-my_table-frequency-tab1.txn_ref_dt": "freshness <= 1d, target 95 %, window sprint",
                                                           "SLA-my_table-latency-tab1.txn_ref_dt": "freshness <= 4d, target 95 %, window sprint",
                                                           "SLA-my_table-timeofavailability-tab1.txn_ref_dt": "delivered_by 09:00 Etc/GMT+8, target 95 %, window sprint Etc/GMT+8",
                                                           "SLA-my_table-timeofavailability-tab1.txn_ref_dt-analytics": "delivered_by 08:00 Etc/GMT+8, target 95 %, window sprint Etc/GMT+8"])),
        ("odcs/cli-odcs-v2.2.2-full-example.yaml", .agreements(["SLA-my-quantum-frequency-tab1.txn_ref_dt": "freshness <= 1d, target 95 %, window sprint",
                                                                "SLA-my-quantum-latency-tab1.txn_ref_dt": "freshness <= 4d, target 95 %, window sprint",
                                                                "SLA-my-quantum-timeofavailability-tab1.txn_ref_dt": "delivered_by 09:00 Etc/GMT+8, target 95 %, window sprint Etc/GMT+8",
                                                                "SLA-my-quantum-timeofavailability-tab1.txn_ref_dt-analytics": "delivered_by 08:00 Etc/GMT+8, target 95 %, window sprint Etc/GMT+8"])),
        ("odcs/weather-service.odcs.yaml", .agreements(["SLA-berlin-weather-data-hourly-forecast-availability-weather_forecast": "ratio availability, target 99.5 %, window sprint",
                                                        "SLA-berlin-weather-data-hourly-forecast-latency-weather_forecast": "latency_p95 <= 500ms, target 95 %, window sprint"])),
        ("odcs/datacontract-cli-orders.odcs.yaml", .agreements(["SLA-orders-freshness-orders.order_timestamp": "freshness <= 1d, target 95 %, window sprint"])),
        ("odcs/cli-postgres-freshness-1h-v3.0.0.odcs.yaml", .agreements(["SLA-postgres-freshness-my_table.field_three": "freshness <= 1h, target 95 %, window sprint"])),
        ("odcs/cli-numeric-retention-3y-v3.1.0.odcs.yaml", .agreements([:], notes: ["no slaProperties entry became an agreement; what could be kept is a fact on orders-numeric-retention-test"])),
        // dbt
        ("dbt/sources-ticketswap-nullcrit.json", .observation("2025-01-01T11:22:36Z", "2025-01-01T11:02:27Z", "dbt status pass")),
        // Postmortems (severity 3 given; times in UTC)
        ("postmortems/posthog-2025-09-29-flags-is-down.md", .incident(detected: "2025-09-29T17:25:00Z", resolved: "2025-09-29T18:46:00Z")),
        ("postmortems/posthog-2026-02-06-feature-flags-cache-degradation.md", .incident(detected: "2026-02-06T20:31:00Z", resolved: "2026-02-06T22:34:00Z")),
        ("postmortems/posthog-2026-02-20-logs-data-loss.md", .incident(detected: "2026-02-19T19:40:00Z", resolved: nil, notes: ["resolved"])),
        ("postmortems/univaf-2021-06-03-database-full-us-pacific.md", .incident(detected: "2021-06-03T16:00:00Z", resolved: "2021-06-03T16:58:00Z")),
        ("postmortems/dfds-pm2019-009-ip-starvation-cet.md", .incident(detected: "2019-11-30T07:24:00Z", resolved: "2019-12-05T06:00:00Z")),
        ("postmortems/dfds-pm2020-005-alb-instance-attachment-cet.md", .incident(detected: "2020-06-09T10:25:00Z", resolved: "2020-06-09T11:13:00Z",
                                                                                notes: ["times in CET on a summer date read as local summer time (UTC+02:00)"])),
        ("postmortems/dfds-pm2021-011-log4shell.md", .incident(detected: "2021-12-10T15:40:00Z", resolved: nil, notes: ["resolved"])),
        ("postmortems/dfds-pm2022-001-prometheus-down.md", .incident(detected: "2022-01-25T10:21:00Z", resolved: "2022-01-25T15:00:00Z",
                                                                     notes: ["resolved (read from the timeline)"])),
        ("postmortems/dfds-pm2023-001-total-node-failure.md", .incident(detected: "2023-02-14T09:33:00Z", resolved: "2023-02-14T11:08:00Z",
                                                                        notes: ["Stats (time to detection 2 minutes, time to recovery 13 minutes) do not fit the timeline (95 minutes from detection to resolution); the timeline's times are kept"])),
        ("postmortems/dfds-pm2025-002-traefik-rule-utc.md", .incident(detected: "2025-03-17T23:42:00Z", resolved: "2025-03-18T00:41:00Z",
                                                                      notes: ["Stats (time to detection 371 minutes, time to recovery 389 minutes) do not fit the timeline"])),
        ("postmortems/dfds-pm2021-009-404-stats-only.md", .incident(detected: "2021-09-06T08:05:00Z", resolved: "2021-09-06T09:08:00Z",
                                                                    notes: ["detected (from Stats: time to detection 5 minutes after the start 2021-09-06T08:00:00Z in the timeline)",
                                                                            "resolved (from Stats: time to recovery 68 minutes after the start 2021-09-06T08:00:00Z in the timeline)"])),
        ("postmortems/dfds-pm2021-005-503-stats-fit.md", .incident(detected: "2021-06-22T08:29:00Z", resolved: "2021-06-22T08:46:00Z")),
        ("postmortems/dfds-template.md", .refused("cannot tell when the incident was detected (add front matter 'detected:' or a timeline with dated times")),
        ("postmortems/srebook-template.md", .refused("cannot tell when the incident was detected (add front matter 'detected:' or a timeline with dated times")),
        // Usage exports
        ("csv-headers/metabase-view-log.header-from-docs.csv", .usageHeader(.metabase, row: "1,2026-11-04T08:00:00Z,12,card,7,card_7,,,false,,,,,,,,,", asset: "metabase_card")),
    ]

    @Test("the table names every fixture, and nothing else")
    func complete() throws {
        let root = (Fixture.format("README.md") as NSString).deletingLastPathComponent
        let files = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [])
            .filter { !$0.hasSuffix("README.md") && $0.contains(".") }.sorted()
        #expect(files == Self.table.map(\.0).sorted())
    }

    @Test("each fixture imports with the meaning its file states, or is refused naming what is missing", arguments: Self.table.map(\.0))
    func meaning(_ file: String) throws {
        let expected = try #require(Self.table.first { $0.0 == file }?.1)
        let store = try Fixture.storeWithCatalog()
        let path = Fixture.format(file)
        let before = try store.read { try $0.rowCounts() }
        let options = StandardImportOptions(author: "tester", clock: Fixture.now, consumer: "sales-analytics")
        func run() throws -> [String] {
            switch file.split(separator: "/").first.map(String.init) ?? "" {
            case "openslo": return try OpenSLOImport(options: options).importFile(path, into: store).notes
            case "sloth": return try SlothImport(options: options).importFile(path, into: store).notes
            case "pyrra": return try PyrraImport(options: options).importFile(path, into: store).notes
            case "dcs": return try DCSImport(options: options).importFile(path, into: store).notes
            case "odcs": return try ODCSImport(options: options).importFile(path, into: store).notes
            case "postmortems": return try PostmortemImport(clock: Fixture.now, severity: 3).importPath(path, into: store).entries.first.map { $0.missing + $0.notes } ?? []
            default: return []
            }
        }
        switch expected {
        case .agreements(let agreements, let notes):
            let got = try run()
            #expect(try SLOToolsTests().summaries(store) == agreements)
            for fragment in notes { #expect(got.contains { $0.contains(fragment) }, "note '\(fragment)' in \(got)") }
        case .refused(let fragment):
            #expect { _ = try run() } throws: { error in "\(error)".hasPrefix(path) && "\(error)".contains(fragment) }
            #expect(try store.read { try $0.rowCounts() } == before, "a refused file writes nothing")
        case .incident(let detected, let resolved, let notes):
            let got = try run()
            let incident = try #require(try store.read { try $0.incidents() }.first)
            #expect(Clock.iso(incident.detectedAt) == detected)
            #expect(incident.resolvedAt.map(Clock.iso) == resolved)
            for fragment in notes { #expect(got.contains { $0.contains(fragment) }, "note '\(fragment)' in \(got)") }
        case .observation(let observedAt, let value, let note):
            let map = try Fixture.file("map.yaml", "sample_source: SLA-sales-daily-freshness\n")
            _ = try DBTFreshnessImport(clock: Fixture.now, mapFile: map).importFile(path, into: store)
            #expect(try store.query("SELECT observed_at, value, note FROM observations").rows == [[.text(observedAt), .text(value), .text(note)]])
        case .usageHeader(let preset, let row, let asset):
            let store = try Store.inMemory()
            _ = try CatalogImport(author: "t", clock: Fixture.now).importText(UsageImportTests.catalog, file: "c.yaml", into: store)
            let header = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .newlines)
            let report = try UsageImport(clock: Fixture.now, preset: preset).importFile(try Fixture.file("export.csv", header + "\n" + row + "\n"), into: store)
            #expect(report.imported == 1 && report.dropped.isEmpty)
            #expect(try store.query("SELECT asset_id FROM usage_events").rows == [[.text(asset)]])
        }
    }
}
