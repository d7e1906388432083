import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger
/// Why an input file was refused. Its description is the one line the user sees: `FILE:LINE: message`.
package enum ImportError: Error, Equatable, CustomStringConvertible {
    /// Something wrong at a line of the file.
    case invalid(file: String, line: Int, message: String)
    /// The file as a whole cannot be used (missing, unreadable, empty).
    case unreadable(file: String, message: String)
    /// An agreement's observation at one time twice in one file (`firstLine`: where it came first, when found).
    case duplicateObservation(file: String, line: Int, agreement: String, observedAt: String, firstLine: Int?)

    package var description: String {
        switch self {
        case .invalid(let file, let line, let message): return "\(file):\(line): \(message)"
        case .unreadable(let file, let message): return "\(file): \(message)"
        case .duplicateObservation(let file, let line, let agreement, let observedAt, let first):
            return "\(file):\(line): \(agreement) at \(observedAt) appears twice in this file"
                + (first.map { " (first on line \($0))" } ?? "") + ": keep one row per agreement and time"
        }
    }
}

extension ImportError {
    /// `target 95 % → 90 %; objective … → …`: the fields that differ, for a one-line refusal of an unexplained change.
    static func changedFields(_ old: Terms, _ new: Terms) -> String {
        RevisionChange.diff(old, new).map { Formatting.change($0.field, from: $0.old, to: $0.new) }.joined(separator: "; ")
    }
}
