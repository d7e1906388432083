import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger

/// What a catalog import did, per kind, with one line per agreement that changed.
package struct CatalogReport: Sendable {
    /// Counts for one kind of entry.
    package struct Counts: Sendable, Equatable {
        package var created = 0, updated = 0, unchanged = 0, retired = 0
    }

    package var file: String
    package var teams = Counts(), assets = Counts(), sprints = Counts(), agreements = Counts()
    /// Each agreement created, revised or retired.
    package var changes: [ImportedChange] = []
    /// Agreements in force that the file no longer lists (kept unless `--retire-missing`).
    package var missing: [AgreementID] = []
    package var notes: [String] = []

    /// True when the import changed nothing.
    package var isUnchanged: Bool {
        [teams, assets, sprints, agreements].allSatisfy { $0.created == 0 && $0.updated == 0 && $0.retired == 0 }
    }
}

/// Imports the catalog format (README): teams, assets, sprints and agreements, in one transaction.
package struct CatalogImport {
    package var reason: String?
    package var retireMissing: Bool
    package var author: String
    package var clock: Clock

    package init(reason: String? = nil, retireMissing: Bool = false, author: String, clock: Clock) {
        self.reason = reason; self.retireMissing = retireMissing; self.author = author; self.clock = clock
    }

    /// Reads `path` and applies it; on any error nothing is written.
    package func importFile(_ path: String, into store: Store) throws -> CatalogReport {
        let input = try InputFile.read(path)
        return try importText(input.text, file: path, sha256: input.sha256, into: store)
    }

    /// Applies catalog text (named `file` in errors).
    package func importText(_ text: String, file: String, sha256: String? = nil, into store: Store) throws -> CatalogReport {
        let document = try CatalogDocument.parse(text, file: file)
        return try store.write { ctx in
            var apply = CatalogApply(options: self, file: file, ctx: ctx, report: CatalogReport(file: file))
            try apply.run(document)
            try ctx.recordImport(kind: "catalog", file: file, sha256: sha256 ?? SHA256.hex(Array(text.utf8)), at: clock.now,
                                 summary: apply.report.summaryLine)
            return apply.report
        }
    }
}

/// The store-facing half of a catalog import: references, changes against the store, revisions.
private struct CatalogApply {
    let options: CatalogImport
    let file: String
    let ctx: StoreContext
    var report: CatalogReport

    func fail(_ line: Int, _ message: String) -> ImportError { .invalid(file: file, line: line, message: message) }

    mutating func run(_ document: CatalogDocument) throws {
        for entry in document.teams { try applyTeam(entry) }
        for entry in document.assets {
            // The file's teams are saved by now, so the store knows every team the asset may name.
            guard try ctx.team(entry.value.owner) != nil else {
                let known = try ctx.teams().map(\.id.rawValue)
                throw fail(entry.line, "asset \(entry.value.id) is owned by unknown team '\(entry.value.owner)'" + hint(entry.value.owner.rawValue, known))
            }
            try applyAsset(entry)
        }
        for (team, users) in document.members { try ctx.setMembers(users, of: team) }
        let known = try ctx.aliases()
        for (asset, entry) in document.aliases.sorted(by: { $0.key < $1.key }) {
            for alias in entry.names {
                if let other = known[alias], other != asset, document.aliases[other]?.names.contains(alias) ?? true {
                    throw fail(entry.line, "alias '\(alias)' of asset \(asset) already names asset \(other)")
                }
            }
            try ctx.setAliases(entry.names, of: asset)
        }
        for entry in document.sprints { try applySprint(entry) }
        let ordered = document.agreements.filter { $0.agreement.kind == .sla } + document.agreements.filter { $0.agreement.kind == .ola }
        for entry in ordered { try applyAgreement(entry) }
        try handleMissing(listed: Set(document.agreements.map(\.agreement.id)))
    }

    func hint(_ word: String, _ candidates: [String]) -> String { Suggest.hint(for: word, among: candidates) }

    mutating func applyTeam(_ entry: CatalogDocument.Located<Team>) throws {
        let existing = try ctx.team(entry.value.id)
        if existing == entry.value { report.teams.unchanged += 1; return }
        try ctx.save(entry.value)
        if existing == nil { report.teams.created += 1 } else { report.teams.updated += 1 }
    }

    mutating func applyAsset(_ entry: CatalogDocument.Located<Asset>) throws {
        let existing = try ctx.asset(entry.value.id)
        if existing == entry.value { report.assets.unchanged += 1; return }
        try ctx.save(entry.value)
        if existing == nil { report.assets.created += 1 } else { report.assets.updated += 1 }
    }

    mutating func applySprint(_ entry: CatalogDocument.Located<Sprint>) throws {
        let sprint = entry.value
        if let existing = try ctx.sprint(sprint.id) {
            guard existing == sprint else {
                throw fail(entry.line, "sprint \(sprint.id) already exists as \(existing.start) → \(existing.end) \(existing.timezone); a sprint's dates cannot change")
            }
            report.sprints.unchanged += 1
            return
        }
        if let clash = try ctx.sprints().first(where: { $0.overlaps(sprint) }) {
            throw fail(entry.line, "sprint \(sprint.id) (\(sprint.start) → \(sprint.end)) overlaps sprint \(clash.id) (\(clash.start) → \(clash.end)); sprints are half-open [start, end)")
        }
        try ctx.insert(sprint)
        report.sprints.created += 1
    }

