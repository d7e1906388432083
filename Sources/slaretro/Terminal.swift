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

    /// The narrowest and widest screen fitted to.
    static let widths = 20...1000

    /// Colour from the TTY and the environment; the width set for this command (`ScreenWidth.current`,
    /// which `Slaretro.main` sets from `--width`, `COLUMNS` or the TTY), else measured now.
    static var current: Terminal {
        let env = ProcessInfo.processInfo.environment
        let colour = isatty(STDOUT_FILENO) == 1 && env["NO_COLOR"] == nil && env["TERM"] != "dumb"
        return Terminal(colour: colour, width: ScreenWidth.current ?? measuredWidth(environment: env))
    }

    /// `COLUMNS` when set to a number, else the TTY's width (ioctl on stdout), else 80; kept within `widths`.
    static func measuredWidth(environment env: [String: String]) -> Int {
        var size = winsize()
        let columns = isatty(STDOUT_FILENO) == 1 && ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0
            ? Int(size.ws_col) : nil
        let width = env["COLUMNS"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? columns ?? 80
        return min(max(width, widths.lowerBound), widths.upperBound)
    }

    /// Takes `--width N` or `--width=N` out of the arguments (before a `--`); nil when not given.
    static func extractWidth(_ arguments: inout [String]) throws -> Int? {
        var i = 0, found: Int?
        while i < arguments.count {
            let word = arguments[i]
            if word == "--" { break }
            var value: String?
            if word == "--width" {
                guard i + 1 < arguments.count else { throw UsageError(description: "--width needs a number of columns (e.g. --width 80)") }
                value = arguments[i + 1]
                arguments.removeSubrange(i...(i + 1))
            } else if word.hasPrefix("--width=") {
                value = String(word.dropFirst("--width=".count))
                arguments.remove(at: i)
            } else {
                i += 1
                continue
            }
            guard let text = value, let n = Int(text), widths.contains(n) else {
                throw UsageError(description: "bad --width '\(value ?? "")' (expected a number of columns from \(widths.lowerBound) to \(widths.upperBound))")
            }
            found = n
        }
        return found
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
