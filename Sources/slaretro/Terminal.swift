import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger
import SLAImport
import SLARender
import SLARetro
import SLADemo
#if canImport(Glibc)
import Glibc
#endif

/// Colour and width of the terminal: colour only on a TTY and never with NO_COLOR; colour is decoration only.
struct Terminal {
    let colour: Bool
    let width: Int

    static var current: Terminal {
        let env = ProcessInfo.processInfo.environment
        let colour = isatty(STDOUT_FILENO) == 1 && env["NO_COLOR"] == nil && env["TERM"] != "dumb"
        var size = winsize()
        let columns = ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : nil
        let width = env["COLUMNS"].flatMap(Int.init) ?? columns ?? 80
        return Terminal(colour: colour, width: max(40, min(width, 160)))
    }

    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Adds ANSI colour to the words that carry status, and to headings and acknowledgements.
    func paint(_ text: String) -> String {
        guard colour, !text.isEmpty else { return text }
        var out = text
        let styles: [(String, String)] = [("BREACHED", "1;31"), ("THREATENED", "1;33"), ("UNMEASURED", "2"), ("✓", "32"),
                                          (" breached", "31"), (" threatened", "33")]
        for (word, code) in styles { out = out.replacingOccurrences(of: word, with: "\u{1B}[\(code)m\(word)\u{1B}[0m") }
        return out.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("── ") ? "\u{1B}[1;36m\(line)\u{1B}[0m" : String(line)
        }.joined(separator: "\n")
    }

    func error(_ text: String) -> String { colour ? "\u{1B}[31m\(text)\u{1B}[0m" : text }
}
