import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger
import SLARender

/// An agenda item known by its subject, whose card is made on demand (`AgendaStepProvider.subjects`).
package struct PendingItem {
    package let kind: AgendaItem.SubjectKind
    package let subject: String
    package let card: () throws -> DraftItem

    package init(kind: AgendaItem.SubjectKind, subject: String, card: @escaping () throws -> DraftItem) {
        self.kind = kind; self.subject = subject; self.card = card
    }
}

extension AgendaStepProvider {
    /// Every item made at once (the steps whose items are few).
    package func subjects(_ context: AgendaContext) throws -> [PendingItem] {
        try items(context).map { item in PendingItem(kind: item.kind, subject: item.subject) { item } }
    }
}

/// An agenda item before it is stored: what it is about and the evidence it shows.
package struct DraftItem: Sendable {
    package var kind: AgendaItem.SubjectKind
    package var subject: String
    package var title: String
    package var lines: [String]
    package var numbers: [(String, JSONValue)]

    package init(kind: AgendaItem.SubjectKind, subject: String, title: String, lines: [String], numbers: [(String, JSONValue)] = []) {
        self.kind = kind; self.subject = subject; self.title = title; self.lines = lines; self.numbers = numbers
    }
}

/// What an agenda step provider can read: the store, the sprint, its evidence and the clock.
package struct AgendaContext {
    package let ctx: StoreContext
    package let sprint: Sprint
    package let sprints: [Sprint]
    package let evidence: SprintEvidence
    package let clock: Clock
    package let retroID: Int64
    /// The last instant of the sprint (or now, when earlier): every number on the agenda is as of then.
    package let asOf: Clock
    /// Every snooze decided in a retro, read once per agenda.
    let snoozes: [(subject: String, sprint: SprintID, sprints: Int)]
    /// What the retro is about (`--team`, `--asset`); `evidence` holds only the agreements in scope.
    package let scope: AgendaScope
    /// Consumer teams per asset, over every agreement (not only those in scope): the weight of a breach.
    let consumers: [String: Int]
    /// Every agreement as known at `asOf` (not only those in scope), loaded once per agenda.
    package let overviews: [AgreementOverview]
    /// The newest standing decision on each subject in earlier sprints' retros ("last discussed"), read once.
    let lastDecisions: [String: (SprintID, Decision)]

    init(ctx: StoreContext, sprint: Sprint, sprints: [Sprint], evidence: SprintEvidence, clock: Clock, retroID: Int64, scope: AgendaScope = .all,
         overviews: [AgreementOverview] = []) throws {
        self.ctx = ctx; self.sprint = sprint; self.sprints = sprints; self.clock = clock; self.retroID = retroID; self.scope = scope
        self.overviews = overviews
        consumers = AgendaChoice.consumers(evidence.results)
        if scope.isAll {
            self.evidence = evidence
        } else {
            let results = evidence.results.filter { scope.includes($0.overview) }
            let ids = Set(results.map(\.overview.agreement.id))
            self.evidence = SprintEvidence(sprint: evidence.sprint, results: results,
                                           incidents: evidence.incidents.filter { !ids.isDisjoint(with: $0.affects) },
                                           postmortems: evidence.postmortems, actionCounts: evidence.actionCounts)
        }
        snoozes = try ctx.snoozes()
        lastDecisions = try ctx.latestDecisions(before: sprint.start)
        let end = sprint.end.start(in: TimeZones.named(sprint.timezone) ?? TimeZones.utc)
        asOf = Clock(now: min(clock.now, end.addingTimeInterval(-1)))
    }

    /// A context without evidence, enough to ask a provider whether its step is available.
    static func minimal(_ ctx: StoreContext, sprint: Sprint, retro: Int64, clock: Clock = Clock(now: Date(timeIntervalSince1970: 0))) throws -> AgendaContext {
        try AgendaContext(ctx: ctx, sprint: sprint, sprints: [], evidence: SprintEvidence(sprint: sprint, results: [], incidents: [], postmortems: [:], actionCounts: [:]),
                          clock: clock, retroID: retro)
    }

    /// True when a retro snoozed `subject` for a number of sprints that has not run out (it comes back after).
    package func isSnoozed(_ subject: String) throws -> Bool {
        guard let current = sprints.firstIndex(of: sprint) else { return false }
        return snoozes.contains { snooze in
            guard snooze.subject == subject, let at = sprints.firstIndex(where: { $0.id == snooze.sprint }) else { return false }
            return current > at && current - at <= snooze.sprints
        }
    }

    /// True when `action` was open at the end of the sprint: raised before it ended (by a retro of an earlier
    /// sprint, or a postmortem) and not closed by then.
    func wasOpen(_ action: ActionItem) throws -> Bool {
        let end = sprint.end.start(in: TimeZones.named(sprint.timezone) ?? TimeZones.utc)
        if let item = action.originItem, let retroID = try ctx.retroOfItem(item), let retro = try ctx.retro(retroID),
           let origin = try ctx.sprint(retro.sprint) {
            guard origin.start < sprint.start else { return false }
        } else if action.createdAt >= end { return false }
        if action.status == .open { return true }
        if let closer = action.closedInRetro, let retro = try ctx.retro(closer), let closedFor = try ctx.sprint(retro.sprint) {
            return closedFor.start >= sprint.start
        }
        return (action.closedAt ?? .distantPast) >= end
    }

    /// The position of the sprint an action comes from: its retro's sprint, else the sprint it was created in.
    func originSprintIndex(_ action: ActionItem) throws -> Int? {
        if let item = action.originItem, let retroID = try ctx.retroOfItem(item), let retro = try ctx.retro(retroID) {
            return sprints.firstIndex { $0.id == retro.sprint }
        }
        let zone = TimeZones.named(sprint.timezone) ?? TimeZones.utc
        // A postmortem's action belongs to the sprint of its incident, not to the day it was imported.
        if let id = action.originPostmortem, let incident = try ctx.incident(id) {
            return Sprints.position(of: LocalDate(incident.detectedAt, in: zone), in: sprints)
        }
        return Sprints.position(of: LocalDate(action.createdAt, in: zone), in: sprints)
    }
}

