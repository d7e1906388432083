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

@Suite("observations import")
struct ObservationImportTests {
    @Test("the same file imported twice adds nothing the second time")
    func idempotent() throws {
        let store = try Fixture.storeWithAgreement(objective: "freshness <= 2h")
        let path = try Fixture.file("o.csv", "agreement,observed_at,value\nSLA-x,2026-10-19T10:00:00Z,90m\nSLA-x,2026-10-20T10:00:00+02:00,3h\n")
        let first = try ObservationImport(clock: Fixture.now).importFile(path, into: store)
        #expect(first.new == 2)
        let before = try store.read { try $0.rowCounts() }
        let second = try ObservationImport(clock: Fixture.now).importFile(path, into: store)
        #expect(second.new == 0 && second.known == 2 && second.conflicts == 0)
        var after = try store.read { try $0.rowCounts() }
        after["imports"]! -= 1
        #expect(after == before)
    }

    @Test("a bad value on line N refuses the file with FILE:N: and writes nothing")
    func badLine() throws {
        let store = try Fixture.storeWithAgreement(objective: "freshness <= 2h")
        let before = try store.read { try $0.rowCounts() }
        let path = try Fixture.file("o.csv", "agreement,observed_at,value\nSLA-x,2026-10-19T10:00:00Z,90m\nSLA-x,2026-10-20T10:00:00Z,soon\n")
        #expect(throws: ImportError.invalid(file: path, line: 3, message: "bad value 'soon' for SLA-x (freshness): expected a duration such as 95m, 2h, 850ms or a number of seconds")) {
            try ObservationImport(clock: Fixture.now).importFile(path, into: store)
        }
        #expect(try store.read { try $0.rowCounts() } == before)
    }

    struct Bad: CustomTestStringConvertible, Sendable {
        let row: String
        let message: String
        var testDescription: String { message }
    }

    @Test("every bad row kind names its line", arguments: [
        Bad(row: "SLA-y,2026-10-19T10:00:00Z,90m", message: "unknown agreement 'SLA-y' (did you mean 'SLA-x'?)"),
        Bad(row: "SLA-x,2026-10-19 10:00,90m", message: "bad observed_at '2026-10-19 10:00' (expected an ISO-8601 time with its zone, e.g. 2026-10-26T09:00:00Z)"),
        Bad(row: "SLA-x,2026-10-19T10:00:00Z", message: "expected 3 fields, found 2"),
        Bad(row: "SLA-x,2026-10-19T10:00:00Z,\"90m", message: "a quote is not closed"),
    ])
    func badRows(_ c: Bad) throws {
        let store = try Fixture.storeWithAgreement(objective: "freshness <= 2h")
        let path = try Fixture.file("o.csv", "agreement,observed_at,value\n\(c.row)\n")
        #expect(throws: ImportError.invalid(file: path, line: 2, message: c.message)) { try ObservationImport(clock: Fixture.now).importFile(path, into: store) }
    }

    @Test("a wrong header is refused on line 1")
    func header() throws {
        let store = try Fixture.storeWithAgreement(objective: "freshness <= 2h")
        let path = try Fixture.file("o.csv", "agreement,observed,value\n")
        #expect(throws: ImportError.invalid(file: path, line: 1, message: "unknown column 'observed' (did you mean 'observed_at'?)")) {
            try ObservationImport(clock: Fixture.now).importFile(path, into: store)
        }
    }

    @Test("JSON Lines carry the same keys; values are read by the agreement's objective")
    func jsonLines() throws {
        let store = try Fixture.storeWithAgreement(objective: "availability >= 99%")
        let path = try Fixture.file("o.jsonl", """
            {"agreement": "SLA-x", "observed_at": "2026-10-19T10:00:00Z", "value": "99.5%"}
            {"agreement": "SLA-x", "observed_at": "2026-10-20T10:00:00Z", "value": 0.98, "note": "deploy"}

            """)
        #expect(try ObservationImport(clock: Fixture.now).importFile(path, into: store).new == 2)
        #expect(try Fixture.evidence(store).results[0].compliance.good == 1)
        let bad = try Fixture.file("o.jsonl", "{\"agreement\": \"SLA-x\", \"observed\": \"x\"}\n")
        #expect(throws: ImportError.invalid(file: bad, line: 1, message: "unknown key 'observed' (did you mean 'observed_at'?)")) {
            try ObservationImport(clock: Fixture.now).importFile(bad, into: store)
        }
    }

    @Test("a changed value for a stored observation is reported, and the stored value kept")
    func conflict() throws {
        let store = try Fixture.storeWithAgreement(objective: "freshness <= 2h")
        try Fixture.observe(["SLA-x,2026-10-19T10:00:00Z,90m,"], into: store)
        let report = try Fixture.observe(["SLA-x,2026-10-19T12:00:00+02:00,3h,"], into: store)
        #expect(report.conflicts == 1 && report.new == 0)
        #expect(try store.read { try $0.observationValue(AgreementID("SLA-x"), at: "2026-10-19T10:00:00Z") } == "90m")
    }

    @Test("a file mixing new, known and conflicting rows counts each, per agreement, and a repeat within the file is refused at its first problem line")
    func mixedOutcomes() throws {
        let store = try Fixture.storeWithAgreement(objective: "freshness <= 2h")
        try Fixture.observe(["SLA-x,2026-10-19T10:00:00Z,90m,", "SLA-x,2026-10-20T10:00:00Z,1h,"], into: store)
        let report = try Fixture.observe(["SLA-x,2026-10-19T10:00:00Z,90m,", "SLA-x,2026-10-20T10:00:00Z,2h,",
                                          "SLA-x,2026-10-21T10:00:00Z,30m,"], into: store)
        #expect(report.new == 1 && report.known == 1 && report.conflicts == 1)
        #expect(report.perAgreement == [AgreementID("SLA-x"): 1])
        // Line 3 repeats line 2; line 4 is bad too: the repeat, on the earlier line, is the error.
        let before = try store.read { try $0.rowCounts() }
        let path = try Fixture.file("o.csv", "agreement,observed_at,value\nSLA-x,2026-10-22T10:00:00Z,90m\nSLA-x,2026-10-22T12:00:00+02:00,1h\nSLA-x,2026-10-23T10:00:00Z,soon\n")
        #expect(throws: ImportError.duplicateObservation(file: path, line: 3, agreement: "SLA-x", observedAt: "2026-10-22T10:00:00Z", firstLine: 2)) {
            try ObservationImport(clock: Fixture.now).importFile(path, into: store)
        }
        #expect(try store.read { try $0.rowCounts() } == before)
    }

    @Test("timestamps parse with Z or an offset and are stored in UTC")
    func timestamps() {
        #expect(Timestamp.parse("2026-10-25T07:55:00Z") == Timestamp.parse("2026-10-25T08:55:00+01:00"))
        #expect(Timestamp.format(Timestamp.parse("2026-10-25T08:55:30.5+01:00")!) == "2026-10-25T07:55:30Z")
        #expect(Timestamp.parse("2026-10-25T07:55:00") == nil)
        #expect(Timestamp.parse("2026-02-30T07:55:00Z") == nil)
        #expect(Timestamp.format(0) == "1970-01-01T00:00:00Z")
    }
}
