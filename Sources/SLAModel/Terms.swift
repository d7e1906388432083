import Foundation

/// The measuring window of an agreement: the sprint, or a rolling number of days.
package enum Window: Hashable, Sendable, CustomStringConvertible {
    case sprint
    case days(Int)

    package var description: String {
        switch self {
        case .sprint: return "sprint"
        case .days(let n): return "\(n)d"
        }
    }

    /// Parses `sprint` or `Nd` (1–366 days).
    package static func parse(_ text: String) -> Window? {
        if text == "sprint" { return .sprint }
        guard text.hasSuffix("d"), let n = Int(text.dropLast()), (1...366).contains(n) else { return nil }
        return .days(n)
    }
}

/// When a postmortem is required (the playbook's reporting rule), e.g. `severity <= 2 or breached`.
package struct PostmortemRule: Hashable, Sendable, CustomStringConvertible {
    /// One alternative of the rule.
    package enum Clause: Hashable, Sendable {
        case severityAtMost(Int)
        case breached
        case threatened
        case always
    }

    package let clauses: [Clause]

    package var description: String {
        clauses.map { clause in
            switch clause {
            case .severityAtMost(let n): return "severity <= \(n)"
            case .breached: return "breached"
            case .threatened: return "threatened"
            case .always: return "always"
            }
        }.joined(separator: " or ")
    }

    /// Parses clauses joined by `or`: `severity <= N` (or `< N`), `breached`, `threatened`, `always`.
    /// Severity 1 is the worst, so `severity <= 2` means "severity 1 or 2".
    package static func parse(_ text: String) -> PostmortemRule? {
        var clauses: [Clause] = []
        let alternatives = text.lowercased().components(separatedBy: " or ")
        for alternative in alternatives {
            let words = alternative.split(separator: " ").map(String.init)
            switch words.count {
            case 1 where words[0] == "breached": clauses.append(.breached)
            case 1 where words[0] == "threatened": clauses.append(.threatened)
            case 1 where words[0] == "always": clauses.append(.always)
            case 3 where words[0] == "severity":
                guard let n = Int(words[2]), (1...4).contains(n) else { return nil }
                switch words[1] {
                case "<=": clauses.append(.severityAtMost(n))
                case "<" where n > 1: clauses.append(.severityAtMost(n - 1))
                default: return nil
                }
            default: return nil
            }
        }
        return clauses.isEmpty ? nil : PostmortemRule(clauses: clauses)
    }
}

/// What the team promised to do when the agreement is threatened.
package struct Playbook: Hashable, Sendable {
    /// Time to acknowledge an incident, in seconds.
    package var responseTime: Double?
    package var compensation: String?
    package var workaround: String?
    package var postmortemWhen: PostmortemRule?

    package init(responseTime: Double? = nil, compensation: String? = nil, workaround: String? = nil, postmortemWhen: PostmortemRule? = nil) {
        self.responseTime = responseTime
        self.compensation = compensation
        self.workaround = workaround
        self.postmortemWhen = postmortemWhen
    }

    package var isEmpty: Bool { responseTime == nil && compensation == nil && workaround == nil && postmortemWhen == nil }
}

/// Why an agreement exists, as in ODCS (`regulatory`, `analytics`, `operational`).
package enum Driver: String, CaseIterable, Sendable {
    case regulatory, analytics, operational
}

/// Whether a revision keeps the agreement in force.
package enum RevisionStatus: String, Sendable, CaseIterable {
    case active, retired
}

/// The terms of one revision: everything a change to the agreement can touch.
package struct Terms: Hashable, Sendable {
    package var objective: Objective
    /// Share of good observations required in the window, 0 < target < 1.
    package var target: Double
    package var window: Window
    /// IANA zone name in which days, sprints and `delivered_by` are judged.
    package var timezone: String
    /// Review cadence in sprints.
    package var reviewEvery: Int
    package var driver: Driver?
    /// SLAs this agreement supports (OLAs only), sorted.
    package var supports: [AgreementID]
    package var playbook: Playbook

    package static let defaultReviewEvery = 6

    package init(objective: Objective, target: Double, window: Window = .sprint, timezone: String = "UTC",
                reviewEvery: Int = Terms.defaultReviewEvery, driver: Driver? = nil,
                supports: [AgreementID] = [], playbook: Playbook = Playbook()) {
        self.objective = objective
        self.target = target
        self.window = window
        self.timezone = timezone
        self.reviewEvery = reviewEvery
        self.driver = driver
        self.supports = supports.sorted()
        self.playbook = playbook
    }

    package var indicator: Indicator { objective.indicator }

    /// A one-line summary: `delivered_by 09:00 Asia/Tokyo, target 95 %, window sprint`.
    package var summary: String {
        let zone = objective.metric == .deliveredBy ? " \(timezone)" : ""
        return "\(objective)\(zone), target \(Formatting.percent(target)), window \(window)"
    }
}
