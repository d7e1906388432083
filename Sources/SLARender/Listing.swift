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
    /// The columns a table shows (all when nil); JSON and CSV always carry every column.
    package let tableColumns: [String]?

    package init(columns: [String], rows: [[Cell]], emptyMessage: String, tableColumns: [String]? = nil) {
        self.columns = columns; self.rows = rows; self.emptyMessage = emptyMessage; self.tableColumns = tableColumns
    }

    package func render(_ format: OutputFormat) -> String {
        switch format {
        case .table:
            if rows.isEmpty { return emptyMessage + "\n" }
            let shown = tableColumns ?? columns
            let keep = shown.compactMap { columns.firstIndex(of: $0) }
            return TextTable(columns: keep.map { columns[$0] }, rows: rows.map { row in keep.map { row[$0] } }).render()
        case .json: return json.rendered()
        case .csv: return CSV.render(columns: columns, rows: rows.map { $0.map(\.csvText) })
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
struct TextTable {
    let columns: [String]
    let rows: [[Cell]]

    func render() -> String {
        var widths = columns.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.text.count) } }
        let rightAligned = columns.indices.map { i in rows.contains { $0[i].alignRight } && rows.allSatisfy { $0[i].alignRight || $0[i].text == "—" } }
        func line(_ texts: [String]) -> String {
            let padded = texts.enumerated().map { i, text in
                let fill = String(repeating: " ", count: widths[i] - text.count)
                return rightAligned[i] ? fill + text : text + fill
            }
            var joined = padded.joined(separator: "  ")
            while joined.hasSuffix(" ") { joined.removeLast() }
            return joined
        }
        return ([line(columns)] + rows.map { line($0.map(\.text)) }).joined(separator: "\n") + "\n"
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
