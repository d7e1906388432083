import Foundation
import Testing

/// The file is the workspace: after the shell exits, the `.sqlite` file alone holds the retro.
@Suite("workspace file")
struct WorkspaceFileTests {
    func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slaretro-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("after quit (and after Ctrl-D, the end of a script, a script's error), copying only the .sqlite keeps the retro")
    func copyOnlyTheSQLiteFile() throws {
        let binary = try SessionTests.binary()
        for (input, ending) in [("goto INC-41\nkeep --note kept\nquit\n", "quit"), ("goto INC-41\nkeep --note kept\n", "end of input"),
                                ("goto INC-41\nkeep --note kept\nfrobnicate\nnext\n", "a script error")] {
            let work = try folder(), elsewhere = try folder()
            defer { try? FileManager.default.removeItem(at: work); try? FileManager.default.removeItem(at: elsewhere) }
            var env = SessionRunner.environment
            env["HOME"] = work.path
            let runner = SessionRunner(binary: binary, session: work)
            try DemoWorkspace.copy(into: work)
            _ = try runner.run(["retro", "start", "--sprint", "2026-S23", "--facilitator", "mika"], input: input, in: work, environment: env)
            let wal = work.appendingPathComponent("workspace.sqlite-wal")
            let walSize = (try? FileManager.default.attributesOfItem(atPath: wal.path)[.size] as? Int) ?? 0
            #expect(walSize == 0, "\(ending): the write-ahead log is empty after the shell exits")
            try FileManager.default.copyItem(at: work.appendingPathComponent("workspace.sqlite"), to: elsewhere.appendingPathComponent("workspace.sqlite"))
            let (list, status) = try runner.run(["decisions", "INC-41"], input: "", in: elsewhere, environment: env)
            #expect(status == 0 && list.contains("keep") && list.contains("kept"), "\(ending): \(list)")
        }
    }

    @Test("backup writes a consistent copy while another process holds the workspace open, and never overwrites")
    func backupWhileInUse() throws {
        let binary = try SessionTests.binary()
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        var env = SessionRunner.environment
        env["HOME"] = work.path
        let runner = SessionRunner(binary: binary, session: work)
        try DemoWorkspace.copy(into: work)
        // A shell that has decided something and is still running (its stdin stays open).
        let shell = Process()
        shell.executableURL = binary
        shell.arguments = ["retro", "start", "--sprint", "2026-S23", "--facilitator", "mika"]
        shell.currentDirectoryURL = work
        shell.environment = env
        let stdin = Pipe(), stdout = Pipe()
        shell.standardInput = stdin
        shell.standardOutput = stdout
        shell.standardError = stdout
        try shell.run()
        defer { if shell.isRunning { shell.terminate() }; shell.waitUntilExit() }
        stdin.fileHandleForWriting.write(Data("goto INC-41\nkeep --note \"while backing up\"\n".utf8))
        // The wait has a timeout: if the acknowledgement never comes, the shell is stopped and the read ends.
        let watchdog = DispatchWorkItem { if shell.isRunning { shell.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: watchdog)
        defer { watchdog.cancel() }
        var seen = ""
        while !seen.contains("✓ INC-41 kept") {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        #expect(seen.contains("✓ INC-41 kept"))
        let (out, status) = try runner.run(["backup", "copy.sqlite"], input: "", in: work, environment: env)
        #expect(status == 0, "\(out)")
        let (again, refused) = try runner.run(["backup", "copy.sqlite"], input: "", in: work, environment: env)
        #expect(refused == 1 && again.contains("exists"))
        try stdin.fileHandleForWriting.close()
        let (list, _) = try runner.run(["decisions", "INC-41", "--db", "copy.sqlite"], input: "", in: work, environment: env)
        #expect(list.contains("while backing up"))
    }
}
