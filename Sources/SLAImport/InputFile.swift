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

/// The limits every reader enforces, so memory stays bounded whatever the input (docs/guarantees.md).
package enum InputLimits {
    /// The longest line (or quoted CSV record) a line reader accepts: 1 MiB.
    package static let maxLineBytes = 1 << 20
    /// The largest file read whole (catalogs, OpenSLO, ODCS, dbt artifacts, postmortems): 32 MiB.
    package static let maxWholeFileBytes = 32 << 20
    /// Distinct unmatched names a usage report keeps (the rest are counted under one entry).
    package static let maxReportedNames = 10_000
}

func systemOpen(_ path: String, _ flags: Int32) -> Int32 {
    #if canImport(Glibc)
    Glibc.open(path, flags)
    #else
    Darwin.open(path, flags)
    #endif
}

func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(fd, buffer, count)
    #else
    Darwin.read(fd, buffer, count)
    #endif
}

/// A file descriptor opened only if the path names a regular file: a folder, FIFO, device or socket is refused
/// before anything blocks or reads without end.
struct RegularFile {
    let fd: Int32
    let size: Int

    static func open(_ path: String) throws(ImportError) -> RegularFile {
        // O_NONBLOCK: opening a FIFO that has no writer returns at once instead of waiting forever.
        let fd = systemOpen(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            throw .unreadable(file: path, message: code == ENOENT ? "no such file" : code == EACCES ? "cannot read the file (permission denied)"
                              : "cannot read the file (\(String(cString: strerror(code))))")
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else { close(fd); throw .unreadable(file: path, message: "cannot read the file") }
        let kind = info.st_mode & S_IFMT
        guard kind == S_IFREG else {
            close(fd)
            throw .unreadable(file: path, message: kind == S_IFDIR ? "is a folder, not a file"
                              : "is not a regular file (a pipe, device or socket); save the export to a file first")
        }
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        return RegularFile(fd: fd, size: Int(info.st_size))
    }
}

/// A whole input file read as UTF-8 text, with its SHA-256 for the imports log.
///
/// Only regular files up to `InputLimits.maxWholeFileBytes`; a UTF-8 byte-order mark is dropped and CRLF line
/// ends become LF (Windows and Excel exports); bytes that are not UTF-8 are refused with their line.
package struct InputFile: Sendable {
    package let path: String
    package let text: String
    package let sha256: String

    /// Reads the file, or says in one line why it cannot be read.
    package static func read(_ path: String) throws(ImportError) -> InputFile {
        let file = try RegularFile.open(path)
        defer { close(file.fd) }
        guard file.size <= InputLimits.maxWholeFileBytes else {
            throw .unreadable(file: path, message: "is \(file.size >> 20) MiB; files read whole may be at most \(InputLimits.maxWholeFileBytes >> 20) MiB")
        }
        var data = [UInt8]()
        data.reserveCapacity(file.size)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(file.fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadable(file: path, message: "cannot read the file (\(String(cString: strerror(errno))))")
            }
            if n == 0 { break }
            data.append(contentsOf: chunk[0..<n])
            guard data.count <= InputLimits.maxWholeFileBytes else {
                throw .unreadable(file: path, message: "is larger than \(InputLimits.maxWholeFileBytes >> 20) MiB, the limit for files read whole")
            }
        }
        let text = try decode(data, file: path)
        return InputFile(path: path, text: text, sha256: SHA256.hex(data))
    }

    /// The text of `bytes`: BOM dropped, CRLF made LF; invalid UTF-8 refused naming its line.
    static func decode(_ bytes: [UInt8], file: String) throws(ImportError) -> String {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        let body = bytes[start...]
        if let bad = UTF8Check.firstInvalid(body) {
            let line = 1 + body[..<bad].reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
            throw .invalid(file: file, line: line, message: "not UTF-8 text (byte 0x\(String(body[bad], radix: 16, uppercase: true))); save the file as UTF-8")
        }
        var out = [UInt8]()
        out.reserveCapacity(body.count)
        var i = body.startIndex
        while i < body.endIndex {
            let b = body[i]
            if b == 13, i + 1 < body.endIndex, body[i + 1] == 10 { i += 1; continue }
            out.append(b)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension InputFile {
    /// Checks that `path` exists before a store is opened, so a typo creates no empty database.
    @discardableResult
    package static func exists(_ path: String) throws(ImportError) -> Bool {
        guard FileManager.default.fileExists(atPath: path) else { throw .unreadable(file: path, message: "no such file") }
        return true
    }
}

/// UTF-8 validation on bytes (overlong forms, surrogates and values past U+10FFFF are invalid).
package enum UTF8Check {
    /// The index of the first byte that does not start or continue a valid UTF-8 sequence, nil when all are valid.
    package static func firstInvalid<C: Collection>(_ bytes: C) -> C.Index? where C.Element == UInt8 {
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b0 = bytes[i]
            if b0 < 0x80 { i = bytes.index(after: i); continue }
            let need: Int, low: UInt8, high: UInt8
            switch b0 {
            case 0xC2...0xDF: need = 1; low = 0x80; high = 0xBF
            case 0xE0: need = 2; low = 0xA0; high = 0xBF
            case 0xE1...0xEC, 0xEE...0xEF: need = 2; low = 0x80; high = 0xBF
            case 0xED: need = 2; low = 0x80; high = 0x9F
            case 0xF0: need = 3; low = 0x90; high = 0xBF
            case 0xF1...0xF3: need = 3; low = 0x80; high = 0xBF
            case 0xF4: need = 3; low = 0x80; high = 0x8F
            default: return i
            }
            var j = bytes.index(after: i)
            for k in 0..<need {
                guard j < bytes.endIndex else { return i }
                let b = bytes[j]
                if k == 0 { guard b >= low, b <= high else { return i } } else { guard b >= 0x80, b <= 0xBF else { return i } }
                j = bytes.index(after: j)
            }
            i = j
        }
        return nil
    }
}
