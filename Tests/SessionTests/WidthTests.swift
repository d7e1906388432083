import Foundation
import Testing
import SLARender

/// Every line the one-shot commands print fits the screen, measured in display columns (a CJK character
/// is two, a combining accent none): on the demo workspace and on one with CJK and accented names
/// (sessions/screens), at 80 and at 60 columns, by `COLUMNS` and by `--width`.
@Suite("screen width")
struct WidthTests {
    /// The one-shot commands that print tables or reports for people.
    static let screens: [[String]] = [
        ["agreements", "list"], ["agreements", "list", "--all"],
        ["agreements", "show", "SLA-sales-daily-freshness"], ["agreements", "show", "OLA-crm-export"],
        ["breaches", "--sprint", "2026-S22", "--all"], ["breaches", "--sprint", "2026-S22"], ["breaches", "--all"],
        ["incidents", "--sprint", "2026-S22"], ["incidents"],
        ["candidates"], ["democratization"], ["actions", "--all"], ["sprint", "list"], ["retro", "list"],
        ["history"], ["history", "SLA-sales-daily-freshness"],
        ["sql", "SELECT id, name, kind FROM teams ORDER BY id"],
        // Help: ArgumentParser leaves the USAGE line long; it is wrapped like the rest.
        ["--help"], ["demo", "--help"], ["retro", "start", "--help"], ["history", "--help"], ["import", "usage", "--help"],
    ]

    static func workspace(_ name: String) throws -> Scratch {
        if name == "demo" {
            let scratch = try Scratch(copying: nil)
            try scratch.demo()
            return scratch
        }
        let scratch = try Scratch(copying: "screens")
        try FileManager.default.copyItem(at: try screensWorkspace.get(), to: scratch.url.appendingPathComponent("workspace.sqlite"))
        return scratch
    }

    /// The screens workspace, imported through the binary once per test run (every step must exit 0); each test
    /// gets a copy of its database beside the files of sessions/screens.
    static let screensWorkspace: Result<URL, any Error> = Result {
        let scratch = try Scratch(copying: "screens")
        for step in [["init"], ["import", "catalog", "catalog.yaml"], ["import", "observations", "observations.csv"],
                     ["import", "postmortems", "postmortems"], ["import", "incidents", "incidents.csv"]] {
            let run = try scratch.run(step)
            guard run.status == 0, !run.timedOut else {
                throw WidthSetupError(description: "\(step.joined(separator: " ")) exited \(run.status): \(run.stderr)")
            }
        }
        let kept = DemoWorkspace.scratch.appendingPathComponent("screens-\(UUID().uuidString).sqlite")
        try FileManager.default.copyItem(at: scratch.url.appendingPathComponent("workspace.sqlite"), to: kept)
        let sidecars = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).filter { $0.hasPrefix("workspace.sqlite-") }
        scratch.remove()
        guard sidecars.isEmpty else { throw WidthSetupError(description: "the imports left \(sidecars) beside the database") }
        return kept
    }

    struct WidthSetupError: Error, CustomStringConvertible {
        let description: String
    }

    @Test("every line fits in display columns", arguments: ["demo", "screens"], [80, 60])
    func fits(_ workspace: String, _ width: Int) throws {
        let scratch = try Self.workspace(workspace)
        defer { scratch.remove() }
        var checked = 0
        // Help is printed while the arguments are parsed, before any workspace is opened: the same text in both
        // workspaces, so it is measured once per width, in the demo's.
        for command in Self.screens where workspace == "demo" || !command.contains("--help") {
            for (arguments, columns) in [(command, width), (command + ["--width", String(width)], 100)] {
                let run = try scratch.run(arguments, columns: columns)
                #expect(!run.timedOut)
                if run.status != 0 { continue }  // e.g. no 2026-S22 in the demo: an error, not a screen
                for line in run.stdout.split(separator: "\n") {
                    let w = DisplayWidth.of(line)
                    #expect(w <= width, "\(workspace) \(arguments.joined(separator: " ")) at \(width): \(w) columns: \(line)")
                    checked += 1
                }
            }
        }
        #expect(checked > 100)
    }

    @Test("CJK and accented cells align: every row of a table puts its columns at the same display columns")
    func aligns() throws {
        let scratch = try Self.workspace("screens")
        defer { scratch.remove() }
        let run = try scratch.run(["sql", "SELECT name, id FROM teams ORDER BY id"], columns: 100)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "\(run.stdout)")
        // The second column starts at the same display column on every line.
        let starts = lines.map { line -> Int in
            var column = 0, spaces = 0
            for character in line {
                if character == " " { spaces += 1 } else if spaces >= 2 { return column } else { spaces = 0 }
                column += DisplayWidth.of(String(character))
            }
            return -1
        }
        #expect(Set(starts).count == 1, "\(starts): \(run.stdout)")
    }

    @Test("JSON and CSV are never wrapped")
    func machineFormatsAreNotWrapped() throws {
        let scratch = try Self.workspace("screens")
        defer { scratch.remove() }
        for format in ["json", "csv"] {
            let narrow = try scratch.run(["agreements", "list", "--format", format, "--width", "20"])
            let wide = try scratch.run(["agreements", "list", "--format", format, "--width", "400"])
            #expect(narrow.status == 0 && narrow.stdout == wide.stdout)
        }
    }

    @Test("times in the sprint's zone with its abbreviation")
    func localTimes() throws {
        let scratch = try Self.workspace("screens")
        defer { scratch.remove() }
        let run = try scratch.run(["incidents", "--sprint", "2026-S22", "--width", "200"])
        #expect(run.stdout.contains("2026-10-30 00:05 JST"), "\(run.stdout)")
        #expect(!run.stdout.contains("Z "), "\(run.stdout)")
        #expect(run.stdout.contains("this sprint: 3 incidents"), "\(run.stdout)")
    }
}
