import Foundation
import SLAModel
import SLAStore

/// How a revision changed an agreement, as `history` shows it (rules in the README).
package enum ChangeKind: String, CaseIterable, Sendable {
    case created, tightened, loosened, mixed, reworded, retired
}

/// Whether one field's change asks more of the team, less, or neither.
package enum ChangeDirection: String, Sendable {
    case tighter, looser, neutral
}

/// One field's old and new value.
package struct FieldChange: Hashable, Sendable {
    package let field: String
    package let old: String?
    package let new: String?
    package let direction: ChangeDirection
}

/// The difference between two consecutive revisions.
package struct RevisionChange: Sendable {
    package let kind: ChangeKind
    package let fields: [FieldChange]

    /// Compares revision `new` with the one before it (`old`, nil for the first revision).
    ///
    /// Rules: a higher target, a stricter objective threshold (higher for availability,
    /// completeness, accuracy; shorter for freshness, latency, support response; earlier for
    /// delivered_by) and a shorter or newly promised response time are tighter; the opposite
    /// is looser. Every other field is wording. Tighter and looser together make `mixed`.
    package static func between(_ old: Revision?, _ new: Revision) -> RevisionChange {
        guard let old else { return RevisionChange(kind: .created, fields: []) }
        let fields = diff(old.terms, new.terms)
        if new.status == .retired { return RevisionChange(kind: .retired, fields: fields) }
        if old.status == .retired { return RevisionChange(kind: .created, fields: fields) }
        let tighter = fields.contains { $0.direction == .tighter }
        let looser = fields.contains { $0.direction == .looser }
        let kind: ChangeKind = tighter && looser ? .mixed : tighter ? .tightened : looser ? .loosened : .reworded
        return RevisionChange(kind: kind, fields: fields)
    }

    /// The fields that differ, in `TermField` order.
    package static func diff(_ old: Terms, _ new: Terms) -> [FieldChange] {
        TermField.allCases.compactMap { field in
            let before = field.value(in: old), after = field.value(in: new)
            guard before != after || (field == .objective && old.objective != new.objective) else { return nil }
            return FieldChange(field: field.rawValue, old: before, new: after, direction: direction(of: field, old, new))
        }
    }

    static func direction(of field: TermField, _ old: Terms, _ new: Terms) -> ChangeDirection {
        switch field {
        case .target:
            return new.target > old.target ? .tighter : .looser
        case .objective:
            guard let stricter = new.objective.isStricter(than: old.objective) else { return .neutral }
            return stricter ? .tighter : .looser
        case .responseTime:
            switch (old.playbook.responseTime, new.playbook.responseTime) {
            case (nil, .some): return .tighter
            case (.some, nil): return .looser
            case let (.some(a), .some(b)): return b < a ? .tighter : .looser
            default: return .neutral
            }
        default:
            return .neutral
        }
    }
}
