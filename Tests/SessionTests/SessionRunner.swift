import Foundation

/// Replays a `sessions/**/*.slaretro` file through the real binary and produces its transcript.
///
/// A session file holds command lines `$ slaretro ARGS…` (quotes group words, as in a shell);
/// `#` lines are comments. Each command runs in one scratch folder holding a copy of the
/// session's folder, in a fixed environment, and the transcript is each command line followed
/// by everything it printed (stdout and stderr in order) and `[exit N]` when N is not 0.
struct SessionRunner {
    static let environment: [String: String] = [
        "TZ": "UTC", "LANG": "C", "LC_ALL": "C", "COLUMNS": "100", "NO_COLOR": "1",
        "SLARETRO_NOW": "2026-11-24T09:00:00Z", "SLARETRO_DB": "workspace.sqlite", "USER": "facilitator",
        "PATH": "/usr/bin:/bin",
    ]

    let binary: URL
    let session: URL

    /// The commands of the session, one per `$` line.
    func commands() throws -> [String] {
        try String(contentsOf: session, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init).filter { $0.hasPrefix("$ ") }.map { String($0.dropFirst(2)) }
    }

    /// Runs every command and returns the transcript.
    func transcript() throws -> String {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("slaretro-session-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: session.deletingLastPathComponent(), to: scratch)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var env = Self.environment
        env["HOME"] = scratch.path
        env["TMPDIR"] = scratch.path
        env["XDG_STATE_HOME"] = scratch.appendingPathComponent(".state").path
        var out = ""
        for line in try commands() {
            var words = Self.split(line)
            guard words.first == "slaretro" else { throw SessionError.notSlaretro(line) }
            words.removeFirst()
            let (text, status) = try run(words, in: scratch, environment: env)
            out += "$ \(line)\n" + text.replacingOccurrences(of: scratch.path, with: "$WORK")
            if !text.isEmpty && !text.hasSuffix("\n") { out += "\n" }
            if status != 0 { out += "[exit \(status)]\n" }
            out += "\n"
        }
        return out
    }

    func run(_ arguments: [String], in folder: URL, environment: [String: String]) throws -> (String, Int32) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }

    /// Splits a command line into words; single and double quotes group, a backslash escapes in double quotes.
    static func split(_ line: String) -> [String] {
        var words: [String] = [], current = "", quote: Character? = nil, inWord = false, escaped = false
        for ch in line {
            if escaped { current.append(ch); escaped = false; continue }
            if let q = quote {
                if ch == q { quote = nil } else if ch == "\\" && q == "\"" { escaped = true } else { current.append(ch) }
            } else if ch == "'" || ch == "\"" {
                quote = ch; inWord = true
            } else if ch == " " {
                if inWord { words.append(current); current = ""; inWord = false }
            } else {
                current.append(ch); inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }
}

enum SessionError: Error, CustomStringConvertible {
    case notSlaretro(String)
    case noBinary(String)

    var description: String {
        switch self {
        case .notSlaretro(let line): return "session command does not start with 'slaretro': \(line)"
        case .noBinary(let path): return "no slaretro binary at \(path) (build it first, or set SLARETRO_BIN)"
        }
    }
}
