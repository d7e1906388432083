import Foundation
import SLAModel

/// Any error as one line for `slaretro: error: …` — for the commands (Console) and the shell alike.
///
/// Foundation's file errors become `cannot write PATH: permission denied` or
/// `PATH: no such folder FOLDER (create it, or choose another path)` instead of an NSError dump; every
/// other error is its description. Line breaks are folded into `; ` and control characters made visible.
package enum ErrorText {
    package static func oneLine(_ error: any Error) -> String {
        oneLine(fileErrorText(error) ?? String(describing: error))
    }

    package static func oneLine(_ text: String) -> String {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return SafeText.terminal(lines.joined(separator: "; "))
    }

    /// Foundation's file errors (CocoaError, POSIXError, NSError in those domains) in words; nil for others.
    static func fileErrorText(_ error: any Error) -> String? {
        let ns = error as NSError
        guard ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain else { return nil }
        let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
        let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError
        let posix: Int32? = ns.domain == NSPOSIXErrorDomain ? Int32(ns.code)
            : underlying.flatMap { $0.domain == NSPOSIXErrorDomain ? Int32($0.code) : nil }
        let code = CocoaError.Code(rawValue: ns.code)
        let writing = ns.domain == NSCocoaErrorDomain && (512...1023).contains(ns.code)
        let reading = ns.domain == NSCocoaErrorDomain && (256...511).contains(ns.code)
        let verb = writing ? "cannot write" : "cannot read"
        let reason: String
        if let posix {
            reason = String(cString: strerror(posix)).lowercased()
        } else {
            switch code {
            case .fileNoSuchFile, .fileReadNoSuchFile: reason = "no such file or directory"
            case .fileReadNoPermission, .fileWriteNoPermission: reason = "permission denied"
            case .fileWriteOutOfSpace: reason = "no space left on the device"
            case .fileWriteVolumeReadOnly: reason = "read-only file system"
            case .fileWriteFileExists: reason = "the file exists"
            case .fileReadCorruptFile, .fileReadInapplicableStringEncoding: reason = "not readable as UTF-8 text"
            default: reason = "error \(ns.code)"
            }
        }
        guard let path else { return "\(verb) the file: \(reason)" }
        let folder = (path as NSString).deletingLastPathComponent
        if posix == ENOENT || code == .fileNoSuchFile || code == .fileReadNoSuchFile || code == .fileWriteNoPermission,
           !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            return "\(path): no such folder \(folder) (create it, or choose another path)"
        }
        return writing || reading ? "\(verb) \(path): \(reason)" : "\(path): \(reason)"
    }
}
