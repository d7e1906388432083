import Foundation
import Testing
import SLADemo

/// The shell as a process: the demo script matches its session file, and a kill loses nothing acknowledged.
@Suite("shell process")
struct ShellProcessTests {
    @Test("the demo replays the script shipped in sessions/demo/retro.slaretro")
    func demoScriptIsTheSessionFile() throws {
        let script = try String(contentsOf: SessionTests.root.appendingPathComponent("sessions/demo/retro.slaretro"), encoding: .utf8)
        #expect(DemoScript.text + "\n" == script, "DemoScript.text must equal sessions/demo/retro.slaretro")
    }

    @Test("after a revision is acknowledged, kill -9 loses nothing: resume shows it in force at the same position")
    func killAfterRevision() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slaretro-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var env = SessionRunner.environment
        env["HOME"] = folder.path
        let binary = try SessionTests.binary()
        let runner = SessionRunner(binary: binary, session: folder)
        try DemoWorkspace.copy(into: folder)

        let process = Process()
        process.executableURL = binary
        process.arguments = ["retro", "start", "--sprint", "2026-S23", "--facilitator", "mika"]
        process.currentDirectoryURL = folder
        process.environment = env
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        stdin.fileHandleForWriting.write(Data("goto SLA-sales-daily-freshness\nrevise target=90% --reason \"Sales needs 9 in 10\"\n".utf8))
        // Read beside the wait: a shell that never acknowledges fails the test after a minute instead of hanging it.
        let output = ShellOutput(), acknowledged = DispatchSemaphore(value: 0)
        let reader = stdout.fileHandleForReading
        DispatchQueue.global().async {
            var signalled = false
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                if output.append(chunk).contains("✓ revision 4"), !signalled { signalled = true; acknowledged.signal() }
            }
            if !signalled { acknowledged.signal() }
        }
        #expect(acknowledged.wait(timeout: .now() + 60) == .success, "the shell answered within a minute")
        #expect(output.text.contains("✓ revision 4 of SLA-sales-daily-freshness recorded"))
        kill(process.processIdentifier, SIGKILL)
        #expect(exited.wait(timeout: .now() + 30) == .success, "the killed shell ended")
        #expect(process.terminationReason == .uncaughtSignal)

        let (resumed, status) = try runner.run(["retro", "resume"], input: "quit\n", in: folder, environment: env)
        #expect(status == 0)
        #expect(resumed.contains("2026-S23 [2/8 SLA breaches 1/3]> quit"), "the same position")
        #expect(resumed.contains("decided     D-5 revise → revision 4: Sales needs 9 in 10"))
        let (history, _) = try runner.run(["history", "SLA-sales-daily-freshness", "--as-of", "2026-11-24"], input: "", in: folder, environment: env)
        #expect(history.contains("revision 4 — delivered_by 09:00 Europe/Berlin, target 90 %") && history.contains("decided in 2026-S23"))
    }
}

/// What the shell printed so far, appended from a reader thread.
private final class ShellOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    /// Appends `chunk` and returns everything so far as text.
    func append(_ chunk: Data) -> String {
        lock.lock(); defer { lock.unlock() }
        data.append(chunk)
        return String(decoding: data, as: UTF8.self)
    }

    var text: String {
        lock.lock(); defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}
