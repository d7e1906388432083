import Foundation
import GRDB
import GRDBSQLite
import SLAModel

/// What the `sql` command refuses before SQLite runs it: statements that are not queries.
///
/// `PRAGMA query_only` stops writes to the workspace, but not a transaction left open (which GRDB treats as a
/// programming error and crashes on), nor `ATTACH`/`VACUUM INTO` creating other files, nor `PRAGMA journal_mode`.
package enum SQLGuard {
    static let refused: [String: String] = [
        "BEGIN": "transactions are not queries", "COMMIT": "transactions are not queries", "END": "transactions are not queries",
        "ROLLBACK": "transactions are not queries", "SAVEPOINT": "savepoints are not queries", "RELEASE": "savepoints are not queries",
        "ATTACH": "ATTACH opens or creates another file", "DETACH": "DETACH is not a query",
        "VACUUM": "VACUUM rewrites the file (or writes a copy)", "REINDEX": "REINDEX writes", "ANALYZE": "ANALYZE writes statistics",
    ]
    /// Pragmas that take an argument but only read.
    static let readingPragmas: Set<String> = [
        "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list",
        "foreign_key_check", "integrity_check", "quick_check", "pragma_list", "function_list", "collation_list",
    ]

    /// Throws `StoreError.notAQuery` for a statement `sql` must not run.
    package static func check(_ sql: String) throws {
        var words = Self.words(sql)
        while words.first == "EXPLAIN" || words.first == "QUERY" || words.first == "PLAN" { words.removeFirst() }
        guard let first = words.first else { return }
        if let why = refused[first] { throw StoreError.notAQuery(message: "\(first) refused: \(why)") }
        if first == "PRAGMA" {
            var rest = stripped(sql)
            while let word = rest.prefix(while: { $0.isLetter }).uppercased() as String?, word != "PRAGMA", !word.isEmpty {
                rest = stripped(String(rest.dropFirst(word.count)))  // EXPLAIN [QUERY PLAN]
            }
            rest = rest.dropFirst(6)
            let name = rest.trimmingCharacters(in: .whitespaces).prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
            let bare = name.split(separator: ".").last.map { String($0).lowercased() } ?? ""
            let after = rest.trimmingCharacters(in: .whitespaces).dropFirst(name.count).trimmingCharacters(in: .whitespacesAndNewlines)
            if after.hasPrefix("=") || (after.hasPrefix("(") && !readingPragmas.contains(bare)) {
                throw StoreError.notAQuery(message: "PRAGMA \(bare) with a value changes the connection or the file; only reading pragmas run here")
            }
        }
    }

    /// The statement's leading keywords, upper-cased, after whitespace and comments.
    static func words(_ sql: String) -> [String] {
        stripped(sql).prefix(64).split { !$0.isLetter }.prefix(3).map { $0.uppercased() }
    }

    /// `sql` without leading whitespace and comments.
    static func stripped(_ sql: String) -> Substring {
        var text = Substring(sql)
        while true {
            text = text.drop { $0.isWhitespace }
            if text.hasPrefix("--") { text = text.drop { $0 != "\n" }; continue }
            if text.hasPrefix("/*") {
                if let end = text.range(of: "*/") { text = text[end.upperBound...] } else { text = "" }
                continue
            }
            break
        }
        return text
    }
}

/// A "stop the running query" flag and the progress handler that honours it and a deadline. `QueryStop.process` is the
/// one Ctrl-C sets (`Store.requestQueryInterrupt()`, from the shell's signal handler); tests use their own.
package final class QueryStop: @unchecked Sendable {
    // Plain memory, written by `request()` (possibly from a signal handler) and read by SQLite's progress callback.
    private let flag: UnsafeMutablePointer<Int32>

    package init() {
        flag = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        flag.initialize(to: 0)
    }

    deinit { flag.deallocate() }

    /// The flag Ctrl-C sets.
    package static let process = QueryStop()

    /// Stops the query running with this flag, if any (safe from a signal handler or another thread).
    package func request() { flag.pointee = 1 }
    func reset() { flag.pointee = 0 }
    var wasRequested: Bool { flag.pointee != 0 }

    /// Runs `body` with a progress handler that interrupts SQLite after `seconds` or on `request()`.
    func limited<T>(_ db: Database, seconds: Double, _ body: () throws -> T) throws -> T {
        guard let connection = db.sqliteConnection else { return try body() }
        let state = UnsafeMutablePointer<UInt64>.allocate(capacity: 2)
        let limit = seconds.isFinite && seconds > 0 ? min(seconds, 86_400 * 365) : 5
        state[0] = DispatchTime.now().uptimeNanoseconds &+ UInt64(limit * 1e9)
        state[1] = UInt64(UInt(bitPattern: flag))
        defer {
            sqlite3_progress_handler(connection, 0, nil, nil)
            state.deallocate()
        }
        sqlite3_progress_handler(connection, 10_000, { context in
            guard let context else { return 0 }
            let state = context.assumingMemoryBound(to: UInt64.self)
            if let flag = UnsafePointer<Int32>(bitPattern: UInt(state[1])), flag.pointee != 0 { return 1 }
            return DispatchTime.now().uptimeNanoseconds > state[0] ? 1 : 0
        }, state)
        return try withExtendedLifetime(self) { try body() }
    }
}
