import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger

/// What an OpenSLO or ODCS import did: agreements created, revised or unchanged, and what it could not map.
package struct StandardImportReport: Sendable {
    package var file: String
    package var created = 0, revised = 0, unchanged = 0
    /// Each created or revised agreement, and each team or asset the import had to create.
    package var changes: [ImportedChange] = []
    /// What was skipped or could not be mapped, naming the document and field.
    package var notes: [String] = []
}

/// Who runs an import from another standard, and how its agreements are attached to teams and assets.
package struct StandardImportOptions: Sendable {
    package var reason: String?
    package var author: String
    package var clock: Clock
    /// The consumer team of the agreements (SLA), when the file does not say.
    package var consumer: String?
    /// The owner of assets the import has to create (default: the first platform team).
    package var owner: String?
    /// The share of good observations required when the standard states none (ODCS, OpenSLO without time slices).
    package var target: Double
    /// Seconds per unit of a bare threshold whose unit the file does not state (`--unit ms|s`); nil: such thresholds are reported, not guessed.
    package var unit: Double?

    package init(reason: String? = nil, author: String, clock: Clock, consumer: String? = nil, owner: String? = nil, target: Double = 0.95, unit: Double? = nil) {
        self.reason = reason; self.author = author; self.clock = clock; self.consumer = consumer; self.owner = owner; self.target = target; self.unit = unit
    }
}

/// Creates or revises agreements proposed by an imported standard, with the same rules as the catalog.
struct AgreementUpsert {
    let options: StandardImportOptions
    let ctx: StoreContext
    let file: String
    /// `openslo:FILE` or `odcs:FILE`, recorded on each revision.
    let source: String
    var report: StandardImportReport

    init(options: StandardImportOptions, ctx: StoreContext, file: String, standard: String) {
        self.options = options; self.ctx = ctx; self.file = file
        source = "\(standard):\((file as NSString).lastPathComponent)"
        report = StandardImportReport(file: file)
    }

    /// The team, created (and reported) when missing.
    mutating func team(_ id: String, kind: Team.Kind) throws -> TeamID {
        let teamID = TeamID(id)
        if try ctx.team(teamID) == nil {
            // A team typed on the command line must exist: a typo must not become a new team.
            if let flag = options.consumer, slugified(flag) == id {
                throw ImportError.unreadable(file: file, message: "unknown team '\(flag)' given with --consumer"
                    + Suggest.hint(for: flag, among: try ctx.teams().map(\.id.rawValue), otherwise: " (teams come from the catalog: import it first)"))
            }
            try ctx.save(Team(id: teamID, name: id, kind: kind))
            report.changes.append(.team(teamID, kind))
        }
        return teamID
    }

    /// The owner for new assets: `--owner`, else the first platform team.
    func owner(line: Int) throws -> TeamID {
        if let owner = options.owner {
            guard try ctx.team(TeamID(owner)) != nil else {
                throw ImportError.invalid(file: file, line: line, message: "unknown owner team '\(owner)'" + Suggest.hint(for: owner, among: try ctx.teams().map(\.id.rawValue)))
            }
            return TeamID(owner)
        }
        guard let platform = try ctx.teams().first(where: { $0.kind == .platform }) else {
            throw ImportError.invalid(file: file, line: line, message: "no team owns the new asset: pass --owner TEAM (or import a catalog with a platform team first)")
        }
        return platform.id
    }

    /// The asset, created (and reported) when missing.
    mutating func asset(_ id: String, kind: Asset.Kind, line: Int) throws -> AssetID {
        let assetID = AssetID(id)
        if try ctx.asset(assetID) == nil {
            let owner = try owner(line: line)
            try ctx.save(Asset(id: assetID, kind: kind, owner: owner, maintenanceHours: 0))
            report.changes.append(.asset(assetID, kind, owner: owner))
        }
        return assetID
    }

    /// Creates the agreement, leaves it unchanged, or revises it (which needs `--reason`).
    mutating func upsert(_ agreement: Agreement, terms: Terms, line: Int) throws {
        if let problem = terms.problem { throw ImportError.invalid(file: file, line: line, message: "\(agreement.id): \(problem)") }
        let today = options.clock.today(in: TimeZones.named(terms.timezone) ?? TimeZones.utc)
        guard let existing = try ctx.agreement(agreement.id), let latest = try ctx.latestRevision(of: agreement.id) else {
            let reason = options.reason ?? "imported from \((file as NSString).lastPathComponent)"
            let context = ChangeContext(reason: reason, author: options.author, source: source, effectiveFrom: today, recordedAt: options.clock.now)
            let revision = try Ledger.create(agreement, terms: terms, context: context, in: ctx)
            report.created += 1
            report.changes.append(.created(revision))
            return
        }
        guard existing == agreement else {
            throw ImportError.invalid(file: file, line: line, message: "agreement \(agreement.id) exists as the \(existing.kind.rawValue.uppercased()) of \(existing.asset) for \(existing.team); its kind, asset and team cannot change")
        }
        if latest.status == .active && latest.terms == terms { report.unchanged += 1; return }
        let what = ImportError.changedFields(latest.terms, terms)
        guard let reason = options.reason else {
            throw ImportError.invalid(file: file, line: line, message: "agreement \(agreement.id) changed (\(what.isEmpty ? "reinstated" : what)) but no reason was given: pass --reason TEXT")
        }
        let context = ChangeContext(reason: reason, author: options.author, source: source,
                                    effectiveFrom: max(today, latest.effectiveFrom), recordedAt: options.clock.now)
        let (revision, change) = try Ledger.append(agreement.id, after: latest, terms: terms, status: .active, context: context, in: ctx)
        report.revised += 1
        report.changes.append(.revised(revision, change))
    }
}

/// Turns a name from another standard into a lowercase id: letters, digits, `.`, `_`, single `-`.
func slugified(_ text: String) -> String {
    var out = ""
    for ch in text.lowercased() {
        let kept = ch.isASCII && (ch.isLetter || ch.isNumber || ch == "." || ch == "_")
        if kept { out.append(ch) } else if !out.hasSuffix("-") { out.append("-") }
    }
    return out.trimmingCharacters(in: CharacterSet(charactersIn: "-."))
}
