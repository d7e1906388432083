import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger

/// A whole input file read as UTF-8 text, with its SHA-256 for the imports log.
package struct InputFile: Sendable {
    package let path: String
    package let text: String
    package let sha256: String

    /// Reads the file, or says in one line why it cannot be read.
    package static func read(_ path: String) throws(ImportError) -> InputFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(file: path, message: "no such file")
        }
        guard !isDirectory.boolValue else { throw .unreadable(file: path, message: "is a folder, not a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(file: path, message: "cannot read the file (permission denied?)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw .unreadable(file: path, message: "the file is not UTF-8 text") }
        return InputFile(path: path, text: text, sha256: SHA256.hex(data))
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
