import Foundation
import Synchronization
import SLAModel
import SLAStore
import SLADemo
import SLARetro

/// Replays a `sessions/**/*.slaretro` file through the real binary and produces its transcript.
///
/// Two kinds of file:
/// - a session holds command lines `$ slaretro ARGS…` (quotes group words, as in a shell); the lines
///   after a command line, up to the next one, are its standard input (shell commands); lines before
///   the first command are comments;
/// - a shell script has no `$` line; its first line `#! slaretro ARGS…` says how to run it, and it
///   is run as `slaretro ARGS… --script FILE`.
/// Everything runs in one scratch folder holding a copy of the session's folder, in a fixed
/// environment. The transcript is each command line followed by everything it printed (stdout and
/// stderr in order) and `[exit N]` when N is not 0. Minutes files (`minutes-*.md`) the session
/// writes are compared with `NAME.minutes-*.md` beside it.
struct SessionRunner {
    static let environment: [String: String] = [
        "TZ": "UTC", "LANG": "C", "LC_ALL": "C", "COLUMNS": "100", "NO_COLOR": "1",
        "SLARETRO_NOW": "2026-11-24T09:00:00Z", "SLARETRO_DB": "workspace.sqlite", "USER": "facilitator",
        "PATH": "/usr/bin:/bin",
    ]

    let binary: URL
    let session: URL

    /// The commands of the session with their standard input.
    func commands() throws -> [(line: String, input: String)] {
        let lines = try String(contentsOf: session, encoding: .utf8).components(separatedBy: "\n")
        if !lines.contains(where: { $0.hasPrefix("$ ") }) {
            guard let first = lines.first, first.hasPrefix("#! slaretro ") else { throw SessionError.notSlaretro(session.lastPathComponent) }
            return [(String(first.dropFirst(3)) + " --script " + session.lastPathComponent, "")]
        }
        var commands: [(line: String, input: String)] = []
        for line in lines {
            if line.hasPrefix("$ ") { commands.append((String(line.dropFirst(2)), "")) }
            else if !commands.isEmpty { commands[commands.count - 1].input += line + "\n" }
        }
        return commands.map { ($0.line, $0.input.trimmingCharacters(in: .newlines).isEmpty ? "" : $0.input) }
    }

    /// The minutes files the run wrote, by name, with their text.
    private(set) var minutes: [String: String] = [:]

    /// Runs every command and returns the transcript (the minutes it wrote are kept in `minutes`).
    mutating func transcript() throws -> String {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("slaretro-session-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: session.deletingLastPathComponent(), to: scratch)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var env = Self.environment
        env["HOME"] = scratch.path
        env["TMPDIR"] = scratch.path
        env["XDG_STATE_HOME"] = scratch.appendingPathComponent(".state").path
        var out = ""
        for (line, input) in try commands() {
            var words = Self.split(line)
            guard words.first == "slaretro" else { throw SessionError.notSlaretro(line) }
            words.removeFirst()
            let (text, status) = try run(words, input: input, in: scratch, environment: env)
            out += "$ \(line)\n" + text.replacingOccurrences(of: scratch.path, with: "$WORK")
            if !text.isEmpty && !text.hasSuffix("\n") { out += "\n" }
            if status != 0 { out += "[exit \(status)]\n" }
            out += "\n"
        }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: scratch.path)) ?? []
        for name in files where name.hasPrefix("minutes-") && name.hasSuffix(".md") {
            minutes[name] = try String(contentsOf: scratch.appendingPathComponent(name), encoding: .utf8)
        }
        return out
    }

    /// Runs the binary (stdout and stderr in the order written) with a time limit. `demo --setup-only --db FILE`
    /// writes the same workspace every time (DemoTests checks it), so when FILE is a relative path that does not exist
    /// yet, a successful run is kept once per test run and command line, and later sessions get a copy of its
    /// database and its output. (An existing FILE is rebuilt or refused by the real command, so that runs for real.)
    func run(_ arguments: [String], input: String, in folder: URL, environment: [String: String]) throws -> (String, Int32) {
        let demoSetup = arguments.count == 4 && arguments.first == "demo" && arguments.contains("--setup-only") && input.isEmpty
        guard demoSetup, let at = arguments.firstIndex(of: "--db"), at + 1 < arguments.count, !arguments[at + 1].hasPrefix("/"),
              let present = try? FileManager.default.contentsOfDirectory(atPath: folder.path),
              !present.contains(where: { $0.hasPrefix(arguments[at + 1]) }) else {
            return try Self.execute(binary, arguments, input: input, in: folder, environment: environment)
        }
        let file = arguments[at + 1], key = arguments + [environment["COLUMNS"] ?? ""]
        let target = folder.appendingPathComponent(file)
        if let kept = Self.demoSetups.withLock({ $0[key] }) {
            try FileManager.default.copyItem(at: kept.database, to: target)
            return (kept.text.replacingOccurrences(of: "\u{0}WORK", with: folder.path), 0)
        }
        let (text, status) = try Self.execute(binary, arguments, input: input, in: folder, environment: environment)
        let sidecars = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasPrefix(file + "-") }
        guard status == 0, sidecars.isEmpty else { return (text, status) }
        let kept = DemoWorkspace.scratch.appendingPathComponent("setup-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: target, to: kept)
        Self.demoSetups.withLock { $0[key] = DemoSetup(text: text.replacingOccurrences(of: folder.path, with: "\u{0}WORK"), database: kept) }
        return (text, status)
    }

    private struct DemoSetup: Sendable {
        let text: String
        let database: URL
    }

    private static let demoSetups = Mutex<[[String]: DemoSetup]>([:])

    private static func execute(_ binary: URL, _ arguments: [String], input: String, in folder: URL,
                                environment: [String: String]) throws -> (String, Int32) {
        let run = try TimedRun.run(binary, arguments, in: folder, environment: environment, input: input, timeout: 120, merged: true)
        if run.timedOut { throw SessionError.timedOut(arguments.joined(separator: " ")) }
        return (run.stdout, run.status)
    }

    /// Splits a command line into words as the shell does.
    static func split(_ line: String) -> [String] { (try? ParsedLine.split(line)) ?? [] }
}

enum SessionError: Error, CustomStringConvertible {
    case notSlaretro(String)
    case noBinary(String)
    case demoFailed(String)
    case timedOut(String)

    var description: String {
        switch self {
        case .notSlaretro(let line): return "session command does not start with 'slaretro': \(line)"
        case .noBinary(let path): return "no slaretro binary at \(path) (build it first, or set SLARETRO_BIN)"
        case .demoFailed(let why): return "slaretro demo --setup-only failed: \(why)"
        case .timedOut(let command): return "slaretro \(command) ran longer than 120 s and was stopped"
        }
    }
}
