import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger
import SLARender
/// What a shell command's arguments complete to.
package enum CompletionKind: Sendable {
    case none, agreement, agreementOrField, action, person, sprint, command, step, attendeesVerb
}

/// What a command handler gets: the text after the command word, as typed and split into words.
package struct ShellInput {
    /// The rest of the line after the command word, trimmed (for `sql` and `note`, which take it as is).
    package let rest: String
    package let words: [String]

    /// The words as positional arguments and `--flag VALUE` options.
    func parsed() throws(ShellError) -> ParsedLine { try ParsedLine.parse(words) }
}

/// One shell command: its name, short aliases, syntax, one help line, what its arguments complete to, and
/// the handler that runs it. This one table feeds `help`, tab completion, the README and the dispatch:
/// there is no other list of commands (modelled on the sqlite3 shell's `azHelp[]`).
package struct ShellCommand: Sendable {
    package let name: String
    package let aliases: [String]
    package let syntax: String
    package let help: String
    package let completion: CompletionKind
    let run: @Sendable (RetroSession, ShellInput) throws -> String

    init(name: String, aliases: [String], syntax: String, help: String, completion: CompletionKind,
         run: @escaping @Sendable (RetroSession, ShellInput) throws -> String) {
        self.name = name; self.aliases = aliases; self.syntax = syntax; self.help = help; self.completion = completion; self.run = run
    }

    package static let all: [ShellCommand] = [
        .init(name: "next", aliases: ["n"], syntax: "next", help: "go to the next item (or the next step)", completion: .none) { s, _ in try s.next() },
        .init(name: "back", aliases: ["b"], syntax: "back", help: "go to the previous item", completion: .none) { s, _ in try s.back() },
        .init(name: "skip", aliases: [], syntax: "skip", help: "leave the rest of this step and go to the next one", completion: .none) { s, _ in try s.skipStep() },
        .init(name: "goto", aliases: ["g"], syntax: "goto STEP[.ITEM]|ID", help: "jump to a step, an item of a step, or the item about ID", completion: .step) { s, i in try s.goto(try i.parsed().words) },
        .init(name: "show", aliases: ["s"], syntax: "show [ID]", help: "show the current item again, or an agreement, incident or action", completion: .agreement) { s, i in try s.show(try i.parsed().words.first) },
        .init(name: "agenda", aliases: ["a"], syntax: "agenda", help: "list the steps, their items and what was decided", completion: .none) { s, _ in try s.agenda() },
        .init(name: "note", aliases: [], syntax: "note TEXT", help: "add a note to the current item (it goes into the minutes)", completion: .none) { s, i in
            try s.note(i.rest.hasPrefix("\"") && i.rest.hasSuffix("\"") && i.rest.count > 1 ? String(i.rest.dropFirst().dropLast()) : i.rest)
        },
        .init(name: "keep", aliases: [], syntax: "keep [ID] [--snooze N] [--reason TEXT] [--replace]", help: "keep the agreement as it is (--note works as --reason); --snooze N keeps it off the agenda for N sprints", completion: .agreement) { s, i in try s.keep(try i.parsed()) },
        .init(name: "revise", aliases: [], syntax: "revise [ID] FIELD=VALUE… --reason TEXT [--yes] [--replace]", help: "record a new revision of the agreement (fields: objective, target, window, …)", completion: .agreementOrField) { s, i in try s.revise(try i.parsed()) },
        .init(name: "retire", aliases: [], syntax: "retire [ID] --reason TEXT [--yes] [--replace]", help: "retire the agreement with a revision", completion: .agreement) { s, i in try s.retire(try i.parsed()) },
        .init(name: "create", aliases: [], syntax: "create ID kind=sla|ola asset=A team=T objective=… target=… [FIELD=VALUE…] --reason TEXT", help: "create a new SLA or OLA", completion: .agreementOrField) { s, i in try s.create(try i.parsed()) },
        .init(name: "accept-risk", aliases: [], syntax: "accept-risk [ID] --reason TEXT [--replace]", help: "accept the breach or threat without changing the agreement", completion: .agreement) { s, i in try s.acceptRisk(try i.parsed()) },
        .init(name: "accept", aliases: [], syntax: "accept [ID FIELD=VALUE…] [--reason TEXT] [--yes] [--replace]", help: "apply the right-sizing proposal of the current item (step 5); the reason defaults to the proposal's", completion: .agreementOrField) { s, i in try s.accept(try i.parsed()) },
        .init(name: "undo", aliases: [], syntax: "undo", help: "take back this retro's last decision (a revision restores the terms it changed)", completion: .none) { s, _ in try s.undo() },
        .init(name: "action", aliases: [], syntax: "action TITLE --owner WHO [--due next|+N|SPRINT|DATE]", help: "create an action item on the current item", completion: .person) { s, i in try s.action(try i.parsed()) },
        .init(name: "adopt", aliases: [], syntax: "adopt N --owner WHO [--due WHEN]", help: "turn suggestion N of the current team into an action item", completion: .person) { s, i in try s.adopt(try i.parsed()) },
        .init(name: "done", aliases: [], syntax: "done ACTION", help: "close an action item as done", completion: .action) { s, i in try s.close("done", try i.parsed()) },
        .init(name: "drop", aliases: [], syntax: "drop ACTION --reason TEXT", help: "drop an action item", completion: .action) { s, i in try s.close("drop", try i.parsed()) },
        .init(name: "attendees", aliases: [], syntax: "attendees [add|remove NAME…]", help: "list, add or remove attendees", completion: .attendeesVerb) { s, i in try s.attendees(try i.parsed().words) },
        .init(name: "history", aliases: ["h"], syntax: "history [ID]", help: "the revisions of the agreement", completion: .agreement) { s, i in try s.history(try i.parsed().words.first) },
        .init(name: "sprint", aliases: [], syntax: "sprint [list | add [ID --start DATE --end DATE]]", help: "list the sprints, or add one (no dates: the next of the catalog's cadence)", completion: .none) { s, i in try s.sprintCommand(try i.parsed()) },
        .init(name: "sql", aliases: [], syntax: "sql SELECT…", help: "a read-only query against the workspace", completion: .none) { s, i in
            QueryViews.render(try s.store.query(i.rest), format: .table)
        },
        .init(name: "minutes", aliases: [], syntax: "minutes [--format md|json|html] [--output FILE [--force]]", help: "print the minutes so far, or write them to FILE", completion: .none) { s, i in try s.minutes(try i.parsed()) },
        .init(name: "finish", aliases: [], syntax: "finish [--format md|json|html] [--output FILE [--force]]", help: "write the minutes (default minutes-SPRINT.md) and close the retro", completion: .none) { s, i in try s.finish(try i.parsed()) },
        .init(name: "help", aliases: ["?"], syntax: "help [COMMAND]", help: "list the commands, or explain one", completion: .command) { s, i in
            guard let name = try i.parsed().words.first else { return ShellCommand.helpText(width: s.width) }
            guard let c = ShellCommand.named(name) else { throw ShellError.usage("no command '\(name)'" + Suggest.hint(for: name, among: ShellCommand.all.map(\.name))) }
            return c.detail(width: s.width)
        },
        .init(name: "quit", aliases: ["q", "exit"], syntax: "quit", help: "leave the shell; everything is saved and 'slaretro retro resume' continues here", completion: .none) { s, _ in s.quit() },
    ]

    /// The command a typed word names (name or alias).
    package static func named(_ word: String) -> ShellCommand? {
        all.first { $0.name == word || $0.aliases.contains(word) }
    }

    /// `help`: every command with its syntax, help line and aliases, wrapped at word boundaries to the terminal.
    /// Long syntaxes put their help on the next line.
    package static var helpText: String { helpText(width: ScreenWidth.current ?? 80) }

    package static func helpText(width: Int) -> String {
        let column = min(all.map { DisplayWidth.of($0.syntax) }.max() ?? 0, 36, max(12, width / 2 - 4))
        var text = ""
        for c in all {
            let help = c.help + (c.aliases.isEmpty ? "" : " (alias \(c.aliases.joined(separator: ", ")))")
            let indent = String(repeating: " ", count: column + 4)
            let helpLines = DisplayWidth.wrap(help, width: max(20, width - column - 4))
            if DisplayWidth.of(c.syntax) <= column && width - column - 4 >= 20 {
                text += "  " + DisplayWidth.padRight(c.syntax, column) + "  " + helpLines[0] + "\n"
                text += helpLines.dropFirst().map { indent + $0 + "\n" }.joined()
            } else {
                let syntaxLines = DisplayWidth.wrap(c.syntax, width: width - 4)
                text += "  " + syntaxLines[0] + "\n" + syntaxLines.dropFirst().map { "    " + $0 + "\n" }.joined()
                text += DisplayWidth.wrap(help, width: max(20, width - 6)).map { "      " + $0 + "\n" }.joined()
            }
        }
        return text + "'help COMMAND' explains one, with an example\n"
    }

    /// `help COMMAND`: the syntax, the help line, aliases, the fields or values it takes, and one example.
    package var detail: String { detail(width: ScreenWidth.current ?? 80) }

    package func detail(width: Int) -> String {
        var text = syntax + "\n" + DisplayWidth.wrap(help, width: max(20, width - 2)).map { "  " + $0 + "\n" }.joined()
        if !aliases.isEmpty { text += "  aliases: \(aliases.joined(separator: ", "))\n" }
        if let extra = ShellHelp.details[name] {
            if !extra.takes.isEmpty {
                text += "  takes:\n" + extra.takes.flatMap { DisplayWidth.wrapProse("    " + $0, width: max(24, width)) }.map { $0 + "\n" }.joined()
            }
            text += DisplayWidth.wrapProse("  example: " + extra.example, width: max(24, width), indent: 4).map { $0 + "\n" }.joined()
        }
        return text
    }
}

/// A typed shell line split into positional words and `--flag VALUE` options.
package struct ParsedLine {
    var words: [String] = []
    var options: [String: String] = [:]
    var flags: Set<String> = []

    static let valued: Set<String> = ["--reason", "--owner", "--due", "--snooze", "--note", "--output", "--format", "--start", "--end", "--timezone"]
    static let boolean: Set<String> = ["--yes", "--replace", "--force"]

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