    func context(reason: String, effective: LocalDate) -> ChangeContext {
        ChangeContext(reason: reason, author: options.author, source: "catalog:\((file as NSString).lastPathComponent)",
                      effectiveFrom: effective, recordedAt: options.clock.now)
    }

    func checkReferences(_ entry: CatalogDocument.AgreementEntry) throws {
        let a = entry.agreement
        guard try ctx.asset(a.asset) != nil else {
            throw fail(entry.assetLine, "agreement \(a.id) refers to unknown asset '\(a.asset)'" + hint(a.asset.rawValue, try ctx.assets().map(\.id.rawValue)))
        }
        guard try ctx.team(a.team) != nil else {
            throw fail(entry.teamLine, "agreement \(a.id) refers to unknown \(a.kind.teamRole) team '\(a.team)'" + hint(a.team.rawValue, try ctx.teams().map(\.id.rawValue)))
        }
        for sla in entry.terms.supports where try ctx.agreement(sla)?.kind != .sla {
            let slas = try ctx.agreements().filter { $0.kind == .sla }.map(\.id.rawValue)
            throw fail(entry.supportsLine, "\(a.id) supports unknown SLA '\(sla)'" + hint(sla.rawValue, slas))
        }
    }

    mutating func applyAgreement(_ entry: CatalogDocument.AgreementEntry) throws {
        try checkReferences(entry)
        try applyTerms(entry)
        try ctx.setDBTSource(entry.dbtSource, of: entry.agreement.id)
    }

    /// Creates the agreement, or adds the revision its changed terms or status need.
    mutating func applyTerms(_ entry: CatalogDocument.AgreementEntry) throws {
        let a = entry.agreement
        guard let existing = try ctx.agreement(a.id) else {
            guard entry.status == .active else {
                throw fail(entry.line, "agreement \(a.id) is new and cannot start as retired")
            }
            let reason = entry.reason ?? options.reason ?? "imported from \((file as NSString).lastPathComponent)"
            let revision = try Ledger.create(a, terms: entry.terms, context: context(reason: reason, effective: entry.effectiveFrom), in: ctx)
            report.agreements.created += 1
            report.changes.append(.created(revision))
            return
        }
        guard existing == a else {
            throw fail(entry.line, "agreement \(a.id) exists as the \(existing.kind.rawValue.uppercased()) of \(existing.asset) for \(existing.team); its kind, asset and team cannot change (give the new promise a new id and retire this one)")
        }
        guard let latest = try ctx.latestRevision(of: a.id) else { return }
        let wanted = entry.status
        if latest.status == wanted && (wanted == .retired || latest.terms == entry.terms) {
            report.agreements.unchanged += 1
            return
        }
        let reason = try reasonForChange(entry, latest: latest)
        let effective = entry.effectiveFrom > latest.effectiveFrom ? entry.effectiveFrom : options.clock.today(in: TimeZones.named(entry.terms.timezone) ?? TimeZones.utc)
        do {
            let terms = wanted == .retired ? latest.terms : entry.terms
            let (revision, change) = try Ledger.append(a.id, after: latest, terms: terms, status: wanted,
                                                       context: context(reason: reason, effective: effective), in: ctx)
            if wanted == .retired { report.agreements.retired += 1 } else { report.agreements.updated += 1 }
            report.changes.append(.revised(revision, change))
        } catch let error as LedgerError {
            throw fail(entry.effectiveLine, error.description)
        }
    }

    /// A changed agreement needs a reason: a `reason:` key that differs from the one in force, or `--reason`.
    func reasonForChange(_ entry: CatalogDocument.AgreementEntry, latest: Revision) throws -> String {
        if let own = entry.reason, own != latest.reason { return own }
        if let given = options.reason { return given }
        let what = entry.status == .retired ? "is retired" : "changed (" + ImportError.changedFields(latest.terms, entry.terms) + ")"
        throw fail(entry.line, "agreement \(entry.agreement.id) \(what) but no reason was given: pass --reason TEXT or write the new reason in its 'reason:' key")
    }

    mutating func handleMissing(listed: Set<AgreementID>) throws {
        for agreement in try ctx.agreements() where !listed.contains(agreement.id) {
            guard let latest = try ctx.latestRevision(of: agreement.id), latest.status == .active else { continue }
            guard options.retireMissing else { report.missing.append(agreement.id); continue }
            let reason = options.reason ?? "no longer in the catalog (\((file as NSString).lastPathComponent))"
            let today = options.clock.today(in: TimeZones.named(latest.terms.timezone) ?? TimeZones.utc)
            let (revision, _) = try Ledger.retire(agreement.id, context: context(reason: reason, effective: max(today, latest.effectiveFrom)), in: ctx)
            report.agreements.retired += 1
            report.changes.append(.retiredMissing(revision, reason: reason))
        }
    }
}

extension CatalogReport {
    /// `teams 3 created · assets 2 created · …` for the imports table.
    var summaryLine: String {
        [("teams", teams), ("assets", assets), ("sprints", sprints), ("agreements", agreements)]
            .map { "\($0.0) \($0.1.created)/\($0.1.updated)/\($0.1.unchanged)/\($0.1.retired)" }.joined(separator: " ")
    }
}
