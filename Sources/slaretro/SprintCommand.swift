import ArgumentParser
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger
import SLAImport
import SLARender
import SLARetro
import SLADemo

extension Slaretro {
    struct SprintCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sprint",
            abstract: "Add and list sprints (half-open [start, end), never overlapping).",
            subcommands: [AddCommand.self, ListCommand.self], defaultSubcommand: ListCommand.self)
    }
}

extension Slaretro.SprintCommand {
    struct AddCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add a sprint; --end is the first day after it.",
            discussion: "Example: slaretro sprint add 2026-S22 --start 2026-10-26 --end 2026-11-09 --timezone Europe/Berlin")

        @Argument(help: ArgumentHelp("The sprint id, e.g. 2026-S22.", valueName: "id"), transform: CommandLineValue.sprint) var id: SprintID
        @Option(help: ArgumentHelp("First day of the sprint.", valueName: "date"), transform: CommandLineValue.day) var start: LocalDate
        @Option(help: ArgumentHelp("First day after the sprint (exclusive).", valueName: "date"), transform: CommandLineValue.day) var end: LocalDate
        @Option(help: ArgumentHelp("IANA time zone the sprint's days are counted in.", valueName: "zone")) var timezone = "UTC"
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Console.run {
                let sprint = try Sprints.make(id: id.rawValue, start: start.description, end: end.description, timezone: timezone)
                try store.openForWriting().write { ctx in try Sprints.add(sprint, in: ctx) }
                Console.out("added sprint \(sprint.id): \(sprint.start) → \(sprint.end) (last day \(sprint.lastDay), \(sprint.timezone))\n")
            }
        }
    }

    struct ListCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the sprints in date order.")

        @OptionGroup var output: FormatOption
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Console.run {
                let sprints = try store.openForReading().read { try $0.sprints() }
                Console.out(SprintViews.listing(sprints).render(output.format))
            }
        }
    }
}