/// One step of the retro agenda. Over-quality and democratization plug in as new providers.
package protocol AgendaStepProvider: Sendable {
    /// 1–8.
    var number: Int { get }
    /// The short title shown in the prompt (`SLA breaches`).
    var title: String { get }
    /// Why the step has nothing to show yet (e.g. no usage logs), or nil when it can build items.
    func unavailable(_ context: AgendaContext) throws -> String?
    /// The items of the step, in the order they are discussed.
    func items(_ context: AgendaContext) throws -> [DraftItem]
    /// The same items as subjects whose card is made only when the item is kept: a step with thousands of subjects
    /// (over-quality in a large organisation) writes the cards of the few it shows and counts the rest.
    func subjects(_ context: AgendaContext) throws -> [PendingItem]
}

/// The eight steps, in order; replacing one provider changes one step and nothing else.
package enum Agenda {
    package static let stepCount = 8

    package static let providers: [any AgendaStepProvider] = [
        FollowUpsStep(), SLABreachesStep(), OLABreachesStep(), PostmortemsStep(),
        OverQualityStep(), DemocratizationStep(),
        DueForReviewStep(), WrapUpStep(),
    ]

    /// The provider of step `n`.
    package static func provider(_ n: Int) -> any AgendaStepProvider { providers[n - 1] }

    /// The items of every available step of `sprint`'s agenda, computed as of the end of the sprint: observations
    /// and usage up to its end, the agreements in force then, decisions of retros of earlier sprints only.
    /// A retro held late (or again) builds the same agenda as one held on time.
    /// A scoped retro keeps the items about agreements, assets and teams in scope; every step shows at most
    /// `maxItems`, the most important first, and its items remember how many there were (the "N more" line).
    package static func draft(_ sprint: Sprint, sprints: [Sprint], clock: Clock, retroID: Int64, scope: AgendaScope = .all,
                              maxItems: Int = .max, in ctx: StoreContext) throws -> [(step: Int, items: [DraftItem])] {
        try build(sprint, sprints: sprints, clock: clock, retroID: retroID, scope: scope, maxItems: maxItems, in: ctx).steps
    }

    /// `draft`, with the judgements it had to compute from observations (for the writer to keep).
    package static func build(_ sprint: Sprint, sprints: [Sprint], clock: Clock, retroID: Int64, scope: AgendaScope = .all,
                              maxItems: Int = .max, in ctx: StoreContext) throws -> (steps: [(step: Int, items: [DraftItem])], fresh: [StoredCompliance]) {
        let asOf = Clock(now: min(clock.now, sprint.end.start(in: TimeZones.named(sprint.timezone) ?? TimeZones.utc).addingTimeInterval(-1)))
        // Every agreement as known at the end of the sprint, loaded once for all the steps.
        let all = try AgreementOverview.load(clock: asOf, in: ctx, known: true)
        let evidence = try Evidence.gather(sprint, clock: asOf, known: true, overviews: all, in: ctx)
        let context = try AgendaContext(ctx: ctx, sprint: sprint, sprints: sprints, evidence: evidence, clock: asOf, retroID: retroID,
                                        scope: scope, overviews: all)
        var inScope: (AgendaItem.SubjectKind, String) -> Bool = { _, _ in true }
        if !scope.isAll {
            let overviews = all.filter { scope.includes($0) }
            let agreements = Set(overviews.map(\.agreement.id.rawValue))
            let owned = try ctx.assets().filter { asset in
                scope.team != nil && asset.owner.rawValue == scope.team && (scope.asset.map { $0 == asset.id.rawValue } ?? true)
            }
            let assets = Set(overviews.map(\.agreement.asset.rawValue) + owned.map(\.id.rawValue))
            inScope = { kind, subject in
                switch kind {
                case .agreement: return agreements.contains(subject)
                case .asset: return assets.contains(subject)
                case .team: return scope.team.map { $0 == subject } ?? true
                case .incident, .action: return true
                }
            }
        }
        var steps: [(step: Int, items: [DraftItem])] = []
        for provider in providers where try provider.unavailable(context) == nil {
            let pending = try provider.subjects(context).filter { inScope($0.kind, $0.subject) }
            var items = AgendaChoice.cap(try pending.prefix(maxItems).map { try $0.card() }, total: pending.count)
            if let text = scope.text { for i in items.indices { items[i].numbers.append(("scope", .string(text))) } }
            steps.append((provider.number, items))
        }
        return (steps, evidence.fresh)
    }

    /// The minutes of retro `id`, with the agenda's steps.
    package static func minutes(retro id: Int64, store: Store) throws -> Minutes {
        try Minutes.build(retro: id, store: store) { ctx, sprint in
            providers.map { p in
                (p.number, p.title, (try? p.unavailable(try AgendaContext.minimal(ctx, sprint: sprint, retro: id))) ?? nil)
            }
        }
    }
}

