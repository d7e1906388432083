import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger
import SLARender
/// What a shell command's arguments complete to.
package enum CompletionKind: Sendable {
    case none, agreement, agreementOrField, action, person, sprint, command, step, attendeesVerb
}

/// One shell command: its name, short aliases, syntax and one help line. This one table feeds
/// `help`, tab completion and the README (SPEC §3; modelled on the sqlite3 shell's `azHelp[]`).
package struct ShellCommand: Sendable {
    package let name: String
    package let aliases: [String]
    package let syntax: String
    package let help: String
    package let completion: CompletionKind

    package static let all: [ShellCommand] = [
        .init(name: "next", aliases: ["n"], syntax: "next", help: "go to the next item (or the next step)", completion: .none),
        .init(name: "back", aliases: ["b"], syntax: "back", help: "go to the previous item", completion: .none),
        .init(name: "skip", aliases: [], syntax: "skip", help: "leave the rest of this step and go to the next one", completion: .none),
        .init(name: "goto", aliases: ["g"], syntax: "goto STEP[.ITEM]|ID", help: "jump to a step, an item of a step, or the item about ID", completion: .step),
        .init(name: "show", aliases: ["s"], syntax: "show [ID]", help: "show the current item again, or an agreement, incident or action", completion: .agreement),
        .init(name: "agenda", aliases: ["a"], syntax: "agenda", help: "list the steps, their items and what was decided", completion: .none),
        .init(name: "note", aliases: [], syntax: "note TEXT", help: "add a note to the current item (it goes into the minutes)", completion: .none),
        .init(name: "keep", aliases: [], syntax: "keep [ID] [--snooze N] [--note TEXT]", help: "keep the agreement as it is; --snooze N keeps it off the agenda for N sprints", completion: .agreement),
        .init(name: "revise", aliases: [], syntax: "revise [ID] FIELD=VALUE… --reason TEXT [--yes]", help: "record a new revision of the agreement (fields: objective, target, window, …)", completion: .agreementOrField),
        .init(name: "retire", aliases: [], syntax: "retire [ID] --reason TEXT [--yes]", help: "retire the agreement with a revision", completion: .agreement),
        .init(name: "create", aliases: [], syntax: "create ID kind=sla|ola asset=A team=T objective=… target=… [FIELD=VALUE…] --reason TEXT", help: "create a new SLA or OLA", completion: .agreementOrField),
        .init(name: "accept-risk", aliases: [], syntax: "accept-risk [ID] --reason TEXT", help: "accept the breach or threat without changing the agreement", completion: .agreement),
        .init(name: "action", aliases: [], syntax: "action TITLE --owner WHO [--due SPRINT]", help: "create an action item on the current item", completion: .person),
        .init(name: "adopt", aliases: [], syntax: "adopt N --owner WHO [--due SPRINT]", help: "turn suggestion N of the current team into an action item", completion: .person),
        .init(name: "done", aliases: [], syntax: "done ACTION", help: "close an action item as done", completion: .action),
        .init(name: "drop", aliases: [], syntax: "drop ACTION --reason TEXT", help: "drop an action item", completion: .action),
        .init(name: "attendees", aliases: [], syntax: "attendees [add|remove NAME…]", help: "list, add or remove attendees", completion: .attendeesVerb),
        .init(name: "history", aliases: ["h"], syntax: "history [ID]", help: "the revisions of the agreement", completion: .agreement),
        .init(name: "sql", aliases: [], syntax: "sql SELECT…", help: "a read-only query against the workspace", completion: .none),
        .init(name: "minutes", aliases: [], syntax: "minutes [--output FILE]", help: "print the minutes so far (Markdown), or write them to FILE", completion: .none),
        .init(name: "finish", aliases: [], syntax: "finish [--output FILE]", help: "write the minutes (default minutes-SPRINT.md) and close the retro", completion: .none),
        .init(name: "help", aliases: ["?"], syntax: "help [COMMAND]", help: "list the commands, or explain one", completion: .command),
        .init(name: "quit", aliases: ["q", "exit"], syntax: "quit", help: "leave the shell; everything is saved and 'slaretro retro resume' continues here", completion: .none),
    ]

    /// The command a typed word names (name or alias).
    package static func named(_ word: String) -> ShellCommand? {
        all.first { $0.name == word || $0.aliases.contains(word) }
    }

    /// `help`: every command with its syntax and help line.
    /// Long syntaxes put their help on the next line, so the list fits an 80-column terminal.
    package static var helpText: String {
        let width = min(all.map(\.syntax.count).max() ?? 0, 36)
        return all.map { c in
            c.syntax.count <= width ? "  " + Formatting.pad(c.syntax, width) + "  " + c.help
                : "  " + c.syntax + "\n  " + String(repeating: " ", count: width) + "  " + c.help
        }.joined(separator: "\n") + "\n"
    }

    /// `help COMMAND`.
    package var detail: String {
        "\(syntax)\n  \(help)" + (aliases.isEmpty ? "" : "\n  aliases: \(aliases.joined(separator: ", "))") + "\n"
    }
}

/// A typed shell line split into positional words and `--flag VALUE` options.
package struct ParsedLine {
    var words: [String] = []
    var options: [String: String] = [:]
    var flags: Set<String> = []

    static let valued: Set<String> = ["--reason", "--owner", "--due", "--snooze", "--note", "--output", "--format"]
    static let boolean: Set<String> = ["--yes"]

    static func parse(_ words: [String]) throws(ShellError) -> ParsedLine {
        var parsed = ParsedLine()
        var i = 0
        while i < words.count {
            let word = words[i]
            if valued.contains(word) {
                guard i + 1 < words.count else { throw .usage("\(word) needs a value") }
                parsed.options[word] = words[i + 1]
                i += 2
            } else if boolean.contains(word) {
                parsed.flags.insert(word); i += 1
            } else if word.hasPrefix("--") && word.count > 2 {
                throw .usage("unknown option '\(word)'" + Suggest.hint(for: word, among: Array(valued.union(boolean)).sorted()))
            } else {
                parsed.words.append(word); i += 1
            }
        }
        return parsed
    }

    /// Splits a line into words: quotes group, a backslash escapes inside double quotes (as a shell does).
    package static func split(_ line: String) throws(ShellError) -> [String] {
        var words: [String] = [], current = "", quote: Character? = nil, inWord = false, escaped = false
        for ch in line {
            if escaped { current.append(ch); escaped = false; continue }
            if let q = quote {
                if ch == q { quote = nil } else if ch == "\\" && q == "\"" { escaped = true } else { current.append(ch) }
            } else if ch == "'" || ch == "\"" {
                quote = ch; inWord = true
            } else if ch == " " || ch == "\t" {
                if inWord { words.append(current); current = ""; inWord = false }
            } else {
                current.append(ch); inWord = true
            }
        }
        guard quote == nil else { throw .usage("a quote is not closed") }
        if inWord { words.append(current) }
        return words
    }
}

/// A shell command that could not be carried out: the shell prints it and stays open (scripts stop).
package enum ShellError: Error, Equatable, CustomStringConvertible {
    case usage(String)
    case failed(String)

    package var description: String {
        switch self {
        case .usage(let message), .failed(let message): return message
        }
    }
}
