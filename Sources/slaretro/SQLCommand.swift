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
    struct SQLCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sql",
            abstract: "Run a read-only SQL query against the workspace (writes are refused).",
            discussion: "Example: slaretro sql \"SELECT agreement_id, number, reason FROM revisions ORDER BY 1, 2\"")

        @Argument(help: ArgumentHelp("One SELECT statement.", valueName: "query")) var query: String
        @Option(help: "table, json or csv.") var format: OutputFormat = .table
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Console.run {
                let result = try store.openForReading().query(query)
                Console.out(QueryViews.render(result, format: format))
            }
        }
    }
}
