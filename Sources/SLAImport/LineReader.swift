import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file record by record with constant memory, handing out each record's bytes without its line break.
///
/// Opening checks the whole file once, streaming (docs/guarantees.md): it must be a regular file, UTF-8
/// (a leading byte-order mark is skipped), with no line or quoted CSV record longer than
/// `InputLimits.maxLineBytes`, no quote left open at the end, and (for CSV with a header) no column named
/// twice. Each failure is one `FILE:LINE:` error. The same pass computes the SHA-256 of the whole file.
///
/// CSV mode (the default unless the name ends in `.jsonl`/`.ndjson`/`.json`) follows RFC 4180: a quoted
/// field may hold line breaks, so one record can span lines; `lineNumber` is the line a record starts on.
/// Line ends may be LF or CRLF.
final class LineReader {
    let path: String
    let csv: Bool
    /// The SHA-256 of the file's bytes as read.
    let sha256: String
    private let fd: Int32
    private var chunk: [UInt8]
    private var chunkStart = 0, chunkEnd = 0
    private var atEOF = false
    private var record: [UInt8] = []
    private var physicalLine = 0
    /// The line the last record handed out starts on.
    private(set) var lineNumber = 0

    /// Opens and checks `path`; `csv` nil decides by the file name; `header` says the first CSV record names columns.
    init(path: String, csv: Bool? = nil, header: Bool = true) throws(ImportError) {
        self.path = path
        let lower = path.lowercased()
        self.csv = csv ?? !(lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json"))
        let file = try RegularFile.open(path)
        fd = file.fd
        chunk = [UInt8](repeating: 0, count: 1 << 16)
        do {
            sha256 = try Self.check(fd: fd, path: path, csv: self.csv, header: header)
        } catch {
            close(fd)
            throw error
        }
        guard lseek(fd, 0, SEEK_SET) == 0 else { close(fd); throw .unreadable(file: path, message: "cannot read the file twice (not seekable)") }
    }

    deinit { close(fd) }

    /// Calls `body` with the next record's bytes; nil at the end of the file.
    func next<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T? {
        record.removeAll(keepingCapacity: true)
        var state = CSVState.fieldStart
        var first = true
        while true {
            guard let appended = readPhysicalLine(into: &record) else {
                if first { return nil }
                break
            }
            if first { lineNumber = physicalLine; first = false }
            if !csv { break }
            state = state.scanning(record[(record.count - appended)...])
            guard state == .quoted else { break }
            // Still inside a quoted field: the line break belongs to the field.
            guard record.count < 2 * InputLimits.maxLineBytes + 16 else { break }  // the opening check refused this already
            record.append(10)
        }
        if lineNumber == 1, record.count >= 3, record[0] == 0xEF, record[1] == 0xBB, record[2] == 0xBF { record.removeFirst(3) }
        return try record.withUnsafeBufferPointer { try body($0) }
    }

    /// Appends the next physical line (without LF or CR LF) to `out`; returns how many bytes it added, nil at the end.
    private func readPhysicalLine(into out: inout [UInt8]) -> Int? {
        let before = out.count
        var sawAny = false
        while true {
            if chunkStart == chunkEnd {
                if atEOF || !refill() { break }
            }
            sawAny = true
            let found: Int? = chunk.withUnsafeBufferPointer { b in
                var i = chunkStart
                while i < chunkEnd { if b[i] == 10 { return i }; i += 1 }
                return nil
            }
            let end = found ?? chunkEnd
            // The opening check bounds every line; stop copying past the limit all the same.
            if out.count - before < InputLimits.maxLineBytes + 2 { out.append(contentsOf: chunk[chunkStart..<end]) }
            chunkStart = found.map { $0 + 1 } ?? chunkEnd
            if found != nil { break }
        }
        guard sawAny else { return nil }
        while out.count > before, out[out.count - 1] == 13 { out.removeLast() }
        physicalLine += 1
        return out.count - before
    }

    private func refill() -> Bool {
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { atEOF = true; return false }
            chunkStart = 0; chunkEnd = n
            return true
        }
    }

