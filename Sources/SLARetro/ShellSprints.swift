import Foundation
import SLAModel
import SLAStore
import SLALedger
import SLARender

extension RetroSession {
    /// `sprint [list]`, `sprint add` (the next sprint of the catalog's cadence), `sprint add ID --start D --end D [--timezone Z]`.
    func sprintCommand(_ args: ParsedLine) throws -> String {
        let verb = args.words.first ?? "list"
        switch verb {
        case "list":
            let sprints = try store.read { try $0.sprints() }
            return SprintViews.listing(sprints).render(.table, width: width)
        case "add":
            let sprint: Sprint = try store.write { ctx in
                let sprints = try ctx.sprints()
                let new: Sprint
                if args.options["--start"] == nil && args.options["--end"] == nil {
                    guard let last = sprints.last else { throw ShellError.usage("the first sprint needs --start and --end") }
                    new = Sprints.following(last)
                    if let id = args.words.dropFirst().first, id != new.id.rawValue {
                        throw ShellError.usage("the sprint after \(last.id) is \(new.id) by the catalog's cadence; give --start and --end for \(id)")
                    }
                } else {
                    guard let id = args.words.dropFirst().first, let start = args.options["--start"], let end = args.options["--end"] else {
                        throw ShellError.usage("sprint add ID --start YYYY-MM-DD --end YYYY-MM-DD [--timezone ZONE]")
                    }
                    new = try Sprints.make(id: id, start: start, end: end, timezone: args.options["--timezone"] ?? sprints.last?.timezone ?? "UTC")
                }
                try Sprints.add(new, in: ctx)
                return new
            }
            return "✓ added sprint \(sprint.id): \(sprint.start) → \(sprint.end) (last day \(sprint.lastDay), \(sprint.timezone))\n"
        default:
            throw ShellError.usage("sprint takes list or add" + Suggest.hint(for: verb, among: ["list", "add"]))
        }
    }
}

/// What `help COMMAND` adds to the table line: the fields or values the command takes and one example.
enum ShellHelp {
    static let details: [String: (takes: [String], example: String)] = [
        "next": ([], "next"),
        "back": ([], "back"),
        "skip": ([], "skip"),
        "goto": (["STEP     1–8 (1 follow-ups … 8 wrap-up)", "ITEM     STEP.N, e.g. 2.3", "ID       the subject of an item: an agreement, asset, incident or team"], "goto 2.3"),
        "show": (["ID       an agreement, an incident (INC-41) or an action (A-6); none: the current item"], "show INC-41"),
        "agenda": ([], "agenda"),
        "note": (["TEXT     the rest of the line, quotes optional"], "note \"the CRM team owns the fix\""),
        "keep": (["--snooze N    keep it off the agenda for N sprints", "--reason TEXT why (--note works too)", "--replace     replace this retro's decision on it"], "keep --snooze 2 --reason \"fix is scheduled\""),
        "revise": (["objective  e.g. freshness<=2h, completeness>=99%", "target     a percentage, e.g. 95%", "window     e.g. 28d",
                    "review_every  sprints between reviews", "other fields: see 'slaretro agreements show ID'", "--reason TEXT  required; --yes skips the question"],
                   "revise target=95% --reason \"two breaches a sprint is the norm\""),
        "retire": (["--reason TEXT  required; --yes skips the question"], "retire --reason \"nobody reads it\""),
        "create": (["kind     sla or ola", "asset    the asset it is about", "team     the consumer (SLA) or provider (OLA)", "objective, target  as for revise", "--reason TEXT  required"],
                   "create SLA-x kind=sla asset=sales_daily team=sales objective=freshness<=6h target=95% --reason \"new consumer\""),
        "accept-risk": (["--reason TEXT  required"], "accept-risk --reason \"one-off migration\""),
        "undo": ([], "undo"),
        "action": (["--owner WHO   who does it (an attendee, else a warning)", "--due WHEN    next, +N (sprints after this one), a sprint id or a date YYYY-MM-DD; sprints after the catalog's last follow its cadence and are created when needed"],
                   "action \"Alert on the CRM export\" --owner ben --due next"),
        "adopt": (["N        the number of a suggestion on the current team's item (step 6)", "--owner WHO, --due WHEN  as for action"], "adopt 1 --owner ana --due +2"),
        "done": (["ACTION   A-N"], "done A-6"),
        "drop": (["ACTION   A-N", "--reason TEXT  required"], "drop A-7 --reason \"replaced by A-2\""),
        "attendees": (["add NAME…, remove NAME…; none: the list"], "attendees add chen"),
        "history": (["ID       an agreement, or an asset (the history of its agreements); none: the current item"], "history SLA-sales-daily-freshness"),
        "sql": (["SELECT…  one read-only statement"], "sql SELECT id, owner FROM action_items"),
        "minutes": (["--format md|json|html", "--output FILE  write instead of print; --force overwrites"], "minutes --format json"),
        "finish": (["--format md|json|html", "--output FILE  default minutes-SPRINT.md; --force overwrites"], "finish"),
        "sprint": (["list     the sprints", "add      the next sprint of the catalog's cadence", "add ID --start DATE --end DATE [--timezone ZONE]  any sprint (--end is exclusive)"],
                   "sprint add"),
        "help": (["COMMAND  a command or alias"], "help action"),
        "quit": ([], "quit"),
    ]
}
