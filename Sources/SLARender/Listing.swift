import Foundation
import SLAModel
import SLAEvaluate
import SLAImport

/// How a listing is written: an aligned table for people, JSON or CSV for programs.
package enum OutputFormat: String, CaseIterable, Sendable {
    case table, json, csv
}

/// One cell: the text a person reads and the value a program gets.
package struct Cell: Sendable {
    package let text: String
    package let json: JSONValue
    package let alignRight: Bool

    package init(text: String, json: JSONValue, alignRight: Bool = false) {
        self.text = text; self.json = json; self.alignRight = alignRight
    }

    package static func text(_ value: String?) -> Cell { Cell(text: value ?? "—", json: .optional(value)) }
    package static func int(_ value: Int) -> Cell { Cell(text: String(value), json: .int(value), alignRight: true) }
    package static func optionalInt(_ value: Int?) -> Cell { value.map(int) ?? text(nil) }
    /// A fraction shown as `95 %`, given to programs as 0.95.
    package static func percent(_ fraction: Double) -> Cell {
        Cell(text: Formatting.percent(fraction), json: .number(fraction), alignRight: true)
    }
}

/// A table of rows under named columns; the column names are also the JSON keys and CSV header.
package struct Listing: Sendable {
    package let columns: [String]
    package let rows: [[Cell]]
    /// Shown instead of an empty table.
    package let emptyMessage: String
    /// The columns a table shows (all when nil); JSON always carries every column.
    package let tableColumns: [String]?
    /// The columns CSV carries (all when nil): a column whose value is a list can be left to JSON.
    package let csvColumns: [String]?

    package init(columns: [String], rows: [[Cell]], emptyMessage: String, tableColumns: [String]? = nil, csvColumns: [String]? = nil) {
        self.columns = columns; self.rows = rows; self.emptyMessage = emptyMessage; self.tableColumns = tableColumns
        self.csvColumns = csvColumns
    }

    /// The listing in `format`; a table is fitted to `ScreenWidth.current` (no fitting when nil).
    package func render(_ format: OutputFormat) -> String { render(format, width: ScreenWidth.current) }

    /// The listing in `format`; a table is fitted to `width` display columns (nil: as wide as its content).
    /// JSON and CSV are never wrapped.
    package func render(_ format: OutputFormat, width: Int?) -> String {
        switch format {
        case .table:
            if rows.isEmpty { return DisplayWidth.wrapBlock(SafeText.terminal(emptyMessage), width: width) + "\n" }
            let shown = tableColumns ?? columns
            let keep = shown.compactMap { columns.firstIndex(of: $0) }
            return TextTable(columns: keep.map { columns[$0] }, rows: rows.map { row in keep.map { row[$0] } }).render(width: width)
        case .json: return json.rendered()
        case .csv:
            let keep = (csvColumns ?? columns).compactMap { columns.firstIndex(of: $0) }
            return CSV.render(columns: keep.map { columns[$0] }, rows: rows.map { row in keep.map { row[$0].csvText } })
        }
    }

    package var json: JSONValue {
        .array(rows.map { row in .object(zip(columns, row).map { ($0, $1.json) }) })
    }
}

extension Cell {
    /// The raw value for CSV: numbers as programs read them, text as is, null as empty.
    var csvText: String {
        switch json {
        case .null: return ""
        case .string(let s): return s
        case .int(let i): return String(i)
        case .number(let d): return Formatting.number(d, maxDecimals: 6)
        case .bool(let b): return b ? "true" : "false"
        default: return text
        }
    }
}

