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

    /// The message of any error on one line, control characters made visible.
    static func describe(_ error: any Error) -> String {
        if let file = fileErrorText(error) { return oneLine(file) }
        return oneLine(String(describing: error))
    }

    /// Line breaks folded into `; `, trailing blanks dropped, control characters made visible.
    static func oneLine(_ text: String) -> String {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return SafeText.terminal(lines.joined(separator: "; "))
    }

    /// Foundation's file errors (CocoaError, POSIXError, NSError in those domains) as
    /// `cannot write PATH: REASON`; nil for any other error.
    static func fileErrorText(_ error: any Error) -> String? {
        let ns = error as NSError
        guard ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain else { return nil }
        let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
        let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError
        let posix: Int32? = ns.domain == NSPOSIXErrorDomain ? Int32(ns.code)
            : underlying.flatMap { $0.domain == NSPOSIXErrorDomain ? Int32($0.code) : nil }
        let code = CocoaError.Code(rawValue: ns.code)
        let writing = ns.domain == NSCocoaErrorDomain && (512...1023).contains(ns.code)
        let reading = ns.domain == NSCocoaErrorDomain && (256...511).contains(ns.code)
        let verb = writing ? "cannot write" : "cannot read"
        let reason: String
        if let posix {
            reason = String(cString: strerror(posix)).lowercased()
        } else {
            switch code {
            case .fileNoSuchFile, .fileReadNoSuchFile: reason = "no such file or directory"
            case .fileReadNoPermission, .fileWriteNoPermission: reason = "permission denied"
            case .fileWriteOutOfSpace: reason = "no space left on the device"
            case .fileWriteVolumeReadOnly: reason = "read-only file system"
            case .fileWriteFileExists: reason = "the file exists"
            case .fileReadCorruptFile, .fileReadInapplicableStringEncoding: reason = "not readable as UTF-8 text"
            default: reason = "error \(ns.code)"
            }
        }
        guard let path else { return "\(verb) the file: \(reason)" }
        let folder = (path as NSString).deletingLastPathComponent
        if posix == ENOENT || code == .fileNoSuchFile || code == .fileReadNoSuchFile || code == .fileWriteNoPermission,
           !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            return "\(path): no such folder \(folder) (create it, or choose another path)"
        }
        return writing || reading ? "\(verb) \(path): \(reason)" : "\(path): \(reason)"
    }
}

/// A failure of the command line itself (a bad flag value): exit code 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
}
