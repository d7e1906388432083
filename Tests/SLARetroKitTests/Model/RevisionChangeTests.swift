import Testing
@testable import SLAModel
@testable import SLAStore
@testable import SLAEvaluate
@testable import SLALedger
@testable import SLAImport
@testable import SLARender
@testable import SLARetro
@testable import SLADemo

@Suite("history classification")
struct RevisionChangeTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let before: String
        let after: String
        let kind: ChangeKind
        var testDescription: String { name }
    }

    /// One tightening and one loosening per indicator, plus the cases that cannot be ordered.
    static let cases: [Case] = [
        Case(name: "delivered earlier is tighter", before: "delivered_by 10:00", after: "delivered_by 09:00", kind: .tightened),
        Case(name: "delivered later is looser", before: "delivered_by 09:00", after: "delivered_by 10:00", kind: .loosened),
        Case(name: "shorter freshness is tighter", before: "freshness <= 2h", after: "freshness <= 1h", kind: .tightened),
        Case(name: "longer freshness is looser", before: "freshness <= 2h", after: "freshness <= 6h", kind: .loosened),
        Case(name: "higher availability is tighter", before: "availability >= 99%", after: "availability >= 99.9%", kind: .tightened),
        Case(name: "lower availability is looser", before: "availability >= 99.5%", after: "availability >= 99%", kind: .loosened),
        Case(name: "higher completeness is tighter", before: "completeness >= 0.98", after: "completeness >= 0.99", kind: .tightened),
        Case(name: "lower completeness is looser", before: "completeness >= 0.99", after: "completeness >= 0.95", kind: .loosened),
        Case(name: "higher accuracy is tighter", before: "accuracy >= 0.9", after: "accuracy >= 0.95", kind: .tightened),
        Case(name: "lower accuracy is looser", before: "accuracy >= 0.95", after: "accuracy >= 0.9", kind: .loosened),
        Case(name: "faster latency is tighter", before: "latency_p95 <= 3s", after: "latency_p95 <= 800ms", kind: .tightened),
        Case(name: "slower latency is looser", before: "latency_p95 <= 800ms", after: "latency_p95 <= 2s", kind: .loosened),
        Case(name: "faster support is tighter", before: "support_response <= 1d", after: "support_response <= 4h", kind: .tightened),
        Case(name: "slower support is looser", before: "support_response <= 4h", after: "support_response <= 2d", kind: .loosened),
        Case(name: "a new form of objective cannot be ordered", before: "freshness <= 2h", after: "delivered_by 09:00", kind: .reworded),
    ]

    @Test("objective changes are classified per indicator", arguments: cases)
    func objective(_ c: Case) {
        let old = Fixture.revision(1, Fixture.terms(c.before))
        let new = Fixture.revision(2, Fixture.terms(c.after))
        #expect(RevisionChange.between(old, new).kind == c.kind)
    }

    @Test("a higher target is tighter, a lower one looser")
    func target() {
        let old = Fixture.revision(1, Fixture.terms(target: 0.95))
        #expect(RevisionChange.between(old, Fixture.revision(2, Fixture.terms(target: 0.99))).kind == .tightened)
        #expect(RevisionChange.between(old, Fixture.revision(2, Fixture.terms(target: 0.90))).kind == .loosened)
    }

    @Test("tightening one field and loosening another is mixed")
    func mixed() {
        let old = Fixture.revision(1, Fixture.terms("completeness >= 0.99", target: 0.98))
        let change = RevisionChange.between(old, Fixture.revision(2, Fixture.terms("completeness >= 0.995", target: 0.95)))
        #expect(change.kind == .mixed)
        #expect(change.fields.map(\.text) == ["objective completeness >= 0.99 → completeness >= 0.995", "target 98 % → 95 %"])
        #expect(change.fields.map(\.direction) == [.tighter, .looser])
    }

    @Test("a shorter or newly promised response time is tighter; dropping it is looser")
    func responseTime() {
        var promised = Fixture.terms(); promised.playbook.responseTime = 4 * 3600
        var faster = promised; faster.playbook.responseTime = 3600
        let none = Fixture.revision(1)
        #expect(RevisionChange.between(none, Fixture.revision(2, promised)).kind == .tightened)
        #expect(RevisionChange.between(Fixture.revision(1, promised), Fixture.revision(2, faster)).kind == .tightened)
        #expect(RevisionChange.between(Fixture.revision(1, promised), Fixture.revision(2, Fixture.terms())).kind == .loosened)
    }

    @Test("wording, window, zone, driver and review cadence changes are reworded")
    func reworded() {
        var changed = Fixture.terms()
        changed.playbook.compensation = "free coffee"
        changed.window = .days(28)
        changed.timezone = "Europe/Berlin"
        changed.reviewEvery = 3
        changed.driver = .regulatory
        let change = RevisionChange.between(Fixture.revision(1), Fixture.revision(2, changed))
        #expect(change.kind == .reworded)
        #expect(change.fields.map(\.field) == ["window", "timezone", "review_every", "driver", "compensation"])
    }

    @Test("first revision is created, a retired one is retired, reinstating is created")
    func lifecycle() {
        let first = Fixture.revision(1)
        let retired = Fixture.revision(2, status: .retired)
        #expect(RevisionChange.between(nil, first).kind == .created)
        #expect(RevisionChange.between(first, retired).kind == .retired)
        #expect(RevisionChange.between(retired, Fixture.revision(3)).kind == .created)
    }
}
