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
    /// The columns that identify the row (`id`, or `agreement_id` and `number`), read only for an error.
    let keyColumns: [String]

    /// Reads `row` of `table`, whose key is in column `keyColumn`.
    package init(_ row: Row, table: String, keyColumn: String = "id") {
        self.init(row, table: table, keyColumns: [keyColumn])
    }

    /// Reads `row` of `table`, whose key spans `keyColumns` (shown joined by `#`: `OLA-crm-export#3`).
    package init(_ row: Row, table: String, keyColumns: [String]) {
        self.row = row
        self.table = table
        self.keyColumns = keyColumns
    }

    /// The row's key as shown in an error.
    package var key: String {
        keyColumns.map { column in (row[column] as DatabaseValue?).map { "\($0.storage.value ?? "NULL")" } ?? "?" }
            .joined(separator: "#")
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

    /// An optional number (NULL reads as nil; anything else must be a finite number).
    package func optionalDouble(_ column: String) throws(UnreadableRow) -> Double? {
        guard let value = row[column] as DatabaseValue?, !value.isNull else { return nil }
        guard let number = Double.fromDatabaseValue(value), number.isFinite else { throw unreadable(column) }
        return number
    }

    /// A required whole number that fits an `Int`.
    package func int(_ column: String) throws(UnreadableRow) -> Int {
        guard let value = Int(exactly: try integer(column)) else { throw unreadable(column) }
        return value
    }

    /// An optional whole number (NULL reads as nil).
    package func optionalInteger(_ column: String) throws(UnreadableRow) -> Int64? {
        guard let value = row[column] as DatabaseValue?, !value.isNull else { return nil }
        guard case .int64(let number) = value.storage else { throw unreadable(column) }
        return number
    }

    /// An optional whole number that fits an `Int` (NULL reads as nil).
    package func optionalInt(_ column: String) throws(UnreadableRow) -> Int? {
        guard let number = try optionalInteger(column) else { return nil }
        guard let value = Int(exactly: number) else { throw unreadable(column) }
        return value
    }

    /// A required instant as the store writes it (ISO 8601 in UTC).
    package func instant(_ column: String) throws(UnreadableRow) -> Date {
        guard let value = Clock.parseInstant(try text(column)) else { throw unreadable(column) }
        return value
    }

    /// An optional instant (NULL reads as nil).
    package func optionalInstant(_ column: String) throws(UnreadableRow) -> Date? {
        guard let text = try optionalText(column) else { return nil }
        guard let value = Clock.parseInstant(text) else { throw unreadable(column) }
        return value
    }

    /// An optional value of a closed set (NULL reads as nil; an unknown spelling is an error).
    package func optionalChoice<T: RawRepresentable>(_ type: T.Type, _ column: String) throws(UnreadableRow) -> T? where T.RawValue == String {
        guard let text = try optionalText(column) else { return nil }
        guard let value = T(rawValue: text) else { throw unreadable(column) }
        return value
    }

    /// A required text column holding JSON.
    package func json(_ column: String) throws(UnreadableRow) -> JSONValue {
        guard let value = JSONValue.parse(try text(column)) else { throw unreadable(column) }
        return value
    }

    /// A required text column holding a JSON array of strings (`["a","b"]`).
    package func stringList(_ column: String) throws(UnreadableRow) -> [String] {
        guard case .array(let items) = try json(column) else { throw unreadable(column) }
        var result: [String] = []
        for item in items {
            guard let text = item.string else { throw unreadable(column) }
            result.append(text)
        }
        return result
    }

    /// A required value read by `parse` (a window, a rule): nil from `parse` is an error, never a default.
    package func parsed<T>(_ column: String, _ parse: (String) -> T?) throws(UnreadableRow) -> T {
        guard let value = parse(try text(column)) else { throw unreadable(column) }
        return value
    }

    /// An optional value read by `parse` (NULL reads as nil; text `parse` refuses is an error).
    package func optionalParsed<T>(_ column: String, _ parse: (String) -> T?) throws(UnreadableRow) -> T? {
        guard let text = try optionalText(column) else { return nil }
        guard let value = parse(text) else { throw unreadable(column) }
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
