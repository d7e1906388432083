import SLAModel
import SLAEvaluate

extension FieldChange {
    /// `target 95 % → 90 %`: the field, then its old and new value (`—` for none).
    package var text: String { Formatting.change(field, from: old, to: new) }
}

extension RevisionChange {
    /// `target 95 % → 90 %; objective … → …`, `created: ` and the terms for a first revision, or `retired`.
    package func text(for revision: Revision) -> String { text(terms: revision.terms) }

    /// As `text(for:)`, given the terms the revision set.
    package func text(terms: Terms) -> String {
        switch kind {
        case .created where fields.isEmpty: return "created: " + terms.summary
        case .retired where fields.isEmpty: return "retired"
        default: return details(terms: terms)
        }
    }

    /// What changed without naming the kind (for lines that name it already): the terms of a creation, nothing
    /// for a plain retirement, else each field.
    package func details(for revision: Revision) -> String { details(terms: revision.terms) }

    /// As `details(for:)`, given the terms the revision set.
    package func details(terms: Terms) -> String {
        switch kind {
        case .created where fields.isEmpty: return terms.summary
        case .retired where fields.isEmpty: return ""
        default: return fields.map(\.text).joined(separator: "; ")
        }
    }

    /// The change followed by its kind when the words do not say it already: `target 95 % → 90 % (loosened)`,
    /// `created: …`, `retired`.
    package func withKind(terms: Terms) -> String {
        text(terms: terms) + (kind == .created || kind == .retired ? "" : " (\(kind.rawValue))")
    }
}
