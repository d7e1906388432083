import ArgumentParser
import Foundation
import SLAModel
import SLAStore

extension Slaretro {
    struct BackupCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backup",
            abstract: "Write a consistent copy of the workspace to FILE, even while a retro is running in another shell.",
            discussion: """
            The copy is one self-contained SQLite file (VACUUM INTO); an existing FILE is never overwritten.
            Example: slaretro backup backups/retro-2026-S23.sqlite
            """)

        @Argument(help: ArgumentHelp("The file to write.", valueName: "file")) var file: String
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Console.run {
                let db = try Store.open(path: store.path, create: false)
                try db.backup(to: file)
                Console.out("✓ workspace \(store.path) copied to \(file)\n")
            }
        }
    }
}
