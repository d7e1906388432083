import Foundation
import Testing
import SLARender

/// The shell fits the terminal: every line of the demo retro (banner, agenda, item cards, help, wrap-up) at
/// 80 and at 60 columns, measured in display columns. The echoed commands (`PROMPT> typed text`) are what the
/// facilitator typed and are not measured.
@Suite("retro screen width")
struct RetroWidthTests {
    static func measure(_ output: String, width: Int, what: String) -> Int {
        var checked = 0
        for line in output.split(separator: "\n") where !(line.hasPrefix("2026-S") && line.contains("]> ")) {
            let w = DisplayWidth.of(line)
            #expect(w <= width, "\(what) at \(width): \(w) columns: \(line)")
            checked += 1
        }
        return checked
    }

    /// `slaretro demo` at 80 and at 60 columns, each run once per test run and read by both tests below. The database
    /// has a long name: the lines that name it wrap too.
    static let demoAt80 = Result { try demo(columns: 80) }
    static let demoAt60 = Result { try demo(columns: 60) }

    static func demo(columns: Int) throws -> TimedRun {
        let scratch = try Scratch(copying: nil)
        defer { scratch.remove() }
        return try scratch.run(["demo", "--db", "a-folder-with-a-rather-long-name-for-the-demo-workspace.sqlite"], columns: columns)
    }

    static func demo(at width: Int) throws -> TimedRun {
        switch width {
        case 80: return try demoAt80.get()
        case 60: return try demoAt60.get()
        default: return try demo(columns: width)
        }
    }

    @Test("every line of the demo retro fits", arguments: [80, 60])
    func demoRetro(_ width: Int) throws {
        let demo = try Self.demo(at: width)
        #expect(demo.status == 0, "\(demo.stderr)")
        // The shell's part: from the banner to the last command (the lines around it are the demo command's own).
        let lines = demo.stdout.components(separatedBy: "\n")
        let first = lines.firstIndex { $0.hasPrefix("Retro 2026-S23") } ?? 0
        let last = lines.lastIndex { $0.contains("]> ") } ?? lines.count - 1
        #expect(first > 0 || lines.first?.hasPrefix("Retro") == true)
        #expect(Self.measure(lines[first...last].joined(separator: "\n"), width: width, what: "demo") > 100)
    }

    @Test("everything `slaretro demo` prints fits, the replayed commands too", arguments: [80, 60])
    func wholeDemo(_ width: Int) throws {
        // A long path: the lines that name it wrap too.
        let demo = try Self.demo(at: width)
        #expect(demo.status == 0, "\(demo.stderr)")
        var checked = 0
        for line in demo.stdout.split(separator: "\n") {
            #expect(DisplayWidth.of(line) <= width, "demo at \(width): \(DisplayWidth.of(line)) columns: \(line)")
            checked += 1
        }
        #expect(checked > 300)
        // The replayed commands are wrapped, not cut: the longest one is still there, word for word.
        let words = demo.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        #expect(words.contains("--reason \"the board reads it daily again; one bad day a fortnight is fine\""))
    }

    @Test("help, agenda and every item card fit", arguments: [80, 60])
    func shellScreens(_ width: Int) throws {
        let scratch = try Scratch(copying: nil)
        defer { scratch.remove() }
        try scratch.demo()
        let input = ["help", "help revise", "help action", "agenda"] + Array(repeating: "next", count: 20) + ["show INC-41", "quit"]
        let run = try scratch.run(["retro", "start", "--db", "workspace.sqlite", "--sprint", "2026-S23", "--facilitator", "mika",
                                   "--attendees", "ana,ben,chen"], columns: width, input: input.joined(separator: "\n") + "\n")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(Self.measure(run.stdout, width: width, what: "retro") > 80)
    }
}
