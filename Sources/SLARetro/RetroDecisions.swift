import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger
import SLARender

extension RetroSession {
    func reason(_ args: ParsedLine, for command: String) throws -> String {
        guard let reason = args.options["--reason"], !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ShellError.usage("\(command) needs --reason TEXT: every decision carries its reason")
        }
        return reason
    }

    /// The one path of every decision: plan it in the ledger (the preview shows that plan), ask when a terminal
    /// should, then record it in one transaction; the acknowledgement shows what was recorded.
    func decide(_ act: DecisionAct, subject: String?, note: String?, _ args: ParsedLine, question: ((DecisionPlan) -> String)? = nil) throws -> String {
        var request = DecisionRequest(retro: retro.id, subject: subject, current: currentItem, step: retro.step, act: act, note: note,
                                      replace: args.flags.contains("--replace"), seen: seen, author: retro.facilitator ?? "retro", at: clock.now)
        var text = ""
        let plan: DecisionPlan
        do {
            plan = try store.read { try Decide.plan(request, in: $0) }
        } catch DecisionError.alreadyDecided(let previous) where confirm != nil && !args.flags.contains("--yes") {
            text = SafeText.terminal("\(previous.agreement?.rawValue ?? previous.subject) was decided already in this retro: D-\(previous.id) \(previous.verb.rawValue)\(previous.note.map { " (\"\($0)\")" } ?? "")") + "\n"
            guard confirmed("Replace D-\(previous.id) with this decision? [y/N] ", args, showing: &text) else { return text + "not recorded\n" }
            request.replace = true
            plan = try store.read { try Decide.plan(request, in: $0) }
        } catch let error as DecisionError {
            if case .decidedElsewhere = error { seen = try store.read { try $0.newestDecisionID() } }
            throw error
        }
        text += DecisionViews.preview(plan)
        if let question, !confirmed(question(plan), args, showing: &text) { return text + "not recorded\n" }
        let outcome = try store.write { try Decide.record(request, expecting: plan, in: $0) }
        seen = max(seen, outcome.decisions.max() ?? 0)
        try reloadItems()
        return text + DecisionViews.acknowledgement(outcome)
    }

    func keep(_ args: ParsedLine) throws -> String {
        let note = args.options["--note"] ?? args.options["--reason"]
        if let snooze = args.options["--snooze"] {
            guard let n = Int(snooze), (1...26).contains(n) else { throw ShellError.usage("--snooze takes a number of sprints from 1 to 26") }
            let text = "snoozed \(n) sprint\(n == 1 ? "" : "s")" + (note.map { ": \($0)" } ?? "")
            return try decide(.snooze(sprints: n), subject: args.words.first, note: text, args)
        }
        return try decide(.keep, subject: args.words.first, note: note, args)
    }

    func acceptRisk(_ args: ParsedLine) throws -> String {
        let reason = try reason(args, for: "accept-risk")
        return try decide(.acceptRisk, subject: args.words.first, note: reason, args)
    }

    /// Asks `question` on a terminal (after printing `shown`, the change it is about); true in scripts and with --yes.
    func confirmed(_ question: String, _ args: ParsedLine, showing shown: inout String) -> Bool {
        guard let confirm, !args.flags.contains("--yes") else { return true }
        emit?(shown)
        shown = ""
        return confirm(question)
    }

    func revise(_ args: ParsedLine) throws -> String {
        var words = args.words
        let typed = words.first.flatMap { $0.contains("=") ? nil : $0 }
        if typed != nil { words.removeFirst() }
        guard !words.isEmpty else { throw ShellError.usage("revise needs FIELD=VALUE (fields: \(TermField.allCases.map(\.rawValue).joined(separator: ", ")))") }
        let reason = try reason(args, for: "revise")
        let changes = try Ledger.assignments(words)
        return try decide(.revise(changes), subject: typed, note: reason, args) { plan in
            let r = plan.revisions[0].revision
            return "Record revision \(r.number) of \(r.agreement), effective \(r.effectiveFrom)? [y/N] "
        }
    }

    func retire(_ args: ParsedLine) throws -> String {
        let reason = try reason(args, for: "retire")
        return try decide(.retire, subject: args.words.first, note: reason, args) { plan in
            if plan.revisions.isEmpty { return "Retire asset \(plan.subject) (no agreement on it), effective \(plan.effective)? [y/N] " }
            if plan.subjectKind == .asset {
                return "Retire \(plan.revisions.map(\.revision.agreement.rawValue).joined(separator: ", ")) on \(plan.subject), effective \(plan.effective)? [y/N] "
            }
            let r = plan.revisions[0].revision
            return "Retire \(r.agreement) (revision \(r.number)), effective \(r.effectiveFrom)? [y/N] "
        }
    }

    /// `undo`: takes back this retro's last standing decision; a revision restores the terms it changed.
    func undo() throws -> String {
        let outcome = try store.write { try Decide.undoLast(retro: retro.id, author: retro.facilitator ?? "retro", at: clock.now, in: $0) }
        try reloadItems()
        return DecisionViews.undone(outcome)
    }

    /// `adopt N`: the Nth ready-made intervention offered for the current team becomes an action item.
    func adopt(_ args: ParsedLine) throws -> String {
        guard let item = currentItem, let suggestions = item.numbers.first(where: { $0.0 == "suggestions" })?.1.strings, !suggestions.isEmpty else {
            throw ShellError.usage("the current item offers no ready-made actions (they appear for teams stuck at a wall in step 6)")
        }
        guard let word = args.words.first, let n = Int(word), (1...suggestions.count).contains(n) else {
            throw ShellError.usage("adopt takes the number of a suggestion, 1 to \(suggestions.count)")
        }
        var action = args
        action.words = [suggestions[n - 1]]
        return try self.action(action)
    }

    func create(_ args: ParsedLine) throws -> String {
        guard let idText = args.words.first, !idText.contains("=") else { throw ShellError.usage("create needs an id: create SLA-x kind=sla asset=A team=T objective=… target=… --reason TEXT") }
        guard Slug.isValid(idText) else { throw ShellError.usage("bad agreement id '\(idText)'") }
        let reason = try reason(args, for: "create")
        var settings: [String: String] = [:]
        for word in args.words.dropFirst() {
            guard let eq = word.firstIndex(of: "=") else { throw LedgerError.malformedAssignment(word) }
            settings[String(word[..<eq])] = String(word[word.index(after: eq)...])
        }
        // On an unpromised-dependency item (step 5) kind, asset and team come from the proposal.
        for (key, value) in proposalDefaults() where settings[key] == nil { settings[key] = value }
        guard let kind = settings.removeValue(forKey: "kind").flatMap(AgreementKind.init(rawValue:)) else { throw ShellError.usage("create needs kind=sla or kind=ola") }
        guard let asset = settings.removeValue(forKey: "asset") else { throw ShellError.usage("create needs asset=ASSET") }
        guard let team = settings.removeValue(forKey: "team") else { throw ShellError.usage("create needs team=TEAM (the consumer of an SLA, the provider of an OLA)") }
        guard let objectiveText = settings.removeValue(forKey: "objective"), let targetText = settings.removeValue(forKey: "target") else {
            throw ShellError.usage("create needs objective=… and target=…")
        }
        var terms = Terms(objective: Objective(metric: .freshness, threshold: 1), target: 0.5, timezone: sprint.timezone)
        do {
            try TermField.objective.set(objectiveText, in: &terms)
            try TermField.target.set(targetText, in: &terms)
            for (name, value) in settings.sorted(by: { $0.key < $1.key }) {
                guard let field = TermField(rawValue: name) else { throw TermFieldError.unknownField(name) }
                try field.set(value, in: &terms)
            }
        } catch let error as TermFieldError { throw LedgerError.field(error) }
        let agreement = Agreement(id: AgreementID(idText), kind: kind, asset: AssetID(asset), team: TeamID(team))
        return try decide(.create(agreement, terms), subject: idText, note: reason, args)
    }

    func action(_ args: ParsedLine) throws -> String {
        let title = args.words.joined(separator: " ")
        guard !title.isEmpty else { throw ShellError.usage("action needs a title: action \"Add a freshness alert\" --owner ben") }
        guard let owner = args.options["--owner"] else { throw ShellError.usage("action needs --owner WHO") }
        let dueText = args.options["--due"]
        let attendees = retro.attendees
        let (id, due, created, warnings): (Int64, SprintID?, [Sprint], [String]) = try store.write { ctx in
            var due: Sprint?, created: [Sprint] = []
            if let dueText {
                let resolved = try Sprints.resolveDue(dueText, current: sprint, sprints: try ctx.sprints())
                for s in resolved.created { try Sprints.add(s, in: ctx) }
                (due, created) = (resolved.sprint, resolved.created)
            }
            let warnings = try ActionWarnings.check(title: title, owner: owner, due: due, attendees: attendees, clock: clock, in: ctx)
            let id = try ctx.createAction(title: title, owner: owner, due: due?.id, item: currentItem?.id, at: clock.now)
            return (id, due?.id, created, warnings)
        }
        let t = SafeText.terminal
        var text = created.map { "sprint \($0.id) created (\($0.start) → \($0.lastDay), \($0.timezone): the cadence of the catalog)\n" }.joined()
        text += "✓ A-\(id) created: \(t(title)) — @\(t(owner))\(due.map { ", due \($0)" } ?? "")\n"
        text += warnings.map { "warning: " + t($0) + "\n" }.joined()
        return text
    }

    func close(_ verb: String, _ args: ParsedLine) throws -> String {
        guard let word = args.words.first else { throw ShellError.usage("\(verb) needs an action id, e.g. \(verb) A-14") }
        let reason = verb == "drop" ? try self.reason(args, for: "drop") : nil
        let action: ActionItem = try store.write { ctx in
            guard let action = try actionNamed(word, in: ctx) else { throw ShellError.usage("no action '\(word)'") }
            guard action.status == .open else { throw ShellError.failed("\(action.label) is already \(action.status.rawValue)") }
            try ctx.closeAction(action.id, status: verb == "done" ? .done : .dropped, reason: reason, retro: retro.id, at: clock.now)
            return action
        }
        return "✓ \(action.label) closed (\(verb == "done" ? "done" : "dropped") in \(sprint.id))\n"
    }

    func attendees(_ words: [String]) throws -> String {
        guard let verb = words.first else {
            return retro.attendees.isEmpty ? "no attendees listed\n" : "attendees: \(retro.attendees.joined(separator: ", "))\n"
        }
        let names = Array(words.dropFirst())
        guard !names.isEmpty, verb == "add" || verb == "remove" else { throw ShellError.usage("attendees add NAME… or attendees remove NAME…") }
        var list = retro.attendees
        if verb == "add" { for n in names where !list.contains(n) { list.append(n) } } else { list.removeAll { names.contains($0) } }
        try store.write { try $0.setAttendees(retro: retro.id, list) }
        retro.attendees = list
        return "attendees: \(list.isEmpty ? "none" : list.joined(separator: ", "))\n"
    }

    func history(_ typed: String?) throws -> String {
        guard let subject = typed ?? currentItem?.subjectID else { throw ShellError.usage("history needs an agreement id") }
        return try store.read { ctx in
            // An asset (an over-quality item): the history of every agreement on it.
            if try ctx.agreements().contains(where: { $0.id.rawValue == subject }) == false, try ctx.asset(AssetID(subject)) != nil {
                let overviews = try AgreementOverview.load(clock: clock, in: ctx).filter { $0.agreement.asset.rawValue == subject }
                guard !overviews.isEmpty else { return "\(subject) has no agreements\n" }
                let entries = History.entries(overviews)
                return "\(subject): the history of its \(Plural.count(overviews.count, "agreement"))\n" + HistoryViews.list(entries, single: false, format: .table)
            }
            guard let overview = try AgreementOverview.load(AgreementID(subject), clock: clock, in: ctx).first else {
                throw ShellError.usage("unknown agreement '\(subject)'" + Suggest.hint(for: subject, among: try ctx.agreements().map(\.id.rawValue)))
            }
            let entries = History.entries([overview])
            return HistoryViews.list(entries, single: true, format: .table)
                + HistoryViews.timeline(entries, decisions: try ctx.decisionRecords(subject: subject))
        }
    }

    /// `minutes [--format F] [--output FILE [--force]]`.
    func minutes(_ args: ParsedLine) throws -> String {
        let format = try MinutesFormat.parse(args.options["--format"])
        let text = MinutesViews.render(try Agenda.minutes(retro: retro.id, store: store), format: format)
        guard let output = args.options["--output"] else { return text }
        try write(text, to: output, force: args.flags.contains("--force"))
        return "✓ minutes written to \(output)\n"
    }

    /// `finish`: on a terminal, asks before closing with items nobody decided; writes the minutes and closes the retro.
    func finish(_ args: ParsedLine) throws -> String {
        let format = try MinutesFormat.parse(args.options["--format"])
        let path = args.options["--output"] ?? "minutes-\(sprint.id).\(format.rawValue)"
        // An explicit --output is never overwritten without --force (checked before anything is closed).
        if let output = args.options["--output"], !args.flags.contains("--force"), FileManager.default.fileExists(atPath: resolved(output)) {
            throw ShellError.failed("\(output) exists: add --force to overwrite it, or --output another file")
        }
        let undecided = try Agenda.minutes(retro: retro.id, store: store).undecided
        if !undecided.isEmpty {
            var shown = "\(undecided.count) item\(undecided.count == 1 ? "" : "s") without a decision: "
                + undecided.map { SafeText.terminal("\($0.step).\($0.position) \($0.subjectID)") }.joined(separator: ", ") + "\n"
            guard confirmed("Close the retro anyway? [y/N] ", ParsedLine(), showing: &shown) else { return shown + "not closed\n" }
        }
        try store.write { try $0.finishRetro(retro.id, at: clock.now) }
        retro.finishedAt = clock.now
        try write(MinutesViews.render(try Agenda.minutes(retro: retro.id, store: store), format: format), to: path, force: true)
        finished = true
        shouldQuit = true
        return "✓ retro \(sprint.id) finished · minutes written to \(path)\n"
    }

    func resolved(_ path: String) -> String { path.hasPrefix("/") ? path : (folder as NSString).appendingPathComponent(path) }

    func write(_ text: String, to path: String, force: Bool) throws {
        let full = resolved(path)
        if !force, FileManager.default.fileExists(atPath: full) {
            throw ShellError.failed("\(path) exists: add --force to overwrite it")
        }
        do { try text.write(toFile: full, atomically: true, encoding: .utf8) } catch {
            throw ShellError.failed("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
