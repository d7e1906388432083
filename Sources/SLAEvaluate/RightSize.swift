import Foundation
import SLAModel
import SLAStore

/// The thresholds of the right-sizing rules; each is a `rightsize` option with this default.
package struct RightSizeThresholds: Sendable, Equatable {
    /// Days before the end of the window that the profile covers (`--window`, 8 weeks).
    package var windowDays = 56
    /// A `delivered_by` earlier than the consumers' p10 first read by more than this many minutes is over-quality.
    package var deliveryMargin = 60
    /// A proposed delivery time keeps this many minutes before the p10 first read (then rounds down to 15 minutes).
    package var safetyMargin = 30
    /// A `freshness <= D` is over-quality when the median interval between days read exceeds `freshnessFactor × D`.
    package var freshnessFactor = 4.0
    /// Under-quality when at least this share of the days read had their first read before the promised time.
    package var earlyShare = 0.3
    /// A target is stricter than needed when the team reads on fewer than `stricterShare × target` of working days.
    package var stricterShare = 0.5
    /// An unpromised dependency: a consumer team reading an asset without an SLA on at least this share of working days.
    package var dependencyShare = 0.6
    /// Time-of-day rules need at least this many working days read.
    package var minDaysRead = 5

    package init() {}
}

/// What a proposal is about.
package enum ProposalKind: String, Sendable, CaseIterable, Comparable {
    /// Promised earlier than anyone reads: deliver later.
    case laterDelivery = "later-delivery"
    /// Fresher than anyone reads: loosen the freshness.
    case looserFreshness = "looser-freshness"
    /// The target promises more days than the team reads on.
    case stricterTarget = "target-stricter-than-needed"
    /// Consumers read before the promised time on many days: they see yesterday's data.
    case underQuality = "under-quality"
    /// A consumer team depends on an asset nobody promised it anything about.
    case unpromisedDependency = "unpromised-dependency"

    package static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }

    /// True for the kinds that loosen a promise (over-quality), false for those that ask for more.
    package var isOverQuality: Bool { self == .laterDelivery || self == .looserFreshness || self == .stricterTarget }
}

/// One proposal to right-size a promise, with the evidence it rests on.
package struct RightSizeProposal: Sendable, Equatable {
    package var kind: ProposalKind
    /// The agreement to revise (nil for an unpromised dependency).
    package var agreement: AgreementID?
    package var asset: AssetID
    package var team: TeamID
    /// The objective in force, and the one proposed (nil: none to propose, e.g. a target that is only flagged).
    package var current: Objective?
    package var proposed: Objective?
    /// The target in force (for `stricterTarget`).
    package var target: Double?
    /// Days read before the promised time (under-quality).
    package var daysBefore: Int?
    package var profile: ReadingProfile

    /// The `revise` assignment that applies the proposal (`objective=delivered_by 10:30`), if it has one.
    package var assignment: (TermField, String)? {
        proposed.map { (.objective, $0.description) }
    }
}

