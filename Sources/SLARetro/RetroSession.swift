import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger
import SLARender


/// One step of a running retro: its provider's title and the stored items.
package struct RetroStep: Sendable {
    package let number: Int
    package let title: String
    package let unavailable: String?
    package var items: [AgendaItem]

    /// How many items the step had before it was capped (the items remember it), at least those shown.
    package var total: Int {
        let stored = items.compactMap { item in item.numbers.first { $0.0 == "step_total" }?.1.double.map { Int($0) } }.max() ?? 0
        return max(stored, items.count)
    }
}

/// The retro state machine: the agenda, the position, and the shell's commands.
///
/// Every command that changes something commits its own transaction before it returns, so a
/// kill at any moment loses nothing acknowledged; the position is saved on every move.
package final class RetroSession {
    package let store: Store
    package let clock: Clock
    package internal(set) var retro: Retro
    package let sprint: Sprint
    package internal(set) var steps: [RetroStep]
    /// Columns for headings (`COLUMNS`, default 80).
    package var width = 80
    /// Asks "[y/N]" before a revision; nil in scripts, which never prompt.
    package var confirm: ((String) -> Bool)?
    /// Prints text at once (the before → after a confirmation question refers to); output is returned otherwise.
    package var emit: ((String) -> Void)?
    /// Folder where `finish` writes the minutes.
    package var folder = "."
    package internal(set) var finished = false
    /// The newest decision this shell has seen (shown or made): a decision another session made on the same
    /// subject after it is refused rather than silently stacked (two writers).
    package internal(set) var seen: Int64 = 0

    init(store: Store, retro: Retro, sprint: Sprint, steps: [RetroStep], clock: Clock) {
        self.store = store; self.retro = retro; self.sprint = sprint; self.steps = steps; self.clock = clock
    }

    /// Starts a retro of `sprint`: builds the agenda from the store in one read transaction, then saves the retro and
    /// every item with its evidence in one write transaction. A sprint whose retro was finished already needs `again`
    /// (a terminal asks first). `scope` narrows the agenda to a team or an asset; each step keeps `maxItems` items.
    package static func start(store: Store, sprint id: SprintID, facilitator: String?, attendees: [String], clock: Clock, again: Bool = false,
                              scope: AgendaScope = .all, maxItems: Int = .max) throws -> RetroSession {
        guard maxItems >= 1 else { throw AgendaScopeError.badMaxItems(maxItems) }
        func check(_ ctx: StoreContext) throws {
            if let open = try ctx.retros().first(where: { $0.sprint == id && $0.finishedAt == nil }) {
                throw RetroError.alreadyOpen(id, retro: open.id)
            }
            if !again, let done = try ctx.retros().last(where: { $0.sprint == id && $0.finishedAt != nil }) {
                throw RetroStartError.finishedBefore(id, retro: done.id)
            }
        }
        let (drafts, fresh) = try store.read { ctx in
            let sprints = try ctx.sprints()
            guard let sprint = sprints.first(where: { $0.id == id }) else {
                throw EvidenceError.unknownSprint(id, known: sprints.map(\.id.rawValue))
            }
            let scope = try scope.resolved(in: ctx)
            try check(ctx)
            return try Agenda.build(sprint, sprints: sprints, clock: clock, retroID: 0, scope: scope, maxItems: maxItems, in: ctx)
        }
        let retroID: Int64 = try store.write { ctx in
            try check(ctx)
            try ctx.saveComplianceSummaries(fresh)
            try ctx.keepTeamUsage()
            let retroID = try ctx.createRetro(sprint: id, facilitator: facilitator, attendees: attendees, at: clock.now)
            for (step, items) in drafts {
                for (i, draft) in items.enumerated() {
                    let evidence = JSONValue.object([("title", .string(draft.title)), ("lines", .array(draft.lines.map(JSONValue.string))),
                                                     ("numbers", .object(draft.numbers))])
                    _ = try ctx.insertItem(retro: retroID, step: step, position: i + 1, kind: draft.kind, subject: draft.subject, evidence: evidence)
                }
            }
            return retroID
        }
        return try resume(store: store, retro: retroID, clock: clock)
    }

    /// Reopens a retro where it stopped (the open one when `id` is nil).
    package static func resume(store: Store, retro id: Int64?, clock: Clock) throws -> RetroSession {
        try store.read { ctx in
            let retro: Retro
            if let id {
                guard let found = try ctx.retro(id) else { throw RetroError.unknownRetro(id) }
                retro = found
            } else {
                let open = try ctx.retros().filter { $0.finishedAt == nil }
                guard let only = open.first else { throw RetroError.noOpenRetro }
                guard open.count == 1 else { throw RetroError.severalOpen(open.map(\.id)) }
                retro = only
            }
            if retro.finishedAt != nil { throw RetroError.finished(retro.id, retro.sprint) }
            guard let sprint = try ctx.sprint(retro.sprint) else { throw RetroError.unknownRetro(retro.id) }
            let items = Dictionary(grouping: try ctx.items(retro: retro.id), by: \.step)
            let evidenceContext = try AgendaContext.minimal(ctx, sprint: sprint, retro: retro.id, clock: clock)
            let steps = try Agenda.providers.map { p in
                RetroStep(number: p.number, title: p.title, unavailable: try p.unavailable(evidenceContext), items: items[p.number] ?? [])
            }
            let session = RetroSession(store: store, retro: retro, sprint: sprint, steps: steps, clock: clock)
            session.seen = try ctx.newestDecisionID()
            return session
        }
    }

    // MARK: - Position

    package var step: RetroStep { steps[retro.step - 1] }
    package var currentItem: AgendaItem? {
        let items = step.items
        return retro.item >= 1 && retro.item <= items.count ? items[retro.item - 1] : nil
    }

    /// `2026-S23 [2/8 SLA breaches 1/3]> `.
    package var prompt: String {
        let position = step.items.isEmpty ? "" : " \(retro.item)/\(step.items.count)"
        return "\(sprint.id) [\(retro.step)/\(Agenda.stepCount) \(step.title)\(position)]> "
    }

    func move(step: Int, item: Int) throws {
        retro.step = step
        retro.item = item
        try store.write { try $0.setPosition(retro: retro.id, step: step, item: item) }
    }

    /// The opening banner: the sprint, who is here, the agenda with counts.
    package func banner() -> String {
        let people = retro.attendees.isEmpty ? "no attendees listed" : "\(retro.attendees.count) attendee\(retro.attendees.count == 1 ? "" : "s") (\(retro.attendees.joined(separator: ", ")))"
        let scope = steps.lazy.flatMap(\.items).compactMap { item in item.numbers.first { $0.0 == "scope" }?.1.string }.first
        let text = "Retro \(sprint.id)\(scope.map { " (\($0))" } ?? "") (\(sprint.start) → \(sprint.lastDay), \(sprint.timezone)) · facilitator \(retro.facilitator ?? "—") · \(people)\n"
        let parts = steps.map { s -> String in
            if s.number == 8 { return "8 wrap-up" }
            return "\(s.number) \(s.title) (\(s.unavailable == nil ? (s.total > s.items.count ? "\(s.items.count) of \(s.total)" : String(s.items.count)) : "n/a"))"
        }
        // The steps packed into lines at `·`, never broken inside a step (four a line from 80 columns, as before).
        var lines: [String] = [], line = "Agenda:"
        let indent = "       "
        for (i, part) in parts.enumerated() {
            let fresh = line == "Agenda:" || line == indent
            let candidate = line + (fresh ? " " : " · ") + part
            if !fresh && ((i == 4 && lines.isEmpty && width >= 80) || DisplayWidth.of(candidate) > width) {
                lines.append(line); line = indent + " " + part
            } else {
                line = candidate
            }
        }
        lines.append(line)
        return fit(text) + lines.map { $0 + "\n" }.joined()
    }

    /// Shell output fitted to the terminal: every line wrapped at word boundaries to `width` display columns.
    package func fit(_ text: String) -> String { DisplayWidth.wrapBlock(text, width: width) }

    /// The heading of the current step and the current item with its evidence.
    package func render() throws -> String {
        let s = step
        let right = s.items.isEmpty ? "" : " item \(retro.item)/\(s.items.count) ──"
        let left = "── \(s.number)/\(Agenda.stepCount) \(s.title.prefix(1).uppercased() + s.title.dropFirst()) "
        let fill = max(2, width - left.count - right.count)
        var text = "\n" + left + String(repeating: "─", count: fill) + right + "\n"
        if s.number == 8 { return text + (try wrapUp()) }
        if let why = s.unavailable { return text + "\(why)\n" }
        if s.number == 7 { text += reviewDebt(s.items) }
        guard let item = currentItem else { return text + "nothing to discuss in this step; 'next' moves on\n" }
        text += item.title + "\n" + item.lines.map { "  " + $0 + "\n" }.joined()
        if retro.item == s.items.count, let more = AgendaChoice.moreLine(step: s.number, shown: s.items.count, total: s.total, sprint: sprint.id) {
            text += "  " + more + "\n"
        }
        let (decided, now, newest) = try store.read { ctx in
            let standing = try ctx.decisionRecords(retro: retro.id, subject: item.subjectID).filter(\.isLive)
            let revised = Set(standing.compactMap { $0.revision == nil ? nil : $0.agreement })
            return (standing, try revised.sorted().compactMap { try ctx.latestRevision(of: $0) }, try ctx.newestDecisionID())
        }
        seen = max(seen, newest)
        for d in decided {
            let elsewhere = d.itemID == item.id ? "" : " (on \(d.step).\(steps[d.step - 1].items.firstIndex { $0.id == d.itemID }.map { String($0 + 1) } ?? "?"))"
            text += SafeText.terminal("  decided     D-\(d.id) \(d.verb.rawValue)\(elsewhere)\(d.revision.map { " → revision \($0)" } ?? "")\(d.note.map { ": \($0)" } ?? "")") + "\n"
        }
        for r in now { text += SafeText.terminal("  now         \(r.agreement) revision \(r.number): " + (r.status == .retired ? "retired" : r.terms.summary)) + "\n" }
        if item.subjectKind == .action, let action = try store.read({ try closedActions($0)[item.subjectID] }) {
            text += SafeText.terminal("  closed      \(action.label) \(action.status.rawValue) in this retro" + (action.reason.map { ": \($0)" } ?? "")) + "\n"
        }
        return text + (try itemExtras(item))
    }

    /// `review debt: 7 agreements, 19 sprints past their cadence`, from the numbers stored with the step-7 items.
    func reviewDebt(_ items: [AgendaItem]) -> String {
        let overdue = items.compactMap { item in item.numbers.first { $0.0 == "sprints_overdue" }?.1.double.map { Int($0) } }
        guard !overdue.isEmpty else { return "" }
        let total = overdue.reduce(0, +)
        return "review debt: \(overdue.count) agreement\(overdue.count == 1 ? "" : "s"), \(total) sprint\(total == 1 ? "" : "s") past their cadence\n"
    }

    /// Step 8: what was decided and which actions were created or closed.
    func wrapUp() throws -> String {
        let minutes = try Agenda.minutes(retro: retro.id, store: store)
        var text = "\(minutes.decisions.count) decision\(minutes.decisions.count == 1 ? "" : "s"), \(minutes.newActions.count) new action item\(minutes.newActions.count == 1 ? "" : "s"), \(minutes.closedActions.count) closed\n"
        let t = SafeText.terminal
        for d in minutes.decisions { text += "  D-\(d.id)  \(t(d.subject))  \(d.verb)" + (d.change.isEmpty ? "" : "  \(t(d.change))") + "\n" }
        for a in minutes.newActions { text += "  \(a.label)  \(t(a.title)) — @\(t(a.owner))\(a.due.map { ", due \($0)" } ?? "") (new)\n" }
        for a in minutes.closedActions { text += "  \(a.label)  \(t(a.title)) — \(a.status.rawValue)\n" }
        if !minutes.undecided.isEmpty {
            text += "\(minutes.undecided.count) item\(minutes.undecided.count == 1 ? "" : "s") without a decision: "
                + minutes.undecided.map { "\($0.step).\($0.position) \($0.subjectID)" }.joined(separator: ", ") + "\n"
        }
        return text + "'finish' writes the minutes and closes the retro\n"
    }

    // MARK: - Commands

    /// Runs one typed line and returns what to print; `quit` and `finish` set `finished`/`shouldQuit`.
    package internal(set) var shouldQuit = false

    package func execute(_ line: String) throws -> String {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return "" }
        let words = try ParsedLine.split(trimmed)
        guard let first = words.first else { return "" }
        guard let command = ShellCommand.named(first) else {
            throw ShellError.usage("unknown command '\(first)'" + Suggest.hint(for: first, among: ShellCommand.all.map(\.name), otherwise: " (type 'help')"))
        }
        let rest = String(trimmed.dropFirst(first.count)).trimmingCharacters(in: .whitespaces)
        return try command.run(self, ShellInput(rest: rest, words: Array(words.dropFirst())))
    }

    func quit() -> String {
        shouldQuit = true
        return "saved; continue with 'slaretro retro resume \(retro.id)'\n"
    }

    /// Reads the agenda items again after a write (a decision may have added one).
    func reloadItems() throws {
        let items = Dictionary(grouping: try store.read { try $0.items(retro: retro.id) }, by: \.step)
        for i in steps.indices { steps[i].items = items[steps[i].number] ?? [] }
    }

    func next() throws -> String {
        if retro.item < step.items.count { try move(step: retro.step, item: retro.item + 1) }
        else if retro.step < Agenda.stepCount { try move(step: retro.step + 1, item: 1) }
        else { return "this is the last step: 'finish' writes the minutes\n" }
        return try render()
    }

    func back() throws -> String {
        if retro.item > 1 { try move(step: retro.step, item: retro.item - 1) }
        else if retro.step > 1 { try move(step: retro.step - 1, item: max(1, steps[retro.step - 2].items.count)) }
        else { return "this is the first item\n" }
        return try render()
    }

    func skipStep() throws -> String {
        guard retro.step < Agenda.stepCount else { return "this is the last step: 'finish' writes the minutes\n" }
        try move(step: retro.step + 1, item: 1)
        return try render()
    }

    func goto(_ words: [String]) throws -> String {
        guard let target = words.first else { throw ShellError.usage("goto needs a step (3), an item (2.3) or an id") }
        let parts = target.split(separator: ".").map { Int($0) }
        if let s = parts.first ?? nil, (1...Agenda.stepCount).contains(s) {
            let i = parts.count > 1 ? (parts[1] ?? 1) : 1
            guard parts.count == 1 || (1...max(1, steps[s - 1].items.count)).contains(i) else {
                throw ShellError.usage("step \(s) has \(Plural.count(steps[s - 1].items.count, "item"))")
            }
            try move(step: s, item: i)
            return try render()
        }
        for s in steps {
            if let i = s.items.firstIndex(where: { $0.subjectID == target }) {
                try move(step: s.number, item: i + 1)
                return try render()
            }
        }
        throw ShellError.usage("'\(target)' is not a step (1–8), an item (2.3) or the subject of an item on this agenda")
    }

    /// The actions closed (done or dropped) in this retro, by label.
    private func closedActions(_ ctx: StoreContext) throws -> [String: ActionItem] {
        Dictionary(try ctx.actions().filter { $0.closedInRetro == retro.id }.map { ($0.label, $0) }, uniquingKeysWith: { a, _ in a })
    }

    func agenda() throws -> String {
        let (decisions, closed) = try store.read { ctx in (try ctx.decisions(retro: retro.id), try closedActions(ctx)) }
        var text = ""
        for s in steps {
            let here = s.number == retro.step ? " ◀" : ""
            text += "\(s.number). \(s.title)" + (s.unavailable.map { " — \($0)" } ?? (s.number == 8 ? "" : " (\(s.total > s.items.count ? "\(s.items.count) of \(s.total)" : String(s.items.count)))")) + here + "\n"
            for (i, item) in s.items.enumerated() {
                let verbs = decisions.filter { $0.itemID == item.id }.map(\.verb.rawValue)
                    + (item.subjectKind == .action ? closed[item.subjectID].map { [$0.status.rawValue] } ?? [] : [])
                let mark = s.number == retro.step && i + 1 == retro.item ? "▶" : " "
                text += "   \(mark) \(s.number).\(i + 1) \(item.subjectID)" + (verbs.isEmpty ? "" : "  [\(verbs.joined(separator: ", "))]") + "\n"
            }
            if let more = AgendaChoice.moreLine(step: s.number, shown: s.items.count, total: s.total, sprint: sprint.id) {
                text += "     " + more + "\n"
            }
        }
        return text
    }

    func note(_ text: String) throws -> String {
        guard !text.isEmpty else { throw ShellError.usage("note needs a text") }
        try store.write { try $0.addNote(retro: retro.id, item: currentItem?.id, text: text, at: clock.now) }
        return "✓ noted\n"
    }

    func show(_ id: String?) throws -> String {
        guard let id else { return try render() }
        return try store.read { ctx in
            if let overview = try AgreementOverview.load(AgreementID(id), clock: clock, in: ctx).first {
                return AgreementViews.show(overview, format: .table)
            }
            if let incident = try ctx.incident(id) { return try showIncident(incident, in: ctx) }
            if let action = try actionNamed(id, in: ctx) {
                return "\(action.label)  \(action.title)\n  owner \(action.owner) · \(action.status.rawValue)\(action.due.map { " · due \($0)" } ?? "")\n"
            }
            throw ShellError.usage("nothing called '\(id)'" + Suggest.hint(for: id, among: try ctx.agreements().map(\.id.rawValue)))
        }
    }

    func appendItem(_ item: AgendaItem) { steps[item.step - 1].items.append(item) }

    func actionNamed(_ word: String, in ctx: StoreContext) throws -> ActionItem? {
        let digits = word.uppercased().hasPrefix("A-") ? String(word.dropFirst(2)) : word
        return try Int64(digits).flatMap { try ctx.action($0) }
    }
}

/// Why a retro was not started.
package enum RetroStartError: Error, Equatable, CustomStringConvertible {
    case finishedBefore(SprintID, retro: Int64)

    package var description: String {
        switch self {
        case .finishedBefore(let sprint, let id):
            return "the retro of \(sprint) was held already (retro \(id), finished; its minutes: slaretro minutes \(id)): add --again to hold another"
        }
    }
}
