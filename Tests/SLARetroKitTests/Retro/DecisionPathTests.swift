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

/// One path per decision: checked subjects, one decision per subject, replace, undo, two writers, as of the sprint.
@Suite("decision path")
struct DecisionPathTests {
    static let clock = Clock(now: Demo.defaultNow)

    func demo() throws -> (Store, RetroSession) {
        let store = try Fixture.demoStore()
        let session = try Demo.startRetro(store, clock: Self.clock)
        session.folder = FileManager.default.temporaryDirectory.path
        return (store, session)
    }

    func counts(_ store: Store) throws -> [String: Int] { try store.read { try $0.rowCounts() } }

    func refused(_ session: RetroSession, _ line: String) -> String? {
        do { _ = try session.execute(line); return nil } catch { return "\(error)" }
    }

    @Test("a refused command changes nothing: no decision, no revision, no agenda item left behind")
    func refusedLeavesNoTrace() throws {
        let (store, session) = try demo()
        _ = try session.execute("goto SLA-sales-daily-freshness")
        let before = try counts(store)
        let itemsBefore = session.steps.map(\.items.count)
        #expect(refused(session, "revise SLA-invoices-api-latency target=95%")?.contains("needs --reason") == true)
        #expect(refused(session, "keep SLA-nope")?.contains("unknown subject 'SLA-nope'") == true)
        #expect(refused(session, "keep A-2")?.contains("is an action item") == true)
        #expect(refused(session, "retire INC-41 --reason x")?.contains("applies to an agreement or an asset") == true)
        #expect(refused(session, "revise SLA-invoices-api-latency target=99% --reason same")?.contains("nothing to change") == true)
        #expect(try counts(store) == before)
        #expect(session.steps.map(\.items.count) == itemsBefore)
    }

    @Test("one decision per subject: a second is an error in scripts unless --replace, which takes back the first")
    func oneDecisionPerSubject() throws {
        let (store, session) = try demo()
        _ = try session.execute("goto INC-41")
        _ = try session.execute("keep")
        #expect(refused(session, "accept-risk --reason \"no budget\"")?.contains("was decided already in this retro: D-") == true)
        let out = try session.execute("accept-risk --reason \"no budget\" --replace")
        #expect(out.contains("replaced") && out.contains("✓ risk on INC-41 accepted"))
        let standing = try store.read { try $0.decisionRecords(retro: session.retro.id, subject: "INC-41") }
        #expect(standing.filter(\.isLive).map(\.verb) == [.acceptRisk])
        #expect(standing.filter { !$0.isLive }.first?.undo?.replacedBy == standing.last?.id)
    }

    @Test("undo of a revise appends a revision restoring the terms, linked to the decision; later steps show the terms now")
    func undoRevise() throws {
        let (store, session) = try demo()
        _ = try session.execute("goto SLA-sales-daily-freshness")
        _ = try session.execute("revise target=90% --reason \"9 in 10\"")
        let shown = try session.execute("show")
        #expect(shown.contains("now         SLA-sales-daily-freshness revision 4:") && shown.contains("target 90 %"))
        let undone = try session.execute("undo")
        #expect(undone.contains("taken back") && undone.contains("revision 5 of SLA-sales-daily-freshness restores the terms"))
        let (revisions, records) = try store.read { ctx in
            (try ctx.revisions(of: AgreementID("SLA-sales-daily-freshness")), try ctx.decisionRecords(retro: session.retro.id))
        }
        #expect(revisions.map(\.number) == [1, 2, 3, 4, 5])
        #expect(revisions[4].terms == revisions[2].terms && revisions[4].reason.contains("undo of D-"))
        #expect(records.last?.undo?.revision == 5)
        #expect(refused(session, "undo")?.contains("nothing to undo") == true)
    }

    @Test("keep --snooze N --reason keeps the reason; create on a follow-up is filed under the new agreement")
    func snoozeReasonAndCreate() throws {
        let (store, session) = try demo()
        _ = try session.execute("goto partner_feed")
        #expect(try session.execute("keep --snooze 3 --reason \"ask in January\"").contains("snoozed 3 sprints: ask in January"))
        _ = try session.execute("goto 1")
        _ = try session.execute("create SLA-new kind=sla asset=sales_daily team=sales-analytics objective=\"freshness <= 1d\" target=90% --reason \"Sales asked\"")
        let created = try store.read { try $0.decisionRecords(retro: session.retro.id, subject: "SLA-new") }
        #expect(created.count == 1 && created[0].subject == "SLA-new" && created[0].subjectKind == .agreement)
    }

    @Test("two writers: a decision another session made after this one showed the item is refused, naming it")
    func twoWriters() throws {
        let (store, first) = try demo()
        _ = try first.execute("goto INC-41")
        let second = try RetroSession.resume(store: store, retro: first.retro.id, clock: Self.clock)
        _ = try second.execute("goto INC-41")
        _ = try second.execute("accept-risk --reason \"agreed with CRM\"")
        let message = refused(first, "keep")
        #expect(message?.contains("was decided in another session after this one showed it") == true)
        #expect(message?.contains("accept-risk") == true)
    }