/// Columns aligned with two spaces between them, header first; no trailing spaces.
///
/// Widths are display columns (`DisplayWidth`), so CJK and accented text align. Given a width, the table
/// is fitted to it: the widest columns give way first, long cells wrap at word boundaries (a word wider
/// than its column is elided with `…`), headers break after `_`. When even that cannot fit (too many
/// columns for the screen), each row is shown as a record: its first cell, then one `column  value` line
/// per other cell. Every cell's text passes through `SafeText.terminal`.
package struct TextTable: Sendable {
    package let columns: [String]
    package let rows: [[Cell]]

    package init(columns: [String], rows: [[Cell]]) {
        self.columns = columns; self.rows = rows
    }

    /// A column keeps words up to this many columns whole while the table can afford it.
    static let longestKeptWord = 32

    package func render(width: Int? = nil) -> String {
        let texts = rows.map { $0.map { SafeText.terminal($0.text) } }
        let headers = columns.map(SafeText.terminal)
        let cellWidths = texts.map { row in row.map { text in text.utf8.contains(0x0A) ? text.split(separator: "\n").map(DisplayWidth.of).max() ?? 0 : DisplayWidth.of(text) } }
        var natural = headers.map(DisplayWidth.of)
        for row in cellWidths { for (i, w) in row.enumerated() { natural[i] = max(natural[i], w) } }
        let rightAligned = columns.indices.map { i in rows.contains { $0[i].alignRight } && rows.allSatisfy { $0[i].alignRight || $0[i].text == "—" } }
        guard let width, natural.reduce(0, +) + 2 * max(0, columns.count - 1) > width else {
            return render(headers: headers, texts: texts, widths: natural, rightAligned: rightAligned, gap: 2)
        }
        // Each column's words, split once for both floors below.
        var wordsOf: [Int: [String]] = [:]
        func words(_ i: Int) -> [String] {
            if let known = wordsOf[i] { return known }
            let found = texts.flatMap { $0[i].split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init) }
            wordsOf[i] = found
            return found
        }
        let headerFloor = columns.indices.map { i in min(12, Self.headerPieces(headers[i]).map(DisplayWidth.of).max() ?? 0) }
        // Comfortable: every word whole (the first column entirely). Tight: words broken where identifiers break.
        let comfortable = columns.indices.map { i -> Int in
            if natural[i] <= 6 || rightAligned[i] || i == 0 { return min(natural[i], i == 0 ? max(12, width / 2) : natural[i]) }
            return min(natural[i], max(min(words(i).map(DisplayWidth.of).max() ?? 0, Self.longestKeptWord), headerFloor[i], 4))
        }
        let tight = columns.indices.map { i -> Int in
            if natural[i] <= 6 || rightAligned[i] { return natural[i] }
            return min(natural[i], max(words(i).flatMap(DisplayWidth.pieces).map(DisplayWidth.of).max() ?? 0, headerFloor[i], 4))
        }
        // Each cell of a column wrapped to a width (nil: it fits), worked out once per column and width: the layouts
        // share most, and the one chosen prints them.
        var wrapped: [Int: [[String]?]] = [:]
        func lines(_ i: Int, _ width: Int) -> [[String]?] {
            let key = i << 32 | width
            if let known = wrapped[key] { return known }
            let cells = texts.indices.map { r in cellWidths[r][i] > width ? DisplayWidth.wrap(texts[r][i], width: width) : nil }
            wrapped[key] = cells
            return cells
        }
        // Between the two: the first column (an id, long) broken, every other word whole.
        let middle = columns.indices.map { i in i == 0 ? tight[i] : comfortable[i] }
        // The other columns' words broken where identifiers break, the first column (the id typed next) whole.
        let others = columns.indices.map { i in i == 0 ? comfortable[i] : tight[i] }
        // Of the layouts that fit, the one with the fewest lines (the earlier one on a tie; one-space gaps cost extra).
        var best: (widths: [Int], gap: Int, height: Int)?
        for (floors, gap) in [(comfortable, 2), (others, 2), (middle, 2), (tight, 2), (tight, 1)] {
            let available = width - gap * max(0, columns.count - 1)
            guard floors.reduce(0, +) <= available else { continue }
            let widths = Self.fill(natural: natural, floors: floors, available: available)
            var tallest = [Int](repeating: 1, count: texts.count)
            for i in columns.indices where natural[i] > widths[i] {
                for (r, cell) in lines(i, widths[i]).enumerated() where (cell?.count ?? 1) > tallest[r] { tallest[r] = cell?.count ?? 1 }
            }
            let height = tallest.reduce(0, +)
            // One space between columns is cramped: only worth it when it saves a good many lines.
            // A broken first column is an id the facilitator has to read across lines: worth it only to save many.
            let cost = height + (gap == 1 ? max(1, texts.count / 4) : 0) + (widths.first.map { $0 < natural[0] } == true ? max(1, texts.count / 2) : 0)
            if best == nil || cost < best!.height { best = (widths, gap, cost) }
        }
        guard let best else { return records(headers: headers, texts: texts, width: width) }
        return render(headers: headers, texts: texts, widths: best.widths, rightAligned: rightAligned, gap: best.gap) { r, i in
            natural[i] > best.widths[i] ? lines(i, best.widths[i])[r] : nil
        }
    }

    /// Water-fill: the largest cap L with Σ min(natural, max(floor, L)) ≤ available, the rest left to right.
    static func fill(natural: [Int], floors: [Int], available: Int) -> [Int] {
        func total(_ level: Int) -> Int { natural.indices.reduce(0) { $0 + min(natural[$1], max(floors[$1], level)) } }
        var low = 0, high = natural.max() ?? 0
        while low < high {
            let mid = (low + high + 1) / 2
            if total(mid) <= available { low = mid } else { high = mid - 1 }
        }
        var widths = natural.indices.map { min(natural[$0], max(floors[$0], low)) }
        var spare = available - widths.reduce(0, +)
        for i in widths.indices where spare > 0 && widths[i] < natural[i] {
            let more = min(spare, natural[i] - widths[i])
            widths[i] += more; spare -= more
        }
        return widths
    }

    /// `time_to_acknowledge` → `time_`, `to_`, `acknowledge`: where a header may break.
    static func headerPieces(_ header: String) -> [String] {
        var pieces: [String] = [], current = ""
        for character in header {
            current.append(character)
            if character == "_" || character == " " { pieces.append(current); current = "" }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    /// A header in lines of at most `width` columns, broken after `_` or a space.
    static func wrapHeader(_ header: String, width: Int) -> [String] {
        guard DisplayWidth.of(header) > width else { return [header] }
        var lines: [String] = [], line = ""
        for piece in headerPieces(header) {
            if !line.isEmpty && DisplayWidth.of(line + piece) > width {
                lines.append(line); line = ""
            }
            line += piece
        }
        if !line.isEmpty { lines.append(line) }
        return lines.map { DisplayWidth.elide($0.hasSuffix(" ") ? String($0.dropLast()) : $0, to: width) }
    }

    /// `wrapped`: a cell's lines when the layout already wrapped it (nil: wrapped here when it does not fit).
    func render(headers: [String], texts: [[String]], widths: [Int], rightAligned: [Bool], gap: Int,
                wrapped: (_ row: Int, _ column: Int) -> [String]? = { _, _ in nil }) -> String {
        // Written as bytes: cells padded to their column (display columns), lines without trailing spaces.
        var out: [UInt8] = []
        func lines(_ cells: [[String]]) {
            let height = cells.map(\.count).max() ?? 1
            for k in 0..<height {
                let start = out.count
                for i in cells.indices {
                    if i > 0 { out.append(contentsOf: repeatElement(0x20, count: gap)) }
                    let text = k < cells[i].count ? cells[i][k] : ""
                    let pad = max(0, widths[i] - DisplayWidth.of(text))
                    if rightAligned[i] { out.append(contentsOf: repeatElement(0x20, count: pad)) }
                    out.append(contentsOf: text.utf8)
                    if !rightAligned[i] { out.append(contentsOf: repeatElement(0x20, count: pad)) }
                }
                while out.count > start && out[out.count - 1] == 0x20 { out.removeLast() }
                out.append(0x0A)
            }
        }
        lines(headers.indices.map { Self.wrapHeader(headers[$0], width: widths[$0]) })
        for (r, row) in texts.enumerated() {
            lines(row.indices.map { i in
                if let known = wrapped(r, i) { return known }
                return DisplayWidth.of(row[i]) <= widths[i] && !row[i].utf8.contains(0x0A) ? [row[i]] : DisplayWidth.wrap(row[i], width: widths[i])
            })
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// One block per row: the first cell on its own line, then `column  value` lines, a blank line between rows.
    func records(headers: [String], texts: [[String]], width: Int) -> String {
        let labelWidth = min(headers.dropFirst().map(DisplayWidth.of).max() ?? 0, max(8, width / 3))
        let valueWidth = max(8, width - 2 - labelWidth - 2)
        var blocks: [String] = []
        for row in texts {
            var lines = DisplayWidth.wrap(row.first ?? "", width: width)
            for i in row.indices.dropFirst() {
                let label = DisplayWidth.elide(headers[i], to: labelWidth)
                let values = DisplayWidth.wrap(row[i], width: valueWidth)
                for (k, value) in values.enumerated() {
                    var line = "  " + DisplayWidth.padRight(k == 0 ? label : "", labelWidth) + "  " + value
                    while line.hasSuffix(" ") { line.removeLast() }
                    lines.append(line)
                }
            }
            blocks.append(lines.joined(separator: "\n"))
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }
}

/// RFC 4180 CSV: a header line, fields quoted when they hold a comma, quote or line break.
enum CSV {
    static func render(columns: [String], rows: [[String]]) -> String {
        ([columns] + rows).map { $0.map(quote).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
