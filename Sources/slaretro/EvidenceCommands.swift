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
    struct BreachesCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "breaches", abstract: "SLA and OLA compliance and error-budget burn for a sprint: breached, threatened, unmeasured.",
            discussion: """
            Default sprint: the last one finished by now. --all also lists the agreements that are ok.
            Example: slaretro breaches --sprint 2026-S23 --format json
            """)

        @Option(help: ArgumentHelp("The sprint to judge.", valueName: "id"), transform: CommandLineValue.sprint) var sprint: SprintID?
        @Flag(help: "List every agreement, ok ones too.") var all = false
        @OptionGroup var output: FormatOption
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Console.run {
                let evidence = try store.evidence(sprint: sprint)
                let gaps = evidence.results.filter { $0.observationsEnd != nil }.map(\.overview.agreement.id.rawValue)
                if !gaps.isEmpty {
                    Console.warning("the observations of \(Plural.count(gaps.count, "agreement")) stop before the end of \(evidence.sprint.id), "
                                    + "so they are judged on fewer days: " + gaps.prefix(5).joined(separator: ", ") + (gaps.count > 5 ? ", …" : ""))
                }
                Console.out(EvidenceViews.breaches(evidence, all: all, format: output.format))
            }
        }
    }

    struct IncidentsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "incidents",
            abstract: "The sprint's incidents: response time against each playbook, MTTA, MTTR, missing postmortems.",
            discussion: "Example: slaretro incidents --sprint 2026-S22")

        @Option(help: ArgumentHelp("The sprint (default: the last finished).", valueName: "id"), transform: CommandLineValue.sprint) var sprint: SprintID?
        @OptionGroup var output: FormatOption
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Console.run {
                let clock = try store.clock()
                let evidence = try store.openForReading().read { ctx in
                    try Evidence.gatherForIncidents(try Evidence.sprint(sprint, clock: clock, in: ctx), clock: clock, in: ctx)
                }
                Console.out(EvidenceViews.incidents(IncidentSummary.review(evidence), sprint: evidence.sprint, format: output.format))
            }
        }
    }
}

extension StoreOptions {
    /// The evidence of the sprint named (or the last finished one), read from the store.
    func evidence(sprint: SprintID?) throws -> SprintEvidence {
        let clock = try self.clock()
        return try openForReading().read { ctx in
            try Evidence.gather(try Evidence.sprint(sprint, clock: clock, in: ctx), clock: clock, in: ctx)
        }
    }
}

extension Slaretro {
    struct CandidatesCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "candidates", abstract: "Over-quality candidates: assets kept under an agreement (or maintained) that nobody, or too few, use.",
            discussion: "Reasons: unused, rarely-used, consumer-gone, orphaned; ranked by maintenance hours. Example: slaretro candidates --lookback 90d --format json")

        @Option(help: ArgumentHelp("Days looked back from today, e.g. 60d.", valueName: "days")) var lookback = "60d"
        @Option(help: ArgumentHelp("rarely-used below this share of the promised refreshes per week.", valueName: "ratio")) var rarelyUsed = 0.1
        @OptionGroup var output: FormatOption
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Console.run {
                guard lookback.hasSuffix("d"), let days = Int(lookback.dropLast()), (1...3650).contains(days) else {
                    throw UsageError(description: "bad --lookback '\(lookback)' (expected a number of days such as 60d)")
                }
                let clock = try store.clock()
                let today = clock.today(in: TimeZones.utc)
                let (list, coverage) = try store.openForReading().read { ctx in
                    (try OverQuality(lookbackDays: days, rarelyUsedRatio: rarelyUsed).candidates(end: today.adding(days: 1), clock: clock, in: ctx),
                     try UsageCoverage.of(today.adding(days: 1 - days), today.adding(days: 1), in: ctx))
                }
                if let warning = coverage.warning(window: "the last \(days) days") {
                    Console.warning("\(warning); " + (coverage.coveredDays == 0 ? "no candidate can be judged" : "candidates are judged on the \(Plural.count(coverage.coveredDays, "day")) they cover"))
                }
                Console.out(UsageViews.candidates(list, lookback: days, through: today, format: output.format))
            }
        }
    }

    struct DemocratizationCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "democratization",
            abstract: "How much each consumer team really uses the data: active users, self-service, trend and stage.",
            discussion: "Example: slaretro democratization --sprint 2026-S23 --format json")

        @Option(help: ArgumentHelp("The sprint (default: the last finished).", valueName: "id"), transform: CommandLineValue.sprint) var sprint: SprintID?
        @Option(help: ArgumentHelp("At most this many active users is 'localized'.", valueName: "n")) var localizedMax = 2
        @Option(help: ArgumentHelp("'self-running' needs at least this self-service ratio.", valueName: "ratio")) var selfService = 0.3
        @OptionGroup var output: FormatOption
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Console.run {
                let clock = try store.clock()
                var thresholds = DemocratizationThresholds()
                thresholds.localizedMaxUsers = localizedMax
                thresholds.selfServiceRatio = selfService
                let report = try store.openForReading().read { ctx in
                    try Democratization.report(try Evidence.sprint(sprint, clock: clock, in: ctx), thresholds: thresholds, in: ctx)
                }
                if let coverage = report.coverage, let warning = coverage.warning(window: "this sprint") {
                    Console.warning(warning + (coverage.coveredDays > 0 ? ": the figures count only the days before" : ""))
                }
                Console.out(UsageViews.democratization(report, format: output.format))
            }
        }
    }
}

extension Slaretro {
    struct ActionsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "actions", abstract: "Action items from retros and postmortems: open ones, or all with --all.",
            discussion: "Example: slaretro actions --all --format csv")

        @Flag(help: "Include done and dropped items.") var all = false
        @OptionGroup var output: FormatOption
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Console.run {
                let (actions, origins): ([ActionItem], [Int64: String]) = try store.openForReading().read { ctx in
                    var origins: [Int64: String] = [:]
                    for retro in try ctx.retros() {
                        for item in try ctx.items(retro: retro.id) { origins[item.id] = "retro \(retro.sprint) · \(item.subjectID)" }
                    }
                    return (try ctx.actions().filter { all || $0.status == .open }, origins)
                }
                Console.out(ActionViews.list(actions, origins: origins, format: output.format))
            }
        }
    }
}