    @Test("wrap-up and minutes list the items without a decision; a finished sprint needs --again")
    func undecidedAndAgain() throws {
        let (store, session) = try demo()
        let wrap = try session.execute("goto 8")
        #expect(wrap.contains("without a decision:"))
        let minutes = try Agenda.minutes(retro: session.retro.id, store: store)
        #expect(!minutes.undecided.isEmpty)
        _ = try session.execute("finish --output minutes-\(UUID().uuidString).md")
        #expect(throws: RetroStartError.self) {
            _ = try RetroSession.start(store: store, sprint: SprintID("2026-S23"), facilitator: nil, attendees: [], clock: Self.clock)
        }
        let again = try RetroSession.start(store: store, sprint: SprintID("2026-S23"), facilitator: nil, attendees: [], clock: Self.clock, again: true)
        #expect(again.retro.id != session.retro.id)
    }

    @Test("on a terminal a second decision asks to replace the first, and finish asks before closing with undecided items")
    func terminalQuestions() throws {
        let (store, session) = try demo()
        var asked: [String] = []
        var answer = false
        session.confirm = { asked.append($0); return answer }
        session.emit = { _ in }
        _ = try session.execute("goto INC-41")
        _ = try session.execute("keep")
        #expect(try session.execute("accept-risk --reason \"CRM owns it\"").hasSuffix("not recorded\n"))
        #expect(asked.last?.hasPrefix("Replace D-") == true)
        answer = true
        #expect(try session.execute("accept-risk --reason \"CRM owns it\"").contains("✓ risk on INC-41 accepted"))
        answer = false
        #expect(try session.execute("finish --output minutes-\(UUID().uuidString).md").hasSuffix("not closed\n"))
        #expect(asked.last == "Close the retro anyway? [y/N] ")
        #expect(try store.read { try $0.retro(session.retro.id) }?.finishedAt == nil)
    }

    @Test("as of the sprint: the agenda of 2026-S22 is the same before and after 2026-S23's retro and its decisions")
    func asOfTheSprint() throws {
        let store = try Fixture.demoStore()
        func agenda() throws -> String {
            try store.read { ctx in
                let sprint = try ctx.sprint(SprintID("2026-S22"))!
                return try Agenda.draft(sprint, sprints: try ctx.sprints(), clock: Self.clock, retroID: 0, in: ctx).map { step in
                    "\(step.step)\n" + step.items.map { "\($0.title)\n" + $0.lines.joined(separator: "\n") + "\n" + JSONValue.object($0.numbers).compact() }.joined(separator: "\n")
                }.joined(separator: "\n")
            }
        }
        let before = try agenda()
        let session = try Demo.startRetro(store, clock: Self.clock)
        session.folder = FileManager.default.temporaryDirectory.path
        var source = ScriptLines(DemoRetroFile.text.replacingOccurrences(of: "\nfinish", with: "\nfinish --output minutes-\(UUID().uuidString).md"))
        let code = ShellLoop(script: true).run(session, source: &source, out: { _ in }, err: { _ in })
        #expect(code == 0)
        #expect(try store.read { try $0.decisions(retro: session.retro.id) }.count > 5)
        let later = Clock(now: Self.clock.now.addingTimeInterval(30 * 86_400))
        let after = try store.read { ctx in
            let sprint = try ctx.sprint(SprintID("2026-S22"))!
            return try Agenda.draft(sprint, sprints: try ctx.sprints(), clock: later, retroID: 0, in: ctx).map { step in
                "\(step.step)\n" + step.items.map { "\($0.title)\n" + $0.lines.joined(separator: "\n") + "\n" + JSONValue.object($0.numbers).compact() }.joined(separator: "\n")
            }.joined(separator: "\n")
        }
        #expect(before == after)
    }
}

/// The demo retro as shipped in sessions/demo/retro.slaretro (the file `slaretro demo` replays).
enum DemoRetroFile {
    static var text: String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("sessions/demo/retro.slaretro")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }
}

@Suite("review states")
struct ReviewStateTests {
    @Test("review states and review debt as of a sprint; a decision in a retro makes an agreement reviewed for the next")
    func states() throws {
        let store = try Fixture.demoStore()
        let clock = Clock(now: Demo.defaultNow)
        let (s22, s23) = try store.read { ctx -> ([ReviewStatus], [ReviewStatus]) in
            let sprints = try ctx.sprints()
            let s22 = try ctx.sprint(SprintID("2026-S22"))!, s23 = try ctx.sprint(SprintID("2026-S23"))!
            return (try ReviewStatus.compute(s22, sprints: sprints, clock: clock, in: ctx), try ReviewStatus.compute(s23, sprints: sprints, clock: clock, in: ctx))
        }
        let billing22 = try #require(s22.first { $0.agreement == AgreementID("OLA-billing-feed") })
        let billing23 = try #require(s23.first { $0.agreement == AgreementID("OLA-billing-feed") })
        #expect(billing22.state.isDue, "due in 2026-S22, before its retro kept it")
        #expect(billing23.state == .reviewed && billing23.lastReviewed == SprintID("2026-S22"))
        #expect(s23.contains { $0.state == .skipped }, "on the 2026-S22 agenda, not decided")
        let debt = ReviewDebt(s23)
        #expect(debt.agreements == s23.filter { $0.state.isDue }.count && debt.agreements > 0)
    }
}
