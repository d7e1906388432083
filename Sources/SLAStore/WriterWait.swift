import Foundation
import GRDB
import SLAModel
#if canImport(Glibc)
import Glibc
#endif

/// How a writer waits for another writer: SQLite lets one process write a workspace at a time, so a shell `note`
/// typed during a long import waits for the import's commit instead of failing.
///
/// After `noticeAfter` seconds of waiting, `notice` is called once with a one-line message (the commands print it to
/// stderr); after `limit` seconds the write fails with `StoreError.busy`, naming the process that held the lock when
/// it can be found. `SLARETRO_BUSY_TIMEOUT` (seconds) changes the limit.
package struct WriterWait: Sendable {
    /// Seconds to wait in all before giving up.
    package var limit: Double
    /// Seconds of waiting before `notice` is called.
    package var noticeAfter: Double
    /// Called once per wait, from the waiting thread, with a one-line message.
    package var notice: @Sendable (String) -> Void

    package init(limit: Double = WriterWait.defaultLimit, noticeAfter: Double = 1, notice: @escaping @Sendable (String) -> Void) {
        self.limit = limit
        self.noticeAfter = noticeAfter
        self.notice = notice
    }

    /// The limit when `SLARETRO_BUSY_TIMEOUT` is not set.
    package static let defaultLimit: Double = 120
    /// The largest limit `SLARETRO_BUSY_TIMEOUT` may set (a day).
    package static let maximumLimit: Double = 86_400

    /// What commands use: the limit from `SLARETRO_BUSY_TIMEOUT` (else 120 s), the notice after 1 s on stderr.
    package static var standard: WriterWait {
        WriterWait(limit: limit(environment: ProcessInfo.processInfo.environment)) { message in
            FileHandle.standardError.write(Data((message + "\n").utf8))
        }
    }

    /// `SLARETRO_BUSY_TIMEOUT` when it is a number of seconds from 0 to a day, else the default.
    package static func limit(environment: [String: String]) -> Double {
        guard let text = environment["SLARETRO_BUSY_TIMEOUT"], let value = Double(text.trimmingCharacters(in: .whitespaces)),
              value.isFinite, value >= 0, value <= maximumLimit else { return defaultLimit }
        return value
    }
}

/// One connection's wait: when it began, whether the notice was given, and whether it gave up (and on whom).
final class BusyState: @unchecked Sendable {
    private let lock = NSLock()
    private var started: UInt64 = 0
    private var noticed = false
    private var holder: String?
    private var gaveUp = false
    let path: String
    let wait: WriterWait

    init(path: String, wait: WriterWait) {
        self.path = path
        self.wait = wait
    }

    /// The busy handler SQLite calls while another connection holds the lock: true to try again.
    func shouldRetry(tries: Int) -> Bool {
        let now = DispatchTime.now().uptimeNanoseconds
        lock.lock()
        if tries == 0 { started = now; noticed = false; gaveUp = false; holder = nil }
        let waited = Double(now &- started) / 1e9
        if waited >= wait.limit {
            gaveUp = true
            holder = Self.lockHolder(path)
            lock.unlock()
            return false
        }
        let tell = !noticed && waited >= wait.noticeAfter
        if tell { noticed = true }
        lock.unlock()
        if tell {
            let holder = Self.lockHolder(path)
            // The holder's command line starts with its program's name; an unknown holder is most likely another slaretro.
            let other = holder.map { $0.contains(": slaretro") } ?? true ? "another slaretro" : "another program"
            let who = holder.map { " (\($0))" } ?? ""
            wait.notice("slaretro: waiting for \(other) writing to \(SafeText.terminal(path))\(who)… (up to \(Store.seconds(wait.limit)))")
        }
        // SQLite retries at once: back off from 1 ms to 50 ms between tries, like its own busy timeout.
        usleep(UInt32(min(50, 1 << min(tries, 6))) * 1000)
        return true
    }

    /// The error for a write that gave up waiting, or nil when `error` is not that.
    func busyError(_ error: DatabaseError) -> StoreError? {
        guard error.resultCode == .SQLITE_BUSY else { return nil }
        lock.lock()
        defer { lock.unlock() }
        return .busy(path: path, seconds: gaveUp ? wait.limit : 0, holder: holder ?? Self.lockHolder(path))
    }

    /// The process holding the workspace's write lock (`pid N: its command line`), when another process holds it.
    /// In WAL mode SQLite takes the write lock as a POSIX lock on byte 120 of the `-shm` file; `F_GETLK` names its
    /// owner (a connection in this same process is not reported).
    static func lockHolder(_ path: String) -> String? {
        #if os(Linux)
        let fd = Glibc.open(path + "-shm", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var probe = flock()
        probe.l_type = Int16(F_WRLCK)
        probe.l_whence = Int16(SEEK_SET)
        probe.l_start = 120
        probe.l_len = 1
        guard fcntl(fd, F_GETLK, &probe) == 0, probe.l_type != Int16(F_UNLCK), probe.l_pid > 0 else { return nil }
        let pid = probe.l_pid
        let raw = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
        let words = raw.split(separator: 0, omittingEmptySubsequences: true).map { String(decoding: $0, as: UTF8.self) }
        guard let first = words.first else { return "pid \(pid)" }
        var command = ([(first as NSString).lastPathComponent] + words.dropFirst()).joined(separator: " ")
        if command.count > 80 { command = String(command.prefix(79)) + "…" }
        return "pid \(pid): \(SafeText.terminal(command))"
        #else
        return nil
        #endif
    }
}
