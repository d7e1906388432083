import Foundation
import Testing
@testable import SLAModel
@testable import SLAStore
@testable import SLAEvaluate
@testable import SLAImport

/// The right-sizing rules, each at its boundary, and the first reads they rest on.
@Suite("right-sizing promises from reading profiles")
struct RightSizeTests {
    static let agreement = Agreement(id: AgreementID("SLA-x"), kind: .sla, asset: AssetID("sales_daily"), team: TeamID("sales-analytics"))

    /// A profile over two working weeks (2026-11-02 Mon → 2026-11-16 Mon) whose working days were first read at `minutes`.
    static func profile(_ minutes: [Int], gapsEvery gap: Int = 1) -> ReadingProfile {
        let start = Fixture.date("2026-11-02")
        var days: [LocalDate] = []
        var day = start
        while days.count < minutes.count {
            if ReadingProfile.isWorkingDay(day) { days.append(day) }
            day = day.adding(days: gap)
        }
        let reads = zip(days, minutes).map { FirstRead(asset: agreement.asset, team: agreement.team, day: $0, minute: $1, zone: "Asia/Tokyo") }
        return ReadingProfile.build(asset: agreement.asset, team: agreement.team, reads: reads, accesses: minutes.count * 3,
                                    start: start, end: start.adding(days: 14), zone: "Asia/Tokyo")
    }

    static func proposals(_ objective: String, target: Double = 0.95, _ profile: ReadingProfile) -> [RightSizeProposal] {
        RightSize.proposals(for: agreement, terms: Fixture.terms(objective, target: target), profile: profile)
    }

    @Test("p10 is the value at rank ⌈n/10⌉, the median at rank ⌈n/2⌉")
    func percentiles() {
        #expect(ReadingProfile.percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.10) == 10)
        #expect(ReadingProfile.percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110], 0.10) == 20)
        #expect(ReadingProfile.percentile([10, 20, 30, 40], 0.50) == 20)
        #expect(ReadingProfile.percentile([], 0.5) == nil)
    }

    @Test("delivered_by 09:00 read first at 10:01 (p10) is over-quality: propose 09:30; at 10:00 it is not")
    func laterDeliveryBoundary() {
        let outside = Self.proposals("delivered_by 09:00", Self.profile(Array(repeating: 601, count: 10)))
        #expect(outside.map(\.kind) == [.laterDelivery])
        #expect(outside.first?.proposed?.description == "delivered_by 09:30")
        #expect(outside.first?.assignment?.1 == "delivered_by 09:30")
        let inside = Self.proposals("delivered_by 09:00", Self.profile(Array(repeating: 600, count: 10)))
        #expect(inside.isEmpty)
    }

    @Test("time-of-day rules wait for five working days read")
    func minimumEvidence() {
        let timeOfDay: Set<ProposalKind> = [.laterDelivery, .underQuality]
        #expect(Self.proposals("delivered_by 09:00", Self.profile(Array(repeating: 800, count: 4))).filter { timeOfDay.contains($0.kind) }.isEmpty)
        #expect(Self.proposals("delivered_by 09:00", Self.profile(Array(repeating: 800, count: 5))).map(\.kind) == [.laterDelivery])
    }

    @Test("reads before the promised time on 3 of 10 days is under-quality; on 2 of 10 it is not")
    func underQualityBoundary() {
        let three = Self.proposals("delivered_by 09:00", Self.profile([480, 490, 500] + Array(repeating: 560, count: 7)))
        #expect(three.map(\.kind) == [.underQuality])
        #expect(three.first?.daysBefore == 3)
        #expect(three.first?.proposed?.description == "delivered_by 08:00")
        let two = Self.proposals("delivered_by 09:00", Self.profile([480, 490] + Array(repeating: 560, count: 8)))
        #expect(two.isEmpty)
    }

    @Test("freshness <= 6h read once a day is not over-quality (exactly 4×); freshness <= 5h is, and 1d is proposed")
    func freshnessBoundary() {
        let daily = Self.profile(Array(repeating: 600, count: 10))
        #expect(Self.proposals("freshness <= 6h", daily).filter { $0.kind == .looserFreshness }.isEmpty)
        let five = Self.proposals("freshness <= 5h", daily).filter { $0.kind == .looserFreshness }
        #expect(five.first?.proposed?.description == "freshness <= 1d")
    }

    @Test("a 95 % target read on 4 of 10 working days is stricter than needed; on 5 of 10 it is not")
    func stricterTargetBoundary() {
        // 10 working days in two weeks; reading 4 → 40 % < 0.5 × 95 %; 5 → 50 % ≥ 47.5 %.
        let four = Self.proposals("delivered_by 09:00", Self.profile(Array(repeating: 560, count: 4)))
        #expect(four.map(\.kind) == [.stricterTarget])
        #expect(Self.proposals("delivered_by 09:00", Self.profile(Array(repeating: 560, count: 5))).isEmpty)
    }

