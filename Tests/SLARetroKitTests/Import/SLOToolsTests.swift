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

/// Sloth, Pyrra, OpenSLO Occurrences and v2alpha, DCS and ODCS as tools write them: each import keeps the
/// target, threshold with its unit, window and zone that the file states (Fixtures/formats/README.md).
@Suite("SLO tools and contracts as written")
struct SLOToolsTests {
    let options = StandardImportOptions(author: "tester", clock: Fixture.now, consumer: "sales-analytics")

    /// `id → summary` of every agreement an import created (the catalog's own excluded).
    func summaries(_ store: Store) throws -> [String: String] {
        let revisions = try store.read { ctx in try ctx.agreements().compactMap { try ctx.latestRevision(of: $0.id) } }
        var result: [String: String] = [:]
        for r in revisions where !["SLA-sales-daily-freshness", "OLA-crm-export"].contains(r.agreement.rawValue) {
            result[r.agreement.rawValue] = r.terms.summary + (r.terms.timezone == "UTC" ? "" : " " + r.terms.timezone)
        }
        return result
    }

    @Test("Sloth files import as event ratios with the file's objective, a 30d window and latency buckets as thresholds", arguments: [
        ("sloth/getting-started.yml", ["SLA-myservice-requests-availability": "ratio availability, target 99.9 %, window 30d"]),
        ("sloth/k8s-getting-started.yml", ["SLA-myservice-requests-availability": "ratio availability, target 99.9 %, window 30d"]),
        ("sloth/kubernetes-apiserver.yml", ["SLA-k8s-apiserver-requests-availability": "ratio availability, target 99.9 %, window 30d",
                                            "SLA-k8s-apiserver-requests-latency": "ratio latency <= 400ms, target 99 %, window 30d"]),
        ("sloth/k8s-multifile.yml", ["SLA-myservice-requests-availability": "ratio availability, target 99.9 %, window 30d",
                                     "SLA-myservice2-requests-availability": "ratio availability, target 99.99 %, window 30d"]),
        ("sloth/k8s-home-wifi.yml", ["SLA-home-wifi-good-wifi-client-satisfaction": "ratio availability, target 95 %, window 30d",
                                     "SLA-home-wifi-risk-wifi-client-satisfaction": "ratio availability, target 99.9 %, window 30d"]),
        ("sloth/plugin-getting-started.yml", ["SLA-myservice-requests-availability": "ratio availability, target 99.9 %, window 30d"]),
        ("sloth/raw-home-wifi.yml", ["SLA-home-wifi-wifi-client-satisfaction": "ratio availability, target 95 %, window 30d"]),
        ("sloth/no-alerts.yml", ["SLA-myapp-http-availability": "ratio availability, target 99.99 %, window 30d"]),
    ])
    func sloth(_ file: String, _ expected: [String: String]) throws {
        let store = try Fixture.storeWithCatalog()
        let report = try SlothImport(options: options).importFile(Fixture.format(file), into: store)
        #expect(try summaries(store) == expected)
        #expect(report.notes.contains("Sloth files state no window: 30d, Sloth's default SLO period"))
    }

