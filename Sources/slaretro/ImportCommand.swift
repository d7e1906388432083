import ArgumentParser
import Foundation
import SLARetroKit

extension Slaretro {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a file into the workspace (one transaction: all of it or nothing).",
            subcommands: [Catalog.self])
    }
}

extension Slaretro.Import {
    struct Catalog: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import teams, assets, sprints and agreements from a catalog YAML file.",
            discussion: """
            Identical terms add nothing; changed terms add a revision and need a reason (--reason or the
            agreement's reason: key). Agreements missing from the file are reported, and retired only with
            --retire-missing.
            Example: slaretro import catalog catalog.yaml --reason "Sales now needs data by 08:00"
            """)

        @Argument(help: ArgumentHelp("The catalog file.", valueName: "file.yaml")) var file: String
        @Option(help: "Why the changed agreements changed (recorded on each new revision).") var reason: String?
        @Flag(help: "Retire the agreements that the file no longer lists.") var retireMissing = false
        @OptionGroup var author: AuthorOption
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Console.run {
                let importer = CatalogImport(reason: reason, retireMissing: retireMissing, author: author.resolved, clock: try store.clock())
                let input = try InputFile.read(file)
                let report = try importer.importText(input.text, file: file, sha256: input.sha256, into: try store.openForWriting())
                Console.out(ImportViews.catalog(report))
                for id in report.missing {
                    Console.warning("\(id) is in force but not in \(file); kept (pass --retire-missing to retire it)")
                }
            }
        }
    }
}
