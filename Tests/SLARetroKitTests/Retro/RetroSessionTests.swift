import Foundation
import Testing
@testable import SLAModel
@testable import SLAStore
@testable import SLAEvaluate
@testable import SLALedger
@testable import SLAImport
@testable import SLARender
@testable import SLARetro
@testable import SLADemo

@Suite("retro shell")
struct RetroSessionTests {
    static let clock = Clock(now: Demo.defaultNow)

    func demo() throws -> (Store, RetroSession) {
        let store = try Fixture.demoStore()
        let session = try Demo.startRetro(store, clock: Self.clock)
        session.folder = FileManager.default.temporaryDirectory.path
        return (store, session)
    }

    /// Runs script lines and returns (exit code, output, errors).
    func run(_ session: RetroSession, _ script: String, keepGoing: Bool = false) -> (Int32, String, String) {
        var source = ScriptLines(script)
        var out = "", err = ""
        let code = ShellLoop(script: true, keepGoing: keepGoing).run(session, source: &source, out: { out += $0 }, err: { err += $0 })
        return (code, out, err)
    }

    @Test("the agenda has eight steps, built from the store")
    func agenda() throws {
        let (_, session) = try demo()
        #expect(session.steps.map(\.title) == ["follow-ups", "SLA breaches", "OLA breaches", "postmortems", "over-quality",
                                              "democratization", "due for review", "wrap-up"])
        #expect(session.steps[1].items.map(\.subjectID) == ["SLA-sales-daily-freshness", "SLA-invoices-api-latency", "SLA-marketing-attribution-accuracy"])
        #expect(session.steps[4].items.map(\.subjectID) == ["events_stream", "customer_360", "churn_weekly", "partner_feed", "campaign_dashboard",
                                                     "SLA-finance-ledger-delivery", "SLA-customer-360-freshness", "SLA-customer-360-freshness",
                                                     "SLA-sales-daily-freshness", "sales_daily"])
        #expect(session.steps[5].items.map(\.subjectID) == ["data-platform", "finance", "growth", "partnerships", "sales-analytics"])
        #expect(session.prompt == "2026-S23 [1/8 follow-ups 1/4]> ")
        _ = try session.execute("goto 5")
        #expect(session.prompt == "2026-S23 [5/8 over-quality 1/10]> ")
    }

    @Test("without usage logs the usage steps say so, and next moves on")
    func withoutUsage() throws {
        let store = try Fixture.storeWithCatalog()
        let session = try RetroSession.start(store: store, sprint: SprintID("2026-S22"), facilitator: nil, attendees: [], clock: Self.clock)
        #expect(session.steps[4].unavailable == "not available yet — import usage logs")
        _ = try session.execute("goto 5")
        #expect(session.prompt == "2026-S22 [5/8 over-quality]> ")
        #expect(try session.execute("next").contains("not available yet — import usage logs"))
        #expect(session.prompt == "2026-S22 [6/8 democratization]> ")
    }

    @Test("a revision decided in the retro links to the retro and keeps the evidence that was on screen")
    func revise() throws {
        let (store, session) = try demo()
        _ = try session.execute("goto SLA-sales-daily-freshness")
        let out = try session.execute("revise target=90% --reason \"Sales needs 9 mornings in 10\"")
        #expect(out.contains("target     95 % → 90 %   (looser)") && out.contains("✓ revision 4 of SLA-sales-daily-freshness recorded, effective 2026-11-24"))
        let overview = try store.read { try AgreementOverview.load(AgreementID("SLA-sales-daily-freshness"), clock: Self.clock, in: $0) }[0]
        let entry = try #require(History.entries([overview]).last)
        #expect(entry.retro == SprintID("2026-S23") && entry.change.kind == .loosened)
        #expect(entry.evidence?["numbers"]?["burn"]?.double.map { String(format: "%.2f", $0) } == "4.29")
        #expect(HistoryViews.list([entry], single: true, format: .table).contains("evidence for revision 4, on screen in retro 2026-S23"))
    }

    @Test("on a terminal a revision waits for confirmation; --yes skips it")
    func confirmation() throws {
        let (store, session) = try demo()
        var asked: [String] = []
        session.confirm = { asked.append($0); return false }
        _ = try session.execute("goto SLA-sales-daily-freshness")
        var shown = ""
        session.emit = { shown += $0 }
        #expect(try session.execute("revise target=90% --reason r") == "not recorded\n")
        #expect(shown.contains("target     95 % → 90 %"), "the change is shown before the question")
        #expect(asked == ["Record revision 4 of SLA-sales-daily-freshness, effective 2026-11-24? [y/N] "])
        #expect(try store.read { try $0.latestRevision(of: AgreementID("SLA-sales-daily-freshness")) }?.number == 3)
        _ = try session.execute("revise target=90% --reason r --yes")
        #expect(try store.read { try $0.latestRevision(of: AgreementID("SLA-sales-daily-freshness")) }?.number == 4)
        #expect(asked.count == 1)
    }

    @Test("decisions need a reason, an agreement where they change one, and a valid field")
    func refusals() throws {
        let (_, session) = try demo()
        #expect(throws: ShellError.usage("revise needs --reason TEXT: every decision carries its reason")) { try session.execute("revise SLA-sales-daily-freshness target=90%") }
        #expect(throws: DecisionError.unfit(.revise, "A-1", .action)) { try session.execute("revise target=90% --reason r") }
        #expect(throws: LedgerError.field(.unknownField("tagret"))) { try session.execute("revise SLA-sales-daily-freshness tagret=90% --reason r") }
        #expect(throws: ShellError.usage("unknown command 'nxt' (did you mean 'next'?)")) { try session.execute("nxt") }
    }

    @Test("a script stops at its first error naming the line; --keep-going carries on and still fails")
    func scriptErrors() throws {
        let (_, session) = try demo()
        let (code, out, err) = run(session, "# comment\nnext\nfrobnicate\nnext\n")
        #expect(code == 1 && err == "slaretro: error: near line 3: unknown command 'frobnicate' (type 'help')\n")
        #expect(out.contains("]> next\n") && session.retro.item == 2, "the lines before the error ran; the one after did not")
        let (_, session2) = try demo()
        let (code2, _, _) = run(session2, "frobnicate\nnext\n", keepGoing: true)
        #expect(code2 == 1 && session2.retro.item == 2)
    }

    @Test("resume restores the exact step and item")
    func resume() throws {
        let (store, session) = try demo()
        _ = try session.execute("goto 4.2")
        let again = try RetroSession.resume(store: store, retro: nil, clock: Self.clock)
        #expect(again.retro.step == 4 && again.retro.item == 2 && again.currentItem?.subjectID == "INC-42")
        #expect(throws: RetroError.alreadyOpen(SprintID("2026-S23"), retro: session.retro.id)) {
            try RetroSession.start(store: store, sprint: SprintID("2026-S23"), facilitator: nil, attendees: [], clock: Self.clock)
        }
    }

    @Test("actions: created on an item, listed with their age in the next retro, closed there")
    func actions() throws {
        let (store, session) = try demo()
        _ = try session.execute("goto 2")
        #expect(try session.execute("action \"Escalate to CRM\" --owner ana --due 2026-S24") == "✓ A-6 created: Escalate to CRM — @ana, due 2026-S24\n")
        #expect(throws: DueError.self) { try session.execute("action Something --owner ana --due 2099-S1") }
        _ = try session.execute("finish")
        let later = Clock(now: Clock.parseInstant("2026-12-08T09:00:00Z")!)
        let next = try RetroSession.start(store: store, sprint: SprintID("2026-S24"), facilitator: "ana", attendees: [], clock: later)
        let item = try #require(next.steps[0].items.first { $0.subjectID == "A-6" })
        #expect(item.lines[0] == "owner ana · due 2026-S24 · age 1 sprint")
        #expect(try next.execute("done A-6") == "✓ A-6 closed (done in 2026-S24)\n")
        #expect(throws: ShellError.failed("A-6 is already done")) { try next.execute("drop A-6 --reason x") }
        // The agenda and the item card say it was closed here, as they say what was decided.
        #expect(try next.execute("agenda").contains("A-6  [done]"))
        #expect(try next.execute("goto A-6").contains("closed      A-6 done in this retro"))
    }

    @Test("minutes are deterministic: the same store gives the same bytes")
    func minutes() throws {
        let (store, session) = try demo()
        let (code, _, err) = run(session, DemoRetroFile.text.replacingOccurrences(of: "\nfinish", with: "\nfinish --output minutes-\(UUID().uuidString).md"))
        #expect(code == 0, "the demo script runs: \(err)")
        let first = MinutesViews.markdown(try Agenda.minutes(retro: session.retro.id, store: store))
        #expect(first == MinutesViews.markdown(try Agenda.minutes(retro: session.retro.id, store: store)))
        #expect(first.contains("| D-5 | SLA-sales-daily-freshness | revise | target 95 % → 90 % (loosened) |"))
        #expect(first.contains("- [x] A-1 Add a row-count check to the sales\\_daily load — @ben (done)"))
    }

    @Test("tab completion offers commands, agreement ids, revise fields, people, actions and sprints")
    func completion() throws {
        let (_, session) = try demo()
        let c = ShellCompleter(session: session)
        #expect(c.complete(line: "re", word: "re") == ["retire", "revise"])
        #expect(c.complete(line: "revise SLA-s", word: "SLA-s") == ["SLA-sales-daily-freshness"])
        #expect(c.complete(line: "revise SLA-sales-daily-freshness tar", word: "tar") == ["target="])
        #expect(c.complete(line: "action Fix it --owner ", word: "") == ["ana", "ben", "chen", "mika"])
        #expect(c.complete(line: "action Fix it --due 2026-S2", word: "2026-S2") == ["2026-S20", "2026-S21", "2026-S22", "2026-S23", "2026-S24"])
        #expect(c.complete(line: "done A-", word: "A-") == ["A-1", "A-2", "A-3", "A-5"])
        #expect(c.complete(line: "help ", word: "").count == ShellCommand.all.count)
    }
}