    /// The opening check: one streaming pass over the file (see the type's comment). Returns the file's SHA-256.
    private static func check(fd: Int32, path: String, csv: Bool, header: Bool) throws(ImportError) -> String {
        var hasher = StreamingSHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var line = 1, lineLength = 0
        var recordStart = 1, recordLength = 0
        var state = CSVState.fieldStart
        var wantHeader = header && csv
        var headerBytes: [UInt8] = []
        var utf8 = UTF8Check.Stream()
        var offset = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadable(file: path, message: "cannot read the file (\(String(cString: strerror(errno))))")
            }
            if n == 0 { break }
            var failure: ImportError?
            buffer.withUnsafeBufferPointer { all in
                let b = UnsafeBufferPointer(rebasing: all[0..<n])
                hasher.update(b)
                var i = 0
                if offset == 0, n >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { i = 3 }
                let p = b.baseAddress!
                // The CSV state as a small integer (0 field start, 1 unquoted, 2 quoted, 3 after a closing quote):
                // this loop sees every byte of every import, so it stays free of calls.
                var s: UInt8 = state.code
                defer { state = CSVState(code: s) }
                while i < n {
                    let c = p[i]
                    i += 1
                    if c >= 0x80 || !utf8.isComplete {
                        guard utf8.accept(c) else {
                            let culprit = utf8.culprit  // the lead byte of a broken sequence, or the stray byte itself
                            failure = .invalid(file: path, line: line, message: "not UTF-8 text (byte 0x\(String(culprit, radix: 16, uppercase: true))); save the export as UTF-8")
                            return
                        }
                    }
                    if c == 10 {
                        if csv {
                            if s == 2 { recordLength += 1 } else { s = 0; recordLength = 0; recordStart = line + 1 }
                        }
                        if wantHeader {
                            wantHeader = false
                            if let dup = duplicateColumn(headerBytes) { failure = .invalid(file: path, line: 1, message: dup); return }
                        }
                        line += 1; lineLength = 0
                        continue
                    }
                    if wantHeader { headerBytes.append(c) }
                    lineLength += 1
                    if lineLength > InputLimits.maxLineBytes {
                        failure = .invalid(file: path, line: line, message: "the line is longer than \(InputLimits.maxLineBytes >> 20) MiB, the limit for one line")
                        return
                    }
                    guard csv else { continue }
                    switch s {
                    case 0: s = c == 34 ? 2 : c == 44 ? 0 : 1
                    case 1: if c == 44 { s = 0 }
                    case 2:
                        if c == 34 { s = 3 }
                        recordLength += 1
                        if recordLength > InputLimits.maxLineBytes {
                            failure = .invalid(file: path, line: recordStart, message: "a quoted field starting here runs past \(InputLimits.maxLineBytes >> 20) MiB (a quote is not closed?)")
                            return
                        }
                    default: s = c == 34 ? 2 : c == 44 ? 0 : c == 13 ? 3 : 1
                    }
                }
            }
            if let failure { throw failure }
            offset += n
        }
        if !utf8.isComplete {
            throw .invalid(file: path, line: line, message: "not UTF-8 text (the file ends inside a character); save the export as UTF-8")
        }
        if csv, state == .quoted {
            throw .invalid(file: path, line: recordStart, message: "a quote is not closed")
        }
        if wantHeader, let dup = duplicateColumn(headerBytes) { throw .invalid(file: path, line: 1, message: dup) }
        return hasher.finish()
    }

    /// "column 'x' appears twice in the header" when a header names a column twice (ignoring case and spaces).
    private static func duplicateColumn(_ header: [UInt8]) -> String? {
        var bytes = header
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { bytes.removeFirst(3) }
        while bytes.last == 13 { bytes.removeLast() }
        guard let fields = bytes.withUnsafeBufferPointer({ CSVLine.fields($0) }) else { return nil }
        var seen = Set<String>()
        for field in fields {
            let name = field.trimmingCharacters(in: .whitespaces).lowercased()
            if name.isEmpty { continue }
            if !seen.insert(name).inserted { return "column '\(name)' appears twice in the header" }
        }
        return nil
    }
}

/// Where a CSV scanner is inside a record (RFC 4180), to tell a line break that ends a record from one inside a field.
enum CSVState: Equatable {
    case fieldStart, unquoted, quoted, afterQuote

    /// The state as the opening check's loop keeps it.
    var code: UInt8 { switch self { case .fieldStart: 0; case .unquoted: 1; case .quoted: 2; case .afterQuote: 3 } }
    init(code: UInt8) { self = code == 0 ? .fieldStart : code == 1 ? .unquoted : code == 2 ? .quoted : .afterQuote }

    func next(_ c: UInt8) -> CSVState {
        switch self {
        case .fieldStart: return c == 34 ? .quoted : c == 44 ? .fieldStart : .unquoted
        case .unquoted: return c == 44 ? .fieldStart : .unquoted
        case .quoted: return c == 34 ? .afterQuote : .quoted
        case .afterQuote: return c == 34 ? .quoted : c == 44 ? .fieldStart : c == 13 ? .afterQuote : .unquoted
        }
    }

    /// The state after a line break.
    func lineEnd() -> CSVState { self == .quoted ? .quoted : .fieldStart }

    /// The state after scanning `bytes` (one line, without its break), then the break.
    func scanning<C: Collection>(_ bytes: C) -> CSVState where C.Element == UInt8 {
        var state = self
        for c in bytes { state = state.next(c) }
        return state.lineEnd()
    }
}

extension UTF8Check {
    /// A UTF-8 validator fed one byte at a time (for files read in chunks).
    struct Stream {
        private var need = 0
        private var low: UInt8 = 0x80, high: UInt8 = 0xBF
        /// The byte to name in an error: the first byte of the broken sequence.
        private(set) var culprit: UInt8 = 0

        var isComplete: Bool { need == 0 }

        /// False when `c` cannot come next in valid UTF-8.
        mutating func accept(_ c: UInt8) -> Bool {
            if need > 0 {
                guard c >= low, c <= high else { return false }
                low = 0x80; high = 0xBF; need -= 1
                return true
            }
            if c < 0x80 { return true }
            culprit = c
            switch c {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; high = 0x9F
            case 0xF0: need = 3; low = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; high = 0x8F
            default: return false
            }
            return true
        }
    }
}

/// Splits one CSV record (RFC 4180 quoting; a quoted field may hold line breaks) into fields.
enum CSVLine {
    /// The fields of `line`, unquoted; nil when a quote is left open or text follows a closing quote.
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
