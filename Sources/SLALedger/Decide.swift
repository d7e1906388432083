import Foundation
import SLAModel
import SLAStore
import SLAEvaluate

/// What a retro decides about a subject. One case per decision verb the shell offers.
package enum DecisionAct: Sendable {
    case keep
    case snooze(sprints: Int)
    case acceptRisk
    case revise([(TermField, String)])
    case retire
    case create(Agreement, Terms)

    package var verb: DecisionVerb {
        switch self {
        case .keep: return .keep
        case .snooze: return .snooze
        case .acceptRisk: return .acceptRisk
        case .revise: return .revise
        case .retire: return .retire
        case .create: return .create
        }
    }
}

/// A decision as typed: the subject (nil: the current item's), the act, the reason or note, and where the shell stood.
package struct DecisionRequest: Sendable {
    package var retro: Int64
    package var subject: String?
    /// The item on screen; its subject is the default, and a decision on that subject is filed under it.
    package var current: AgendaItem?
    /// The step a subject raised during the retro is added to.
    package var step: Int
    package var act: DecisionAct
    package var note: String?
    /// Replace this retro's earlier decision on the subject (scripts must say so; a terminal asks).
    package var replace: Bool
    /// The newest decision the shell had seen when it showed the item (two writers: see `DecisionError.decidedElsewhere`).
    package var seen: Int64
    package var author: String
    package var at: Date

    package init(retro: Int64, subject: String?, current: AgendaItem?, step: Int, act: DecisionAct, note: String?,
                 replace: Bool = false, seen: Int64, author: String, at: Date) {
        self.retro = retro; self.subject = subject; self.current = current; self.step = step; self.act = act
        self.note = note; self.replace = replace; self.seen = seen; self.author = author; self.at = at
    }
}

/// One revision a decision appends, with the change it makes (the one diff the preview, the acknowledgement and the minutes show).
package struct PlannedRevision: Sendable {
    package let previous: Revision?
    package let revision: Revision
    package let change: RevisionChange
}

/// Everything a decision will write, computed once from the store: what the preview shows and what `record` writes.
package struct DecisionPlan: Sendable {
    package let request: DecisionRequest
    package let subjectKind: AgendaItem.SubjectKind
    package let subject: String
    /// The stored item the decision is filed under (nil: a new item is added to `request.step`).
    package let item: AgendaItem?
    package let revisions: [PlannedRevision]
    /// Retiring an asset nothing is promised on: the day it retires.
    package let assetRetired: LocalDate?
    /// This retro's standing decision on the subject that the new one replaces.
    package let replaces: DecisionRecord?
    package let effective: LocalDate
    package var verb: DecisionVerb { request.act.verb }
}

/// What was recorded.
package struct DecisionOutcome: Sendable {
    package let plan: DecisionPlan
    /// One id per agreement written (retiring an asset with several agreements writes one each); else one.
    package let decisions: [Int64]
    package let item: AgendaItem
    package let replaced: UndoOutcome?
}

/// What an undo (or a replacement) took back: the decisions and the revisions that restored the terms.
package struct UndoOutcome: Sendable {
    package let undone: [DecisionRecord]
    package let restored: [PlannedRevision]
    package let assetRestored: AssetID?
}

