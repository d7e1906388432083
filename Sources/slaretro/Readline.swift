import CReadline
import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger
import SLAImport
import SLARender
import SLARetro
import SLADemo

/// The completer readline calls; set while the interactive shell runs (readline is single-threaded).
nonisolated(unsafe) private var activeCompleter: ShellCompleter?
nonisolated(unsafe) private var pendingMatches: [String] = []
/// 1 while readline waits for a line (Ctrl-C redraws the prompt), 0 while a command runs (Ctrl-C stops a query).
nonisolated(unsafe) private var atPrompt: sig_atomic_t = 0

/// Lines typed at a terminal through GNU readline: prompt, history file, tab completion, Ctrl-C.
struct ReadlineSource: LineSource {
    let historyPath: String

    /// Sets up history (`$XDG_STATE_HOME/slaretro/history`, else `~/.local/state/slaretro/history`) and completion.
    init(completer: ShellCompleter) {
        let env = ProcessInfo.processInfo.environment
        let state = env["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((env["HOME"] ?? NSHomeDirectory()) as NSString).appendingPathComponent(".local/state")
        let folder = (state as NSString).appendingPathComponent("slaretro")
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        historyPath = (folder as NSString).appendingPathComponent("history")
        if !FileManager.default.fileExists(atPath: historyPath) { FileManager.default.createFile(atPath: historyPath, contents: nil) }
        read_history(historyPath)
        activeCompleter = completer
        slaretro_set_completion { text, _, _ in
            slaretro_completion_over()
            let word = text.map { String(cString: $0) } ?? ""
            let line = slaretro_line_buffer().map { String(String(cString: $0).utf8.prefix(Int(slaretro_point()))) ?? "" } ?? ""
            pendingMatches = activeCompleter?.complete(line: line, word: word) ?? []
            if pendingMatches.count == 1, pendingMatches[0].hasSuffix("=") { slaretro_append_character(0) }
            return rl_completion_matches(text) { _, state in
                if state == 0 { pendingMatches = pendingMatches.reversed() }
                guard let next = pendingMatches.popLast() else { return nil }
                return strdup(next)
            }
        }
        _ = QueryStop.process  // made now, not on the first Ctrl-C inside the signal handler
        // Ctrl-C at the prompt abandons the line being typed and shows a fresh prompt; while a command runs it stops a
        // running `sql` query (the command then fails with one line, and the prompt comes back). It never leaves the shell.
        signal(SIGINT) { _ in
            var newline: UInt8 = 10
            _ = Glibc.write(STDOUT_FILENO, &newline, 1)
            guard atPrompt != 0 else {
                Store.requestQueryInterrupt()
                return
            }
            rl_on_new_line()
            rl_replace_line("", 0)
            rl_redisplay()
        }
    }

    mutating func read(prompt: String) -> LineInput {
        slaretro_append_character(32)
        atPrompt = 1
        let read = readline(prompt)
        atPrompt = 0
        guard let raw = read else { return .end }
        defer { free(raw) }
        let line = String(cString: raw)
        if !line.trimmingCharacters(in: .whitespaces).isEmpty {
            add_history(raw)
            append_history(1, historyPath)
            history_truncate_file(historyPath, 2000)
        }
        return .line(line)
    }

    /// A yes/no question at the prompt; only `y` or `yes` says yes. The answer is read as a plain line, not through
    /// readline: the question has no history (Up-arrow never brings back a command) and nothing is added to it.
    /// Ctrl-C (or Ctrl-D) cancels: the answer is no, so the change is not made.
    static func ask(_ question: String) -> Bool {
        FileHandle.standardOutput.write(Data(question.utf8))
        // While asking, SIGINT interrupts the read (no SA_RESTART) instead of redrawing a readline prompt.
        var quiet = sigaction()
        quiet.__sigaction_handler = .init(sa_handler: { _ in })
        sigemptyset(&quiet.sa_mask)
        quiet.sa_flags = 0
        var previous = sigaction()
        sigaction(SIGINT, &quiet, &previous)
        defer { sigaction(SIGINT, &previous, nil) }
        // Byte by byte from the terminal (readline has consumed nothing beyond its own line).
        var bytes: [UInt8] = [], byte: UInt8 = 0
        while true {
            let n = Glibc.read(0, &byte, 1)
            if n == 1 { if byte == 10 { break }; bytes.append(byte); continue }
            FileHandle.standardOutput.write(Data("\ncancelled: nothing changed\n".utf8))
            return false
        }
        let answer = String(decoding: bytes, as: UTF8.self)
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }
}
