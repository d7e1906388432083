import Foundation

/// A value from an ad-hoc query, typed as SQLite returns it.
package enum SQLValue: Hashable, Sendable {
    case null, integer(Int64), real(Double), text(String), blob(Int)
}

/// The columns and rows of an ad-hoc query.
package struct QueryResult: Sendable {
    package let columns: [String]
    package let rows: [[SQLValue]]

    package init(columns: [String], rows: [[SQLValue]]) {
        self.columns = columns
        self.rows = rows
    }
}
