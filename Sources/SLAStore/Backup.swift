import Foundation
import GRDB
import SLAModel

/// Why a backup was refused.
package enum BackupError: Error, Equatable, CustomStringConvertible {
    case exists(String)
    case inMemory
    case failed(String, String)

    package var description: String {
        switch self {
        case .exists(let path): return "\(path) exists: choose another file (a backup never overwrites)"
        case .inMemory: return "an in-memory workspace has no file to back up"
        case .failed(let path, let message): return "backup to \(path) failed: \(message)"
        }
    }
}

extension Store {
    /// Moves everything from the write-ahead log into the database file and empties the log, so the
    /// `.sqlite` file alone holds the workspace. Called on every exit path of the shell and the commands.
    /// When another process is writing or checkpointing the same file (SQLITE_BUSY), nothing is done: that process
    /// checkpoints when it exits, and nothing committed is lost either way.
    package func checkpoint() throws {
        guard path != nil else { return }
        do { _ = try queue.writeWithoutTransaction { db in try db.checkpoint(.truncate) } } catch let error as DatabaseError {
            if error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED { return }
            throw StoreError.database(operation: "checkpointing the database", message: error.message ?? "\(error)")
        }
    }

    /// Writes a consistent copy of the workspace to `file` with `VACUUM INTO` (one read transaction: another
    /// process may keep writing meanwhile). Refuses to overwrite an existing file.
    package func backup(to file: String) throws {
        guard path != nil else { throw BackupError.inMemory }
        guard !FileManager.default.fileExists(atPath: file) else { throw BackupError.exists(file) }
        do {
            try queue.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [file]) }
        } catch let error as DatabaseError {
            throw BackupError.failed(file, error.message ?? "\(error)")
        }
    }
}
