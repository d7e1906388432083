import Foundation
import GRDB
import SLAModel

/// Everything that can go wrong opening or using the store.
package enum StoreError: Error, CustomStringConvertible {
    case missingDatabase(path: String)
    case cannotOpen(path: String, message: String)
    case database(operation: String, message: String)
    case readOnly(message: String)

    package var description: String {
        switch self {
        case .missingDatabase(let path):
            return "no database at \(path) (run 'slaretro init' to create one, or 'slaretro demo' to try the demo workspace)"
        case .cannotOpen(let path, let message):
            return "cannot open database \(path): \(message)"
        case .database(let operation, let message):
            return "\(operation) failed: \(message)"
        case .readOnly(let message):
            return "sql is read-only: \(message) (use the import commands or the retro shell to change data)"
        }
    }
}

/// The one SQLite file that holds a workspace: WAL, foreign keys on, a busy timeout, migrated on open.
package final class Store: Sendable {
    /// The file path, or nil for an in-memory store (tests).
    package let path: String?
    let queue: DatabaseQueue

    private init(path: String?, queue: DatabaseQueue) throws {
        self.path = path
        self.queue = queue
        do { try Schema.migrator.migrate(queue) } catch {
            throw StoreError.database(operation: "migrating the database", message: Store.message(error))
        }
    }

    /// Opens the store at `path`; creates it when `create` is true, else a missing file is an error.
    package static func open(path: String, create: Bool) throws -> Store {
        if !FileManager.default.fileExists(atPath: path) && !create { throw StoreError.missingDatabase(path: path) }
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.journalMode = .wal
        config.busyMode = .timeout(5)
        do {
            return try Store(path: path, queue: DatabaseQueue(path: path, configuration: config))
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.cannotOpen(path: path, message: Store.message(error))
        }
    }

    /// Reads one `meta` value from the file at `path` without migrating or changing it (nil when absent or not ours).
    package static func peekMeta(_ key: String, at path: String) -> String? {
        var config = Configuration()
        config.readonly = true
        guard let queue = try? DatabaseQueue(path: path, configuration: config) else { return nil }
        return try? queue.read { db in
            guard try db.tableExists("meta") else { return nil }
            return try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
        }
    }

    /// A fresh private in-memory store (tests, benchmarks).
    package static func inMemory() throws -> Store {
        var config = Configuration()
        config.foreignKeysEnabled = true
        return try Store(path: nil, queue: DatabaseQueue(configuration: config))
    }

    /// Runs `body` in one read transaction.
    package func read<T>(_ body: (StoreContext) throws -> T) throws -> T {
        try wrap("reading the database") { try queue.read { db in try body(StoreContext(db: db)) } }
    }

    /// Runs `body` in one write transaction: all of it is committed, or none of it.
    package func write<T>(_ body: (StoreContext) throws -> T) throws -> T {
        try wrap("writing the database") { try queue.write { db in try body(StoreContext(db: db)) } }
    }

    /// Runs arbitrary SQL with `PRAGMA query_only` on: a write is refused by SQLite itself.
    package func query(_ sql: String) throws -> QueryResult {
        do {
            return try queue.inDatabase { db in
                try db.execute(sql: "PRAGMA query_only = ON")
                defer { try? db.execute(sql: "PRAGMA query_only = OFF") }
                let statement = try db.makeStatement(sql: sql)
                let columns = statement.columnNames
                let rows = try Row.fetchAll(statement).map { row in
                    (0..<row.count).map { SQLValue(row[$0] as DatabaseValue) }
                }
                return QueryResult(columns: columns, rows: rows)
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_READONLY {
            throw StoreError.readOnly(message: error.message ?? "attempt to write")
        } catch let error as DatabaseError {
            throw StoreError.database(operation: "the query", message: error.message ?? "\(error)")
        }
    }

    private func wrap<T>(_ operation: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DatabaseError {
            throw StoreError.database(operation: operation, message: error.message ?? "\(error)")
        }
    }

    static func message(_ error: any Error) -> String {
        (error as? DatabaseError)?.message ?? "\(error)"
    }
}

extension SQLValue {
    package init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let v): self = .integer(v)
        case .double(let v): self = .real(v)
        case .string(let v): self = .text(v)
        case .blob(let d): self = .blob(d.count)
        }
    }
}
