import ArgumentParser
import Foundation
import SLARetroKit

extension Slaretro {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a file into the workspace (one transaction: all of it or nothing).",
            subcommands: [Catalog.self, Observations.self, Postmortems.self, Incidents.self])
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

extension Slaretro.Import {
    struct Observations: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import observations from CSV (agreement,observed_at,value[,note]) or JSON Lines (.jsonl).",
            discussion: """
            Streaming, one transaction, idempotent: the same (agreement, observed_at) is stored once.
            Example: slaretro import observations examples/observations.csv
            """)

        @Argument(help: ArgumentHelp("The observations file.", valueName: "file.csv|file.jsonl")) var file: String
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Console.run {
                let importer = ObservationImport(clock: try store.clock())
                _ = try InputFile.exists(file)
                let report = try importer.importFile(file, into: try store.openForWriting())
                Console.out(ImportViews.observations(report))
            }
        }
    }

    struct Postmortems: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import postmortems (Markdown, YAML front matter or headings and a timeline) from a file or a folder.",
            discussion: """
            Each becomes an incident, a postmortem and its action items (checklist lines '- [ ] text @owner').
            What could not be read is reported. Files named like a template are skipped in a folder.
            Example: slaretro import postmortems postmortems/ ; slaretro import postmortems pm.md --incident INC-7 --severity 2 --affects SLA-x
            """)

        @Argument(help: ArgumentHelp("A Markdown file or a folder of them.", valueName: "dir|file.md")) var path: String
        @Option(help: "The incident id, for a file without front matter.") var incident: String?
        @Option(help: "The severity 1–4, for a file without front matter.") var severity: Int?
        @Option(help: ArgumentHelp("Affected agreements, comma-separated.", valueName: "ids")) var affects: String?
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Console.run {
                let ids = (affects ?? "").split(separator: ",").map { AgreementID(String($0).trimmingCharacters(in: .whitespaces)) }
                let importer = PostmortemImport(clock: try store.clock(), incident: incident, severity: severity, affects: ids)
                _ = try InputFile.exists(path)
                let report = try importer.importPath(path, into: try store.openForWriting())
                Console.out(ImportViews.postmortems(report))
            }
        }
    }

    struct Incidents: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import incidents from CSV: id,title,severity,detected,acknowledged,resolved,affects[,category].",
            discussion: "affects lists agreement ids separated by ';'. Example: slaretro import incidents examples/incidents.csv")

        @Argument(help: ArgumentHelp("The incidents file.", valueName: "file.csv")) var file: String
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Console.run {
                let importer = IncidentImport(clock: try store.clock())
                _ = try InputFile.exists(file)
                let count = try importer.importFile(file, into: try store.openForWriting())
                Console.out("imported \(file): \(count) incidents\n")
            }
        }
    }
}
