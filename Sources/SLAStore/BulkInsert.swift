import Foundation
import GRDB
import GRDBSQLite
import SLAModel

/// A prepared INSERT bound field by field straight from bytes: the hot loop of bulk imports.
///
/// Binding through `StatementArguments` costs three times SQLite's own time (measured with bench/usage.py); binding
/// bytes with the C API keeps an import within a few percent of the `sqlite3` shell's `.import`.
package final class BulkInsert {
    private let statement: Statement
    private let db: Database
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ sql: String, in ctx: StoreContext, cached: Bool = false) throws {
        db = ctx.db
        statement = cached ? try ctx.db.cachedStatement(sql: sql) : try ctx.db.makeStatement(sql: sql)
        if cached { sqlite3_reset(statement.sqliteStatement); sqlite3_clear_bindings(statement.sqliteStatement) }
    }

    package func bind(_ index: Int32, bytes: UnsafeBufferPointer<UInt8>) {
        let handle = statement.sqliteStatement
        _ = bytes.withMemoryRebound(to: CChar.self) { chars in
            if let base = chars.baseAddress {
                sqlite3_bind_text(handle, index, base, Int32(chars.count), Self.transient)
            } else {
                sqlite3_bind_text(handle, index, "", 0, nil)
            }
        }
    }

    /// Binds bytes SQLite does not copy: they must stay valid and unchanged until the next `step()` returns.
    package func bind(_ index: Int32, staticBytes bytes: UnsafeBufferPointer<UInt8>) {
        let handle = statement.sqliteStatement
        _ = bytes.withMemoryRebound(to: CChar.self) { chars in
            if let base = chars.baseAddress {
                sqlite3_bind_text(handle, index, base, Int32(chars.count), nil)
            } else {
                sqlite3_bind_text(handle, index, "", 0, nil)
            }
        }
    }

    package func bind(_ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { bind(index, bytes: $0) }
    }

    package func bind(_ index: Int32, _ value: Double?) {
        if let value { sqlite3_bind_double(statement.sqliteStatement, index, value) } else { sqlite3_bind_null(statement.sqliteStatement, index) }
    }

    package func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(statement.sqliteStatement, index, value) } else { sqlite3_bind_null(statement.sqliteStatement, index) }
    }

    package func bind(_ index: Int32, _ value: Int) {
        sqlite3_bind_int64(statement.sqliteStatement, index, sqlite3_int64(value))
    }

    package func bindNull(_ index: Int32) { sqlite3_bind_null(statement.sqliteStatement, index) }

    /// Binds bytes as a BLOB (SQLite copies them).
    package func bind(_ index: Int32, blob bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { raw in sqlite3_bind_blob(statement.sqliteStatement, index, raw.baseAddress, Int32(raw.count), Self.transient) }
    }

    /// Runs the insert with the bound values; true when a row was written (false: ignored as a duplicate).
    @discardableResult
    package func step() throws -> Bool {
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle); sqlite3_clear_bindings(handle) }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            throw StoreError.database(operation: "inserting a row", message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))))
        }
        return sqlite3_changes(sqlite3_db_handle(handle)) > 0
    }
}

extension StoreContext {
    /// Prepares a bulk insert in this transaction (the named statements in Usage.swift use it).
    /// `cached`: the statement is prepared once per connection (a statement run again and again in one process).
    func bulkInsert(_ sql: String, cached: Bool = false) throws -> BulkInsert { try BulkInsert(sql, in: self, cached: cached) }

    /// The id the last INSERT gave its row.
    package var lastInsertedRowID: Int64 { db.lastInsertedRowID }
}

extension Database {
    /// Runs `body` with the main database's cache size set to `kib` KiB, then sets it back (also on an error).
    ///
    /// SQLite sizes a sort's memory by that cache size when the statement starts: a bulk write that sorts runs under a
    /// smaller one, so the peak stays the same however many rows it sorts (beyond it, sorted runs spill to temporary
    /// files and are merged).
    func withMainCache<T>(kib: Int, _ body: () throws -> T) throws -> T {
        let cache = try Int.fetchOne(self, sql: "PRAGMA main.cache_size") ?? -2000
        try execute(sql: "PRAGMA main.cache_size = \(-kib)")
        let result: T
        do { result = try body() } catch {
            try execute(sql: "PRAGMA main.cache_size = \(cache)")
            throw error
        }
        try execute(sql: "PRAGMA main.cache_size = \(cache)")
        return result
    }
}