/// A step that cannot be built yet; it says why and `next` moves on.
package struct NotYetAvailableStep: AgendaStepProvider {
    package let number: Int
    package let title: String
    package let reason: String
    package func unavailable(_ context: AgendaContext) throws -> String? { reason }
    package func items(_ context: AgendaContext) throws -> [DraftItem] { [] }
}

/// Step 8: the live summary; `finish` writes the minutes.
package struct WrapUpStep: AgendaStepProvider {
    package let number = 8
    package let title = "wrap-up"
    package func unavailable(_ context: AgendaContext) throws -> String? { nil }
    package func items(_ context: AgendaContext) throws -> [DraftItem] { [] }
}

/// Step 1: action items from earlier retros and postmortems that are still open, with their age.
package struct FollowUpsStep: AgendaStepProvider {
    package let number = 1
    package let title = "follow-ups"
    package func unavailable(_ context: AgendaContext) throws -> String? { nil }

    package func items(_ c: AgendaContext) throws -> [DraftItem] {
        try c.ctx.actions().filter { try c.wasOpen($0) }.map { action in
            let current = c.sprints.firstIndex(of: c.sprint) ?? 0
            let age = max(0, current - (try c.originSprintIndex(action) ?? current))
            var origin = "origin unknown"
            if let incident = action.originPostmortem {
                origin = "from the postmortem of \(incident)"
            } else if let item = action.originItem, let retroID = try c.ctx.retroOfItem(item), let retro = try c.ctx.retro(retroID) {
                origin = "from retro \(retro.sprint)" + (try c.ctx.subjectOfItem(item).map { " · on \($0)" } ?? "")
            }
            let due = action.due.map { "due \($0)" } ?? "no due sprint"
            let overdue = action.due.flatMap { due in c.sprints.first { $0.id == due } }.map { $0.end <= c.sprint.start } ?? false
            return DraftItem(kind: .action, subject: action.label,
                             title: "\(action.label)  \(action.title)",
                             lines: ["owner \(action.owner) · \(due)\(overdue ? " (overdue)" : "") · age \(age) sprint\(age == 1 ? "" : "s")", origin],
                             numbers: [("action", .int(Int(action.id))), ("owner", .string(action.owner)), ("age_sprints", .int(age)),
                                       ("due", .optional(action.due?.rawValue))])
        }
    }

}

