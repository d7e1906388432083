import Foundation
import GRDB
import SLAModel

/// Everything that can go wrong opening or using the store.
package enum StoreError: Error, CustomStringConvertible {
    case missingDatabase(path: String)
    case cannotOpen(path: String, message: String)
    case database(operation: String, message: String)
    case readOnly(message: String)
    /// The file is not a workspace this binary may use (empty, not SQLite, someone else's, or from a newer slaretro).
    case refused(path: String, message: String)
    /// An `sql` statement that is not a query (transactions, ATTACH, PRAGMA writes, VACUUM).
    case notAQuery(message: String)
    /// An `sql` query stopped by its time limit or by Ctrl-C.
    case queryStopped(message: String)
    /// Another writer kept the workspace locked longer than this one would wait (`WriterWait`).
    case busy(path: String, seconds: Double, holder: String?)

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
        case .refused(let path, let message):
            return "\(path): \(message)"
        case .notAQuery(let message):
            return "sql runs one read-only query: \(message)"
        case .queryStopped(let message):
            return message
        case .busy(let path, let seconds, let holder):
            let who = holder.map { "another writer (\($0))" } ?? "another writer (another slaretro, or a program with the file open)"
            let waited = seconds > 0 ? " for \(Store.seconds(seconds))" : ""
            return "\(SafeText.terminal(path)) stayed locked by \(who)\(waited); nothing was written (try again when it has finished, or set SLARETRO_BUSY_TIMEOUT=SECONDS to wait longer)"
        }
    }
}

/// How a command opens the workspace file.
package enum OpenMode: Sendable {
    /// Read commands: the file must exist and be a workspace; it is opened read-only and never written, so a
    /// read-only file works. (A `write` through such a store opens a writing connection for that transaction.)
    case read
    /// Write commands on an existing workspace.
    case write
    /// `init` and imports: a missing (or zero-byte) file becomes a new workspace.
    case create
}

