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
    struct HistoryCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history", abstract: "Every revision of the agreements: what changed, how, why, by whom, in which retro.",
            discussion: """
            Examples:
              slaretro history SLA-sales-daily-freshness
              slaretro history --kind loosened --since 2026-03-01 --format json
              slaretro history SLA-sales-daily-freshness --as-of 2026-04-01
              slaretro history --team finance --stats
            """)

        @Argument(help: ArgumentHelp("Only this agreement.", valueName: "id")) var id: String?
        @Option(help: ArgumentHelp("Only revisions effective on or after this day.", valueName: "date"), transform: CommandLineValue.day) var since: LocalDate?
        @Option(help: ArgumentHelp("Only revisions effective on or before this day.", valueName: "date"), transform: CommandLineValue.day) var until: LocalDate?
        @Option(help: ArgumentHelp("Show the terms in force on this day instead.", valueName: "date"), transform: CommandLineValue.day) var asOf: LocalDate?
        @Option(help: "created, tightened, loosened, mixed, reworded or retired.") var kind: ChangeKind?
        @Option(help: ArgumentHelp("Only the agreements of this team.", valueName: "team")) var team: String?
        @Option(help: ArgumentHelp("Only the agreements on this asset.", valueName: "asset")) var asset: String?
        @Flag(help: "Per sprint: revisions, tightened, loosened, decisions, agreements never reviewed.") var stats = false
        @Option(help: "table or json (csv for lists).") var format: OutputFormat = .table
        @OptionGroup var store: StoreOptions

        func validate() throws {
            if let since, let until, until < since { throw ValidationError("--until \(until) is before --since \(since)") }
        }

        func run() throws {
            try Console.run {
                let clock = try store.clock()
                let (sinceDate, untilDate, asOfDate) = (since, until, asOf)
                let (all, decisions, sprints) = try store.openForReading().read { ctx in
                    (try id.map { [try loadOne(AgreementID($0), clock: clock, in: ctx)] } ?? AgreementOverview.load(clock: clock, in: ctx),
                     try id.map { try ctx.decisionRecords(subject: $0) } ?? ctx.decisionRecords(), try ctx.sprints())
                }
                let overviews = all.filter { o in
                    (team.map { o.agreement.team.rawValue == $0 } ?? true) && (asset.map { o.agreement.asset.rawValue == $0 } ?? true)
                }
                if stats {
                    let ids = Set(overviews.map(\.agreement.id.rawValue))
                    let relevant = decisions.filter { ids.contains($0.subject) || $0.agreement.map { ids.contains($0.rawValue) } ?? false }
                    Console.out(HistoryViews.stats(History.stats(overviews, sprints: sprints, decisions: relevant), format: format))
                    return
                }
                if let asOfDate {
                    Console.out(id == nil ? HistoryViews.asOfAll(overviews, date: asOfDate, format: format)
                                          : HistoryViews.asOf(overviews[0], date: asOfDate, format: format))
                    return
                }
                let entries = History.filter(History.entries(overviews), since: sinceDate, until: untilDate, kind: kind)
                Console.out(HistoryViews.list(entries, single: id != nil, format: format)
                            + (format == .table && id != nil ? HistoryViews.timeline(entries, decisions: decisions) : ""))
            }
        }
    }
}
