import ArgumentParser
import CReadline
import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger
import SLAImport
import SLARender
import SLARetro
import SLADemo

/// The `slaretro` command: a sprint-retrospective assistant for data-platform SLAs and OLAs.
@main
struct Slaretro: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slaretro",
        abstract: "Sprint retrospectives for a data platform: breaches, over-quality, usage, and the agreements themselves.",
        discussion: """
        Everything lives in one SQLite file (--db, $SLARETRO_DB, default ./slaretro.sqlite).
        Every command takes --width N: tables and text are fitted to N columns (default: $COLUMNS, else the \
        terminal's width, else 80); JSON and CSV are never wrapped.
        Errors are one line on stderr; exit 1: the input or the data was refused, exit 2: the command line is wrong.
        Start with the demo:  slaretro demo
        """,
        version: "slaretro 0.1.0 (readline \(String(cString: slaretro_readline_version())))",
        subcommands: [InitCommand.self, ImportCommand.self, AgreementsCommand.self, HistoryCommand.self, DecisionsCommand.self, DiffCommand.self, BackupCommand.self, BreachesCommand.self, IncidentsCommand.self, CandidatesCommand.self, DemocratizationCommand.self, ActionsCommand.self, RetroCommand.self, MinutesCommand.self, SprintCommand.self, RightsizeCommand.self, SQLCommand.self, DemoCommand.self]
    )
}

extension Slaretro {
    /// Parses and runs the command with the screen width set; every error, the argument parser's too,
    /// is one line `slaretro: error: …` on stderr with its exit code (Console: 1 data, 2 usage).
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        let width: Int?
        do { width = try Terminal.extractWidth(&arguments) } catch { fail(error, arguments: arguments) }
        let columns = width ?? Terminal.measuredWidth(environment: ProcessInfo.processInfo.environment)
        ScreenWidth.$current.withValue(columns) {
            do {
                var command = try parseAsRoot(arguments)
                try command.run()
            } catch {
                fail(error, arguments: arguments)
            }
        }
        Foundation.exit(0)
    }

    /// Exits after an error: help and version as ArgumentParser prints them; everything else on one line.
    static func fail(_ error: any Error, arguments: [String]) -> Never {
        if let code = error as? ExitCode { Foundation.exit(code.rawValue) }
        if exitCode(for: error) == .success {
            // Help, on stdout: ArgumentParser wraps the options but not the USAGE line, so lines wider than the screen
            // wrap under the command's name. Anything else (version, completion scripts, dumped help) as it comes.
            let width = ScreenWidth.current ?? Terminal.measuredWidth(environment: ProcessInfo.processInfo.environment)
            let text = fullMessage(for: error, columns: width)
            guard text.hasPrefix("OVERVIEW:") || text.hasPrefix("USAGE:") else { exit(withError: error) }
            print(DisplayWidth.wrapBlock(text, width: width, indent: 7))
            Foundation.exit(0)
        }
        if error is UsageError {
            FileHandle.standardError.write(Data((Console.errorLine(error) + "\n").utf8))
            Foundation.exit(Console.usageError)
        }
        let parserCode = exitCode(for: error).rawValue
        guard parserCode == ExitCode.validationFailure.rawValue else {
            FileHandle.standardError.write(Data((Console.errorLine(error) + "\n").utf8))
            Foundation.exit(Console.dataError)
        }
        let line = usageLine(message: message(for: error), full: fullMessage(for: error), arguments: arguments)
        FileHandle.standardError.write(Data(("slaretro: error: " + line + "\n").utf8))
        Foundation.exit(Console.usageError)
    }

    /// ArgumentParser's message reworded on one line, with the command's help as the hint:
    /// `the value 'x' is invalid for '--kind <kind>'; expected 'sla' or 'ola' (see 'slaretro agreements list --help')`.
    static func usageLine(message: String, full: String, arguments: [String]) -> String {
        let lines = message.split(whereSeparator: \.isNewline).map(String.init)
        var text = lines.first ?? "bad command line"
        if text.hasSuffix("one of the following:") {
            // A long list of valid values comes as `- 'value'` lines: one line, comma-separated.
            let values = lines.dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }.prefix { $0.hasPrefix("- ") }
                .map { "'" + $0.dropFirst(2) + "'" }
            text = String(text.dropLast(" the following:".count)) + " "
                + (values.count > 1 ? values.dropLast().joined(separator: ", ") + " or " + values.last! : values.joined())
        }
        if text.hasPrefix("Error: ") { text.removeFirst("Error: ".count) }
        // A typed value refused by its parser (CommandLineValue): `bad --as-of '2026-02-30' (expected YYYY-MM-DD)`.
        if let match = text.firstMatch(of: /^The value '(.*)' is invalid for '([^' ]+)(?: <[^>]*>)?': (.+)$/) {
            text = "bad \(match.2) '\(match.1)' (\(match.3))"
        }
        if let range = text.range(of: ". Please provide one of ") {
            text = text[..<range.lowerBound] + "; expected one of " + text[range.upperBound...].replacingOccurrences(of: "' and '", with: "' or '")
        }
        text = text.replacingOccurrences(of: ". Did you mean ", with: " (did you mean ")
        if text.contains(" (did you mean ") {
            text = text.replacingOccurrences(of: "?", with: "?)")
        }
        while text.hasSuffix(".") { text.removeLast() }
        if let first = text.first, first.isUppercase, text.dropFirst().first?.isLowercase == true {
            text = first.lowercased() + text.dropFirst()
        }
        // An unknown first word is an unknown command: say so, and suggest the closest.
        let names = configuration.subcommands.map { $0._commandName } + ["help"]
        if let word = arguments.first, !word.hasPrefix("-"), !names.contains(word) {
            return "unknown command '\(SafeText.terminal(word))'" + Suggest.hint(for: word, among: names, otherwise: "")
                + " (see 'slaretro --help')"
        }
        // A sprint id where a retro id is expected (`minutes 2026-S23`): say where the ids are.
        var hints: [String] = []
        if text.contains("invalid for '<retro>'") || (text.contains("invalid for '<id>'") && arguments.starts(with: ["retro", "resume"])) {
            hints.append("a retro is named by its number: 'slaretro retro list' shows them")
        }
        var hint = "see 'slaretro --help'"
        if let range = full.range(of: #"See '([^']+)' for more information"#, options: .regularExpression) {
            let see = full[range].dropFirst("See '".count)
            hint = "see '" + see.prefix { $0 != "'" } + "'"
        }
        return SafeText.terminal(text) + " (" + (hints + [hint]).joined(separator: "; ") + ")"
    }
}
