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
}

/// The retro state machine: the agenda, the position, and the commands of SPEC §3.
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

    init(store: Store, retro: Retro, sprint: Sprint, steps: [RetroStep], clock: Clock) {
        self.store = store; self.retro = retro; self.sprint = sprint; self.steps = steps; self.clock = clock
    }

    /// Starts a retro of `sprint`: builds the agenda from the store and saves it with its evidence.
    package static func start(store: Store, sprint id: SprintID, facilitator: String?, attendees: [String], clock: Clock) throws -> RetroSession {
        let retroID: Int64 = try store.write { ctx in
            let sprints = try ctx.sprints()
            guard let sprint = sprints.first(where: { $0.id == id }) else {
                throw EvidenceError.unknownSprint(id, known: sprints.map(\.id.rawValue))
            }
            if let open = try ctx.retros().first(where: { $0.sprint == id && $0.finishedAt == nil }) {
                throw RetroError.alreadyOpen(id, retro: open.id)
            }
            let retroID = try ctx.createRetro(sprint: id, facilitator: facilitator, attendees: attendees, at: clock.now)
            let evidence = try Evidence.gather(sprint, clock: clock, in: ctx)
            let context = try AgendaContext(ctx: ctx, sprint: sprint, sprints: sprints, evidence: evidence, clock: clock, retroID: retroID)
            for provider in Agenda.providers where try provider.unavailable(context) == nil {
                for (i, draft) in try provider.items(context).enumerated() {
                    let evidence = JSONValue.object([("title", .string(draft.title)), ("lines", .array(draft.lines.map(JSONValue.string))),
                                                     ("numbers", .object(draft.numbers))])
                    _ = try ctx.insertItem(retro: retroID, step: provider.number, position: i + 1, kind: draft.kind, subject: draft.subject, evidence: evidence)
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
            return RetroSession(store: store, retro: retro, sprint: sprint, steps: steps, clock: clock)
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
        var text = "Retro \(sprint.id) (\(sprint.start) → \(sprint.lastDay), \(sprint.timezone)) · facilitator \(retro.facilitator ?? "—") · \(people)\n"
        let parts = steps.map { s -> String in
            if s.number == 8 { return "8 wrap-up" }
            return "\(s.number) \(s.title) (\(s.unavailable == nil ? String(s.items.count) : "n/a"))"
        }
        text += "Agenda: " + parts.prefix(4).joined(separator: " · ") + "\n"
        text += "        " + parts.dropFirst(4).joined(separator: " · ") + "\n"
        return text
    }

    /// The heading of the current step and the current item with its evidence.
    package func render() throws -> String {
        let s = step
        let right = s.items.isEmpty ? "" : " item \(retro.item)/\(s.items.count) ──"
        let left = "── \(s.number)/\(Agenda.stepCount) \(s.title.prefix(1).uppercased() + s.title.dropFirst()) "
        let fill = max(2, width - left.count - right.count)
        var text = "\n" + left + String(repeating: "─", count: fill) + right + "\n"
        if s.number == 8 { return text + (try wrapUp()) }
        if let why = s.unavailable { return text + "\(why)\n" }
        guard let item = currentItem else { return text + "nothing to discuss in this step; 'next' moves on\n" }
        text += item.title + "\n" + item.lines.map { "  " + $0 + "\n" }.joined()
        let decided = try store.read { ctx in try ctx.decisions(retro: retro.id).filter { $0.itemID == item.id } }
        for d in decided { text += "  decided     D-\(d.id) \(d.verb.rawValue)\(d.revision.map { " → revision \($0)" } ?? "")\(d.note.map { ": \($0)" } ?? "")\n" }
        return text
    }

    /// Step 8: what was decided and which actions were created or closed.
    func wrapUp() throws -> String {
        let minutes = try Agenda.minutes(retro: retro.id, store: store)
        var text = "\(minutes.decisions.count) decision\(minutes.decisions.count == 1 ? "" : "s"), \(minutes.newActions.count) new action item\(minutes.newActions.count == 1 ? "" : "s"), \(minutes.closedActions.count) closed\n"
        for d in minutes.decisions { text += "  D-\(d.id)  \(d.subject)  \(d.verb)" + (d.change.isEmpty ? "" : "  \(d.change)") + "\n" }
        for a in minutes.newActions { text += "  \(a.label)  \(a.title) — @\(a.owner)\(a.due.map { ", due \($0)" } ?? "") (new)\n" }
        for a in minutes.closedActions { text += "  \(a.label)  \(a.title) — \(a.status.rawValue)\n" }
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
        if command.name == "sql" {
            return QueryViews.render(try store.query(String(trimmed.dropFirst(first.count)).trimmingCharacters(in: .whitespaces)), format: .table)
        }
        if command.name == "note" {
            let text = String(trimmed.dropFirst(first.count)).trimmingCharacters(in: .whitespaces)
            return try note(text.hasPrefix("\"") && text.hasSuffix("\"") && text.count > 1 ? String(text.dropFirst().dropLast()) : text)
        }
        let args = try ParsedLine.parse(Array(words.dropFirst()))
        switch command.name {
        case "next": return try next()
        case "back": return try back()
        case "skip": return try skipStep()
        case "goto": return try goto(args.words)
        case "show": return try show(args.words.first)
        case "agenda": return try agenda()
        case "help":
            guard let name = args.words.first else { return ShellCommand.helpText }
            guard let c = ShellCommand.named(name) else { throw ShellError.usage("no command '\(name)'" + Suggest.hint(for: name, among: ShellCommand.all.map(\.name))) }
            return c.detail
        case "quit":
            shouldQuit = true
            return "saved; continue with 'slaretro retro resume \(retro.id)'\n"
        default:
            return try decide(command.name, args)
        }
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
                throw ShellError.usage("step \(s) has \(steps[s - 1].items.count) items")
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

    func agenda() throws -> String {
        let decisions = try store.read { try $0.decisions(retro: retro.id) }
        var text = ""
        for s in steps {
            let here = s.number == retro.step ? " ◀" : ""
            text += "\(s.number). \(s.title)" + (s.unavailable.map { " — \($0)" } ?? (s.number == 8 ? "" : " (\(s.items.count))")) + here + "\n"
            for (i, item) in s.items.enumerated() {
                let verbs = decisions.filter { $0.itemID == item.id }.map(\.verb.rawValue)
                let mark = s.number == retro.step && i + 1 == retro.item ? "▶" : " "
                text += "   \(mark) \(s.number).\(i + 1) \(item.subjectID)" + (verbs.isEmpty ? "" : "  [\(verbs.joined(separator: ", "))]") + "\n"
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
            if let incident = try ctx.incident(id) {
                return "\(incident.id)  sev\(incident.severity)  \(incident.title)\n  detected \(Clock.iso(incident.detectedAt)) · affects \(incident.affects.map(\.rawValue).joined(separator: ", "))\n"
            }
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
