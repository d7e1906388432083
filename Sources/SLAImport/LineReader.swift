import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger
#if canImport(Glibc)
import Glibc
#endif

/// Reads a file line by line with constant memory, handing out each line's bytes without its line break.
final class LineReader {
    private let file: UnsafeMutablePointer<FILE>
    private var buffer: UnsafeMutablePointer<CChar>?
    private var capacity = 0
    private(set) var lineNumber = 0

    init(path: String) throws(ImportError) {
        guard let file = fopen(path, "r") else {
            throw .unreadable(file: path, message: FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file")
        }
        self.file = file
    }

    deinit {
        free(buffer)
        fclose(file)
    }

    /// Calls `body` with the next line's bytes; false at the end of the file.
    func next<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T? {
        let count = getline(&buffer, &capacity, file)
        guard count >= 0, let buffer else { return nil }
        lineNumber += 1
        var length = count
        while length > 0, buffer[length - 1] == 10 || buffer[length - 1] == 13 { length -= 1 }
        return try buffer.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
            try body(UnsafeBufferPointer(start: bytes, count: length))
        }
    }
}

/// Splits one CSV line (RFC 4180 quoting, no line breaks inside fields) into fields.
enum CSVLine {
    /// The fields of `line`, unquoted; nil when a quote is left open.
    static func fields(_ line: UnsafeBufferPointer<UInt8>) -> [String]? {
        var fields: [String] = []
        var i = 0
        let n = line.count
        while true {
            if i < n, line[i] == 34 {  // quoted field
                var bytes: [UInt8] = []
                i += 1
                var closed = false
                while i < n {
                    if line[i] == 34 {
                        if i + 1 < n, line[i + 1] == 34 { bytes.append(34); i += 2; continue }
                        i += 1; closed = true; break
                    }
                    bytes.append(line[i]); i += 1
                }
                guard closed, i == n || line[i] == 44 else { return nil }
                fields.append(String(decoding: bytes, as: UTF8.self))
            } else {
                let start = i
                while i < n, line[i] != 44 { i += 1 }
                fields.append(String(decoding: UnsafeBufferPointer(rebasing: line[start..<i]), as: UTF8.self))
            }
            if i >= n { return fields }
            i += 1  // the comma
        }
    }
}