/// Steps 2 and 3 share the evidence lines of an agreement.
enum AgreementEvidence {
    static func draft(_ r: AgreementResult, _ c: AgendaContext, extra: [String] = []) throws -> DraftItem {
        let o = r.overview, t = (o.inForce ?? o.latest).terms, comp = r.compliance
        let arrow = Self.arrow(o)
        var lines = [
            "objective   \(t.objective)\(t.objective.metric == .deliveredBy ? " \(t.timezone)" : "")   target \(Formatting.percent(t.target))   (revision \((o.inForce ?? o.latest).number), since \((o.inForce ?? o.latest).effectiveFrom))",
            "this sprint \(EvidenceViews.complianceText(comp))   burn \(EvidenceViews.burnText(comp.burn))   \(comp.status.rawValue.uppercased())   last \(r.recentBurns.count) \(EvidenceViews.sparkline(r.recentBurns))",
        ]
        if comp.segments.count > 1 {
            lines.append("split       " + comp.segments.map { "revision \($0.revision): \($0.good)/\($0.total) (target \(Formatting.percent($0.target)))" }.joined(separator: " · "))
        }
        if let cause = r.cause { lines.append("cause       " + cause.text) }
        if let gap = r.observationsEnd { lines.append("warning     " + gap.text + ": judged on fewer days than the sprint has") }
        if !comp.badDays.isEmpty { lines.append("bad days    " + comp.badDays.map(\.description).joined(separator: ", ")) }
        for incident in r.incidents {
            let ack = incident.timeToAcknowledge.map { "ack after \(Formatting.duration($0))" } ?? "not acknowledged"
            let promise = t.playbook.responseTime.map { limit in
                " (playbook \(Formatting.duration(limit)): \(incident.timeToAcknowledge.map { $0 <= limit ? "met" : "missed" } ?? "open"))"
            } ?? ""
            lines.append("incident    \(incident.id) sev\(incident.severity) \"\(incident.title)\" — \(ack)\(promise)")
        }
        var book: [String] = []
        if let rt = t.playbook.responseTime { book.append("response \(Formatting.duration(rt))") }
        if let comp = t.playbook.compensation { book.append("compensation: \(comp)") }
        if let work = t.playbook.workaround { book.append("workaround: \(work)") }
        if !book.isEmpty { lines.append("playbook    " + book.joined(separator: " · ")) }
        lines += extra
        lines.append("last discussed " + (try lastDiscussed(kind: .agreement, subject: o.agreement.id.rawValue, c) ?? "never"))
        let numbers: [(String, JSONValue)] = [
            ("status", .string(comp.status.rawValue)), ("good", .int(comp.good)), ("total", .int(comp.total)),
            ("compliance", comp.ratio.map(JSONValue.number) ?? .null), ("target", .number(t.target)),
            ("burn", comp.burn.map(JSONValue.number) ?? .null), ("last_6", .array(r.recentBurns.map { $0.map(JSONValue.number) ?? .null })),
            ("cause", r.cause.map(\.causeField) ?? .null), ("upstream", r.cause.map(\.upstreamField) ?? .null), ("incidents", .array(r.incidents.map { .string($0.id) })),
            ("revision", .int((o.inForce ?? o.latest).number)),
        ]
        return DraftItem(kind: .agreement, subject: o.agreement.id.rawValue,
                         title: "\(o.agreement.id)   \(arrow)" + (t.driver.map { "   driver \($0.rawValue)" } ?? ""),
                         lines: lines, numbers: numbers)
    }

