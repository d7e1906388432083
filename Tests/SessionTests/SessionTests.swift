import Foundation
import Testing

/// The golden end-to-end tests: every session in `sessions/` replayed through the built binary, byte for byte.
///
/// Re-record after an intended change with `SLARETRO_RECORD=1 swift test --filter SessionTests`
/// (the run fails while it records), then review the diff. A mismatch writes `NAME.transcript.actual`.
@Suite("sessions")
struct SessionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func sessions() -> [String] {
        let dir = root.appendingPathComponent("sessions")
        let files = FileManager.default.enumerator(atPath: dir.path)?.compactMap { $0 as? String } ?? []
        return files.filter { $0.hasSuffix(".slaretro") }.sorted()
    }

    static func binary() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["SLARETRO_BIN"], !path.isEmpty { return URL(fileURLWithPath: path) }
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        for dir in [exe.deletingLastPathComponent(), Bundle.main.bundleURL.deletingLastPathComponent()] {
            let candidate = dir.appendingPathComponent("slaretro")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw SessionError.noBinary(exe.deletingLastPathComponent().appendingPathComponent("slaretro").path)
    }

    @Test("every session replays byte for byte", arguments: sessions())
    func replay(_ name: String) throws {
        let session = Self.root.appendingPathComponent("sessions").appendingPathComponent(name)
        let expectedURL = session.deletingPathExtension().appendingPathExtension("transcript")
        var runner = SessionRunner(binary: try Self.binary(), session: session)
        let actual = try runner.transcript()
        try Self.compare(actual, with: expectedURL)
        for (file, text) in runner.minutes.sorted(by: { $0.key < $1.key }) {
            // NAME.minutes-SPRINT.md beside NAME.slaretro: several sessions in one folder may write the same minutes file.
            let expected = session.deletingPathExtension().lastPathComponent + "." + file
            try Self.compare(text, with: session.deletingLastPathComponent().appendingPathComponent(expected))
        }
    }

    /// Compares output with its expected file; records it under SLARETRO_RECORD=1, writes `.actual` on a mismatch.
    static func compare(_ actual: String, with expectedURL: URL) throws {
        let actualURL = expectedURL.appendingPathExtension("actual")
        if ProcessInfo.processInfo.environment["SLARETRO_RECORD"] == "1" {
            try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
            try? FileManager.default.removeItem(at: actualURL)
            Issue.record("recorded \(expectedURL.lastPathComponent); review the diff and run again without SLARETRO_RECORD")
            return
        }
        let expected = (try? String(contentsOf: expectedURL, encoding: .utf8)) ?? ""
        let difference = firstDifference(expected, actual)
        if difference == nil {
            try? FileManager.default.removeItem(at: actualURL)
        } else {
            try actual.write(to: actualURL, atomically: true, encoding: .utf8)
        }
        #expect(difference == nil, "\(expectedURL.lastPathComponent) differs (\(difference ?? "")); see \(actualURL.path) (diff them, or re-record)")
    }

    /// `line N: expected … / actual …` for the first line that differs, nil when equal.
    static func firstDifference(_ expected: String, _ actual: String) -> String? {
        guard expected != actual else { return nil }
        let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
        for i in 0..<max(e.count, a.count) where (i < e.count ? e[i] : nil) != (i < a.count ? a[i] : nil) {
            return "line \(i + 1): expected \(i < e.count ? e[i] : "(end)") / actual \(i < a.count ? a[i] : "(end)")"
        }
        return "they differ"
    }

    @Test("command lines split like a shell's")
    func splitting() {
        #expect(SessionRunner.split(#"slaretro sql "SELECT 'a b'" --format csv"#) == ["slaretro", "sql", "SELECT 'a b'", "--format", "csv"])
        #expect(SessionRunner.split(#"a "" 'x y' b\c"#) == ["a", "", "x y", #"b\c"#])
    }
}
