import Dispatch
import Foundation

/// The binary run once with stdout and stderr apart, waited for with a timeout (never forever).
struct TimedRun {
    let stdout: String
    let stderr: String
    let status: Int32
    let timedOut: Bool

    /// Runs `binary ARGUMENTS` in `folder` with `environment`; kills it after `timeout` seconds.
    static func run(_ binary: URL, _ arguments: [String], in folder: URL, environment: [String: String],
                    input: String = "", timeout: Double = 60) throws -> TimedRun {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = environment
        let out = Pipe(), err = Pipe(), stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input.isEmpty ? FileHandle.nullDevice : stdin
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        let collected = Collected()
        let readers = DispatchGroup()
        for (pipe, isOut) in [(out, true), (err, false)] {
            readers.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.set(data, isOut: isOut)
                readers.leave()
            }
        }
        try process.run()
        if !input.isEmpty {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        var timedOut = false
        if done.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            _ = done.wait(timeout: .now() + 5)
        }
        _ = readers.wait(timeout: .now() + 5)
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

    func remove() { try? FileManager.default.removeItem(at: url) }
}
