import Foundation
import Testing

/// Every subcommand given a bad argument: one line `slaretro: error: …` on stderr, nothing on stdout, and
/// the exit code of the error's class (docs/screens.md): 2 for the command line, 1 for input and data.
@Suite("errors")
struct ErrorTests {
    struct Case: CustomStringConvertible, Sendable {
        let arguments: [String]
        let code: Int32
        let says: String
        var description: String { arguments.joined(separator: " ") }
    }

    static let usage: [Case] = [
        Case(arguments: ["frobnicate"], code: 2, says: "unknown command 'frobnicate'"),
        Case(arguments: ["agremeents"], code: 2, says: "did you mean 'agreements'?"),
        Case(arguments: ["init", "--bogus"], code: 2, says: "'--bogus'"),
        Case(arguments: ["import", "catalog"], code: 2, says: "slaretro import catalog --help"),
        Case(arguments: ["import", "observations", "a.csv", "--frmat", "x"], code: 2, says: "--frmat"),
        Case(arguments: ["import", "postmortems"], code: 2, says: "missing"),
        Case(arguments: ["import", "incidents", "a.csv", "b.csv"], code: 2, says: "'b.csv'"),
        Case(arguments: ["import", "dbt-freshness"], code: 2, says: "missing"),
        Case(arguments: ["import", "openslo"], code: 2, says: "missing"),
        Case(arguments: ["import", "odcs"], code: 2, says: "missing"),
        Case(arguments: ["import", "usage"], code: 2, says: "missing"),
        Case(arguments: ["agreements", "list", "--kind", "xla"], code: 2, says: "expected one of 'sla' or 'ola'"),
        Case(arguments: ["agreements", "show"], code: 2, says: "missing expected argument '<id>'"),
        Case(arguments: ["history", "--kind", "bogus"], code: 2, says: "'bogus'"),
        Case(arguments: ["history", "--now", "yesterday"], code: 2, says: "bad --now 'yesterday'"),
        Case(arguments: ["breaches", "--format", "xml"], code: 2, says: "expected one of 'table', 'json' or 'csv'"),
        Case(arguments: ["incidents", "--sprint"], code: 2, says: "--sprint"),
        Case(arguments: ["candidates", "--lookback", "soon"], code: 2, says: "bad --lookback 'soon'"),
        Case(arguments: ["democratization", "--localized-max", "many"], code: 2, says: "'many'"),
        Case(arguments: ["actions", "--format", "yaml"], code: 2, says: "'yaml'"),
        Case(arguments: ["retro", "start"], code: 2, says: "missing expected argument '--sprint <id>'"),
        Case(arguments: ["retro", "resume", "abc"], code: 2, says: "'abc'"),
        Case(arguments: ["retro", "list", "--format", "md"], code: 2, says: "'md'"),
        Case(arguments: ["minutes", "2026-S23"], code: 2, says: "'2026-S23'"),
        Case(arguments: ["sprint", "add", "S1"], code: 2, says: "--start"),
        Case(arguments: ["sprint", "list", "--format", "html"], code: 2, says: "'html'"),
        Case(arguments: ["sql"], code: 2, says: "'<query>'"),
        Case(arguments: ["demo", "--setup-onyl"], code: 2, says: "--setup-onyl"),
        Case(arguments: ["breaches", "--width", "ten"], code: 2, says: "bad --width 'ten'"),
        Case(arguments: ["agreements", "list", "--width"], code: 2, says: "--width needs a number"),
        // Dates, instants and sprint ids are typed arguments: a bad one is a usage error naming the flag.
        Case(arguments: ["history", "--as-of", "2026-02-30"], code: 2, says: "bad --as-of '2026-02-30' (expected YYYY-MM-DD)"),
        Case(arguments: ["history", "--since", "March"], code: 2, says: "bad --since 'March' (expected YYYY-MM-DD)"),
        Case(arguments: ["history", "--since", "2026-05-01", "--until", "2026-04-01"], code: 2, says: "--until 2026-04-01 is before --since 2026-05-01"),
        Case(arguments: ["decisions", "--since", "yesterday"], code: 2, says: "bad --since 'yesterday' (expected YYYY-MM-DD)"),
        Case(arguments: ["agreements", "list", "--now", "2026-13-01"], code: 2, says: "bad --now '2026-13-01' (expected ISO-8601"),
        Case(arguments: ["sprint", "add", "S1", "--start", "2026-11-31", "--end", "2026-12-14"], code: 2, says: "bad --start '2026-11-31'"),
        Case(arguments: ["sprint", "add", "sprint one", "--start", "2026-11-30", "--end", "2026-12-14"], code: 2, says: "bad <id> 'sprint one'"),
        Case(arguments: ["breaches", "--sprint", "S1;drop"], code: 2, says: "bad --sprint 'S1;drop' (expected a sprint id"),
        Case(arguments: ["retro", "start", "--sprint", "next week"], code: 2, says: "bad --sprint 'next week'"),
        Case(arguments: ["minutes", "--sprint", "?"], code: 2, says: "bad --sprint '?'"),
    ]

    static let data: [Case] = [
        Case(arguments: ["agreements", "list", "--db", "nowhere.sqlite"], code: 1, says: "no database at nowhere.sqlite"),
        Case(arguments: ["import", "catalog", "missing.yaml"], code: 1, says: "missing.yaml"),
        Case(arguments: ["sql", "SELEC 1"], code: 1, says: "syntax error"),
        Case(arguments: ["breaches", "--sprint", "2031-S01"], code: 1, says: "2031-S01"),
        Case(arguments: ["agreements", "show", "SLA-nope"], code: 1, says: "unknown agreement 'SLA-nope'"),
        Case(arguments: ["minutes", "1", "--output", "/nonexistent-h12/x.md"], code: 1, says: "/nonexistent-h12/x.md: no such folder /nonexistent-h12"),
    ]

    @Test("a bad argument is one line and exit 2; refused input is one line and exit 1", arguments: usage + data)
    func oneLine(_ c: Case) throws {
        let scratch = try Scratch(copying: nil)
        defer { scratch.remove() }
        if c.code == 1 {
            try scratch.demo()
            if c.arguments.first == "minutes" {
                let retro = try scratch.run(["retro", "start", "--sprint", "2026-S23"], input: "quit\n")
                #expect(retro.status == 0, "\(retro.stdout)\(retro.stderr)")
            }
        }
        let run = try scratch.run(c.arguments)
        #expect(!run.timedOut)
        let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "one line on stderr, got: \(run.stderr)")
        #expect(run.stderr.hasPrefix("slaretro: error: "), "\(run.stderr)")
        #expect(run.stderr.contains(c.says), "\(run.stderr) should say \(c.says)")
        #expect(!run.stderr.contains("Error Domain") && !run.stderr.contains("Usage:"), "\(run.stderr)")
        #expect(run.stdout.isEmpty, "nothing on stdout: \(run.stdout)")
        #expect(run.status == c.code, "exit \(run.status), expected \(c.code): \(run.stderr)")
    }

    @Test("help and version still print as usual, exit 0")
    func helpIsNotAnError() throws {
        let scratch = try Scratch(copying: nil)
        defer { scratch.remove() }
        for arguments in [["--help"], ["help", "breaches"], ["breaches", "--help"], ["--version"]] {
            let run = try scratch.run(arguments)
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
            #expect(!run.stdout.isEmpty && !run.stdout.contains("slaretro: error"), "\(arguments)")
        }
    }
}