    @Test("first reads are cut into local days in the agreement's zone, wall clock across the DST change")
    func firstReadsAcrossDST() throws {
        let store = try Store.inMemory()
        let assets = ["sales_daily"], teams = ["sales-analytics"]
        var tracker = FirstReadTracker(assets: assets, zones: [AssetID("sales_daily"): "Europe/Berlin"], fallback: "UTC")
        // Saturday 24 October 2026 is CEST (UTC+2), Monday 26 October CET (UTC+1): both 09:30 on the wall clock.
        try store.write { ctx in
            try Fixture.importCatalogTeams(ctx)
            // As an import does: each read to the spill, which keeps each local day's earliest.
            let spill = try ctx.usageSpill()
            var days = Set<Int>()
            for instant in ["2026-10-24T07:30:00Z", "2026-10-24T15:00:00Z", "2026-10-26T08:30:00Z", "2026-10-26T23:30:00Z"] {
                let seconds = Int64(try #require(Clock.parseInstant(instant)).timeIntervalSince1970)
                let cut = tracker.read(seconds: seconds, asset: 0, team: 0)
                let read = try #require(cut)
                days.insert(Int(read.key >> 42))
                try spill.addFirstRead(Int64(bitPattern: FirstReadTracker.tableOrder(read.key)), minute: Int64(read.minute))
            }
            try spill.merge(days: UsageAggregator.dates(of: days), assets: assets, zones: tracker.assetZones, teams: teams, users: 0, user: { _ in "" })
        }
        let reads = try store.read { try $0.firstReads(from: Fixture.date("2026-10-01"), to: Fixture.date("2026-11-01")) }
        #expect(reads.map { "\($0.day) \(Formatting.clockTime(minutes: $0.minute))" } == ["2026-10-24 09:30", "2026-10-26 09:30", "2026-10-27 00:30"])
        #expect(reads.allSatisfy { $0.zone == "Europe/Berlin" })
    }

    @Test("a warehouse rollup's first_access becomes the day's first read in the agreement's zone")
    func rollupFirstAccess() throws {
        let store = try Fixture.storeWithCatalog()
        let path = try Fixture.file("rollups.csv", """
            date,asset,team,users,accesses,first_access
            2026-11-02,sales_daily,sales-analytics,2,5,2026-11-02T00:40:00Z
            2026-11-03,proj.sales.sales_daily,sales-analytics,1,1,2026-11-02T23:55:00Z
            2026-11-04,sales_daily,sales-analytics,1,1,
            """)
        _ = try RollupImport(clock: Fixture.now).importFile(path, into: store)
        let reads = try store.read { try $0.firstReads(from: Fixture.date("2026-11-01"), to: Fixture.date("2026-11-30")) }
        // Asia/Tokyo is UTC+9: 00:40Z is 09:40 on the 2nd; 23:55Z on the 2nd is 08:55 on the 3rd.
        #expect(reads.map { "\($0.day) \(Formatting.clockTime(minutes: $0.minute)) \($0.zone)" } == ["2026-11-02 09:40 Asia/Tokyo", "2026-11-03 08:55 Asia/Tokyo"])
        let bad = try Fixture.file("bad-rollups.csv", "date,asset,team,users,accesses,first_access\n2026-11-02,sales_daily,sales-analytics,2,5,09:40\n")
        #expect { try RollupImport(clock: Fixture.now).importFile(bad, into: store) } throws: { "\($0)".contains("bad-rollups.csv:2") && "\($0)".contains("first_access") }
    }

    @Test("a consumer reading an asset it has no SLA on most working days is an unpromised dependency; a retro held late sees the same")
    func unpromisedDependencyAsOfTheSprint() throws {
        let store = try Fixture.storeWithCatalog()
        let end = Fixture.date("2026-11-16")
        func read(from: String, to: String) throws {
          try store.write { ctx in
            let merge = try ctx.firstReadMerger()
            var day = Fixture.date(from)
            while day < Fixture.date(to) {
                if ReadingProfile.isWorkingDay(day) {
                    merge.bind(1, "crm_export"); merge.bind(2, "sales-analytics"); merge.bind(3, day.description); merge.bind(4, Int64(600)); merge.bind(5, "Asia/Tokyo")
                    _ = try merge.step()
                    try ctx.replaceRollup(.init(date: day, asset: AssetID("crm_export"), team: "sales-analytics", users: 1, accesses: 2, queries: 2, views: 0))
                }
                day = day.adding(days: 1)
            }
          }
        }
        try read(from: "2026-11-02", to: "2026-11-16")
        let onTime = try store.read { try RightSize.evaluate(end: end, in: $0) }
        #expect(onTime.map(\.kind) == [.unpromisedDependency])
        #expect(onTime.first?.asset == AssetID("crm_export"))
        // The logs' last day is Friday 13 November: the weekend after it is quiet, not missing (usage coverage), so
        // the profile runs to the window's end and a working-day reader reads 5 days a week, not 5 in 6.
        #expect(onTime.first?.profile.end == Fixture.date("2026-11-16"))
        #expect(onTime.first?.profile.workingDaysRead == 10)
        // Asked again after two more weeks of logs: the profile stops at the sprint's end.
        try read(from: "2026-11-16", to: "2026-11-30")
        let late = try store.read { try RightSize.evaluate(end: end, in: $0) }
        #expect(late == onTime)
    }
}

extension Fixture {
    /// The example catalog's teams and assets, written into an open transaction.
    static func importCatalogTeams(_ ctx: StoreContext) throws {
        try ctx.save(Team(id: TeamID("data-platform"), name: "Data Platform", kind: .platform))
        try ctx.save(Team(id: TeamID("sales-analytics"), name: "Sales Analytics", kind: .consumer))
        try ctx.save(Asset(id: AssetID("sales_daily"), kind: .table, owner: TeamID("data-platform"), maintenanceHours: 3))
    }
}
