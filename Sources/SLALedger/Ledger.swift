import Foundation
import SLAModel
import SLAStore
import SLAEvaluate

/// Why a change to an agreement was refused.
package enum LedgerError: Error, Equatable, CustomStringConvertible {
    case unknownAgreement(AgreementID, known: [String])
    case retired(AgreementID, on: LocalDate)
    case noChange(AgreementID)
    case missingReason(AgreementID)
    case field(TermFieldError)
    case malformedAssignment(String)
    case effectiveTooEarly(AgreementID, LocalDate, latest: LocalDate)
    case unknownSupported(AgreementID, of: AgreementID)

    package var description: String {
        switch self {
        case .unknownAgreement(let id, let known):
            return "unknown agreement '\(id)'" + Suggest.hint(for: id.rawValue, among: known)
        case .retired(let id, let date): return "\(id) was retired on \(date); re-import it in the catalog to reinstate it"
        case .noChange(let id): return "nothing to change: the values given are the terms of \(id) already"
        case .missingReason(let id): return "a change to \(id) needs a reason (--reason TEXT)"
        case .field(let error): return error.description
        case .malformedAssignment(let text): return "expected FIELD=VALUE, got '\(text)'"
        case .effectiveTooEarly(let id, let date, let latest):
            return "a revision of \(id) cannot take effect on \(date), before its latest revision (\(latest))"
        case .unknownSupported(let id, let ola): return "\(ola) supports unknown SLA '\(id)'"
        }
    }
}

/// Who records a revision, when, and why.
package struct ChangeContext: Sendable {
    package var reason: String
    package var author: String
    package var source: String
    package var effectiveFrom: LocalDate
    package var retroID: Int64?
    package var recordedAt: Date

    package init(reason: String, author: String, source: String, effectiveFrom: LocalDate, retroID: Int64? = nil, recordedAt: Date) {
        self.reason = reason; self.author = author; self.source = source
        self.effectiveFrom = effectiveFrom; self.retroID = retroID; self.recordedAt = recordedAt
    }
}

/// Writes revisions: the one path by which the catalog import, the retro shell and the demo change an agreement.
package enum Ledger {
    /// Parses `field=value` assignments as typed after `revise`.
    package static func assignments(_ words: [String]) throws(LedgerError) -> [(TermField, String)] {
        try words.map { word throws(LedgerError) in
            guard let eq = word.firstIndex(of: "=") else { throw .malformedAssignment(word) }
            let name = String(word[..<eq]), value = String(word[word.index(after: eq)...])
            guard let field = TermField(rawValue: name) else { throw .field(.unknownField(name)) }
            return (field, value)
        }
    }

    /// Records a new revision of `id` with `changes` applied to its latest terms.
    @discardableResult
    package static func revise(_ id: AgreementID, _ changes: [(TermField, String)], context: ChangeContext,
                              in store: StoreContext) throws -> (Revision, RevisionChange) {
        let latest = try current(id, in: store)
        guard latest.status == .active else { throw LedgerError.retired(id, on: latest.effectiveFrom) }
        var terms = latest.terms
        for (field, value) in changes {
            do { try field.set(value, in: &terms) } catch { throw LedgerError.field(error) }
        }
        try checkSupports(terms.supports, of: id, in: store)
        guard terms != latest.terms else { throw LedgerError.noChange(id) }
        return try append(id, after: latest, terms: terms, status: .active, context: context, in: store)
    }

    /// Records a `retired` revision of `id`, keeping its last terms.
    @discardableResult
    package static func retire(_ id: AgreementID, context: ChangeContext, in store: StoreContext) throws -> (Revision, RevisionChange) {
        let latest = try current(id, in: store)
        guard latest.status == .active else { throw LedgerError.retired(id, on: latest.effectiveFrom) }
        return try append(id, after: latest, terms: latest.terms, status: .retired, context: context, in: store)
    }

    /// Appends the revision that follows `latest` with the given terms and status.
    package static func append(_ id: AgreementID, after latest: Revision?, terms: Terms, status: RevisionStatus,
                       context: ChangeContext, in store: StoreContext) throws -> (Revision, RevisionChange) {
        guard !context.reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw LedgerError.missingReason(id) }
        if let latest, context.effectiveFrom < latest.effectiveFrom {
            throw LedgerError.effectiveTooEarly(id, context.effectiveFrom, latest: latest.effectiveFrom)
        }
        let revision = Revision(agreement: id, number: (latest?.number ?? 0) + 1, terms: terms, status: status,
                                effectiveFrom: context.effectiveFrom, reason: context.reason, retroID: context.retroID,
                                author: context.author, source: context.source, recordedAt: context.recordedAt)
        try store.append(revision)
        // The new revision made the kept judgements of the windows it reaches stale: judge them again in this transaction.
        try Evidence.keepJudgements(of: [id], clock: Clock(now: context.recordedAt), in: store)
        return (revision, RevisionChange.between(latest, revision))
    }

    /// Creates an agreement with its first revision.
    @discardableResult
    package static func create(_ agreement: Agreement, terms: Terms, context: ChangeContext, in store: StoreContext) throws -> Revision {
        try store.insert(agreement, at: context.recordedAt)
        return try append(agreement.id, after: nil, terms: terms, status: .active, context: context, in: store).0
    }

    package static func current(_ id: AgreementID, in store: StoreContext) throws -> Revision {
        guard let latest = try store.latestRevision(of: id) else {
            throw LedgerError.unknownAgreement(id, known: try store.agreements().map(\.id.rawValue))
        }
        return latest
    }

    package static func checkSupports(_ supported: [AgreementID], of id: AgreementID, in store: StoreContext) throws {
        for sla in supported where try store.agreement(sla)?.kind != .sla {
            throw LedgerError.unknownSupported(sla, of: id)
        }
    }
}
