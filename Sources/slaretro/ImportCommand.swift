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
    struct ImportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "Import a file into the workspace (one transaction: all of it or nothing).",
            subcommands: [CatalogCommand.self, ObservationsCommand.self, DBTFreshnessCommand.self, OpenSLOCommand.self, ODCSCommand.self, PostmortemsCommand.self, IncidentsCommand.self, UsageCommand.self,
                          SlothCommand.self, PyrraCommand.self, DCSCommand.self])
    }
}

extension Slaretro.ImportCommand {
    struct CatalogCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "catalog", abstract: "Import teams, assets, sprints and agreements from a catalog YAML file.",
            discussion: """
            Identical terms add nothing; changed terms add a revision and need a reason (--reason or the \
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

extension Slaretro.ImportCommand {
    struct ObservationsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "observations", abstract: "Import observations from CSV (agreement,observed_at,value[,note]) or JSON Lines (.jsonl).",
            discussion: """
            Streaming, one transaction, idempotent: the same (agreement, observed_at) is stored once.
            Example: slaretro import observations examples/observations.csv
            """)

        @Argument(help: ArgumentHelp("The observations file.", valueName: "file.csv|file.jsonl")) var file: String
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Console.run {
                let importer = ObservationImport(clock: try store.clock())
                try InputFile.exists(file)
                let report = try importer.importFile(file, into: try store.openForWriting())
                Console.out(ImportViews.observations(report))
            }
        }
    }

    struct PostmortemsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "postmortems", abstract: "Import postmortems (Markdown, YAML front matter or headings and a timeline) from a file or a folder.",
            discussion: """
            Each becomes an incident, a postmortem and its action items (checklist lines '- [ ] text @owner').
            What could not be read is reported. Files named like a template are skipped in a folder.
            Detection and resolution come from the front matter, else a Stats section (Detected: 09:12,
            Time to recovery: 68 minutes, counted from the incident's start), else the timeline.
            Example: slaretro import postmortems postmortems/ ; slaretro import postmortems pm.md --incident INC-7 --severity 2 --affects SLA-x
            """)

        @Argument(help: ArgumentHelp("A Markdown file or a folder of them.", valueName: "dir|file.md")) var path: String
        @Option(help: "The incident id, for a file without front matter.") var incident: String?
        @Option(help: "The severity 1–4 (or SEV-1, P1…) of files that state none; a file's own severity wins.") var severity: String?
        @Option(help: ArgumentHelp("Affected agreements, comma-separated.", valueName: "ids")) var affects: String?
        @Option(help: ArgumentHelp("Time zone of timeline times (IANA name or UTC, CET, PST…), over what the files state.", valueName: "zone")) var timezone: String?
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Console.run {
                let ids = (affects ?? "").split(separator: ",").map { AgreementID(String($0).trimmingCharacters(in: .whitespaces)) }
                let level = try severity.map { text -> Int in
                    guard let n = SeverityText.parse(text) else { throw UsageError(description: "--severity must be 1 to 4 (or SEV-1…SEV-4, P1…P4), not '\(text)'") }
                    return n
                }
                let zone = try timezone.map { text -> String in
                    guard let zone = PostmortemTimeline.zone(text) ?? (TimeZones.named(text) != nil ? text : nil) else {
                        throw UsageError(description: "unknown time zone '\(text)' for --timezone (expected an IANA name such as Europe/Copenhagen, or UTC, CET, PST)")
                    }
                    return zone
                }
                let importer = PostmortemImport(clock: try store.clock(), incident: incident, severity: level, affects: ids, timezone: zone)
                try InputFile.exists(path)
                let report = try importer.importPath(path, into: try store.openForWriting())
                Console.out(ImportViews.postmortems(report))
                for refused in report.refused { Console.warning("refused \(refused.reason)") }
                if !report.refused.isEmpty {
                    FileHandle.standardError.write(Data("slaretro: error: \(report.refused.count) of \(report.refused.count + report.entries.count) postmortems refused (the others were imported)\n".utf8))
                    throw ExitCode(1)
                }
            }
        }
    }

    struct IncidentsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "incidents", abstract: "Import incidents from CSV: id,title,severity,detected,acknowledged,resolved,affects[,category].",
            discussion: """
            affects lists agreement ids separated by ';'. PagerDuty- and Opsgenie-style exports are read by their field \
            names (incident_number, title, created_at, resolved_at, priority/urgency; TinyId, Message, CreatedAt, ClosedAt, Priority).
            Example: slaretro import incidents examples/incidents.csv
            """)

        @Argument(help: ArgumentHelp("The incidents file.", valueName: "file.csv")) var file: String
        @Option(help: "The severity 1–4 (or SEV-1, P1…) of rows that state none.") var severity: String?
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Console.run {
                let level = try severity.map { text -> Int in
                    guard let n = SeverityText.parse(text) else { throw UsageError(description: "--severity must be 1 to 4 (or SEV-1…SEV-4, P1…P4), not '\(text)'") }
                    return n
                }
                let importer = IncidentImport(clock: try store.clock(), severity: level)
                try InputFile.exists(file)
                let (count, notes) = try importer.importReport(file, into: try store.openForWriting())
                Console.out("imported \(file): \(count) incidents\n")
                for note in notes { Console.warning("\(file): \(note)") }
            }
        }
    }
}

extension Slaretro.ImportCommand {
    struct DBTFreshnessCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dbt-freshness",
            abstract: "Import dbt source freshness results (target/sources.json, schema v1–v3, or freshness.json).",
            discussion: """
            Each result becomes a freshness observation at snapshotted_at. Sources map to agreements by a \
            dbt_source: key on the agreement or its asset in the catalog, or by --map FILE (YAML: source: SLA-id).
            Unmapped sources are warnings. Example: slaretro import dbt-freshness target/sources.json
            """)

        @Argument(help: ArgumentHelp("The dbt artifact.", valueName: "sources.json")) var file: String
        @Option(help: ArgumentHelp("YAML mapping of dbt source ids to agreement ids.", valueName: "file")) var map: String?
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Console.run {
                let importer = DBTFreshnessImport(clock: try store.clock(), mapFile: map)
                try InputFile.exists(file)
                let report = try importer.importFile(file, into: try store.openForWriting())
                Console.out("\(report.results) results: " + ImportViews.observations(report.observations))
                for source in report.unmapped { Console.warning("\(file): source \(source) maps to no agreement (add dbt_source: to the catalog, or --map)") }
                for skipped in report.skipped { Console.warning("\(file): skipped \(skipped)") }
            }
        }
    }

    struct OpenSLOCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "openslo",
            abstract: "Import OpenSLO v1 / v1alpha / v2alpha SLOs as agreements (Services as assets).",
            discussion: """
            Single documents, '---' multi-documents and YAML lists. Changed terms on re-import add a revision \
            and need --reason. budgetingMethod Occurrences becomes an event-ratio agreement (share of good events \
            over the window); Timeslices a share of good observations. A bare threshold without a unit needs --unit.
            Consumer: --consumer, else a consumer label, else a single team label.
            Example: slaretro import openslo slos.yaml --consumer sales-analytics
            """)

        @Argument(help: ArgumentHelp("The OpenSLO file.", valueName: "file.yaml")) var file: String
        @OptionGroup var standard: StandardOptions
        @OptionGroup var store: StoreOptions

        func run() throws {
            try standard.run(file, store: store) { try OpenSLOImport(options: $0).importFile($1, into: $2) }
        }
    }

    struct ODCSCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "odcs",
            abstract: "Import the slaProperties of an ODCS v2 or v3 data contract as agreements.",
            discussion: "Example: slaretro import odcs contract.odcs.yaml --consumer finance")

        @Argument(help: ArgumentHelp("The data contract.", valueName: "file.yaml")) var file: String
        @OptionGroup var standard: StandardOptions
        @OptionGroup var store: StoreOptions

        func run() throws {
            try standard.run(file, store: store) { try ODCSImport(options: $0).importFile($1, into: $2) }
        }
    }
}

/// The flags of imports from other standards.
struct StandardOptions: ParsableArguments {
    @Option(help: "The consumer team of the agreements (when the file does not say).") var consumer: String?
    @Option(help: "The owner of assets the import creates (default: the first platform team).") var owner: String?
    @Option(help: ArgumentHelp("Share of good observations required when the file states none.", valueName: "percent")) var target = "95%"
    @Option(help: "Why changed agreements changed (required when a re-import changes terms).") var reason: String?
    @Option(help: ArgumentHelp("Unit of bare thresholds the file states without one: ms or s.", valueName: "ms|s")) var unit: String?
    @OptionGroup var author: AuthorOption

    /// Imports `file` with a standard-format importer: the options from the flags, the file checked, the report printed.
    func run(_ file: String, store: StoreOptions,
             _ importFile: (StandardImportOptions, String, Store) throws -> StandardImportReport) throws {
        try Console.run {
            let options = try self.options(clock: try store.clock())
            try InputFile.exists(file)
            Console.out(ImportViews.standard(try importFile(options, file, try store.openForWriting())))
        }
    }

    func options(clock: Clock) throws -> StandardImportOptions {
        let target = try TermField.parseTarget(self.target)
        var seconds: Double?
        if let unit {
            guard let factor = ["ms": 0.001, "s": 1][unit.lowercased()] else { throw ValidationError("--unit must be ms or s, not '\(unit)'") }
            seconds = factor
        }
        return StandardImportOptions(reason: reason, author: author.resolved, clock: clock, consumer: consumer, owner: owner, target: target, unit: seconds)
    }
}

extension UsagePreset: ExpressibleByArgument {}

extension Slaretro.ImportCommand {
    struct UsageCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "usage", abstract: "Import usage events (occurred_at,asset,user,team,action), a BI/warehouse export (--preset), or rollups (--rollup).",
            discussion: """
            Assets match by id or by the aliases: in the catalog; users map to teams by \
            the row's team, the catalog's members:, or --team-map (CSV user,team).
            Unmatched assets and users are counted and the top ones listed.
            Rows of a preset export that name no asset are dropped with one warning per \
            reason (count and first line); a file whose every row is dropped is refused.
            Preset times without a zone are read in --timezone, else as UTC with a note
            (Looker writes times in the query's time zone).
            Examples:
              slaretro import usage usage.csv
              slaretro import usage jobs.csv --preset bigquery-jobs --team-map people.csv
              slaretro import usage history.csv --preset looker --timezone Europe/Oslo
              slaretro import usage rollups.csv --rollup
            """)

        @Argument(help: ArgumentHelp("The usage file.", valueName: "file.csv")) var file: String
        @Option(help: "bigquery-jobs, looker or metabase.") var preset: UsagePreset?
        @Option(help: ArgumentHelp("CSV user,team for users the catalog does not list.", valueName: "file")) var teamMap: String?
        @Option(help: ArgumentHelp("Time zone of preset times that carry none (IANA name or UTC, CET, PST…); default UTC.", valueName: "zone")) var timezone: String?
        @Flag(help: "The file holds daily rollups: date,asset,team,users,accesses[,queries,views].") var rollup = false
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Console.run {
                let clock = try store.clock()
                let zone = try timezone.map { text -> String in
                    guard preset != nil else { throw UsageError(description: "--timezone applies to --preset exports (in slaretro's own usage files a time without a zone is UTC)") }
                    guard let zone = PostmortemTimeline.zone(text) ?? (TimeZones.named(text) != nil ? text : nil) else {
                        throw UsageError(description: "unknown time zone '\(text)' for --timezone (expected an IANA name such as America/Los_Angeles, or UTC, CET, PST)")
                    }
                    return zone
                }
                try InputFile.exists(file)
                if rollup {
                    guard preset == nil else { throw UsageError(description: "--rollup and --preset do not go together") }
                    Console.out(UsageViews.importReport(try RollupImport(clock: clock).importFile(file, into: try store.openForWriting())))
                    return
                }
                let map = try teamMap.map { path -> [String: TeamID] in try InputFile.exists(path); return try UsageImport.loadTeamMap(path) } ?? [:]
                let report = try UsageImport(clock: clock, teamMap: map, preset: preset, timezone: zone).importFile(file, into: try store.openForWriting())
                Console.out(UsageViews.importReport(report))
                for note in report.notes { Console.warning(note) }
            }
        }
    }
}

extension Slaretro.ImportCommand {
    struct SlothCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sloth",
            abstract: "Import Sloth SLOs (version prometheus/v1, or sloth.slok.dev/v1 PrometheusServiceLevel) as event-ratio agreements.",
            discussion: """
            objective (0–100) is the share of good events over 30 days (Sloth's default period, or an AlertWindows \
            sloPeriod in the file). Latency SLOs keep their bucket as the threshold (le="0.4" of a _seconds \
            histogram → 400ms). owner labels name the provider: pass --consumer.
            Example: slaretro import sloth slos.yml --consumer sales-analytics
            """)

        @Argument(help: ArgumentHelp("The Sloth file.", valueName: "file.yml")) var file: String
        @OptionGroup var standard: StandardOptions
        @OptionGroup var store: StoreOptions

        func run() throws {
            try standard.run(file, store: store) { try SlothImport(options: $0).importFile($1, into: $2) }
        }
    }

    struct PyrraCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pyrra",
            abstract: "Import Pyrra ServiceLevelObjectives (pyrra.dev/v1alpha1) as event-ratio agreements.",
            discussion: """
            target ("99.9") is the share of good events over window (4w, 28d). ratio and bool_gauge indicators are \
            availability; latency keeps its bucket, latencyNative its latency. Example: slaretro import pyrra slo.yaml --consumer web
            """)

        @Argument(help: ArgumentHelp("The Pyrra file.", valueName: "file.yaml")) var file: String
        @OptionGroup var standard: StandardOptions
        @OptionGroup var store: StoreOptions

        func run() throws {
            try standard.run(file, store: store) { try PyrraImport(options: $0).importFile($1, into: $2) }
        }
    }

    struct DCSCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dcs",
            abstract: "Import the servicelevels of a Data Contract Specification file as agreements.",
            discussion: """
            availability.percentage → ratio availability with that target; freshness and latency thresholds → freshness; \
            support.responseTime → support_response; retention, frequency, backup → facts.
            Example: slaretro import dcs datacontract.yaml --consumer sales-analytics
            """)

        @Argument(help: ArgumentHelp("The data contract.", valueName: "datacontract.yaml")) var file: String
        @OptionGroup var standard: StandardOptions
        @OptionGroup var store: StoreOptions

        func run() throws {
            try standard.run(file, store: store) { try DCSImport(options: $0).importFile($1, into: $2) }
        }
    }
}
