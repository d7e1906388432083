import Foundation
import GRDB
import SLAModel

/// A row the store cannot read: a value outside its type (a hand-edited file, or a newer version's data).
///
/// The store never substitutes a plausible default for such a value: a wrong revision or sprint read as
/// right would be worse than an error that names the table, the row and the column.
package struct UnreadableRow: Error, Equatable, CustomStringConvertible {
    package let table: String
    package let key: String
    package let column: String
    package let value: String

    package var description: String {
        "the database holds an unreadable value in \(table) row '\(SafeText.terminal(key))', column \(column): "
            + "'\(SafeText.terminal(value))' (was the file edited by hand? restore it from a backup)"
    }
}

/// Typed, throwing reads of one row: each names its table and the row's key for the error.
package struct RowReader {
    package let row: Row
    package let table: String
    package let key: String

    /// Reads `row` of `table`, whose key is in column `keyColumn`.
    package init(_ row: Row, table: String, keyColumn: String = "id") {
        self.row = row
        self.table = table
        self.key = (row[keyColumn] as DatabaseValue?).map { "\($0.storage.value ?? "NULL")" } ?? "?"
    }

    package func unreadable(_ column: String) -> UnreadableRow {
        let shown = (row[column] as DatabaseValue?).map { $0.isNull ? "NULL" : "\($0.storage.value ?? "")" } ?? "missing"
        return UnreadableRow(table: table, key: key, column: column, value: shown)
    }

    /// A required text column.
    package func text(_ column: String) throws(UnreadableRow) -> String {
        guard let value = try optionalText(column) else { throw unreadable(column) }
        return value
    }

    /// An optional text column (NULL reads as nil).
    package func optionalText(_ column: String) throws(UnreadableRow) -> String? {
        do { return try row.decode(String?.self, forColumn: column) } catch { throw unreadable(column) }
    }

    /// A required number.
    package func double(_ column: String) throws(UnreadableRow) -> Double {
        guard let value = (try? row.decode(Double?.self, forColumn: column)) ?? nil, value.isFinite else { throw unreadable(column) }
        return value
    }

    /// A required whole number.
    package func integer(_ column: String) throws(UnreadableRow) -> Int64 {
        guard let value = (try? row.decode(Int64?.self, forColumn: column)) ?? nil else { throw unreadable(column) }
        return value
    }

    /// A value of a closed set (`kind`, `status`, …): an unknown spelling is an error, never a default.
    package func choice<T: RawRepresentable>(_ type: T.Type, _ column: String) throws(UnreadableRow) -> T where T.RawValue == String {
        guard let value = T(rawValue: try text(column)) else { throw unreadable(column) }
        return value
    }

    /// A required `YYYY-MM-DD` date.
    package func date(_ column: String) throws(UnreadableRow) -> LocalDate {
        guard let value = LocalDate(try text(column)) else { throw unreadable(column) }
        return value
    }

    /// An optional `YYYY-MM-DD` date.
    package func optionalDate(_ column: String) throws(UnreadableRow) -> LocalDate? {
        guard let text = try optionalText(column) else { return nil }
        guard let value = LocalDate(text) else { throw unreadable(column) }
        return value
    }
}

private extension DatabaseValue.Storage {
    var value: Any? {
        switch self {
        case .null: return nil
        case .int64(let v): return v
        case .double(let v): return v
        case .string(let v): return v
        case .blob(let d): return "<\(d.count) bytes>"
        }
    }
}
