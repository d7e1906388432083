import Foundation
import Testing
import SLARender

@Suite("error text")
struct ErrorTextTests {
    struct Multi: Error, CustomStringConvertible { var description: String { "first\nsecond \u{1B}[2J" } }

    @Test("a write into a missing folder is one line without NSError")
    func missingFolder() {
        var line = ""
        do { try "x".write(toFile: "/nonexistent-h12-folder/x.md", atomically: true, encoding: .utf8) } catch { line = ErrorText.oneLine(error) }
        #expect(line == "/nonexistent-h12-folder/x.md: no such folder /nonexistent-h12-folder (create it, or choose another path)", "\(line)")
    }

    @Test("any error is one line with control characters visible")
    func oneLine() {
        let line = ErrorText.oneLine(Multi())
        #expect(!line.contains("\n") && !line.contains("\u{1B}"))
        #expect(line.hasPrefix("first; second"))
    }
}