    @Test("Sloth: an owner label is the provider, so without --consumer nothing is imported and the file is refused naming the teams")
    func slothConsumer() throws {
        let store = try Fixture.storeWithCatalog()
        var noConsumer = options
        noConsumer.consumer = nil
        let path = Fixture.format("sloth/getting-started.yml")
        let before = try store.read { try $0.rowCounts() }
        #expect {
            try SlothImport(options: noConsumer).importFile(path, into: store)
        } throws: { error in
            "\(error)".hasPrefix("\(path): nothing could be imported: ")
                && "\(error)".contains("skipped SLO requests-availability: names the teams owner=myteam but not which one it is promised to (an owner is the provider): pass --consumer TEAM")
        }
        #expect(try store.read { try $0.rowCounts() } == before)
        let report = try SlothImport(options: options).importFile(path, into: store)
        #expect(report.notes.contains("SLO requests-availability: team labels owner=myteam; consumer sales-analytics (from --consumer)"))
        #expect(try store.query("SELECT value FROM facts WHERE key = 'sloth.label.owner'").rows == [[.text("myteam")]])
    }

    @Test("Sloth AlertWindows alone is not an SLO: the file is refused; its sloPeriod would be the window of SLOs beside it")
    func slothAlertWindows() throws {
        let store = try Fixture.storeWithCatalog()
        #expect(throws: ImportError.self) { try SlothImport(options: options).importFile(Fixture.format("sloth/windows-custom-30d.yaml"), into: store) }
        let text = try String(contentsOfFile: Fixture.format("sloth/windows-custom-30d.yaml"), encoding: .utf8).replacingOccurrences(of: "sloPeriod: 30d", with: "sloPeriod: 28d")
            + "\n---\n" + (try String(contentsOfFile: Fixture.format("sloth/k8s-getting-started.yml"), encoding: .utf8))
        _ = try SlothImport(options: options).importFile(try Fixture.file("slos.yaml", text), into: store)
        #expect(try summaries(store) == ["SLA-myservice-requests-availability": "ratio availability, target 99.9 %, window 28d"])
    }

    @Test("Pyrra objectives keep the quoted 0–100 target, the window and the latency threshold", arguments: [
        ("pyrra/caddy-response-latency.yaml", ["SLA-caddy-response-latency": "ratio latency <= 50ms, target 90 %, window 28d"]),
        ("pyrra/apiserver-request-errors-ratio.yaml", ["SLA-apiserver-read-response-errors": "ratio availability, target 99.99 %, window 14d",
                                                       "SLA-apiserver-write-response-errors": "ratio availability, target 99 %, window 7d"]),
        ("pyrra/apiserver-request-latency.yaml", ["SLA-apiserver-read-resource-request-latency": "ratio latency <= 1s, target 99 %, window 14d"]),
        ("pyrra/dynamic-burn-rate-ratio.yaml", ["SLA-apiserver-requests-dynamic": "ratio availability, target 99 %, window 28d"]),
        ("pyrra/dynamic-burn-rate-bool-gauge.yaml", ["SLA-prometheus-availability-dynamic": "ratio availability, target 99.9 %, window 28d"]),
        ("pyrra/dynamic-burn-rate-latency-native.yaml", ["SLA-pyrra-connect-native-latency-dynamic": "ratio latency <= 200ms, target 99.5 %, window 28d"]),
    ])
    func pyrra(_ file: String, _ expected: [String: String]) throws {
        let store = try Fixture.storeWithCatalog()
        _ = try PyrraImport(options: options).importFile(Fixture.format(file), into: store)
        #expect(try summaries(store) == expected)
    }

    @Test("Pyrra: a pyrra.dev/team label names the consumer when --consumer is not given; the label is kept as a fact")
    func pyrraTeamLabel() throws {
        let store = try Fixture.storeWithCatalog()
        var noConsumer = options
        noConsumer.consumer = nil
        let text = try String(contentsOfFile: Fixture.format("pyrra/caddy-response-latency.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "  name: caddy-response-latency\n", with: "  name: caddy-response-latency\n  labels:\n    pyrra.dev/team: checkout\n")
        let report = try PyrraImport(options: noConsumer).importFile(try Fixture.file("slo.yaml", text), into: store)
        #expect(report.changes.map(ImportViews.line).contains("created team checkout (consumer)"))
        #expect(report.notes.contains("SLO caddy-response-latency: team labels pyrra.dev/team=checkout; consumer checkout (from the team label)"))
        #expect(try store.query("SELECT value FROM facts WHERE key = 'pyrra.label.pyrra.dev/team'").rows == [[.text("checkout")]])
    }

    @Test("OpenSLO Occurrences are event ratios: bucket and query thresholds keep their unit, 1M is a month, v2alpha reads", arguments: [
        ("openslo/sloth-kubernetes-apiserver.yml", ["SLA-requests-availability-openslo": "ratio availability, target 99.9 %, window 30d",
                                                    "SLA-requests-latency-openslo-1": "ratio latency <= 400ms, target 99 %, window 30d",
                                                    "SLA-requests-latency-openslo-2": "ratio latency <= 5s, target 99.9 %, window 30d"]),
        ("openslo/oslo-v1-ratio-occurrences-rolling-1M.yaml", ["SLA-test-slo": "ratio availability, target 98 %, window 30d"]),
        ("openslo/slogen-v1-ratio-occurrences-latency-in-query.yaml", ["SLA-drift_gen_rolling": "ratio latency <= 400ms, target 98 %, window 7d America/New_York"]),
        ("openslo/v1-threshold-occurrences-latency-500.yaml", ["SLA-search-slo": "ratio latency <= 500ms, target 99 %, window 14d"]),
        ("openslo/v2alpha-slos.yaml", ["SLA-web-availability": "availability >= 95 %, target 99.5 %, window 7d America/New_York"]),
        ("openslo/v2alpha-slos-apiversion-v1.yml", ["SLA-web-availability": "availability >= 95 %, target 99.5 %, window 7d America/New_York"]),
        ("openslo/timeslices-slo.yaml", ["SLA-service-availability-internal-objective": "availability >= 99 %, target 99.5 %, window sprint America/New_York",
                                         "SLA-service-availability-sla": "availability >= 99 %, target 99 %, window sprint America/New_York"]),
    ])
    func openSLOOccurrences(_ file: String, _ expected: [String: String]) throws {
        let store = try Fixture.storeWithCatalog()
        _ = try OpenSLOImport(options: options).importFile(Fixture.format(file), into: store)
        #expect(try summaries(store) == expected)
    }

    @Test("OpenSLO files with nothing to import are refused with what is missing", arguments: [
        ("openslo/v2alpha-slis.yml", "no SLO or Service documents"),
        ("openslo/v2alpha-alert-policies.yaml", "no SLO or Service documents"),
        ("openslo/oslo-v1-indicatorref-calendar-occurrences.yaml", "its indicator 'indicatorRefString' is an SLI document that is not in the file"),
    ])
    func openSLORefused(_ file: String, _ fragment: String) throws {
        let store = try Fixture.storeWithCatalog()
        let before = try store.read { try $0.rowCounts() }
        #expect {
            try OpenSLOImport(options: options).importFile(Fixture.format(file), into: store)
        } throws: { error in
            "\(error)".contains("nothing could be imported") && "\(error)".contains(fragment)
        }
        #expect(try store.read { try $0.rowCounts() } == before)
    }

    @Test("a bare OpenSLO threshold without a unit is a note, not a guess; --unit supplies it")
    func openSLOUnit() throws {
        let store = try Fixture.storeWithCatalog()
        let text = try String(contentsOfFile: Fixture.format("openslo/v1-threshold-occurrences-latency-500.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "more than 500ms", with: "more than that")
        let path = try Fixture.file("slo.yaml", text)
        #expect {
            try OpenSLOImport(options: options).importFile(path, into: store)
        } throws: { error in
            "\(error)".contains("threshold lt 500 has no unit in the file: pass --unit ms or --unit s")
        }
        var withUnit = options
        withUnit.unit = 0.001
        _ = try OpenSLOImport(options: withUnit).importFile(path, into: store)
        #expect(try summaries(store) == ["SLA-search-slo": "ratio latency <= 500ms, target 99 %, window 14d"])
    }

    @Test("OpenSLO: two team labels and no --consumer is refused naming both")
    func openSLOTeams() throws {
        let store = try Fixture.storeWithCatalog()
        var noConsumer = options
        noConsumer.consumer = nil
        let text = try String(contentsOfFile: Fixture.format("openslo/v2alpha-slos.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "team: team-a", with: "team: [team-a, team-b]")
        let path = try Fixture.file("slo.yaml", text)
        #expect {
            try OpenSLOImport(options: noConsumer).importFile(path, into: store)
        } throws: { error in
            "\(error)".contains("names the teams team=team-a, team=team-b but not which one it is promised to")
        }
        let single = try OpenSLOImport(options: noConsumer).importFile(Fixture.format("openslo/v2alpha-slos.yaml"), into: store)
        #expect(single.changes.map(ImportViews.line).contains("created team team-a (consumer)"))
    }

    @Test("DCS servicelevels: availability 99.9% is the target, thresholds keep their units, the rest are facts", arguments: [
        ("dcs/orders-latest.datacontract.yaml", ["SLA-orders-latest-availability": "ratio availability, target 99.9 %, window sprint",
                                                 "SLA-orders-latest-latency": "freshness <= 1d 01h, target 95 %, window sprint",
                                                 "SLA-orders-latest-freshness": "freshness <= 1d 01h, target 95 %, window sprint",
                                                 "SLA-orders-latest-support": "support_response <= 1h, target 95 %, window sprint"]),
        ("dcs/orders-latest-nested-0.9.3-serviceLevels-camelcase.datacontract.yaml",
         ["SLA-orders-latest-availability": "ratio availability, target 99.9 %, window sprint",
          "SLA-orders-latest-latency": "freshness <= 1d 01h, target 95 %, window sprint",
          "SLA-orders-latest-freshness": "freshness <= 1d 01h, target 95 %, window sprint",
          "SLA-orders-latest-support": "support_response <= 1h, target 95 %, window sprint"]),
        ("dcs/cli-postgres-freshness-PT1H.datacontract.yaml", ["SLA-postgres-freshness": "freshness <= 1h, target 95 %, window sprint"]),
    ])
    func dcs(_ file: String, _ expected: [String: String]) throws {
        let store = try Fixture.storeWithCatalog()
        _ = try DCSImport(options: options).importFile(Fixture.format(file), into: store)
        #expect(try summaries(store) == expected)
    }

    @Test("DCS: an availability date is not a target; a file with only facts is refused; no --consumer is refused")
    func dcsRefused() throws {
        let store = try Fixture.storeWithCatalog()
        let converted = Fixture.format("dcs/cli-odcs-v3-converted-full-example.datacontract.yml")
        #expect {
            try DCSImport(options: options).importFile(converted, into: store)
        } throws: { error in
            "\(error)".contains("nothing could be imported") && "\(error)".contains("states no percentage (description '2022-05-12T09:30:10-08:00' is not a target)")
        }
        var noConsumer = options
        noConsumer.consumer = nil
        let orders = Fixture.format("dcs/orders-latest.datacontract.yaml")
        #expect(throws: ImportError.unreadable(file: orders, message: "a data contract does not say who consumes it (info.owner 'Checkout Team' is the provider): pass --consumer TEAM")) {
            try DCSImport(options: noConsumer).importFile(orders, into: store)
        }
        #expect(try summaries(store).isEmpty)
    }

    @Test("ODCS v2, and v3 as datacontract-cli writes it: column:, freshness, string values, windows", arguments: [
        ("odcs/cli-postgres-freshness-1h-v3.0.0.odcs.yaml", ["SLA-postgres-freshness-my_table.field_three": "freshness <= 1h, target 95 %, window sprint"]),
        ("odcs/datacontract-cli-orders.odcs.yaml", ["SLA-orders-freshness-orders.order_timestamp": "freshness <= 1d, target 95 %, window sprint"]),
        ("odcs/weather-service.odcs.yaml", ["SLA-berlin-weather-data-hourly-forecast-availability-weather_forecast": "ratio availability, target 99.5 %, window sprint",
                                            "SLA-berlin-weather-data-hourly-forecast-latency-weather_forecast": "latency_p95 <= 500ms, target 95 %, window sprint"]),
        ("odcs/cli-numeric-retention-3y-v3.1.0.odcs.yaml", [:]),
    ])
    func odcsAsWritten(_ file: String, _ expected: [String: String]) throws {
        let store = try Fixture.storeWithCatalog()
        _ = try ODCSImport(options: options).importFile(Fixture.format(file), into: store)
        #expect(try summaries(store) == expected)
    }

    @Test("ODCS v2 full example: column: names the element, the repeated timeOfAvailability gets its driver")
    func odcsV2() throws {
        let store = try Fixture.storeWithCatalog()
        let report = try ODCSImport(options: options).importFile(Fixture.format("odcs/cli-odcs-v2.2.2-full-example.yaml"), into: store)
        let got = try summaries(store)
        #expect(got.keys.sorted() == ["SLA-my-quantum-frequency-tab1.txn_ref_dt", "SLA-my-quantum-latency-tab1.txn_ref_dt",
                                      "SLA-my-quantum-timeofavailability-tab1.txn_ref_dt", "SLA-my-quantum-timeofavailability-tab1.txn_ref_dt-analytics"])
        #expect(got["SLA-my-quantum-latency-tab1.txn_ref_dt"] == "freshness <= 4d, target 95 %, window sprint")
        #expect(got["SLA-my-quantum-timeofavailability-tab1.txn_ref_dt"] == "delivered_by 09:00 Etc/GMT+8, target 95 %, window sprint Etc/GMT+8")
        #expect(report.notes.contains { $0.contains("'09:00-08:00' read as delivered_by 09:00 Etc/GMT+8 (the part after '-' is a UTC offset)") })
    }

    @Test("ODCS values as strings: 99.9%, 500ms, 24h; a window 08:00-18:00 is not an offset; names in any case and abbreviations")
    func odcsStrings() throws {
        let store = try Fixture.storeWithCatalog()
        let contract = """
        apiVersion: v3.0.2
        kind: DataContract
        id: c
        name: orders
        slaProperties:
          - property: availability
            value: "99.9%"
          - property: Latency
            value: "500ms"
          - property: fy
            value: "24h"
          - property: timeOfAvailability
            value: "08:00-18:00"
          - property: timeToDetect
            value: "15m"
        """
        let report = try ODCSImport(options: options).importFile(try Fixture.file("c.odcs.yaml", contract), into: store)
        #expect(try summaries(store) == [
            "SLA-orders-availability": "ratio availability, target 99.9 %, window sprint",
            "SLA-orders-latency": "latency_p95 <= 500ms, target 95 %, window sprint",
            "SLA-orders-frequency": "freshness <= 1d, target 95 %, window sprint",
            "SLA-orders-timeofavailability": "delivered_by 09:00 UTC, target 95 %, window sprint".replacingOccurrences(of: "09:00", with: "08:00"),
        ])
        #expect(report.notes.contains { $0.contains("'08:00-18:00' read as delivered_by 08:00 UTC (an availability window until 18:00") })
        #expect(report.notes.contains { $0.contains("timeToDetect: '15m' kept as a fact") })
    }
}