    /// `sales_daily → Sales Analytics` for an SLA (platform to consumer), `CRM → crm_export` for an OLA (provider to platform).
    static func arrow(_ o: AgreementOverview) -> String {
        let team = o.team?.name ?? o.agreement.team.rawValue
        return o.agreement.kind == .sla ? "\(o.agreement.asset) → \(team)" : "\(team) → \(o.agreement.asset)"
    }

    /// `2026-S18: keep ("…")`, from the latest earlier decision on the subject.
    static func lastDiscussed(kind: AgendaItem.SubjectKind, subject: String, _ c: AgendaContext) throws -> String? {
        guard let (sprint, decision) = c.lastDecisions[StoreContext.latestDecisionKey(kind: kind.rawValue, subject: subject)] else { return nil }
        return "\(sprint): \(decision.verb.rawValue)" + (decision.note.map { " (\"\($0)\")" } ?? "")
    }
}

/// Step 2: SLAs breached, threatened or unmeasured in the sprint.
package struct SLABreachesStep: AgendaStepProvider {
    package let number = 2
    package let title = "SLA breaches"
    package func unavailable(_ context: AgendaContext) throws -> String? { nil }

    /// Breached first, then threatened, then unmeasured; within each, burn × consumers. SLAs breached because of the
    /// same upstream OLA (two or more) are one item, where the first of them would be, decided once on the OLA.
    package func items(_ c: AgendaContext) throws -> [DraftItem] {
        let ranked = try Self.ranked(c.evidence.results.filter { $0.overview.agreement.kind == .sla }, consumers: c.consumers)
            .filter { !(try c.isSnoozed($0.overview.agreement.id.rawValue)) }
        let byID = Dictionary(uniqueKeysWithValues: c.evidence.results.map { ($0.overview.agreement.id, $0) })
        let groups = try AgendaChoice.groups(ranked).filter { !(try c.isSnoozed($0.key.rawValue)) }
        let grouped = Set(groups.values.flatMap { $0.map(\.overview.agreement.id) })
        // A group weighs what its SLAs weigh together, so twelve small breaches with one cause come before one large one.
        let order: [BudgetStatus] = [.breached, .threatened, .unmeasured]
        var units: [(rank: Int, weight: Double, id: String, draft: () throws -> DraftItem)] = []
        for r in ranked where !grouped.contains(r.overview.agreement.id) {
            units.append((order.firstIndex(of: r.compliance.status) ?? 3, AgendaChoice.importance(r, consumers: c.consumers), r.overview.agreement.id.rawValue,
                          { try AgreementEvidence.draft(r, c) }))
        }
        for (ola, members) in groups {
            let weight = members.reduce(0) { $0 + AgendaChoice.importance($1, consumers: c.consumers) }
            units.append((members.contains { $0.compliance.status == .breached } ? 0 : 1, weight, ola.rawValue,
                          { try AgendaChoice.groupItem(cause: ola, members: members, olaResult: byID[ola], c) }))
        }
        units.sort { a, b in a.rank != b.rank ? a.rank < b.rank : a.weight != b.weight ? a.weight > b.weight : a.id < b.id }
        return try units.map { try $0.draft() }
    }

    /// Not-ok results, breached first, then threatened, then unmeasured, then those judged ok on observations that
    /// stop before the sprint ends; by burn × consumers, then id, within each.
    static func ranked(_ results: [AgreementResult], consumers: [String: Int] = [:]) -> [AgreementResult] {
        let order: [BudgetStatus] = [.breached, .threatened, .unmeasured]
        return results.filter { order.contains($0.compliance.status) || $0.observationsEnd != nil }.sorted { a, b in
            let (ia, ib) = (order.firstIndex(of: a.compliance.status) ?? 3, order.firstIndex(of: b.compliance.status) ?? 3)
            if ia != ib { return ia < ib }
            let (wa, wb) = (AgendaChoice.importance(a, consumers: consumers), AgendaChoice.importance(b, consumers: consumers))
            return wa != wb ? wa > wb : a.overview.agreement.id < b.overview.agreement.id
        }
    }
}

