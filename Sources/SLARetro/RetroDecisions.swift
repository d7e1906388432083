import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger
import SLARender

extension RetroSession {
    /// The commands that record something: decisions, actions, attendees, and the read-outs that go with them.
    func decide(_ name: String, _ args: ParsedLine) throws -> String {
        switch name {
        case "keep": return try keep(args)
        case "revise": return try revise(args)
        case "retire": return try retire(args)
        case "create": return try create(args)
        case "accept-risk": return try acceptRisk(args)
        case "action": return try action(args)
        case "adopt": return try adopt(args)
        case "done", "drop": return try close(name, args)
        case "attendees": return try attendees(args.words)
        case "history": return try history(args.words.first)
        case "minutes": return try minutes(output: args.options["--output"])
        case "finish": return try finish(output: args.options["--output"])
        default: throw ShellError.usage("unknown command '\(name)'")
        }
    }

    /// The subject a decision is about: the id typed, else the current item's; and the agenda item to attach it to.
    func subject(_ typed: String?, needsAgreement: Bool) throws -> (AgendaItem, String) {
        let subject = typed ?? currentItem?.subjectID
        guard let subject else { throw ShellError.usage("there is no current item here: name what you decide on (e.g. keep SLA-x)") }
        if needsAgreement {
            let exists = try store.read { try $0.agreement(AgreementID(subject)) != nil }
            // An over-quality item is about an asset: a decision on it applies to the asset's one agreement.
            if !exists, let only = try activeAgreements(onAsset: subject).onlyElement {
                return (try self.subject(subject, needsAgreement: false).0, only.rawValue)
            }
            guard exists else {
                let known = try store.read { try $0.agreements().map(\.id.rawValue) }
                let here = typed == nil ? "the current item is \(subject), not an agreement: name one (e.g. revise SLA-x target=90% --reason …)" : "unknown agreement '\(subject)'" + Suggest.hint(for: subject, among: known)
                throw ShellError.usage(here)
            }
        }
        if let item = currentItem, item.subjectID == subject { return (item, subject) }
        if let onAgenda = steps.flatMap(\.items).first(where: { $0.subjectID == subject }) { return (onAgenda, subject) }
        return (try addItem(subject: subject), subject)
    }

    /// Adds an agenda item raised during the retro (a subject not on the prepared agenda) to the current step.
    func addItem(subject: String) throws -> AgendaItem {
        let kind: AgendaItem.SubjectKind = subject.uppercased().hasPrefix("A-") ? .action : .agreement
        let terms = try store.read { try $0.latestRevision(of: AgreementID(subject))?.terms.summary }
        let item = AgendaItem(id: 0, step: retro.step, position: step.items.count + 1, subjectKind: kind, subjectID: subject,
                              title: "\(subject)   (raised during the retro)", lines: terms.map { ["terms       \($0)"] } ?? [], numbers: [])
        let id = try store.write { try $0.insertItem(retro: retro.id, step: item.step, position: item.position, kind: kind, subject: subject, evidence: item.evidence) }
        var stored = item
        stored.id = id
        appendItem(stored)
        return stored
    }

    /// The agreements in force on an asset (none when `name` is not an asset).
    func activeAgreements(onAsset name: String) throws -> [AgreementID] {
        try store.read { ctx in
            try ctx.agreements().filter { $0.asset.rawValue == name }.filter { try ctx.latestRevision(of: $0.id)?.status == .active }.map(\.id)
        }
    }

    func record(_ item: AgendaItem, _ verb: DecisionVerb, note: String?, agreement: String?) throws -> Int64 {
        try store.write { try $0.recordDecision(item: item.id, verb: verb, note: note, agreement: agreement.map { AgreementID($0) }, revision: nil, at: clock.now) }
    }

