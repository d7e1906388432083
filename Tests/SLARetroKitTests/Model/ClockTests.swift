import Foundation
import Testing
@testable import SLAModel

@Suite("instants as stored and shown")
struct ClockTests {
    @Test("the byte parser reads what Foundation's ISO-8601 formatter reads", arguments: [
        "2026-11-24T09:00:00Z", "2026-03-29T01:30:00+01:00", "2026-10-25T02:30:00.250-07:00", "2026-11-24 09:00:00+00:00", "1999-12-31T23:59:59Z",
    ])
    func sameAsFoundation(_ text: String) throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = text.contains(".") ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        let foundation = formatter.date(from: text.replacingOccurrences(of: " ", with: "T"))
        #expect(Clock.parseInstant(text) == foundation)
    }

    @Test("instants are written as UTC with whole seconds, and read back the same")
    func roundTrip() throws {
        let date = try #require(Clock.parseInstant("2026-03-29T01:30:00+01:00"))
        #expect(Clock.iso(date) == "2026-03-29T00:30:00Z")
        #expect(Clock.parseInstant(Clock.iso(date)) == date)
        #expect(Clock.parseInstant("2026-11-24") == Clock.parseInstant("2026-11-24T00:00:00Z"))
        #expect(Clock.parseInstant("09:40") == nil)
    }
}