/// Step 3: OLAs breached, threatened or unmeasured in the sprint (ordered and worded as SLAs in step 2), and the SLAs
/// each one put at risk.
package struct OLABreachesStep: AgendaStepProvider {
    package let number = 3
    package let title = "OLA breaches"
    package func unavailable(_ context: AgendaContext) throws -> String? { nil }

    package func items(_ c: AgendaContext) throws -> [DraftItem] {
        let byID = Dictionary(uniqueKeysWithValues: c.evidence.results.map { ($0.overview.agreement.id, $0) })
        return try SLABreachesStep.ranked(c.evidence.results.filter { $0.overview.agreement.kind == .ola }, consumers: c.consumers)
            .filter { !(try c.isSnoozed($0.overview.agreement.id.rawValue)) }
            .map { r in
                let supported = r.overview.latest.terms.supports.map { sla in "\(sla) (\(byID[sla]?.compliance.status.rawValue ?? "not judged"))" }
                return try AgreementEvidence.draft(r, c, extra: supported.isEmpty ? [] : ["puts at risk " + supported.joined(separator: ", ")])
            }
    }
}

/// Step 4: the sprint's incidents — postmortem status, response compliance, action items, missing postmortems.
package struct PostmortemsStep: AgendaStepProvider {
    package let number = 4
    package let title = "postmortems"
    package func unavailable(_ context: AgendaContext) throws -> String? { nil }

    package func items(_ c: AgendaContext) throws -> [DraftItem] {
        try IncidentSummary.review(c.evidence).reviews.map { review in
            let i = review.incident
            var lines = ["detected \(LocalTime.text(i.detectedAt, zone: c.sprint.timezone)) · acknowledged \(i.timeToAcknowledge.map(Formatting.duration).map { "after \($0)" } ?? "—") · resolved \(i.timeToResolve.map(Formatting.duration).map { "after \($0)" } ?? "—")"]
            for check in review.responses {
                let verdict = check.responseTime.map { limit in "\(Formatting.duration(limit)) \(check.met.map { $0 ? "met" : "missed" } ?? "open")" } ?? "no promise"
                lines.append("response    \(check.agreement): \(verdict)")
            }
            lines.append("postmortem  \(review.postmortem.text)" + (review.openActions > 0 ? " · \(review.openActions) open action item\(review.openActions == 1 ? "" : "s")" : ""))
            if let category = i.category { lines.append("category    \(category)") }
            lines.append("last discussed " + (try AgreementEvidence.lastDiscussed(kind: .incident, subject: i.id, c) ?? "never"))
            return DraftItem(kind: .incident, subject: i.id, title: "\(i.id)  sev\(i.severity)  \(i.title)", lines: lines,
                             numbers: [("severity", .int(i.severity)), ("time_to_acknowledge", i.timeToAcknowledge.map(JSONValue.number) ?? .null),
                                       ("response_met", review.responseMet.map(JSONValue.bool) ?? .null), ("postmortem", .string(review.postmortem.text)),
                                       ("affects", .array(i.affects.map { .string($0.rawValue) }))])
        }
    }
}

