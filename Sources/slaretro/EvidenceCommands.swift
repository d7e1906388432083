import ArgumentParser
import SLARetroKit

extension Slaretro {
    struct Breaches: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "SLA and OLA compliance and error-budget burn for a sprint: breached, threatened, unmeasured.",
            discussion: """
            Default sprint: the last one finished by now. --all also lists the agreements that are ok.
            Example: slaretro breaches --sprint 2026-S23 --format json
            """)

        @Option(help: ArgumentHelp("The sprint to judge.", valueName: "id")) var sprint: String?
        @Flag(help: "List every agreement, ok ones too.") var all = false
        @Option(help: "table, json or csv.") var format: OutputFormat = .table
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Console.run {
                let evidence = try store.evidence(sprint: sprint)
                Console.out(EvidenceViews.breaches(evidence, all: all, format: format))
            }
        }
    }

    struct IncidentsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "incidents",
            abstract: "The sprint's incidents: response time against each playbook, MTTA, MTTR, missing postmortems.",
            discussion: "Example: slaretro incidents --sprint 2026-S22")

        @Option(help: ArgumentHelp("The sprint (default: the last finished).", valueName: "id")) var sprint: String?
        @Option(help: "table, json or csv.") var format: OutputFormat = .table
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Console.run {
                let evidence = try store.evidence(sprint: sprint)
                Console.out(EvidenceViews.incidents(IncidentSummary.review(evidence), sprint: evidence.sprint, format: format))
            }
        }
    }
}

extension StoreOptions {
    /// The evidence of the sprint named (or the last finished one), read from the store.
    func evidence(sprint: String?) throws -> SprintEvidence {
        let clock = try self.clock()
        return try openForReading().read { ctx in
            try Evidence.gather(try Evidence.sprint(sprint.map { SprintID($0) }, clock: clock, in: ctx), clock: clock, in: ctx)
        }
    }
}
