import ArgumentParser
import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger
import SLAImport
import SLARender
import SLARetro
import SLADemo

extension Slaretro {
    struct InitCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init", abstract: "Create the database file (or bring an existing one's schema up to date).",
            discussion: "Example: slaretro init --db team.sqlite")

        @OptionGroup var store: StoreOptions

        func run() throws {
            try Console.run {
                let existed = FileManager.default.fileExists(atPath: store.path)
                _ = try Store.open(path: store.path, create: true)
                Console.out(existed ? "\(store.path) already exists; its schema is up to date\n" : "created \(store.path)\n")
            }
        }
    }
}
