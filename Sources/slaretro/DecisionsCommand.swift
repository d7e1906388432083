import ArgumentParser
import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLARender

extension DecisionVerb: ExpressibleByArgument {}

extension Slaretro {
    struct DecisionsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "decisions",
            abstract: "The decision log: every retro decision with its reason, retro, evidence, the revision it wrote and whether it stands.",
            discussion: """
            Examples:
              slaretro decisions SLA-sales-daily-freshness
              slaretro decisions --retro 2 --kind revise
              slaretro decisions --team sales --since 2026-11-01 --format json
            """)

        @Argument(help: ArgumentHelp("Only decisions about this agreement, asset, incident, team or action.", valueName: "id")) var id: String?
        @Option(help: ArgumentHelp("Only the decisions of this retro.", valueName: "retro")) var retro: Int64?
        @Option(help: "keep, revise, retire, create, accept-risk or snooze.") var kind: DecisionVerb?
        @Option(help: ArgumentHelp("Only decisions made on or after this day (UTC).", valueName: "date"), transform: CommandLineValue.day) var since: LocalDate?
        @Option(help: ArgumentHelp("Only decisions about this team's agreements, assets or the team itself.", valueName: "team")) var team: String?
        @OptionGroup var output: FormatOption
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Console.run {
                let sinceDate = since
                let (records, evidence): ([DecisionRecord], [Int64: JSONValue]) = try store.openForReading().read { ctx in
                    let all = try ctx.decisionRecords()
                    let kept = DecisionLog.filter(all, subject: id, retro: retro, verb: kind, since: sinceDate, team: team.map { TeamID($0) })
                    var evidence: [Int64: JSONValue] = [:]
                    if output.format == .json {
                        for r in Set(kept.map(\.retro)) { for item in try ctx.items(retro: r) { evidence[item.id] = item.evidence } }
                    }
                    return (kept, evidence)
                }
                Console.out(DecisionViews.log(records, evidence: evidence, format: output.format))
            }
        }
    }
}
