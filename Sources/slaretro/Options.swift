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

    @Option(help: ArgumentHelp("The instant taken as now, ISO-8601 (default: $SLARETRO_NOW, else the system clock).", valueName: "time"))
    var now: String?

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The database path from the flag, the environment or the default.
    var path: String { db ?? environment["SLARETRO_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "slaretro.sqlite" }

    /// The clock from `--now`, `SLARETRO_NOW` or the system.
    func clock(default fallback: Date? = nil) throws -> Clock {
        guard let text = now ?? environment["SLARETRO_NOW"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            return fallback.map(Clock.init(now:)) ?? .system
        }
        guard let date = Clock.parseInstant(text) else {
            throw UsageError(description: "bad --now '\(text)' (expected ISO-8601 such as 2026-11-24 or 2026-11-24T09:00:00Z)")
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

/// Parses a `YYYY-MM-DD` flag value.
func parseDate(_ text: String?, flag: String) throws -> LocalDate? {
    guard let text else { return nil }
    guard let date = LocalDate(text) else { throw UsageError(description: "bad date '\(text)' for \(flag) (expected YYYY-MM-DD)") }
    return date
}
