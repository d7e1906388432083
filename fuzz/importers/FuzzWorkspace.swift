import Foundation
import SLAModel
import SLAStore
import SLAImport
#if canImport(Glibc)
import Glibc
#endif

// Shared by the importer targets (yaml, lines, documents): a small workspace made once (the example catalog), copied
// fresh for every input, the input written to a file, one importer run on it, and what must hold afterwards:
// no trap; an error is one line; a refused import wrote nothing (every table's row count unchanged).
enum FuzzWorkspace {
    static let clock = Clock(now: Date(timeIntervalSince1970: 1_795_000_000))  // 2026-11-18

    nonisolated(unsafe) static var folder: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let dir = (base as NSString).appendingPathComponent("slaretro-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: FuzzWorkspace.folder) }
        return dir
    }()

    /// The example catalog's path: `SLARETRO_FUZZ_ROOT/examples/catalog.yaml` (fuzz/run.sh sets it).
    static var root: String { ProcessInfo.processInfo.environment["SLARETRO_FUZZ_ROOT"] ?? FileManager.default.currentDirectoryPath }

    nonisolated(unsafe) static var template: String = {
        let path = folder + "/template.sqlite"
        do {
            let store = try Store.open(path: path, mode: .create)
            _ = try CatalogImport(author: "fuzz", clock: clock).importFile(root + "/examples/catalog.yaml", into: store)
            try store.checkpoint()
        } catch {
            fatalError("cannot make the fuzz workspace (set SLARETRO_FUZZ_ROOT to the repository): \(error)")
        }
        return path
    }()

    /// A fresh copy of the template workspace.
    /// (libFuzzer's SIGALRM can interrupt the copy with EINTR: the copy is retried.)
    static func fresh() -> Store {
        let path = folder + "/w.sqlite"
        var failure: (any Error)?
        for _ in 0..<20 {
            for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
            do {
                try FileManager.default.copyItem(atPath: template, toPath: path)
                return try Store.open(path: path, mode: .write)
            } catch {
                failure = error
            }
        }
        fatalError("cannot copy the fuzz workspace: \(failure.map { "\($0)" } ?? "?")")
    }

    /// Writes `bytes` to a file named `name` in the scratch folder and returns its path.
    static func input(_ bytes: some Collection<UInt8>, named name: String) -> String {
        let path = folder + "/" + name
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { fatalError("cannot write \(path)") }
        return path
    }

    /// One importer a target drives: the name its input file gets, a label for failures, and the import of that file.
    typealias Importer = (file: String, what: String, run: (String, Store) throws -> Void)

    /// The libFuzzer entry of an importer target: the first byte chooses the importer, the rest is the file.
    static func dispatch(_ data: UnsafePointer<UInt8>, _ size: Int, _ importers: [Importer]) -> Int32 {
        guard size >= 1, !importers.isEmpty else { return 0 }
        let bytes = UnsafeBufferPointer(start: data, count: size)
        let importer = importers[Int(bytes[0]) % importers.count]
        let path = input(bytes.dropFirst(), named: importer.file)
        run(importer.what) { store in try importer.run(path, store) }
        return 0
    }

    /// Runs one import on a fresh workspace and checks the guarantees.
    static func run(_ what: String, _ body: (Store) throws -> Void) {
        let store = fresh()
        let before: [String: Int]
        do { before = try store.read { try $0.rowCounts() } } catch { fatalError("cannot count rows: \(error)") }
        do {
            try body(store)
        } catch {
            let message = "\(error)"
            precondition(!message.contains("\n"), "\(what): a multi-line error: \(message)")
            precondition(!message.isEmpty, "\(what): an empty error")
            let after: [String: Int]
            do { after = try store.read { try $0.rowCounts() } } catch { fatalError("cannot count rows: \(error)") }
            precondition(after == before, "\(what): refused (\(message)) but rows changed: \(before) -> \(after)")
        }
    }
}
