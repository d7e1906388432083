import ArgumentParser
import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger
import SLAImport
import SLARender
import SLARetro
import SLADemo

extension Slaretro {
    struct RetroCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retro",
            abstract: "Run a sprint retro in the interactive shell (or from a script).",
            subcommands: [StartCommand.self, ResumeCommand.self, ListCommand.self])
    }
}

/// How the shell reads its lines: a terminal, a script file, or stdin that is not a terminal.
struct ShellOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Read the commands from FILE (script mode).", valueName: "file")) var script: String?
    @Flag(help: "In script mode, carry on after an error (exit 1 at the end).") var keepGoing = false
    @Flag(help: "Do not ask before recording revisions.") var yes = false

    /// Runs the shell on `session`; returns its exit code.
    func run(_ session: RetroSession, fallbackScript: String? = nil) throws -> Int32 {
        let terminal = Terminal.current
        session.width = terminal.width
        let out: (String) -> Void = { Console.out(terminal.paint($0)) }
        let err: (String) -> Void = { text in
            FileHandle.standardError.write(Data(terminal.error(text).utf8))
        }
        if let script {
            let text = try InputFile.read(script).text
            var source = ScriptLines(text)
            return ShellLoop(script: true, keepGoing: keepGoing).run(session, source: &source, out: out, err: err)
        }
        if !Terminal.stdinIsTerminal {
            if let fallbackScript {
                // A replay (the demo) prints its script's commands as well: they are output, and fit the width too.
                let fitted: (String) -> Void = { Console.out(terminal.paint(DisplayWidth.wrapBlock($0, width: terminal.width, indent: 4))) }
                var source = ScriptLines(fallbackScript)
                return ShellLoop(script: true, keepGoing: keepGoing).run(session, source: &source, out: fitted, err: err)
            }
            var source = StandardInputLines()
            return ShellLoop(script: true, keepGoing: keepGoing).run(session, source: &source, out: out, err: err)
        }
        var source = ReadlineSource(completer: ShellCompleter(session: session))
        if !yes {
            session.confirm = { ReadlineSource.ask($0) }
            session.emit = out
        }
        return ShellLoop(script: false).run(session, source: &source, out: out, err: err)
    }
}

extension Slaretro.RetroCommand {
    struct StartCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "start", abstract: "Start the retro of a sprint: builds the agenda from the store and opens the shell.",
            discussion: "Example: slaretro retro start --sprint 2026-S23 --facilitator mika --attendees ana,ben,chen")

        @Option(help: ArgumentHelp("The sprint to review.", valueName: "id"), transform: CommandLineValue.sprint) var sprint: SprintID
        @Option(help: ArgumentHelp("Who runs the meeting.", valueName: "name")) var facilitator: String?
        @Option(help: ArgumentHelp("Who is there, comma-separated.", valueName: "names")) var attendees: String?
        @Flag(help: "Hold another retro of a sprint whose retro was finished already (a terminal asks instead).") var again = false
        @Option(help: ArgumentHelp("Only the agreements this team provides, consumes or owns.", valueName: "team")) var team: String?
        @Option(help: ArgumentHelp("Only the agreements of this asset.", valueName: "asset")) var asset: String?
        @Option(help: ArgumentHelp("At most this many items per step, the most important first.", valueName: "n")) var maxItems: Int = AgendaChoice.defaultMaxItems
        @OptionGroup var shell: ShellOptions
        @OptionGroup var store: StoreOptions

        func run() throws {
            var code: Int32 = 0
            try Console.run {
                let people = (attendees ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                let db = try Store.open(path: store.path, create: false)
                defer { try? db.checkpoint() }
                let clock = try store.clock()
                let session: RetroSession
                do {
                    session = try RetroSession.start(store: db, sprint: sprint, facilitator: facilitator, attendees: people, clock: clock, again: again,
                                                    scope: AgendaScope(team: team, asset: asset), maxItems: maxItems)
                } catch let error as RetroStartError where Terminal.stdinIsTerminal && shell.script == nil {
                    guard ReadlineSource.ask("\(error.description.replacingOccurrences(of: ": add --again to hold another", with: "")). Hold another? [y/N] ") else { return }
                    session = try RetroSession.start(store: db, sprint: sprint, facilitator: facilitator, attendees: people, clock: clock, again: true,
                                                    scope: AgendaScope(team: team, asset: asset), maxItems: maxItems)
                }
                code = try shell.run(session)
            }
            if code != 0 { throw ExitCode(code) }
        }
    }

    struct ResumeCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resume", abstract: "Continue a retro exactly where it stopped (the open one when no id is given).",
            discussion: "Example: slaretro retro resume")

        @Argument(help: ArgumentHelp("The retro id (see retro list).", valueName: "id")) var id: Int64?
        @OptionGroup var shell: ShellOptions
        @OptionGroup var store: StoreOptions

        func run() throws {
            var code: Int32 = 0
            try Console.run {
                let db = try Store.open(path: store.path, create: false)
                defer { try? db.checkpoint() }
                let session = try RetroSession.resume(store: db, retro: id, clock: try store.clock())
                code = try shell.run(session)
            }
            if code != 0 { throw ExitCode(code) }
        }
    }

    struct ListCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the retros: sprint, facilitator, state, decisions.",
                                                        discussion: "Example: slaretro retro list --subject SLA-sales-daily-freshness")

        @Option(help: ArgumentHelp("Only the retros that discussed this agreement, asset, incident, team or action.", valueName: "id")) var subject: String?
        @OptionGroup var output: FormatOption
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Console.run {
                let db = try store.openForReading()
                let rows: [[Cell]] = try db.read { ctx in
                    let only = try subject.map { Set(try ctx.retros(discussing: $0)) }
                    return try ctx.retros().filter { only?.contains($0.id) ?? true }.map { r in
                        let decisions = try ctx.decisions(retro: r.id).count
                        return [.int(Int(r.id)), .text(r.sprint.rawValue), .text(r.facilitator), .text(Clock.iso(r.startedAt)),
                                .text(r.finishedAt == nil ? "open at step \(r.step), item \(r.item)" : "finished"), .int(decisions)]
                    }
                }
                Console.out(Listing(columns: ["id", "sprint", "facilitator", "started_at", "state", "decisions"], rows: rows,
                                    emptyMessage: subject.map { "no retro discussed \(SafeText.terminal($0))" } ?? "no retros yet (slaretro retro start --sprint ID)").render(output.format))
            }
        }
    }
}

