import Foundation
import Testing
import SLAModel
import SLARender

@Suite("display width")
struct DisplayWidthTests {
    @Test("CJK is two columns, combining marks none, ASCII one")
    func widths() {
        #expect(DisplayWidth.of("東京営業チーム") == 14)
        #expect(DisplayWidth.of("Ventes Équipe") == 13)
        #expect(DisplayWidth.of("Ventes E\u{301}quipe") == 13)
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("▇▅·—…→") == 6)
        #expect(DisplayWidth.of("ＡＢ") == 4)
        #expect(DisplayWidth.of("a\tb") == 2, "a control character takes no column, in ASCII text too")
    }

    @Test("a word breaks after -, _ or / before a letter, the same in ASCII and in other text")
    func pieces() {
        #expect(DisplayWidth.pieces("SLA-sales_daily/x") == ["SLA-", "sales_", "daily/", "x"])
        #expect(DisplayWidth.pieces("2026-11-24") == ["2026-11-24"])
        #expect(DisplayWidth.pieces("a--b") == ["a--", "b"] && DisplayWidth.pieces("é--b") == ["é--", "b"])
        #expect(DisplayWidth.pieces("tail-") == ["tail-"])
        #expect(DisplayWidth.pieces("Équipe-ventes") == ["Équipe-", "ventes"])
        #expect(DisplayWidth.pieces("") == [])
    }

    @Test("clock times are HH:MM")
    func clock() {
        #expect([0, 9 * 60 + 5, 23 * 60 + 59].map { Formatting.clockTime(minutes: $0) } == ["00:00", "09:05", "23:59"])
    }

    @Test("wrapping breaks at spaces, never mid-word; a too-long word is elided; CJK breaks between characters")
    func wrapping() {
        #expect(DisplayWidth.wrap("use yesterday's snapshot sales_daily_prev", width: 16) == ["use yesterday's", "snapshot", "sales_daily_prev"])
        #expect(DisplayWidth.wrap("postmortems since 2026-01-05", width: 12) == ["postmortems", "since", "2026-01-05"])
        #expect(DisplayWidth.wrap("SLA-sales-daily-freshness", width: 10) == ["SLA-sales-", "daily-", "freshness"])
        #expect(DisplayWidth.wrap("2026-11-24", width: 6) == ["2026-…"])
        #expect(DisplayWidth.wrap("abcdefghijklmnop", width: 10) == ["abcdefghi…"])
        #expect(DisplayWidth.wrap("東京営業チーム", width: 6) == ["東京営", "業チー", "ム"])
        for line in DisplayWidth.wrap("前日のスナップショット sales_daily_prev を使う", width: 9) { #expect(DisplayWidth.of(line) <= 9) }
        #expect(DisplayWidth.wrap("", width: 5) == [""])
    }

    @Test("a unit stays with its number and keeps the punctuation after it")
    func unitKeepsPunctuation() {
        #expect(DisplayWidth.wrap("target 95 %, window sprint, effective 2026-01-05", width: 30) == ["target 95 %, window sprint,", "effective 2026-01-05"])
        #expect(DisplayWidth.wrap("burn 85.7 %", width: 9) == ["burn", "85.7 %"])
    }

    @Test("eliding keeps whole characters and ends in …")
    func eliding() {
        #expect(DisplayWidth.elide("Ventes E\u{301}quipe", to: 9) == "Ventes E\u{301}…")
        #expect(DisplayWidth.elide("東京営業", to: 6) == "東京…")
        #expect(DisplayWidth.elide("short", to: 9) == "short")
    }

    @Test("padding counts display columns, so CJK rows align")
    func padding() {
        let table = TextTable(columns: ["team", "users"], rows: [
            [.text("東京営業チーム"), .int(3)], [.text("Ventes E\u{301}quipe"), .int(12)], [.text("ops"), .int(1)],
        ]).render()
        let lines = table.split(separator: "\n")
        #expect(Set(lines.map { DisplayWidth.of($0) }).count == 1, "\(table)")
    }

    @Test("a table wider than the screen wraps its widest column at word boundaries")
    func fitting() {
        let listing = Listing(columns: ["id", "reason", "n"], rows: [
            [.text("SLA-sales-daily-freshness"), .text("Sales only needs nine mornings in ten, agreed with the team lead"), .int(3)],
            [.text("OLA-crm-export"), .text("東京営業チームとの最初の合意: 毎朝九時までに売上データを届ける"), .int(12)],
        ], emptyMessage: "none")
        for width in [80, 60, 40] {
            let text = listing.render(.table, width: width)
            for line in text.split(separator: "\n") { #expect(DisplayWidth.of(line) <= width, "\(width): \(line)") }
            if width == 80 { #expect(text.contains("SLA-sales-daily-freshness"), "ids are kept whole when they can be: \(text)") }
            #expect(text.contains("SLA-sales-"), "ids break after a dash: \(text)")
            #expect(!text.contains("…"), "nothing elided: \(text)")
        }
        #expect(listing.render(.table, width: nil).split(separator: "\n").count == 3)
        #expect(listing.render(.csv, width: 20) == listing.render(.csv, width: nil))
    }

    @Test("a table that cannot fit becomes one record per row")
    func records() {
        let columns = (1...12).map { "column_\($0)" }
        let listing = Listing(columns: columns, rows: [columns.map { .text("value of \($0)") }], emptyMessage: "none")
        let text = listing.render(.table, width: 40)
        for line in text.split(separator: "\n") { #expect(DisplayWidth.of(line) <= 40, "\(line)") }
        #expect(text.hasPrefix("value of column_1\n  column_2"), "\(text)")
    }

    @Test("cell text is made safe for the terminal")
    func safe() {
        let text = Listing(columns: ["title"], rows: [[.text("evil\u{1B}[2Jtitle")]], emptyMessage: "").render(.table, width: 80)
        #expect(!text.contains("\u{1B}"))
    }

    @Test("times in the zone's own abbreviation")
    func localTime() {
        let date = Clock.parseInstant("2026-10-29T15:05:00Z")!
        #expect(LocalTime.text(date, zone: "Asia/Tokyo") == "2026-10-30 00:05 JST")
        #expect(LocalTime.text(date, zone: "UTC") == "2026-10-29 15:05 UTC")
        let summer = Clock.parseInstant("2026-07-01T10:00:00Z")!
        #expect(LocalTime.text(summer, zone: "Europe/Berlin") == "2026-07-01 12:00 CEST")
        #expect(LocalTime.text(date, zone: "Europe/Berlin") == "2026-10-29 16:05 CET")
    }

    @Test("plurals")
    func plurals() {
        #expect(Plural.count(1, "row") == "1 row")
        #expect(Plural.count(2, "row") == "2 rows")
        #expect(Plural.count(0, "entry") == "0 entries")
        #expect(Plural.count(1, "new action item") == "1 new action item")
        #expect(Plural.count(3, "asset") == "3 assets")
    }
}
