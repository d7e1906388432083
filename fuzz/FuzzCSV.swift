import Foundation
#if canImport(Glibc)
import Glibc
#endif
// libFuzzer target: the line and CSV reader every CSV/JSONL importer uses (Sources/SLAImport/LineReader.swift) and the
// whole-file decoder (InputFile): on any bytes they refuse in one line or hand out records within the line limit.
nonisolated(unsafe) var scratch: String = {
    let base = FileManager.default.fileExists(atPath: "/dev/shm") ? URL(fileURLWithPath: "/dev/shm") : FileManager.default.temporaryDirectory
    let dir = base.appendingPathComponent("slaretro-fuzz-\(getpid())")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.path
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for name in ["in.csv", "in.jsonl"] {
        let path = scratch + "/" + name
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return 0 }
        do {
            let reader = try LineReader(path: path)
            var records = 0
            while let fields = reader.next({ line -> [String]? in
                precondition(line.count <= InputLimits.maxLineBytes + 2)
                return CSVLine.fields(line)
            }) {
                _ = fields
                records += 1
                precondition(reader.lineNumber >= records)
            }
        } catch {
            precondition(!"\(error)".contains("\n"), "a multi-line error: \(error)")
        }
    }
    do { _ = try InputFile.decode(bytes, file: "in.yaml") } catch { precondition(!"\(error)".contains("\n")) }
    _ = UTF8Check.firstInvalid(bytes)
    return 0
}
