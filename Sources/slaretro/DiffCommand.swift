import ArgumentParser
import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLARender

extension Slaretro {
    struct DiffCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract: "How the set of agreements changed between two sprints or dates: created, retired, tightened, loosened, with the deciding retro.",
            discussion: """
            A sprint stands for the terms in force on its last day.
            Examples:
              slaretro diff 2026-S22 2026-S24
              slaretro diff 2026-06-01 2026-11-24 --format json
            """)

        @Argument(help: ArgumentHelp("A sprint id or a date (YYYY-MM-DD).", valueName: "from")) var from: String
        @Argument(help: ArgumentHelp("A sprint id or a date (YYYY-MM-DD).", valueName: "to")) var to: String
        @OptionGroup var output: FormatOption
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Console.run {
                let clock = try store.clock()
                let changes = try store.openForReading().read { ctx in
                    let sprints = try ctx.sprints()
                    func day(_ text: String) throws -> LocalDate {
                        if let sprint = sprints.first(where: { $0.id.rawValue == text }) { return sprint.lastDay }
                        if let date = LocalDate(text) { return date }
                        throw UsageError(description: "'\(SafeText.terminal(text))' is neither a sprint nor a date (YYYY-MM-DD)" + Suggest.hint(for: text, among: sprints.map(\.id.rawValue)))
                    }
                    return History.diff(try AgreementOverview.load(clock: clock, in: ctx), from: try day(from), to: try day(to))
                }
                Console.out(HistoryViews.diff(changes, format: output.format))
            }
        }
    }
}