extension Slaretro {
    struct MinutesCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "minutes",
            abstract: "The minutes of a retro as Markdown, JSON or HTML (deterministic: same database, same bytes).",
            discussion: """
            Examples:
              slaretro minutes 1 --output minutes-2026-S23.md
              slaretro minutes --sprint 2026-S23 --format html --output minutes-2026-S23.html
              slaretro minutes 1 --format json
            """)

        @Argument(help: ArgumentHelp("The retro id (see retro list).", valueName: "retro")) var retro: Int64?
        @Option(help: ArgumentHelp("The latest retro of this sprint instead.", valueName: "id"), transform: CommandLineValue.sprint) var sprint: SprintID?
        @Option(help: "md (Markdown), json (schema slaretro.minutes/v1) or html (one self-contained file).") var format = "md"
        @Option(help: ArgumentHelp("Write to FILE instead of stdout.", valueName: "file")) var output: String?
        @Flag(help: "Overwrite FILE when it exists.") var force = false
        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard MinutesFormat(rawValue: format) != nil else { throw ValidationError("unknown minutes format '\(format)' (expected md, json or html)") }
            guard (retro == nil) != (sprint == nil) else { throw ValidationError("name a retro id or --sprint ID (one of them)") }
        }

        func run() throws {
            try Console.run {
                let db = try store.openForReading()
                let id: Int64 = try retro ?? db.read { ctx in
                    let wanted = sprint ?? SprintID("")
                    guard let found = try ctx.retros().last(where: { $0.sprint == wanted }) else {
                        throw UsageError(description: "no retro of sprint '\(SafeText.terminal(wanted.rawValue))' (list them: slaretro retro list)")
                    }
                    return found.id
                }
                let text = MinutesViews.render(try Agenda.minutes(retro: id, store: db), format: try MinutesFormat.parse(format))
                if let output {
                    if !force && FileManager.default.fileExists(atPath: output) {
                        throw UsageError(description: "\(output) exists: add --force to overwrite it")
                    }
                    try text.write(toFile: output, atomically: true, encoding: .utf8)
                    Console.out("minutes written to \(output)\n")
                } else {
                    Console.out(text)
                }
            }
        }
    }
}

/// Lines of stdin that is not a terminal, read one at a time so each command is done before the next is read.
struct StandardInputLines: LineSource {
    mutating func read(prompt: String) -> LineInput {
        guard let line = readLine(strippingNewline: true) else { return .end }
        return .line(line)
    }
}
