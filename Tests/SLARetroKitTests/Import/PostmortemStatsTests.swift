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

/// A postmortem's "Stats" section as people write it: which of its statements gives detection and resolution,
/// and which wins over the timeline (docs/formats.md, "Postmortem Stats sections").
@Suite("postmortem Stats sections")
struct PostmortemStatsTests {
    func incident(_ text: String, timezone: String? = nil) throws -> (Incident, [String]) {
        let store = try Fixture.storeWithCatalog()
        let report = try PostmortemImport(clock: Fixture.now, severity: 2, timezone: timezone).importPath(try Fixture.file("pm.md", text), into: store)
        return (try #require(try store.read { try $0.incidents() }.first), report.entries.first?.missing ?? [])
    }

    @Test("a 'Stats:' paragraph with stated times wins over the timeline's wording; a time without a date takes the timeline's")
    func statedTimes() throws {
        let (incident, missing) = try incident("""
        # Orders API down

        All times in CET.

        ## Timeline

        | Time | Event |
        |---|---|
        | 2026-01-12 09:00 | Deploy of orders-api 4.2 |
        | 2026-01-12 09:20 | Alert fired for 5xx rate |
        | 2026-01-12 10:30 | Rollback finished, errors resolved |

        **Stats:**
        - Detected: 2026-01-12 09:12 CET
        - Acknowledged at 09:25
        - Resolved at 10:40

        ## Action items
        - Canary deploys @ana
        """)
        #expect(Clock.iso(incident.detectedAt) == "2026-01-12T08:12:00Z")
        #expect(incident.acknowledgedAt.map(Clock.iso) == "2026-01-12T08:25:00Z")
        #expect(incident.resolvedAt.map(Clock.iso) == "2026-01-12T09:40:00Z")
        #expect(missing.contains("detected (from Stats: detected 2026-01-12 09:12 CET)"))
        #expect(missing.contains("resolved (from Stats: resolved 10:40)"))
    }

    @Test("Time to detect and Duration count from a stated start; hours and minutes are read")
    func durationsFromStart() throws {
        let (incident, missing) = try incident("""
        # Nightly load stalled

        ## Stats

        - Start: 2026-03-02 01:10 UTC
        - Time to detect: 1 hour 20 minutes
        - Duration: 2h
        """)
        #expect(Clock.iso(incident.detectedAt) == "2026-03-02T02:30:00Z")
        #expect(incident.resolvedAt.map(Clock.iso) == "2026-03-02T03:10:00Z")
        #expect(missing.contains("resolved (from Stats: duration 2h after the stated start)"))
    }

    @Test("without a start, a time to recovery counts from the timeline's detection when the timeline states no resolution")
    func recoveryFromDetection() throws {
        let (incident, missing) = try incident("""
        # Search slow

        ## Timeline

        - **2026-05-04 14:02 UTC** - Alert: p95 latency above 2s

        ## Stats

        - Time to detection: N/A
        - Time to recovery: 45 min
        """)
        #expect(Clock.iso(incident.detectedAt) == "2026-05-04T14:02:00Z")
        #expect(incident.resolvedAt.map(Clock.iso) == "2026-05-04T14:47:00Z")
        #expect(missing.contains("resolved (from Stats: time to recovery 45 min after detection)"))
    }

    @Test("durations are read as written, placeholders are not durations", arguments: [
        ("5 minutes", 300.0), ("279 minutes", 16_740), ("2h", 7200), ("1 hour 20 minutes", 4800), ("2h 30m", 9000),
        ("1.5 hours", 5400), ("90s", 90), ("0 minutes", 0), ("45 mins", 2700),
    ])
    func durations(_ text: String, _ seconds: Double) {
        #expect(PostmortemStats.duration(text) == seconds)
    }

    @Test("placeholders, prose and absurd numbers are not durations", arguments: ["N/A", "YYY", "a while", "5 months", "99999999999 hours"])
    func notDurations(_ text: String) {
        #expect(PostmortemStats.duration(text) == nil)
    }
}