/// Why a decision was refused; a refused decision writes nothing.
package enum DecisionError: Error, Equatable, CustomStringConvertible {
    case noSubject
    case unknownSubject(String, known: [String])
    case unfit(DecisionVerb, String, AgendaItem.SubjectKind)
    case notOneAgreement(String, count: Int)
    case alreadyDecided(DecisionRecord)
    case decidedElsewhere(DecisionRecord)
    case exists(AgreementID)
    case unknownAsset(String, known: [String])
    case unknownTeam(String, known: [String])
    case changedMeanwhile(AgreementID)
    case nothingToUndo
    case cannotUndo(Int64, String)
    case finished(Int64)
    case assetRetired(String)

    package var description: String {
        switch self {
        case .noSubject: return "there is no current item here: name what you decide on (e.g. keep SLA-x)"
        case .unknownSubject(let s, let known): return "unknown subject '\(s)': not an agreement, asset, incident, team or action" + Suggest.hint(for: s, among: known)
        case .unfit(let verb, let s, let kind):
            switch (verb, kind) {
            case (_, .action): return "\(s) is an action item: close it with 'done \(s)' or 'drop \(s) --reason …', not '\(verb.rawValue)'"
            case (.retire, _): return "\(verb.rawValue) applies to an agreement or an asset; \(s) is \(Self.article(kind))"
            case (.revise, _): return "revise applies to an agreement; \(s) is \(Self.article(kind))"
            default: return "\(verb.rawValue) does not apply to \(s) (\(Self.article(kind)))"
            }
        case .notOneAgreement(let asset, let count):
            return "\(asset) is an asset with \(count) agreements in force: name the agreement (e.g. revise SLA-x …)"
        case .alreadyDecided(let d):
            return "\(d.agreement?.rawValue ?? d.subject) was decided already in this retro: D-\(d.id) \(d.verb.rawValue)\(d.note.map { " (\"\($0)\")" } ?? ""); add --replace to replace it, or 'undo'"
        case .decidedElsewhere(let d):
            return "\(d.agreement?.rawValue ?? d.subject) was decided in another session after this one showed it: D-\(d.id) \(d.verb.rawValue)\(d.note.map { " (\"\($0)\")" } ?? ""); look again ('show') and add --replace to replace it"
        case .exists(let id): return "\(id) exists already; revise it instead"
        case .unknownAsset(let a, let known): return "unknown asset '\(a)'" + Suggest.hint(for: a, among: known)
        case .unknownTeam(let t, let known): return "unknown team '\(t)'" + Suggest.hint(for: t, among: known)
        case .changedMeanwhile(let id): return "\(id) changed since the preview (another session recorded a revision): look again and decide again"
        case .nothingToUndo: return "nothing to undo: this retro has no standing decision"
        case .cannotUndo(let id, let why): return "cannot undo D-\(id): \(why)"
        case .finished(let id): return "retro \(id) is finished: its decisions stand"
        case .assetRetired(let a): return "asset \(a) is retired already"
        }
    }

    static func article(_ kind: AgendaItem.SubjectKind) -> String {
        let word = kind == .team ? "team" : kind.rawValue
        return (word.first.map { "aeiou".contains($0) } ?? false ? "an " : "a ") + word
    }
}

