import SLAModel
import SLAEvaluate
import SLAImport
/// The rendering of an ad-hoc `sql` query.
package enum QueryViews {
    package static func render(_ result: QueryResult, format: OutputFormat) -> String {
        let rows: [[Cell]] = result.rows.map { row in
            row.map { value in
                switch value {
                case .null: return Cell(text: "NULL", json: .null)
                case .integer(let i): return Cell(text: String(i), json: .int(Int(i)), alignRight: true)
                case .real(let d): return Cell(text: Formatting.number(d, maxDecimals: 6), json: .number(d), alignRight: true)
                case .text(let s): return Cell(text: s, json: .string(s))
                case .blob(let n): return Cell(text: "<blob \(n) bytes>", json: .null)
                }
            }
        }
        return Listing(columns: result.columns, rows: rows, emptyMessage: "(no rows)").render(format)
    }
}
