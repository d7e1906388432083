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
enum Console {
    /// Writes `text` to stdout as is (unbuffered, so it interleaves correctly with stderr).
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes a `slaretro: note: …` line to stderr.
    static func note(_ message: String) {
        FileHandle.standardError.write(Data("slaretro: note: \(message)\n".utf8))
    }

    /// Writes a `slaretro: warning: …` line to stderr.
    static func warning(_ message: String) {
        FileHandle.standardError.write(Data("slaretro: warning: \(message)\n".utf8))
    }

    /// Runs a command body; any failure becomes one `slaretro: error: …` line and exit code 1.
    static func run(_ body: () throws -> Void) throws {
        do { try body() } catch let error as ExitCode {
            throw error
        } catch {
            FileHandle.standardError.write(Data("slaretro: error: \(describe(error))\n".utf8))
            throw ExitCode(1)
        }
    }

    static func describe(_ error: any Error) -> String {
        String(describing: error)
    }
}

/// A failure of the command line itself (a bad flag value).
struct UsageError: Error, CustomStringConvertible {
    let description: String
}
