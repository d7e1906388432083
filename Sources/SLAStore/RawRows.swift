import Foundation
import GRDB
import GRDBSQLite
import SLAModel

/// The current row of a statement stepped with SQLite's C API; valid only inside the body it is given to.
///
/// For the evaluation loops that read hundreds of thousands of small rows per agenda (first reads, kept sums): a
/// GRDB `Row` per row costs several times SQLite's own work there.
struct RawRow {
    fileprivate let handle: OpaquePointer

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    /// An INTEGER column (nil when the value is not stored as an integer).
    func integer(_ column: Int32) -> Int64? {
        sqlite3_column_type(handle, column) == SQLITE_INTEGER ? sqlite3_column_int64(handle, column) : nil
    }

    /// A REAL or INTEGER column as a number (nil for any other storage).
    func number(_ column: Int32) -> Double? {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_FLOAT: return sqlite3_column_double(handle, column)
        case SQLITE_INTEGER: return Double(sqlite3_column_int64(handle, column))
        default: return nil
        }
    }

    /// A TEXT column's bytes, valid until the body returns (nil when the value is not stored as text).
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard sqlite3_column_type(handle, column) == SQLITE_TEXT else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        guard let base = sqlite3_column_text(handle, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: base, count: count)
    }

    /// A BLOB column's bytes, valid until the body returns (nil when the value is not stored as a blob).
    func blob(_ column: Int32) -> UnsafeRawBufferPointer? {
        guard sqlite3_column_type(handle, column) == SQLITE_BLOB else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return UnsafeRawBufferPointer(start: sqlite3_column_blob(handle, column), count: count)
    }

    /// A TEXT column as a string (nil when the value is not stored as text); like GRDB, it ends at a NUL byte.
    func text(_ column: Int32) -> String? {
        bytes(column).map { bytes in
            let end = bytes.firstIndex(of: 0) ?? bytes.endIndex
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<end]), as: UTF8.self)
        }
    }

    /// Any value as an error shows it: its text, or `NULL`.
    func shown(_ column: Int32) -> String {
        guard !isNull(column), let text = sqlite3_column_text(handle, column) else { return "NULL" }
        return String(cString: text)
    }
}

extension StoreContext {
    /// Runs `sql` (prepared once per connection) with text `arguments`, calling `body` for each row it returns.
    func eachRawRow(_ sql: String, _ arguments: [String], _ body: (RawRow) throws -> Void) throws {
        let statement = try db.cachedStatement(sql: sql)
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        defer { sqlite3_reset(handle); sqlite3_clear_bindings(handle) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (i, argument) in arguments.enumerated() {
            var argument = argument
            argument.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    if let base = chars.baseAddress {
                        _ = sqlite3_bind_text(handle, Int32(i + 1), base, Int32(chars.count), transient)
                    } else {
                        _ = sqlite3_bind_text(handle, Int32(i + 1), "", 0, nil)
                    }
                }
            }
        }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw StoreError.database(operation: "reading", message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))))
            }
            try body(RawRow(handle: handle))
        }
    }
}
