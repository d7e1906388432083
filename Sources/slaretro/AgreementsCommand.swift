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
    struct AgreementsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "agreements", abstract: "List SLAs and OLAs, or show one with its playbook and chain.",
            subcommands: [ListCommand.self, ShowCommand.self], defaultSubcommand: ListCommand.self)
    }
}

extension Slaretro.AgreementsCommand {
    struct ListCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the agreements with the terms in force today.",
            discussion: "Example: slaretro agreements list --kind ola --format json")

        @Option(help: "Only SLAs or only OLAs.") var kind: AgreementKind?
        @Option(help: "Only agreements whose consumer, provider or asset owner is this team.") var team: String?
        @Flag(help: "Include retired agreements.") var all = false
        @OptionGroup var output: FormatOption
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Console.run {
                let clock = try store.clock()
                let (overviews, reviews) = try store.openForReading().read { ctx in
                    (try AgreementOverview.load(clock: clock, in: ctx), try ReviewStatus.current(clock: clock, in: ctx))
                }
                let shown = overviews.filter { o in
                    (kind.map { o.agreement.kind == $0 } ?? true)
                        && (team.map { o.agreement.team.rawValue == $0 || o.asset?.owner.rawValue == $0 } ?? true)
                        && (all || o.state != .retired)
                }
                Console.out(AgreementViews.list(shown, reviews: reviews, format: output.format))
            }
        }
    }

    struct ShowCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show one agreement: terms in force, playbook, OLAs and SLAs it is linked to, revisions.",
            discussion: "Example: slaretro agreements show SLA-sales-daily-freshness")

        @Argument(help: ArgumentHelp("The agreement id.", valueName: "id")) var id: String
        @OptionGroup var output: FormatOption
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Console.run {
                let clock = try store.clock()
                let overview = try store.openForReading().read { ctx in try loadOne(AgreementID(id), clock: clock, in: ctx) }
                Console.out(AgreementViews.show(overview, format: output.format))
            }
        }
    }
}

/// One agreement's overview, or an "unknown agreement" error with a suggestion.
func loadOne(_ id: AgreementID, clock: Clock, in ctx: StoreContext) throws -> AgreementOverview {
    guard let overview = try AgreementOverview.load(id, clock: clock, in: ctx).first else {
        throw LedgerError.unknownAgreement(id, known: try ctx.agreements().map(\.id.rawValue))
    }
    return overview
}
