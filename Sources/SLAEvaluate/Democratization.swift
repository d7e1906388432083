import Foundation
import SLAModel
import SLAStore

/// How far a team has climbed the three walls (README, Definitions): localization, self-running, improvement.
package enum DemocratizationStage: String, Sendable, CaseIterable, Comparable {
    case none, localized, selfRunning = "self-running", improving

    package static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// The thresholds of the stages (README "Democratization"); `democratization` takes them as flags.
package struct DemocratizationThresholds: Sendable {
    /// At most this many active users: `localized` (the first wall).
    package var localizedMaxUsers = 2
    /// `self-running` needs more users than that and at least this self-service ratio.
    package var selfServiceRatio = 0.3
    package init() {}
}

/// One consumer team's use of the data in one sprint.
package struct TeamUsage: Sendable {
    package let team: TeamID
    package let activeUsers: Int
    package let accesses: Int
    package let distinctAssets: Int
    package let queries: Int
    package let views: Int
    package let stage: DemocratizationStage

    /// queries / (queries + views), nil without either.
    package var selfServiceRatio: Double? { queries + views == 0 ? nil : Double(queries) / Double(queries + views) }
}

/// The democratization of every consumer team in a sprint, with the sprints before it.
package struct DemocratizationReport: Sendable {
    package let sprint: Sprint
    /// Per team, this sprint's usage and the previous sprints' (oldest first, ending with this one).
    package let teams: [(current: TeamUsage, history: [TeamUsage])]
    /// Accesses by platform teams / all accesses in the sprint.
    package let insiderShare: Double?
    /// Dashboards created within the last 60 days that were opened in their first week and never after.
    package let decayed: [AssetID]
    /// The sprint's days the usage logs cover (a warning when they end before the sprint does).
    package var coverage: UsageCoverage? = nil

    /// Interventions for a team stuck below a wall (README, Definitions): at `none` the localization wall, at `localized`
    /// the self-running wall, at `self-running` the improvement wall; an improving team needs none.
    package static func interventions(for stage: DemocratizationStage) -> [String] {
        switch stage {
        case .none:
            return ["Run a mob data-analysis session with the team", "Measure the effect of the team's next initiative together"]
        case .localized:
            return ["Write SQL recipes and data-dictionary entries for the team's top questions", "Hold office hours to review the team's analyses"]
        case .selfRunning:
            return ["Put hypothesis and effect-measurement steps into the team's project process"]
        case .improving:
            return []
        }
    }
}

/// Computes democratization from the rollups and user-days (never from raw events).
package enum Democratization {
    package static func report(_ sprint: Sprint, thresholds: DemocratizationThresholds = DemocratizationThresholds(), in ctx: StoreContext) throws -> DemocratizationReport {
        let sprints = try ctx.sprints()
        let index = sprints.firstIndex(of: sprint) ?? 0
        let recent = Array(sprints[max(0, index - Evidence.sparklineLength + 1)...index])
        let teams = try ctx.teams()
        let consumers = teams.filter { $0.kind == .consumer }
        let platform = Set(teams.filter { $0.kind == .platform }.map(\.id.rawValue))
        let changers = try improvingTeams(in: sprint, ctx: ctx)
        var perSprint: [SprintID: [TeamID: TeamUsage]] = [:]
        var insider: Double?
        for s in recent {
            // Kept at import per sprint and team; grouped from the rollups and user-days when not (yet) kept.
            let kept = try ctx.keptTeamUsage(sprint: s.id, from: s.start, to: s.end)
            let totals = try kept?.totals ?? ctx.teamUsage(from: s.start, to: s.end)
            let users = try kept?.users ?? ctx.activeUsers(from: s.start, to: s.end)
            for team in consumers {
                let t = totals[team.id.rawValue] ?? StoreContext.TeamTotals()
                let active = users[team.id.rawValue] ?? 0
                let queries = t.queries, views = t.views
                let ratio = queries + views == 0 ? 0 : Double(queries) / Double(queries + views)
                var stage: DemocratizationStage = active == 0 ? .none : active <= thresholds.localizedMaxUsers || ratio < thresholds.selfServiceRatio ? .localized : .selfRunning
                if stage == .selfRunning && s == sprint && changers.contains(team.id) { stage = .improving }
                perSprint[s.id, default: [:]][team.id] = TeamUsage(team: team.id, activeUsers: active, accesses: t.accesses,
                                                                  distinctAssets: t.distinctAssets, queries: queries, views: views, stage: stage)
            }
            if s == sprint {
                let all = totals.values.reduce(0) { $0 + $1.accesses }
                let inside = totals.filter { platform.contains($0.key) }.values.reduce(0) { $0 + $1.accesses }
                insider = all == 0 ? nil : Double(inside) / Double(all)
            }
        }
        let rows = consumers.compactMap { team -> (TeamUsage, [TeamUsage])? in
            guard let current = perSprint[sprint.id]?[team.id] else { return nil }
            return (current, recent.compactMap { perSprint[$0.id]?[team.id] })
        }
        var report = DemocratizationReport(sprint: sprint, teams: rows.map { (current: $0.0, history: $0.1) }, insiderShare: insider,
                                           decayed: try decayedDashboards(before: sprint.end, ctx: ctx))
        report.coverage = try UsageCoverage.of(sprint.start, sprint.end, in: ctx)
        return report
    }

    /// Teams that turned data into change in the sprint: an agreement they consume was created or revised in a retro.
    static func improvingTeams(in sprint: Sprint, ctx: StoreContext) throws -> Set<TeamID> {
        Set(try ctx.teamsRevisedInRetros(from: sprint.start, to: sprint.end))
    }

    /// Dashboards created in the 60 days before `end` whose only accesses fall in their first week (at least a week old).
    static func decayedDashboards(before end: LocalDate, ctx: StoreContext) throws -> [AssetID] {
        let dashboards = try ctx.assets().filter { asset in
            guard asset.kind == .dashboard, let created = asset.createdAt else { return false }
            return created >= end.adding(days: -60) && created.adding(days: 7) < end
        }
        let daily = try ctx.dailyAccesses(of: dashboards.map(\.id), from: end.adding(days: -60), to: end)
        return dashboards.filter { asset in
            guard let created = asset.createdAt else { return false }
            let rows = daily[asset.id] ?? []
            let firstWeek = rows.filter { $0.date < created.adding(days: 7) }.reduce(0) { $0 + $1.accesses }
            let after = rows.filter { $0.date >= created.adding(days: 7) }.reduce(0) { $0 + $1.accesses }
            return firstWeek > 0 && after == 0
        }.map(\.id)
    }
}