/// The one write path of a retro decision: validate subject and verb, plan the revision, write it and the decision in one transaction.
package enum Decide {
    /// What `request` would write, from the store as it is; throws when the decision is refused.
    package static func plan(_ request: DecisionRequest, in ctx: StoreContext) throws -> DecisionPlan {
        guard let retro = try ctx.retro(request.retro) else { throw RetroError.unknownRetro(request.retro) }
        guard retro.finishedAt == nil else { throw DecisionError.finished(retro.id) }
        guard let sprint = try ctx.sprint(retro.sprint) else { throw RetroError.unknownRetro(retro.id) }
        let (kind, subject) = try resolve(request, in: ctx)
        let verb = request.act.verb
        let items = try ctx.items(retro: request.retro)
        // A create on the item of the asset it promises (an unpromised dependency, step 5) is decided on that item.
        let createdOn: String? = { if case .create(let a, _) = request.act { return a.asset.rawValue }; return nil }()
        let item = request.current.flatMap { c in c.subjectID == subject || (c.subjectKind == .asset && c.subjectID == createdOn) ? items.first { $0.id == c.id } : nil }
            ?? items.first { $0.subjectID == subject }
        // One standing decision per subject per retro; a decision made elsewhere after this shell looked is refused.
        let standing = try ctx.decisionRecords(retro: request.retro).filter { $0.isLive && ($0.subject == subject || $0.agreement?.rawValue == subject) }
        if let other = standing.last(where: { $0.id > request.seen }) { throw DecisionError.decidedElsewhere(other) }
        if let previous = standing.last, !request.replace { throw DecisionError.alreadyDecided(previous) }
        let replaces = standing.last
        // A replaced decision's revisions are taken back first: the new one applies to the terms before it.
        var restoredTerms: [AgreementID: Revision] = [:]
        if let replaces {
            for planned in try compensation(for: lastCommand(ending: replaces, in: ctx), at: request.at, author: request.author, in: ctx).restored {
                restoredTerms[planned.revision.agreement] = planned.revision
            }
        }
        func latest(_ id: AgreementID) throws -> Revision {
            if let restored = restoredTerms[id] { return restored }
            return try Ledger.current(id, in: ctx)
        }
        func effective(_ terms: Terms, after latest: Revision?) -> LocalDate {
            let today = LocalDate(request.at, in: TimeZones.named(terms.timezone) ?? TimeZones.utc)
            return [sprint.end, today, latest?.effectiveFrom].compactMap { $0 }.max()!
        }
        func next(_ latest: Revision?, _ id: AgreementID, terms: Terms, status: RevisionStatus, reason: String, on date: LocalDate) -> PlannedRevision {
            let revision = Revision(agreement: id, number: (latest?.number ?? 0) + 1, terms: terms, status: status, effectiveFrom: date,
                                    reason: reason, retroID: request.retro, author: request.author, source: "retro \(sprint.id)", recordedAt: request.at)
            return PlannedRevision(previous: latest, revision: revision, change: RevisionChange.between(latest, revision))
        }
        let reason = request.note ?? ""
        var planned: [PlannedRevision] = []
        var assetRetired: LocalDate?
        var date = effective(Terms(objective: Objective(metric: .freshness, threshold: 1), target: 0.5, timezone: sprint.timezone), after: nil)
        switch request.act {
        case .keep, .snooze:
            guard kind != .action else { throw DecisionError.unfit(verb, subject, kind) }
        case .acceptRisk:
            guard kind == .agreement || kind == .incident || kind == .asset else { throw DecisionError.unfit(verb, subject, kind) }
        case .revise(let changes):
            let id = try agreement(for: verb, subject: subject, kind: kind, in: ctx)
            let last = try latest(id)
            guard last.status == .active else { throw LedgerError.retired(id, on: last.effectiveFrom) }
            var terms = last.terms
            for (field, value) in changes {
                do { try field.set(value, in: &terms) } catch { throw LedgerError.field(error) }
            }
            try Ledger.checkSupports(terms.supports, of: id, in: ctx)
            guard terms != last.terms else { throw LedgerError.noChange(id) }
            date = effective(terms, after: last)
            planned.append(next(last, id, terms: terms, status: .active, reason: reason, on: date))
        case .retire:
            guard kind == .agreement || kind == .asset else { throw DecisionError.unfit(verb, subject, kind) }
            let ids = kind == .agreement ? [AgreementID(subject)] : try activeAgreements(onAsset: subject, in: ctx)
            if ids.isEmpty {
                guard let asset = try ctx.asset(AssetID(subject)), asset.retiredAt == nil else { throw DecisionError.assetRetired(subject) }
                assetRetired = date
            }
            for id in ids {
                let last = try latest(id)
                guard last.status == .active else { throw LedgerError.retired(id, on: last.effectiveFrom) }
                let on = effective(last.terms, after: last)
                date = on
                planned.append(next(last, id, terms: last.terms, status: .retired, reason: reason, on: on))
            }
        case .create(let agreement, let terms):
            guard try ctx.agreement(agreement.id) == nil else { throw DecisionError.exists(agreement.id) }
            guard try ctx.asset(agreement.asset) != nil else { throw DecisionError.unknownAsset(agreement.asset.rawValue, known: try ctx.assets().map(\.id.rawValue)) }
            guard try ctx.team(agreement.team) != nil else { throw DecisionError.unknownTeam(agreement.team.rawValue, known: try ctx.teams().map(\.id.rawValue)) }
            try Ledger.checkSupports(terms.supports, of: agreement.id, in: ctx)
            date = effective(terms, after: nil)
            planned.append(next(nil, agreement.id, terms: terms, status: .active, reason: reason, on: date))
        }
        switch request.act {
        case .revise, .retire, .create, .acceptRisk:
            guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw LedgerError.missingReason(AgreementID(subject)) }
        default: break
        }
        return DecisionPlan(request: request, subjectKind: kind, subject: subject, item: item, revisions: planned,
                            assetRetired: assetRetired, replaces: replaces, effective: date)
    }

    /// Plans and writes `request` in the caller's one transaction. With `expecting`, refuses when the store
    /// changed since that plan was previewed (another session recorded a revision meanwhile).
    package static func record(_ request: DecisionRequest, expecting preview: DecisionPlan? = nil, in ctx: StoreContext) throws -> DecisionOutcome {
        let plan = try plan(request, in: ctx)
        if let preview {
            for (a, b) in zip(plan.revisions, preview.revisions) where a.revision.number != b.revision.number || a.revision.terms != b.revision.terms {
                throw DecisionError.changedMeanwhile(a.revision.agreement)
            }
        }
        var replaced: UndoOutcome?
        if let previous = plan.replaces {
            replaced = try undo(lastCommand(ending: previous, in: ctx), replacedBy: nil, at: request.at, author: request.author, in: ctx)
        }
        var item: AgendaItem
        if let found = plan.item { item = found } else {
            let position = try ctx.items(retro: request.retro).filter { $0.step == request.step }.count + 1
            let kind: AgendaItem.SubjectKind = {
                if case .create = request.act { return .agreement }
                return plan.subjectKind
            }()
            let terms = try ctx.latestRevision(of: AgreementID(plan.subject))?.terms.summary
            item = AgendaItem(id: 0, step: request.step, position: position, subjectKind: kind, subjectID: plan.subject,
                              title: "\(plan.subject)   (raised during the retro)", lines: terms.map { ["terms       \($0)"] } ?? [], numbers: [])
            item.id = try ctx.insertItem(retro: request.retro, step: item.step, position: position, kind: kind, subject: plan.subject, evidence: item.evidence)
        }
        var ids: [Int64] = []
        let snooze: Int? = { if case .snooze(let n) = request.act { return n }; return nil }()
        if case .create(let agreement, _) = request.act { try ctx.insert(agreement, at: request.at) }
        for p in plan.revisions {
            try ctx.append(p.revision)
            ids.append(try ctx.recordDecision(item: item.id, verb: plan.verb, note: request.note, agreement: p.revision.agreement,
                                              revision: p.revision.number, snooze: nil, basedOn: request.seen, at: request.at))
        }
        if let day = plan.assetRetired { try ctx.setAssetRetired(AssetID(plan.subject), on: day) }
        if plan.revisions.isEmpty {
            let agreement = plan.subjectKind == .agreement ? AgreementID(plan.subject) : nil
            ids.append(try ctx.recordDecision(item: item.id, verb: plan.verb, note: request.note, agreement: agreement, revision: nil,
                                              snooze: snooze, basedOn: request.seen, at: request.at))
        }
        if let replaced { for d in replaced.undone { try ctx.setReplacedBy(ids[0], undone: d.id) } }
        return DecisionOutcome(plan: plan, decisions: ids, item: item, replaced: replaced)
    }

    /// Takes back this retro's last standing decision (all the decisions its command wrote) with compensating records.
    package static func undoLast(retro: Int64, author: String, at: Date, in ctx: StoreContext) throws -> UndoOutcome {
        guard let retroRow = try ctx.retro(retro) else { throw RetroError.unknownRetro(retro) }
        guard retroRow.finishedAt == nil else { throw DecisionError.finished(retro) }
        guard let last = try ctx.decisionRecords(retro: retro).last(where: \.isLive) else { throw DecisionError.nothingToUndo }
        return try undo(lastCommand(ending: last, in: ctx), replacedBy: nil, at: at, author: author, in: ctx)
    }

    /// The standing decisions one command wrote: `last` and those on the same item at the same instant with the same verb.
    static func lastCommand(ending last: DecisionRecord, in ctx: StoreContext) throws -> [DecisionRecord] {
        try ctx.decisionRecords(retro: last.retro).filter { $0.isLive && $0.itemID == last.itemID && $0.decidedAt == last.decidedAt && $0.verb == last.verb }
    }

    /// The revisions that restore the terms before `decisions` (nothing is written).
    static func compensation(for decisions: [DecisionRecord], at: Date, author: String = "retro", in ctx: StoreContext) throws -> UndoOutcome {
        var restored: [PlannedRevision] = []
        var asset: AssetID?
        for d in decisions {
            guard let id = d.agreement, let number = d.revision else {
                if d.verb == .retire, d.subjectKind == .asset { asset = AssetID(d.subject) }
                continue
            }
            let revisions = try ctx.revisions(of: id)
            guard let latest = revisions.last, latest.number == number else {
                throw DecisionError.cannotUndo(d.id, "\(id) has a later revision than the one D-\(d.id) wrote")
            }
            let before = revisions.first { $0.number == number - 1 }
            let terms = before?.terms ?? latest.terms
            let status: RevisionStatus = before?.status ?? .retired
            let revision = Revision(agreement: id, number: number + 1, terms: terms, status: status, effectiveFrom: latest.effectiveFrom,
                                    reason: "undo of D-\(d.id) (\(d.verb.rawValue)): restores revision \(before.map { String($0.number) } ?? "—")",
                                    retroID: d.retro, author: author, source: "retro \(d.sprint) undo", recordedAt: at)
            restored.append(PlannedRevision(previous: latest, revision: revision, change: RevisionChange.between(latest, revision)))
        }
        return UndoOutcome(undone: decisions, restored: restored, assetRestored: asset)
    }

    static func undo(_ decisions: [DecisionRecord], replacedBy: Int64?, at: Date, author: String = "retro", in ctx: StoreContext) throws -> UndoOutcome {
        let outcome = try compensation(for: decisions, at: at, author: author, in: ctx)
        for p in outcome.restored { try ctx.append(p.revision) }
        if let asset = outcome.assetRestored { try ctx.setAssetRetired(asset, on: nil) }
        for d in decisions {
            let restoring = outcome.restored.first { $0.revision.agreement == d.agreement }
            try ctx.recordUndo(of: d.id, replacedBy: replacedBy, agreement: restoring?.revision.agreement, revision: restoring?.revision.number, at: at)
        }
        return outcome
    }

    /// The subject's kind and id: the id typed, else the current item's.
    static func resolve(_ request: DecisionRequest, in ctx: StoreContext) throws -> (AgendaItem.SubjectKind, String) {
        if case .create(let agreement, _) = request.act { return (.agreement, agreement.id.rawValue) }
        guard let subject = request.subject ?? request.current?.subjectID else { throw DecisionError.noSubject }
        if let current = request.current, current.subjectID == subject { return (current.subjectKind, subject) }
        if try ctx.agreement(AgreementID(subject)) != nil { return (.agreement, subject) }
        if try ctx.asset(AssetID(subject)) != nil { return (.asset, subject) }
        if try ctx.incident(subject) != nil { return (.incident, subject) }
        if try ctx.team(TeamID(subject)) != nil { return (.team, subject) }
        let digits = subject.uppercased().hasPrefix("A-") ? String(subject.dropFirst(2)) : nil
        if let digits, let n = Int64(digits), try ctx.action(n) != nil { return (.action, "A-\(n)") }
        throw DecisionError.unknownSubject(subject, known: try ctx.agreements().map(\.id.rawValue) + ctx.assets().map(\.id.rawValue))
    }

    /// The agreement a revise is about: the subject, or the one agreement in force on an asset.
    static func agreement(for verb: DecisionVerb, subject: String, kind: AgendaItem.SubjectKind, in ctx: StoreContext) throws -> AgreementID {
        switch kind {
        case .agreement: return AgreementID(subject)
        case .asset:
            let ids = try activeAgreements(onAsset: subject, in: ctx)
            guard ids.count == 1 else { throw DecisionError.notOneAgreement(subject, count: ids.count) }
            return ids[0]
        default: throw DecisionError.unfit(verb, subject, kind)
        }
    }

    /// The agreements in force on an asset.
    package static func activeAgreements(onAsset name: String, in ctx: StoreContext) throws -> [AgreementID] {
        try ctx.agreements().filter { $0.asset.rawValue == name }.filter { try ctx.latestRevision(of: $0.id)?.status == .active }.map(\.id)
    }
}