@Suite("retro shell navigation and creation")
struct RetroNavigationTests {
    @Test("next, back, skip and goto move through the agenda and save the position")
    func navigation() throws {
        let store = try Fixture.demoStore()
        let session = try Demo.startRetro(store, clock: RetroSessionTests.clock)
        _ = try session.execute("skip")
        #expect(session.prompt == "2026-S23 [2/8 SLA breaches 1/3]> ")
        _ = try session.execute("back")
        #expect(session.prompt == "2026-S23 [1/8 follow-ups 4/4]> ")
        _ = try session.execute("goto 3.1")
        #expect(try store.read { try $0.retro(session.retro.id) }.map { "\($0.step).\($0.item)" } == "3.1")
        #expect(throws: ShellError.usage("step 2 has 3 items")) { try session.execute("goto 2.9") }
    }

    @Test("create makes a new agreement from the shell, decided in the retro")
    func create() throws {
        let store = try Fixture.demoStore()
        let session = try Demo.startRetro(store, clock: RetroSessionTests.clock)
        let out = try session.execute("create SLA-kpi-report-freshness kind=sla asset=kpi_report team=finance objective=\"delivered_by 07:00\" target=90% response_time=2h --reason \"the board pack is built at 07:30\"")
        #expect(out.hasPrefix("✓ SLA-kpi-report-freshness created: delivered_by 07:00 Europe/Berlin, target 90 %, window sprint, effective 2026-11-24"))
        let revision = try store.read { try $0.latestRevision(of: AgreementID("SLA-kpi-report-freshness")) }
        #expect(revision?.retroID == session.retro.id && revision?.terms.playbook.responseTime == 7200)
        #expect(throws: DecisionError.unknownAsset("kpi", known: try store.read { try $0.assets().map(\.id.rawValue) })) {
            try session.execute("create SLA-y kind=sla asset=kpi team=finance objective=\"freshness <= 1h\" target=90% --reason r")
        }
    }
}
