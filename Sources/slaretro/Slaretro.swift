import ArgumentParser
import CReadline
import SLARetroKit

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
        subcommands: [Init.self, Import.self, Agreements.self, History.self, Breaches.self, IncidentsCommand.self, Candidates.self, DemocratizationCommand.self, Actions.self, RetroCommand.self, MinutesCommand.self, SprintCommand.self, SQL.self, Demo.self]
    )
}
