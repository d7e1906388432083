import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger
import SLARender

/// One thing a line source can hand the shell.
package enum LineInput: Sendable, Equatable {
    case line(String)
    /// Ctrl-C: the current line is abandoned.
    case interrupt
    /// Ctrl-D or the end of the script.
    case end
}

/// Where the shell's lines come from: readline on a terminal (in the executable), a script or a test.
package protocol LineSource {
    mutating func read(prompt: String) -> LineInput
}

/// Lines of a script, for `--script FILE`, stdin that is not a terminal, and tests.
package struct ScriptLines: LineSource {
    private var lines: [String]
    private var index = 0

    package init(_ text: String) {
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        self.lines = lines
    }

    package mutating func read(prompt: String) -> LineInput {
        guard index < lines.count else { return .end }
        index += 1
        return .line(lines[index - 1])
    }
}

/// The one command loop of the retro shell, interactive or scripted (same code path).
///
/// Script mode echoes `> command` before each command's output, and on the first error prints
/// `near line N: …` and stops with exit code 1 (unless `keepGoing`). Interactive mode prints the
/// error and carries on; Ctrl-C abandons the line; Ctrl-D saves and leaves.
package struct ShellLoop {
    package var script: Bool
    package var keepGoing: Bool

    package init(script: Bool, keepGoing: Bool = false) {
        self.script = script; self.keepGoing = keepGoing
    }

    /// Runs until `quit`, `finish` or the end of input; returns the exit code. Every way out (quit, Ctrl-D,
    /// the end of a script, a script's error) checkpoints the database, so the `.sqlite` file alone holds the retro.
    package func run<Source: LineSource>(_ session: RetroSession, source: inout Source, out: (String) -> Void, err: (String) -> Void) -> Int32 {
        defer {
            do { try session.store.checkpoint() } catch { err("slaretro: warning: \(error)\n") }
        }
        return loop(session, source: &source, out: out, err: err)
    }

    func loop<Source: LineSource>(_ session: RetroSession, source: inout Source, out: (String) -> Void, err: (String) -> Void) -> Int32 {
        out(session.banner())
        do { out(session.fit(try session.render())) } catch { err("slaretro: error: \(error)\n") }
        var lineNumber = 0
        var failed = false
        while !session.shouldQuit {
            switch source.read(prompt: session.prompt) {
            case .end:
                if !script { out("\nsaved; continue with 'slaretro retro resume \(session.retro.id)'\n") }
                return failed ? 1 : 0
            case .interrupt:
                continue
            case .line(let line):
                lineNumber += 1
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                if script { out("\(session.prompt)\(SafeText.terminal(trimmed))\n") }
                do {
                    out(session.fit(try session.execute(trimmed)))
                } catch {
                    if script {
                        err("slaretro: error: near line \(lineNumber): \(error)\n")
                        failed = true
                        if !keepGoing { return 1 }
                    } else {
                        err("slaretro: error: \(error)\n")
                    }
                }
            }
        }
        return failed ? 1 : 0
    }
}

