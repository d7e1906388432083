import Dispatch
import Foundation

/// The binary run once with stdout and stderr apart, waited for with a timeout (never forever).
struct TimedRun {
    let stdout: String
    let stderr: String
    let status: Int32
    let timedOut: Bool

    /// Runs `binary ARGUMENTS` in `folder` with `environment`; kills it after `timeout` seconds.
    /// With `merged`, stderr goes into the same pipe as stdout (in the order written) and `stderr` is empty.
    static func run(_ binary: URL, _ arguments: [String], in folder: URL, environment: [String: String],
                    input: String = "", timeout: Double = 60, merged: Bool = false) throws -> TimedRun {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = environment
        let out = Pipe(), err = merged ? out : Pipe(), stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input.isEmpty ? FileHandle.nullDevice : stdin
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        let collected = Collected()
        let readers = DispatchGroup()
        for (pipe, isOut) in merged ? [(out, true)] : [(out, true), (err, false)] {
            readers.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.set(data, isOut: isOut)
                readers.leave()
            }
        }
        try process.run()
        if !input.isEmpty {
            // Written beside the wait: a child that stops reading cannot block the test past its time limit.
            let writer = stdin.fileHandleForWriting, bytes = Data(input.utf8)
            DispatchQueue.global().async {
                try? writer.write(contentsOf: bytes)
                try? writer.close()
            }
        }
        var timedOut = false
        if done.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            if done.wait(timeout: .now() + 5) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                _ = done.wait(timeout: .now() + 5)
            }
        }
        // Output still unread after the process ended is a failure, not a shorter transcript.
        if readers.wait(timeout: .now() + 10) == .timedOut { timedOut = true }
        let (o, e) = collected.get()
        return TimedRun(stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self),
                        status: process.isRunning ? -1 : process.terminationStatus, timedOut: timedOut)
    }
}

/// The two outputs, filled from two reader threads.
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data(), err = Data()

    func set(_ data: Data, isOut: Bool) {
        lock.lock(); defer { lock.unlock() }
        if isOut { out = data } else { err = data }
    }

    func get() -> (Data, Data) {
        lock.lock(); defer { lock.unlock() }
        return (out, err)
    }
}

/// The demo workspace as `slaretro demo --setup-only` writes it, built through the binary once per test
/// run: a test that only starts from it gets a copy instead of paying for a build (the build is the same
/// every time; DemoTests checks it).
enum DemoWorkspace {
    /// One folder per test run for the kept workspaces, removed when the test process exits.
    static let scratch: URL = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slaretro-demo-kept-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: DemoWorkspace.scratch) }
        return folder
    }()

    /// Built as a session builds it (the same command line and environment), so that it and the sessions that start with
    /// `slaretro demo --db workspace.sqlite --setup-only` share one run of the binary (SessionRunner keeps it).
    static let template: Result<URL, any Error> = Result {
        let folder = scratch.appendingPathComponent("template")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var env = SessionRunner.environment
        env["HOME"] = folder.path
        env["TMPDIR"] = folder.path
        env["XDG_STATE_HOME"] = folder.appendingPathComponent(".state").path
        let runner = SessionRunner(binary: try SessionTests.binary(), session: folder)
        let (text, status) = try runner.run(["demo", "--db", "workspace.sqlite", "--setup-only"], input: "", in: folder, environment: env)
        guard status == 0 else { throw SessionError.demoFailed(text) }
        let file = folder.appendingPathComponent("workspace.sqlite")
        let sidecars = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("workspace.sqlite-") }
        guard sidecars.allSatisfy({ ((try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent($0).path)[.size]) as? Int ?? 0) == 0 })
        else { throw SessionError.demoFailed("the demo left a non-empty \(sidecars) beside its database") }
        return file
    }

    /// Copies the demo workspace into `folder` as `name`.
    static func copy(into folder: URL, as name: String = "workspace.sqlite") throws {
        try FileManager.default.copyItem(at: try template.get(), to: folder.appendingPathComponent(name))
    }
}

/// A scratch folder holding a copy of a `sessions/` folder, removed by `remove()`.
struct Scratch {
    let url: URL
    let environment: [String: String]

    init(copying folder: String?) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("slaretro-h12-\(UUID().uuidString)")
        if let folder {
            try FileManager.default.copyItem(at: SessionTests.root.appendingPathComponent("sessions").appendingPathComponent(folder), to: url)
        } else {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        var env = SessionRunner.environment
        env["HOME"] = url.path
        env["TMPDIR"] = url.path
        env["XDG_STATE_HOME"] = url.appendingPathComponent(".state").path
        environment = env
    }

    func run(_ arguments: [String], columns: Int? = nil, input: String = "") throws -> TimedRun {
        var env = environment
        if let columns { env["COLUMNS"] = String(columns) }
        return try TimedRun.run(try SessionTests.binary(), arguments, in: url, environment: env, input: input)
    }

    /// Puts a copy of the demo workspace in the folder as `name`.
    func demo(_ name: String = "workspace.sqlite") throws { try DemoWorkspace.copy(into: url, as: name) }

    func remove() { try? FileManager.default.removeItem(at: url) }
}
