import ArgumentParser
import CReadline
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger
import SLAImport
import SLARender
import SLARetro
import SLADemo

/// The `slaretro` command: a sprint-retrospective assistant for data-platform SLAs and OLAs.
@main
struct Slaretro: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slaretro",
        abstract: "Sprint retrospectives for a data platform: breaches, over-quality, usage, and the agreements themselves.",
        discussion: """
        Everything lives in one SQLite file (--db, $SLARETRO_DB, default ./slaretro.sqlite).
        Start with the demo:  slaretro demo
        """,
        version: "slaretro 0.1.0 (readline \(String(cString: slaretro_readline_version())))",
        subcommands: [InitCommand.self, ImportCommand.self, AgreementsCommand.self, HistoryCommand.self, DecisionsCommand.self, DiffCommand.self, BackupCommand.self, BreachesCommand.self, IncidentsCommand.self, CandidatesCommand.self, DemocratizationCommand.self, ActionsCommand.self, RetroCommand.self, MinutesCommand.self, SprintCommand.self, RightsizeCommand.self, SQLCommand.self, DemoCommand.self]
    )
}
