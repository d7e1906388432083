import Testing
@testable import SLAModel
@testable import SLAStore
@testable import SLAEvaluate
@testable import SLALedger
@testable import SLAImport
@testable import SLARender
@testable import SLARetro
@testable import SLADemo

@Suite("numbers, durations and dates")
struct FormattingTests {
    @Test("durations are written in the largest sensible units",
          arguments: [(45.0, "45s"), (60, "1m"), (5700, "1h 35m"), (7200, "2h"), (11_100, "3h 05m"), (86_400, "1d"),
                      (108_000, "1d 06h"), (0.25, "250ms"), (3725, "1h 02m 05s")])
    func durations(_ seconds: Double, _ text: String) {
        #expect(Formatting.duration(seconds) == text)
    }

    @Test("durations parse from every documented form",
          arguments: [("95m", 5700.0), ("2h", 7200), ("1h30m", 5400), ("1h 30m", 5400), ("2d", 172_800), ("45s", 45),
                      ("250ms", 0.25), ("3600", 3600), ("1w", 604_800)])
    func parseDurations(_ text: String, _ seconds: Double) {
        #expect(ValueParser.duration(text) == seconds)
    }

    @Test("malformed durations are refused", arguments: ["", "h", "2x", "-5", "1h1h", "2 hours", "1.2.3h"])
    func badDurations(_ text: String) {
        #expect(ValueParser.duration(text) == nil)
    }

    @Test("percentages use one format everywhere")
    func percentages() {
        #expect(Formatting.percent(0.95) == "95 %")
        #expect(Formatting.percent(0.995) == "99.5 %")
        #expect(Formatting.measuredPercent(0.97142) == "97.1 %")
    }

    @Test("numbers drop trailing zeros; whole numbers, negative zero and huge values read as printf writes them")
    func numbers() {
        #expect(Formatting.number(7) == "7")
        #expect(Formatting.number(-3) == "-3")
        #expect(Formatting.number(-0.0) == "0")
        #expect(Formatting.number(-0.00001) == "0")
        #expect(Formatting.number(2.5) == "2.5")
        #expect(Formatting.number(1.23456, maxDecimals: 2) == "1.23")
        #expect(Formatting.number(0.125, maxDecimals: 2) == "0.12", "printf rounds the binary value, half to even")
        #expect(Formatting.number(9_007_199_254_740_993) == String(format: "%.0f", 9_007_199_254_740_993.0))
        #expect(Formatting.number(1e20) == String(format: "%.0f", 1e20))
        #expect(Formatting.number(.infinity) == "inf")
    }

    @Test("dates must be real calendar days")
    func dates() {
        #expect(LocalDate("2026-02-29") == nil)
        #expect(LocalDate("2028-02-29") != nil)
        #expect(LocalDate("2026-1-5") == nil)
        #expect(LocalDate("2026-+1-05") == nil && LocalDate("+026-01-05") == nil && LocalDate("2026-01-05 ") == nil, "digits only")
        #expect(LocalDate("2026-13-01") == nil)
        #expect(LocalDate("2026-10-26")!.adding(days: 14).description == "2026-11-09")
        #expect(LocalDate("2026-10-26")!.days(until: LocalDate("2026-11-09")!) == 14)
    }

    @Test("a day starts at local midnight, across the DST change")
    func dayStart() {
        let berlin = TimeZones.named("Europe/Berlin")!
        #expect(Clock.iso(LocalDate("2026-10-25")!.start(in: berlin)) == "2026-10-24T22:00:00Z")
        #expect(Clock.iso(LocalDate("2026-10-26")!.start(in: berlin)) == "2026-10-25T23:00:00Z")
    }
}