/// Step 7: agreements whose last review is older than their cadence (README, Definitions: due for review).
package struct DueForReviewStep: AgendaStepProvider {
    package let number = 7
    package let title = "due for review"
    package func unavailable(_ context: AgendaContext) throws -> String? { nil }

    package func items(_ c: AgendaContext) throws -> [DraftItem] {
        let reviews = try c.ctx.lastReviews(before: c.sprint.start)
        let results = Dictionary(uniqueKeysWithValues: c.evidence.results.map { ($0.overview.agreement.id, $0) })
        let overviews = c.overviews.filter { $0.state == .active && c.scope.includes($0) }
        let statuses = Dictionary(uniqueKeysWithValues: try ReviewStatus.compute(c.sprint, sprints: c.sprints, clock: c.asOf, overviews: c.overviews, in: c.ctx)
            .map { ($0.agreement, $0) })
        var due: [(Int, DraftItem)] = []
        for o in overviews where !(try c.isSnoozed(o.agreement.id.rawValue)) {
            guard let status = statuses[o.agreement.id], status.state.isDue else { continue }
            let terms = o.latest.terms
            let age = status.sprintsSince ?? Int.max
            let lastText = reviews[o.agreement.id].map { "last reviewed in \($0)" } ?? "never reviewed in a retro; last revision \(o.latest.number) on \(o.latest.effectiveFrom)"
            var lines = ["terms       \(terms.summary)",
                         "review      every \(terms.reviewEvery == 1 ? "sprint" : "\(terms.reviewEvery) sprints") · \(lastText)" + (age == Int.max ? "" : " · \(Plural.count(age, "sprint")) ago"),
                         "state       \(status.state.rawValue)" + (status.sprintsOverdue > 0 ? " · \(status.sprintsOverdue) sprint\(status.sprintsOverdue == 1 ? "" : "s") past its cadence" : "")
                            + (SprintCadence.id(at: (c.sprints.firstIndex(of: c.sprint) ?? 0) + terms.reviewEvery, in: c.sprints).map { " · once reviewed, next due \($0)" } ?? "")]
            if let r = results[o.agreement.id] {
                lines.append("this sprint \(EvidenceViews.complianceText(r.compliance))   burn \(EvidenceViews.burnText(r.compliance.burn))   \(r.compliance.status.rawValue)   last \(r.recentBurns.count) \(EvidenceViews.sparkline(r.recentBurns))")
            }
            due.append((age, DraftItem(kind: .agreement, subject: o.agreement.id.rawValue,
                                       title: "\(o.agreement.id)   \(AgreementEvidence.arrow(o))",
                                       lines: lines, numbers: [("review_every", .int(terms.reviewEvery)), ("sprints_since_review", age == Int.max ? .null : .int(age)),
                                                               ("review_state", .string(status.state.rawValue)), ("sprints_overdue", .int(status.sprintsOverdue)),
                                                               ("review_due", .optional(status.dueSprint?.rawValue))])))
        }
        return due.sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1.subject < $1.1.subject }.map(\.1)
    }
}
