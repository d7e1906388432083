import ArgumentParser
import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger
import SLAImport
import SLARender
import SLARetro
import SLADemo

extension OutputFormat: ExpressibleByArgument {}
extension AgreementKind: ExpressibleByArgument {}
extension ChangeKind: ExpressibleByArgument {}

/// The flags every command shares: which database, and which instant is "now".
struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The database file (default: $SLARETRO_DB, else ./slaretro.sqlite).", valueName: "path"))
    var db: String?

    @Option(help: ArgumentHelp("The instant taken as now, ISO-8601 (default: $SLARETRO_NOW, else the system clock).", valueName: "time"),
            transform: CommandLineValue.instant)
    var now: Date?

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The database path from the flag, the environment or the default.
    var path: String { db ?? environment["SLARETRO_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "slaretro.sqlite" }

    /// The clock from `--now`, `SLARETRO_NOW` or the system.
    func clock(default fallback: Date? = nil) throws -> Clock {
        if let now { return Clock(now: now) }
        guard let text = environment["SLARETRO_NOW"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            return fallback.map(Clock.init(now:)) ?? .system
        }
        guard let date = Clock.parseInstant(text) else {
            throw UsageError(description: "bad SLARETRO_NOW '\(text)' (\(CommandLineValue.instantExpected))")
        }
        return Clock(now: date)
    }

    /// Opens the store read-only: a missing, empty, foreign or newer-schema file is an error, and a read-only
    /// file works. (A command that then writes, like `retro start`, gets a writing connection per transaction.)
    func openForReading() throws -> Store { try Store.open(path: path, mode: .read) }

    /// Opens the store for writing, creating it (and saying so) when missing.
    func openForWriting() throws -> Store {
        let existed = FileManager.default.fileExists(atPath: path)
        let store = try Store.open(path: path, mode: .create)
        if !existed { Console.note("created new database \(path)") }
        return store
    }
}

/// Who records a change: `--author`, `$SLARETRO_AUTHOR`, `$USER`.
struct AuthorOption: ParsableArguments {
    @Option(help: ArgumentHelp("Who records the change (default: $SLARETRO_AUTHOR, else $USER).", valueName: "name"))
    var author: String?

    var resolved: String {
        let env = ProcessInfo.processInfo.environment
        return author ?? env["SLARETRO_AUTHOR"].flatMap { $0.isEmpty ? nil : $0 } ?? env["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "unknown"
    }
}

/// `--format table|json|csv`, shared by the commands that list things.
struct FormatOption: ParsableArguments {
    @Option(help: "table, json or csv.") var format: OutputFormat = .table
}

/// The typed values of the command line, parsed in one place. Used as `transform:` of an `@Option`, a bad value is
/// the argument parser's usage error, reworded on one line by `Slaretro.usageLine`:
/// `bad --as-of '2026-02-30' (expected YYYY-MM-DD)`, exit 2.
enum CommandLineValue {
    static let dayExpected = "expected YYYY-MM-DD"
    static let instantExpected = "expected ISO-8601 such as 2026-11-24 or 2026-11-24T09:00:00Z"
    static let sprintExpected = "expected a sprint id of letters, digits, '.', '_' and '-', e.g. 2026-S22"

    /// A `YYYY-MM-DD` day (`--since`, `--until`, `--as-of`, `--start`, `--end`).
    static func day(_ text: String) throws -> LocalDate {
        guard let date = LocalDate(text) else { throw ValidationError(dayExpected) }
        return date
    }

    /// An instant: ISO-8601 with a zone, or a day (its start in UTC) (`--now`).
    static func instant(_ text: String) throws -> Date {
        guard let date = Clock.parseInstant(text) else { throw ValidationError(instantExpected) }
        return date
    }

    /// A sprint id as the catalog spells them (`--sprint`); whether it exists is a question for the store (exit 1).
    static func sprint(_ text: String) throws -> SprintID {
        guard Slug.isValid(text) else { throw ValidationError(sprintExpected) }
        return SprintID(text)
    }
}
