import Foundation

/// A field of an agreement's terms that a catalog or `revise FIELD=VALUE` can set.
///
/// One name per concept: the catalog key, the `revise` field, the history's field and the JSON key agree.
package enum TermField: String, CaseIterable, Sendable {
    case objective, target, window, timezone
    case reviewEvery = "review_every"
    case driver, supports
    case responseTime = "response_time"
    case compensation, workaround
    case postmortemWhen = "postmortem_when"

    /// The current value of the field as text (nil when unset).
    package func value(in terms: Terms) -> String? {
        switch self {
        case .objective: return terms.objective.description
        case .target: return Formatting.percent(terms.target)
        case .window: return terms.window.description
        case .timezone: return terms.timezone
        case .reviewEvery: return "\(terms.reviewEvery)"
        case .driver: return terms.driver?.rawValue
        case .supports: return terms.supports.isEmpty ? nil : terms.supports.map(\.rawValue).joined(separator: ", ")
        case .responseTime: return terms.playbook.responseTime.map(Formatting.duration)
        case .compensation: return terms.playbook.compensation
        case .workaround: return terms.playbook.workaround
        case .postmortemWhen: return terms.playbook.postmortemWhen?.description
        }
    }

    /// Sets the field from text, validated by the same parsers as the catalog.
    package func set(_ text: String, in terms: inout Terms) throws(TermFieldError) {
        let value = text.trimmingCharacters(in: .whitespaces)
        let cleared = value.isEmpty || value == "none"
        switch self {
        case .objective:
            switch Objective.parse(value) {
            case .success(let objective): terms.objective = objective
            case .failure(let error): throw .invalid(field: self, message: error.description)
            }
        case .target: terms.target = try Self.parseTarget(value)
        case .window:
            guard let window = Window.parse(value) else { throw .invalid(field: self, message: "bad window '\(value)' (expected 'sprint' or a number of days such as 28d)") }
            terms.window = window
        case .timezone:
            guard TimeZones.named(value) != nil else { throw .invalid(field: self, message: "unknown time zone '\(value)' (expected an IANA name such as Europe/Berlin)") }
            terms.timezone = value
        case .reviewEvery:
            guard let n = Int(value), (1...52).contains(n) else { throw .invalid(field: self, message: "bad review_every '\(value)' (expected a number of sprints from 1 to 52)") }
            terms.reviewEvery = n
        case .driver:
            if cleared { terms.driver = nil; return }
            guard let driver = Driver(rawValue: value) else {
                throw .invalid(field: self, message: "unknown driver '\(value)' (expected one of: \(Driver.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            terms.driver = driver
        case .supports:
            let ids = value.split(whereSeparator: { $0 == "," || $0 == " " }).map { AgreementID(String($0)) }
            terms.supports = Array(Set(ids)).sorted()
        case .responseTime:
            if cleared { terms.playbook.responseTime = nil; return }
            guard let seconds = ValueParser.duration(value), seconds > 0 else { throw .invalid(field: self, message: "bad duration '\(value)' (expected e.g. 4h, 30m or 1d)") }
            terms.playbook.responseTime = seconds
        case .compensation: terms.playbook.compensation = cleared ? nil : value
        case .workaround: terms.playbook.workaround = cleared ? nil : value
        case .postmortemWhen:
            if cleared { terms.playbook.postmortemWhen = nil; return }
            guard let rule = PostmortemRule.parse(value) else {
                throw .invalid(field: self, message: "bad postmortem rule '\(value)' (expected clauses such as 'severity <= 2 or breached')")
            }
            terms.playbook.postmortemWhen = rule
        }
    }

    /// Parses a target: `95%`, `95 %` or `0.95`, strictly between 0 and 100 %.
    package static func parseTarget(_ text: String) throws(TermFieldError) -> Double {
        guard let fraction = ValueParser.fraction(text) else {
            throw .invalid(field: .target, message: "bad target '\(text)' (expected a percentage such as 95% or a fraction such as 0.95)")
        }
        guard fraction > 0, fraction < 1 else {
            throw .invalid(field: .target, message: "target '\(text)' leaves no error budget (expected more than 0 % and less than 100 %)")
        }
        return fraction
    }
}

/// Why a field value was refused.
package enum TermFieldError: Error, Equatable, CustomStringConvertible {
    case unknownField(String)
    case invalid(field: TermField, message: String)

    package var description: String {
        switch self {
        case .unknownField(let name):
            let known = TermField.allCases.map(\.rawValue)
            return "unknown field '\(name)'" + Suggest.hint(for: name, among: known, otherwise: " (expected one of: \(known.joined(separator: ", ")))")
        case .invalid(_, let message): return message
        }
    }
}