/// The one SQLite file that holds a workspace: WAL, foreign keys on, `synchronous=FULL`, writers that wait for each other
/// (`WriterWait`: a notice after 1 s, up to 120 s), migrated on open.
///
/// Opening refuses, naming the file: a zero-byte file (unless creating), a file that is not SQLite, a SQLite file
/// that is not a workspace, and a workspace written by a newer slaretro (`user_version` set or migrations this
/// binary does not know), naming both versions. Nothing is written to a refused file.
package final class Store: Sendable {
    /// The file path, or nil for an in-memory store (tests).
    package let path: String?
    let queue: DatabaseQueue
    /// Read-only stores open a writing connection only for the transactions that write.
    let readOnly: Bool
    /// How the writing connection waits for other writers (nil in memory).
    let busy: BusyState?
    /// How writers opened by this store wait (see `WriterWait`).
    let wait: WriterWait

    private init(path: String?, queue: DatabaseQueue, readOnly: Bool = false, busy: BusyState? = nil, wait: WriterWait = .standard) {
        self.path = path
        self.queue = queue
        self.readOnly = readOnly
        self.busy = busy
        self.wait = wait
    }

    /// Opens the store at `path`; creates it when `create` is true, else a missing file is an error.
    package static func open(path: String, create: Bool) throws -> Store {
        try open(path: path, mode: create ? .create : .write)
    }

    /// Opens the store at `path` in `mode` (see `OpenMode`).
    package static func open(path: String, mode: OpenMode, wait: WriterWait = .standard) throws -> Store {
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists && mode != .create { throw StoreError.missingDatabase(path: path) }
        if exists { try checkFile(path, mode: mode) }
        do {
            if mode == .read {
                // A workspace whose schema is older than the binary is upgraded once, by a writing connection.
                let reader = try DatabaseQueue(path: readPath(path), configuration: readConfiguration())
                let current = try reader.read { db in try Schema.migrator.hasCompletedMigrations(db) }
                if current { return Store(path: path, queue: reader, readOnly: true, wait: wait) }
                try reader.close()
                do { _ = try migratedWriter(path, wait: wait) } catch let error as StoreError {
                    if case .busy = error { throw error }
                    throw StoreError.refused(path: path, message: "was made by an older slaretro and cannot be upgraded here (\(error)); open it once with a command that writes")
                } catch {
                    throw StoreError.refused(path: path, message: "was made by an older slaretro and cannot be upgraded here (\(Store.message(error))); open it once with a command that writes")
                }
                return Store(path: path, queue: try DatabaseQueue(path: path, configuration: readConfiguration()), readOnly: true, wait: wait)
            }
            let (queue, busy) = try migratedWriter(path, wait: wait)
            return Store(path: path, queue: queue, busy: busy, wait: wait)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.cannotOpen(path: path, message: Store.message(error))
        }
    }

    /// How a read-only connection names the file. SQLite would create the `-shm` and `-wal` files of a file we may
    /// not write with the file's own permissions (0444), and they would then refuse every later writer; so a file
    /// we cannot write, with no write-ahead log pending, is opened as immutable (no side files at all).
    static func readPath(_ path: String) -> String {
        guard access(path, W_OK) != 0 else { return path }
        let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? Int ?? 0
        guard wal == 0 else { return path }
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return "file:" + (path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path) + "?immutable=1"
    }

    /// A writer waits for another writer as `busy` says (see `WriterWait`), not a fixed 5 s.
    static func writeConfiguration(_ busy: BusyState) -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.journalMode = .wal
        config.busyMode = .callback { tries in busy.shouldRetry(tries: tries) }
        return config
    }

    /// A writing connection. A commit returns only once it is on disk (`synchronous=FULL`), so an acknowledged
    /// decision survives a power cut; GRDB's WAL set-up chooses NORMAL, so this is set after opening.
    static func writer(_ path: String, wait: WriterWait) throws -> (DatabaseQueue, BusyState) {
        let busy = BusyState(path: path, wait: wait)
        do {
            let queue = try DatabaseQueue(path: path, configuration: writeConfiguration(busy))
            // A 64 MiB page cache (SQLite's default is 2 MiB): an import is one transaction, and with the default every
            // page spills to the write-ahead log and is written again many times (2.3 M writes for 250 k usage
            // events, 64 k with this cache; bench/RESULTS.md). Bounded, so memory stays flat however large the file.
            try queue.inDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL; PRAGMA cache_size = -65536") }
            return (queue, busy)
        } catch let error as DatabaseError {
            if let busyError = busy.busyError(error) { throw busyError }
            throw error
        }
    }

    static func readConfiguration() -> Configuration {
        var config = Configuration()
        config.readonly = true
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(5)
        return config
    }

    private static func migratedWriter(_ path: String, wait: WriterWait) throws -> (DatabaseQueue, BusyState) {
        let (queue, busy) = try writer(path, wait: wait)
        do { try Schema.migrator.migrate(queue) } catch {
            if let error = error as? DatabaseError, let busyError = busy.busyError(error) { throw busyError }
            throw StoreError.database(operation: "migrating the database", message: Store.message(error))
        }
        return (queue, busy)
    }

    /// The checks made before SQLite touches an existing file (see the type's comment).
    static func checkFile(_ path: String, mode: OpenMode) throws {
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        guard !isDirectory.boolValue else { throw StoreError.refused(path: path, message: "is a folder, not a workspace file") }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              (attributes[.type] as? FileAttributeType) == .typeRegular else {
            throw StoreError.refused(path: path, message: "is not a regular file")
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        if size == 0 {
            if mode == .create { return }
            throw StoreError.refused(path: path, message: "is empty (0 bytes), not a slaretro workspace (run 'slaretro init' to make one)")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError.cannotOpen(path: path, message: "cannot read the file (permission denied?)")
        }
        let header = (try? handle.read(upToCount: 100)) ?? Data()
        try? handle.close()
        guard header.count >= 16, header.prefix(16) == Data("SQLite format 3\u{0}".utf8) else {
            throw StoreError.refused(path: path, message: "is not a SQLite database (not a slaretro workspace)")
        }
        if header.count >= 64 {
            let userVersion = header[60..<64].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            if userVersion != 0 {
                throw StoreError.refused(path: path, message: "has user_version \(userVersion), but slaretro workspaces have user_version 0: it was written by a newer slaretro or another tool (this binary's schema is \(Schema.migrator.migrations.last ?? "?"))")
            }
        }
        var config = Configuration()
        config.readonly = true
        let inspected: (tables: Set<String>, applied: [String])
        do {
            let queue = try DatabaseQueue(path: readPath(path), configuration: config)
            inspected = try queue.read { db in
                let tables = try Set(String.fetchAll(db.cachedStatement(sql: "SELECT name FROM sqlite_master WHERE type = 'table'")))
                let applied = tables.contains("grdb_migrations") ? try String.fetchAll(db.cachedStatement(sql: "SELECT identifier FROM grdb_migrations")) : []
                return (tables, applied)
            }
            try queue.close()
        } catch {
            throw StoreError.refused(path: path, message: "cannot be read as a SQLite database (\(Store.message(error)))")
        }
        let ours = inspected.tables.contains("grdb_migrations") && inspected.tables.contains("meta")
        if !ours && !(inspected.tables.isEmpty && mode == .create) {
            throw StoreError.refused(path: path, message: inspected.tables.isEmpty ? "is an empty SQLite database, not a slaretro workspace (run 'slaretro init' to make one)"
                                     : "is a SQLite database but not a slaretro workspace (no grdb_migrations and meta tables)")
        }
        let known = Schema.migrator.migrations
        let unknown = inspected.applied.filter { !known.contains($0) }.sorted()
        if !unknown.isEmpty {
            throw StoreError.refused(path: path, message: "was written by a newer slaretro: its schema has \(unknown.joined(separator: ", ")), this binary knows up to \(known.last ?? "?"); use a newer slaretro")
        }
    }

    /// Reads one `meta` value from the file at `path` without migrating or changing it (nil when absent or not ours).
    package static func peekMeta(_ key: String, at path: String) -> String? {
        var config = Configuration()
        config.readonly = true
        guard let queue = try? DatabaseQueue(path: readPath(path), configuration: config) else { return nil }
        return try? queue.read { db in
            guard try db.tableExists("meta") else { return nil }
            return try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = ?"), arguments: [key])
        }
    }

    /// A fresh private in-memory store (tests, benchmarks).
    package static func inMemory() throws -> Store {
        var config = Configuration()
        config.foreignKeysEnabled = true
        let queue = try DatabaseQueue(configuration: config)
        do { try Schema.migrator.migrate(queue) } catch {
            throw StoreError.database(operation: "migrating the database", message: Store.message(error))
        }
        return Store(path: nil, queue: queue)
    }

    /// A private in-memory copy of this store, taken with SQLite's backup: tests build a workspace once and
    /// give each test its own copy.
    package func inMemoryCopy() throws -> Store {
        var config = Configuration()
        config.foreignKeysEnabled = true
        let copy = try DatabaseQueue(configuration: config)
        try wrap("copying the database") { try queue.backup(to: copy) }
        return Store(path: nil, queue: copy)
    }

    /// Runs `body` in one read transaction.
    package func read<T>(_ body: (StoreContext) throws -> T) throws -> T {
        try wrap("reading the database") { try queue.read { db in try body(StoreContext(db: db)) } }
    }

    /// Runs `body` in one write transaction: all of it is committed, or none of it.
    package func write<T>(_ body: (StoreContext) throws -> T) throws -> T {
        if readOnly, let path {
            let (writer, busy) = try wrap("opening the database for writing") { try Store.writer(path, wait: wait) }
            defer { try? writer.close() }
            return try wrap("writing the database", busy: busy) { try writer.write { db in try body(StoreContext(db: db)) } }
        }
        return try wrap("writing the database", busy: busy) { try queue.write { db in try body(StoreContext(db: db)) } }
    }

    /// Runs one read-only SQL query (the `sql` command): statements that are not queries are refused before they run
    /// (see `SQLGuard`), `PRAGMA query_only` is on, and the query stops after `timeout` seconds or on
    /// `stop.request()` (Ctrl-C: `Store.requestQueryInterrupt()`). A request made before the query starts is forgotten.
    package func query(_ sql: String, timeout: Double = 5, stop: QueryStop = .process) throws -> QueryResult {
        try SQLGuard.check(sql)
        stop.reset()
        do {
            return try queue.inDatabase { db in
                try db.execute(sql: "PRAGMA query_only = ON")
                defer {
                    if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK") }
                    try? db.execute(sql: "PRAGMA query_only = OFF")
                }
                let statement = try db.makeStatement(sql: sql)
                // SQLite calls every PRAGMA "not read-only"; SQLGuard already refused the ones with a value.
                guard statement.isReadonly || SQLGuard.words(sql).first == "PRAGMA" else { throw StoreError.readOnly(message: "attempt to write a readonly database") }
                let columns = statement.columnNames
                let rows = try stop.limited(db, seconds: timeout) {
                    try Row.fetchAll(statement).map { row in (0..<row.count).map { SQLValue(row[$0] as DatabaseValue) } }
                }
                return QueryResult(columns: columns, rows: rows)
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_READONLY {
            throw StoreError.readOnly(message: error.message ?? "attempt to write")
        } catch let error as DatabaseError where error.resultCode == .SQLITE_INTERRUPT {
            if stop.wasRequested { throw StoreError.queryStopped(message: "the query was interrupted (Ctrl-C); the shell is ready for the next command") }
            throw StoreError.queryStopped(message: "the query ran longer than \(Self.seconds(timeout)) and was stopped (give --timeout SECONDS to allow more)")
        } catch let error as DatabaseError {
            throw StoreError.database(operation: "the query", message: error.message ?? "\(error)")
        }
    }

    /// Asks a running `query` to stop (safe to call from a signal handler's thread or another thread).
    package static func requestQueryInterrupt() { QueryStop.process.request() }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() && value < 1e9 ? "\(Int(value)) s" : "\(value) s"
    }

    private func wrap<T>(_ operation: String, busy: BusyState? = nil, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DatabaseError {
            if let busyError = busy?.busyError(error) { throw busyError }
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