/// Proposes promises sized to how their consumers really read the data (the rules are in the README).
package enum RightSize {
    /// Rounds minutes down to a quarter hour.
    package static func floorQuarter(_ minutes: Int) -> Int { minutes - ((minutes % 15) + 15) % 15 }

    /// The proposals for one SLA from its consumer team's profile.
    package static func proposals(for agreement: Agreement, terms: Terms, profile: ReadingProfile,
                                  thresholds t: RightSizeThresholds = RightSizeThresholds()) -> [RightSizeProposal] {
        var result: [RightSizeProposal] = []
        func proposal(_ kind: ProposalKind, proposed: Objective? = nil, daysBefore: Int? = nil) -> RightSizeProposal {
            RightSizeProposal(kind: kind, agreement: agreement.id, asset: agreement.asset, team: agreement.team,
                              current: terms.objective, proposed: proposed, target: terms.target, daysBefore: daysBefore, profile: profile)
        }
        let objective = terms.objective
        switch objective.metric {
        case .deliveredBy:
            guard profile.workingDaysRead >= t.minDaysRead, let p10 = profile.p10 else { break }
            let promised = Int(objective.threshold)
            if p10 - promised > t.deliveryMargin {
                let later = floorQuarter(p10 - t.safetyMargin)
                if later > promised { result.append(proposal(.laterDelivery, proposed: Objective(metric: .deliveredBy, threshold: Double(later)))) }
            }
            let before = profile.firstMinutes.filter { $0 < promised }.count
            if Double(before) >= t.earlyShare * Double(profile.workingDaysRead) && before > 0 {
                let earlier = floorQuarter(p10)
                result.append(proposal(.underQuality, proposed: earlier < promised ? Objective(metric: .deliveredBy, threshold: Double(earlier)) : nil,
                                       daysBefore: before))
            }
        case .freshness:
            guard let gap = profile.medianGap, objective.threshold > 0 else { break }
            let interval = Double(gap) * 86_400
            if interval > t.freshnessFactor * objective.threshold {
                result.append(proposal(.looserFreshness, proposed: Objective(metric: .freshness, threshold: interval)))
            }
        default: break
        }
        if objective.metric == .deliveredBy || objective.metric == .freshness, profile.workingDays > 0,
           profile.workingDaysRead > 0, profile.readShare < t.stricterShare * terms.target {
            result.append(proposal(.stricterTarget))
        }
        return result
    }

    /// Every proposal as of the end of `[.., end)`: each active SLA against its consumer's profile, and each
    /// consumer team reading an asset without an SLA on most working days. `only`/`team` narrow the result.
    ///
    /// Only what the rules can use is read: the revisions in force on the last day, and the first reads of the
    /// pairs that can propose something (an SLA on a time of day or a freshness; a consumer team's reads of an
    /// asset with no SLA for it), from the kept sprints' packed rows and, for days outside them, by one range search
    /// of the first-read table per pair; days are counted as integers.
    package static func evaluate(end: LocalDate, only: AgreementID? = nil, team onlyTeam: TeamID? = nil,
                                 thresholds t: RightSizeThresholds = RightSizeThresholds(), in ctx: StoreContext) throws -> [RightSizeProposal] {
        // Only the days the usage logs cover are profiled (the same coverage as the over-quality candidates).
        let coverage = try UsageCoverage.of(end.adding(days: -t.windowDays), end, in: ctx)
        let (start, stop) = (coverage.from, coverage.to)
        guard start < stop else { return [] }
        let accesses = try ctx.assetAccesses(from: start, to: stop).mapValues { byTeam in
            Dictionary(uniqueKeysWithValues: byTeam.filter { !$0.key.isEmpty }.map { (TeamID($0.key), $0.value) })
        }
        let lastDay = end.adding(days: -1)
        let inForce = try ctx.revisionsInForce(on: lastDay)
        // The kept sprints' first reads, packed a row per pair and sprint, are read once for every profile.
        let firstReads = try ctx.firstReadWindow(from: start, to: stop)
        func profile(_ asset: AssetID, _ team: TeamID, zone: String) throws -> ReadingProfile {
            let reads = try ctx.firstReadDays(asset: asset, team: team, in: firstReads)
            return ReadingProfile.build(asset: asset, team: team, days: reads.days, minutes: reads.minutes, lastZone: reads.zone,
                                        accesses: accesses[asset]?[team] ?? 0, start: start, end: stop, zone: zone)
        }
        var result: [RightSizeProposal] = []
        var promised: [AssetID: Set<TeamID>] = [:]
        for agreement in try ctx.agreements() where agreement.kind == .sla {
            // The terms in force on the last day of the window, as the retro of that sprint saw them.
            guard let revision = inForce[agreement.id], revision.status == .active else { continue }
            promised[agreement.asset, default: []].insert(agreement.team)
            if let only, only != agreement.id { continue }
            if let onlyTeam, onlyTeam != agreement.team { continue }
            // Only a time of day or a freshness can be right-sized from reads (`proposals` has nothing for the rest).
            guard revision.terms.objective.metric == .deliveredBy || revision.terms.objective.metric == .freshness else { continue }
            let p = try profile(agreement.asset, agreement.team, zone: revision.terms.timezone)
            result += proposals(for: agreement, terms: revision.terms, profile: p, thresholds: t)
        }
        if only == nil, ReadingProfile.workingDays(from: start, to: stop) > 0 {
            // Every pair with reads in the window has rollups there (first reads are kept with them).
            let consumers = Set(try ctx.teams().filter { $0.kind == .consumer }.map(\.id))
            let owners = Dictionary(uniqueKeysWithValues: try ctx.assets().map { ($0.id, $0.owner) })
            for (asset, byTeam) in accesses {
                for team in byTeam.keys where consumers.contains(team) && owners[asset] != team && !(promised[asset]?.contains(team) ?? false) {
                    if let onlyTeam, onlyTeam != team { continue }
                    let p = try profile(asset, team, zone: "UTC")
                    guard p.workingDaysRead > 0, p.readShare >= t.dependencyShare else { continue }
                    result.append(RightSizeProposal(kind: .unpromisedDependency, agreement: nil, asset: asset, team: team,
                                                    current: nil, proposed: nil, target: nil, daysBefore: nil, profile: p))
                }
            }
        }
        // By kind, then agreement, asset and team: the keys built once, not at every comparison.
        let keys = result.map { ($0.kind, $0.agreement?.rawValue ?? "", $0.asset.rawValue, $0.team.rawValue) }
        return result.indices.sorted { keys[$0] < keys[$1] }.map { result[$0] }
    }
}
