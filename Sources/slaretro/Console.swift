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

/// Writing to the terminal: stdout for results, stderr for errors and notes, in the order they happen.
///
/// Exit codes (docs/screens.md): 0 done; 1 the input or the data was refused (a file, an id, a value in
/// the store, a query, a shell script line); 2 the command line was wrong (unknown command or option,
/// missing or bad argument, bad `--now`, `--width` or `--format`). Every error is one line on stderr:
/// `slaretro: error: MESSAGE (HINT)`.
enum Console {
    /// Input or data refused.
    static let dataError: Int32 = 1
    /// The command line itself is wrong.
    static let usageError: Int32 = 2

    /// Writes `text` to stdout as is (unbuffered, so it interleaves correctly with stderr).
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes a `slaretro: note: …` line to stderr.
    static func note(_ message: String) {
        FileHandle.standardError.write(Data("slaretro: note: \(oneLine(message))\n".utf8))
    }

    /// Writes a `slaretro: warning: …` line to stderr.
    static func warning(_ message: String) {
        FileHandle.standardError.write(Data("slaretro: warning: \(oneLine(message))\n".utf8))
    }

    /// Runs a command body; any failure becomes one `slaretro: error: …` line and its exit code
    /// (2 for a usage error, 1 for everything else).
    static func run(_ body: () throws -> Void) throws {
        do { try body() } catch let error as ExitCode {
            throw error
        } catch {
            throw fail(error)
        }
    }

    /// Writes `error` as one `slaretro: error: …` line to stderr and returns the exit code to throw:
    /// `catch { throw Console.fail(error) }`.
    static func fail(_ error: any Error) -> ExitCode {
        FileHandle.standardError.write(Data((errorLine(error) + "\n").utf8))
        return ExitCode(exitCode(for: error))
    }

    /// `slaretro: error: …` for any error, on one line (no trailing newline): usage errors, store and
    /// import errors, and Foundation's file errors (`cannot write /bad/x.md: no such folder /bad`)
    /// instead of a raw NSError dump.
    static func errorLine(_ error: any Error) -> String {
        "slaretro: error: " + describe(error)
    }

    /// The exit code of an error's class: 2 for the command line, 1 for the rest.
    static func exitCode(for error: any Error) -> Int32 {
        if let code = error as? ExitCode { return code.rawValue }
        return error is UsageError || error is ValidationError ? usageError : dataError
    }

    /// The message of any error on one line, control characters made visible (`ErrorText.oneLine`).
    static func describe(_ error: any Error) -> String { ErrorText.oneLine(error) }

    /// Line breaks folded into `; `, control characters made visible.
    static func oneLine(_ text: String) -> String { ErrorText.oneLine(text) }
}

/// A failure of the command line itself (a bad flag value): exit code 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
}
