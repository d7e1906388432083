import ArgumentParser
import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLARender

extension Slaretro {
    struct RightsizeCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rightsize",
            abstract: "Propose promises sized to how consumers really read the data: later delivery, looser freshness, under-quality, unpromised dependencies.",
            discussion: """
            Each SLA is compared with its consumer team's reading profile over the window: working days read, reads per week \
            and the first read of each day (earliest, p10, median) in the agreement's time zone. The rules and their defaults \
            are in the README. Example: slaretro rightsize --team sales-analytics --window 8w
            """)

        @Argument(help: ArgumentHelp("Only this agreement.", valueName: "id")) var id: String?
        @Option(help: ArgumentHelp("Only the agreements of this consumer team.", valueName: "team")) var team: String?
        @Option(help: ArgumentHelp("As of the end of this sprint (default: today).", valueName: "id"), transform: CommandLineValue.sprint) var sprint: SprintID?
        @Option(help: ArgumentHelp("The window before that end: weeks (8w) or days (56d).", valueName: "length")) var window = "8w"
        @Option(help: ArgumentHelp("Minutes between delivered_by and the p10 first read beyond which delivery is over-quality.", valueName: "min"))
        var deliveryMargin = 60
        @Option(help: ArgumentHelp("Minutes a proposed delivery time keeps before the p10 first read.", valueName: "min")) var safetyMargin = 30
        @Option(help: ArgumentHelp("Freshness is over-quality when reads are this many times further apart.", valueName: "x")) var freshnessFactor = 4.0
        @Option(help: ArgumentHelp("Under-quality from this share of days read before the promised time.", valueName: "share")) var earlyShare = 0.3
        @Option(help: ArgumentHelp("Unpromised dependency from this share of working days read.", valueName: "share")) var dependencyShare = 0.6
        @Option(help: ArgumentHelp("Time-of-day rules need this many working days read.", valueName: "days")) var minDays = 5
        @OptionGroup var output: FormatOption
        @OptionGroup var store: StoreOptions

        /// `8w` or `56d` as days (1 to 366).
        static func days(_ text: String) -> Int? {
            guard let unit = text.last, let n = Int(text.dropLast()), n > 0 else { return nil }
            let days = unit == "w" ? n.multipliedReportingOverflow(by: 7).partialValue : unit == "d" ? n : 0
            return (1...366).contains(days) ? days : nil
        }

        func run() throws {
            try Console.run {
                guard let windowDays = Self.days(window) else {
                    throw UsageError(description: "bad --window '\(window)' (expected weeks or days up to a year, such as 8w or 56d)")
                }
                for (name, share) in [("--early-share", earlyShare), ("--dependency-share", dependencyShare)] where !(share > 0 && share <= 1) {
                    throw UsageError(description: "bad \(name) \(share) (expected a share between 0 and 1, such as 0.6)")
                }
                guard deliveryMargin >= 0, safetyMargin >= 0, deliveryMargin < 1440, safetyMargin < 1440, minDays >= 1,
                      freshnessFactor.isFinite, freshnessFactor >= 1 else {
                    throw UsageError(description: "margins are minutes from 0 to 1439, --min-days at least 1, --freshness-factor at least 1")
                }
                var t = RightSizeThresholds()
                t.windowDays = windowDays; t.deliveryMargin = deliveryMargin; t.safetyMargin = safetyMargin
                t.freshnessFactor = freshnessFactor; t.earlyShare = earlyShare; t.dependencyShare = dependencyShare; t.minDaysRead = minDays
                let clock = try store.clock()
                let proposals = try store.openForReading().read { ctx in
                    let end: LocalDate
                    if let sprint {
                        guard let found = try ctx.sprint(sprint) else {
                            throw UsageError(description: "unknown sprint '\(sprint)'" + Suggest.hint(for: sprint.rawValue, among: try ctx.sprints().map(\.id.rawValue)))
                        }
                        end = found.end
                    } else {
                        end = clock.today(in: TimeZones.utc).adding(days: 1)
                    }
                    if let id, try ctx.agreement(AgreementID(id)) == nil {
                        throw UsageError(description: "unknown agreement '\(id)'" + Suggest.hint(for: id, among: try ctx.agreements().map(\.id.rawValue)))
                    }
                    if let team, try ctx.team(TeamID(team)) == nil {
                        throw UsageError(description: "unknown team '\(team)'" + Suggest.hint(for: team, among: try ctx.teams().map(\.id.rawValue)))
                    }
                    return try RightSize.evaluate(end: end, only: id.map { AgreementID($0) }, team: team.map { TeamID($0) }, thresholds: t, in: ctx)
                }
                Console.out(RightSizeViews.listing(proposals, thresholds: t, format: output.format))
            }
        }
    }
}