    func reason(_ args: ParsedLine, for command: String) throws -> String {
        guard let reason = args.options["--reason"], !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ShellError.usage("\(command) needs --reason TEXT: every decision carries its reason")
        }
        return reason
    }

    func keep(_ args: ParsedLine) throws -> String {
        let (item, subject) = try subject(args.words.first, needsAgreement: false)
        let isAgreement = try store.read { try $0.agreement(AgreementID(subject)) != nil }
        if let snooze = args.options["--snooze"] {
            guard let n = Int(snooze), (1...26).contains(n) else { throw ShellError.usage("--snooze takes a number of sprints from 1 to 26") }
            let note = "snoozed \(n) sprint\(n == 1 ? "" : "s")" + (args.options["--note"].map { ": \($0)" } ?? "")
            let id = try store.write {
                try $0.recordDecision(item: item.id, verb: .snooze, note: note, agreement: isAgreement ? AgreementID(subject) : nil,
                                      revision: nil, snooze: n, at: clock.now)
            }
            return "✓ \(subject) kept, \(note) · decision D-\(id)\n"
        }
        let id = try record(item, .keep, note: args.options["--note"], agreement: isAgreement ? subject : nil)
        return "✓ \(subject) kept · decision D-\(id)\n"
    }

    func acceptRisk(_ args: ParsedLine) throws -> String {
        let (item, subject) = try subject(args.words.first, needsAgreement: false)
        let reason = try reason(args, for: "accept-risk")
        let isAgreement = try store.read { try $0.agreement(AgreementID(subject)) != nil }
        let id = try record(item, .acceptRisk, note: reason, agreement: isAgreement ? subject : nil)
        return "✓ risk on \(subject) accepted · decision D-\(id)\n"
    }

    /// The day a decision takes effect: the first day after the sprint, or today when the retro is later.
    func effectiveDate(for terms: Terms, after latest: Revision?) -> LocalDate {
        let today = clock.today(in: TimeZones.named(terms.timezone) ?? TimeZones.utc)
        return [sprint.end, today, latest?.effectiveFrom].compactMap { $0 }.max()!
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
        let (item, subject) = try subject(typed, needsAgreement: true)
        let reason = try reason(args, for: "revise")
        let changes = try Ledger.assignments(words)
        let id = AgreementID(subject)
        let latest = try store.read { try Ledger.current(id, in: $0) }
        guard latest.status == .active else { throw LedgerError.retired(id, on: latest.effectiveFrom) }
        var preview = latest.terms
        for (field, value) in changes {
            do { try field.set(value, in: &preview) } catch { throw LedgerError.field(error) }
        }
        guard preview != latest.terms else { throw LedgerError.noChange(id) }
        let effective = effectiveDate(for: preview, after: latest)
        var hypothetical = latest
        hypothetical.terms = preview
        let change = RevisionChange.between(latest, hypothetical)
        var text = change.fields.map { f in "  " + Formatting.pad(f.field, 11) + "\(f.old ?? "—") → \(f.new ?? "—")   (\(f.direction == .neutral ? "wording" : f.direction == .tighter ? "tighter" : "looser"))\n" }.joined()
        text += "  classified \(change.kind.rawValue)\n"
        guard confirmed("Record revision \(latest.number + 1) of \(id), effective \(effective)? [y/N] ", args, showing: &text) else { return text + "not recorded\n" }
        let (revision, decision): (Revision, Int64) = try store.write { ctx in
            let (revision, _) = try Ledger.revise(id, changes, context: context(reason: reason, effective: effective), in: ctx)
            let decision = try ctx.recordDecision(item: item.id, verb: .revise, note: reason, agreement: id, revision: revision.number, at: clock.now)
            return (revision, decision)
        }
        return text + "✓ revision \(revision.number) of \(id) recorded, effective \(revision.effectiveFrom) · decision D-\(decision)\n"
    }

    func context(reason: String, effective: LocalDate) -> ChangeContext {
        ChangeContext(reason: reason, author: retro.facilitator ?? "retro", source: "retro \(sprint.id)", effectiveFrom: effective,
                      retroID: retro.id, recordedAt: clock.now)
    }

    func retire(_ args: ParsedLine) throws -> String {
        let typed = args.words.first ?? currentItem?.subjectID
        let isAsset = try typed.map { name in try store.read { try $0.asset(AssetID(name)) != nil && $0.agreement(AgreementID(name)) == nil } } ?? false
        if let typed, isAsset, try activeAgreements(onAsset: typed).count != 1 { return try retireAsset(typed, args) }
        let (item, subject) = try subject(args.words.first, needsAgreement: true)
        let reason = try reason(args, for: "retire")
        let id = AgreementID(subject)
        let latest = try store.read { try Ledger.current(id, in: $0) }
        guard latest.status == .active else { throw LedgerError.retired(id, on: latest.effectiveFrom) }
        let effective = effectiveDate(for: latest.terms, after: latest)
        var shown = ""
        guard confirmed("Retire \(id) (revision \(latest.number + 1)), effective \(effective)? [y/N] ", args, showing: &shown) else { return "not recorded\n" }
        let (revision, decision): (Revision, Int64) = try store.write { ctx in
            let (revision, _) = try Ledger.retire(id, context: context(reason: reason, effective: effective), in: ctx)
            return (revision, try ctx.recordDecision(item: item.id, verb: .retire, note: reason, agreement: id, revision: revision.number, at: clock.now))
        }
        return "✓ \(id) retired (revision \(revision.number), effective \(revision.effectiveFrom)) · decision D-\(decision)\n"
    }

    /// Retires every agreement on an asset (an over-quality candidate), or the asset itself when nothing is promised on it.
    func retireAsset(_ name: String, _ args: ParsedLine) throws -> String {
        let (item, _) = try subject(name, needsAgreement: false)
        let reason = try reason(args, for: "retire")
        let agreements = try activeAgreements(onAsset: name)
        let effective = effectiveDate(for: Terms(objective: Objective(metric: .freshness, threshold: 1), target: 0.5, timezone: sprint.timezone), after: nil)
        var shown = ""
        let question = agreements.isEmpty ? "Retire asset \(name) (no agreement on it), effective \(effective)? [y/N] "
            : "Retire \(agreements.map(\.rawValue).joined(separator: ", ")) on \(name), effective \(effective)? [y/N] "
        guard confirmed(question, args, showing: &shown) else { return "not recorded\n" }
        return try store.write { ctx in
            guard !agreements.isEmpty else {
                guard var asset = try ctx.asset(AssetID(name)) else { throw ShellError.usage("unknown asset '\(name)'") }
                asset.retiredAt = effective
                try ctx.save(asset)
                let decision = try ctx.recordDecision(item: item.id, verb: .retire, note: reason, agreement: nil, revision: nil, at: clock.now)
                return "✓ asset \(name) retired, effective \(effective) · decision D-\(decision)\n"
            }
            var text = ""
            for id in agreements {
                let latest = try Ledger.current(id, in: ctx)
                let (revision, _) = try Ledger.retire(id, context: context(reason: reason, effective: max(effective, latest.effectiveFrom)), in: ctx)
                let decision = try ctx.recordDecision(item: item.id, verb: .retire, note: reason, agreement: id, revision: revision.number, at: clock.now)
                text += "✓ \(id) retired (revision \(revision.number), effective \(revision.effectiveFrom)) · decision D-\(decision)\n"
            }
            return text
        }
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
        let effective = effectiveDate(for: terms, after: nil)
        let item = try currentItem ?? addItem(subject: idText)
        let (_, decision): (Revision, Int64) = try store.write { ctx in
            guard try ctx.agreement(agreement.id) == nil else { throw ShellError.failed("\(idText) exists already; revise it instead") }
            guard try ctx.asset(agreement.asset) != nil else { throw ShellError.usage("unknown asset '\(asset)'" + Suggest.hint(for: asset, among: try ctx.assets().map(\.id.rawValue))) }
            guard try ctx.team(agreement.team) != nil else { throw ShellError.usage("unknown team '\(team)'" + Suggest.hint(for: team, among: try ctx.teams().map(\.id.rawValue))) }
            try Ledger.checkSupports(terms.supports, of: agreement.id, in: ctx)
            let revision = try Ledger.create(agreement, terms: terms, context: context(reason: reason, effective: effective), in: ctx)
            return (revision, try ctx.recordDecision(item: item.id, verb: .create, note: reason, agreement: agreement.id, revision: 1, at: clock.now))
        }
        return "✓ \(idText) created: \(terms.summary), effective \(effective) · decision D-\(decision)\n"
    }

    func action(_ args: ParsedLine) throws -> String {
        let title = args.words.joined(separator: " ")
        guard !title.isEmpty else { throw ShellError.usage("action needs a title: action \"Add a freshness alert\" --owner ben") }
        guard let owner = args.options["--owner"] else { throw ShellError.usage("action needs --owner WHO") }
        let due = args.options["--due"].map { SprintID($0) }
        let id: Int64 = try store.write { ctx in
            if let due, try ctx.sprint(due) == nil {
                throw ShellError.usage("unknown sprint '\(due)'" + Suggest.hint(for: due.rawValue, among: try ctx.sprints().map(\.id.rawValue)))
            }
            return try ctx.createAction(title: title, owner: owner, due: due, item: currentItem?.id, at: clock.now)
        }
        return "✓ A-\(id) created: \(title) — @\(owner)\(due.map { ", due \($0)" } ?? "")\n"
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
            guard let overview = try AgreementOverview.load(AgreementID(subject), clock: clock, in: ctx).first else {
                throw ShellError.usage("unknown agreement '\(subject)'" + Suggest.hint(for: subject, among: try ctx.agreements().map(\.id.rawValue)))
            }
            return HistoryViews.list(History.entries([overview]), single: true, format: .table)
        }
    }

    func minutes(output: String?) throws -> String {
        let text = MinutesViews.markdown(try Agenda.minutes(retro: retro.id, store: store))
        guard let output else { return text }
        try write(text, to: output)
        return "✓ minutes written to \(output)\n"
    }

    func finish(output: String?) throws -> String {
        let path = output ?? "minutes-\(sprint.id).md"
        try store.write { try $0.finishRetro(retro.id, at: clock.now) }
        retro.finishedAt = clock.now
        try write(MinutesViews.markdown(try Agenda.minutes(retro: retro.id, store: store)), to: path)
        finished = true
        shouldQuit = true
        return "✓ retro \(sprint.id) finished · minutes written to \(path)\n"
    }

    func write(_ text: String, to path: String) throws {
        let full = path.hasPrefix("/") ? path : (folder as NSString).appendingPathComponent(path)
        do { try text.write(toFile: full, atomically: true, encoding: .utf8) } catch {
            throw ShellError.failed("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
