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

        @Argument(help: ArgumentHelp("One read-only statement (SELECT, WITH, EXPLAIN or a reading PRAGMA); transactions, ATTACH, VACUUM and PRAGMA writes are refused.", valueName: "query")) var query: String
        @OptionGroup var output: FormatOption
        @Option(help: ArgumentHelp("Stop the query after this many seconds.", valueName: "seconds")) var timeout: Double = 5
        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard timeout.isFinite, timeout > 0, timeout <= 86_400 else {
                throw ValidationError("--timeout must be more than 0 and at most 86400 seconds")
            }
        }

        func run() throws {
            try Console.run {
                let result = try store.openForReading().query(query, timeout: timeout)
                Console.out(QueryViews.render(result, format: output.format))
            }
        }
    }
}
