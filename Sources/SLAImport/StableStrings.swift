import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger

/// Strings copied once into memory that stays put until released, so SQLite can bind them without a copy per row.
final class StableStrings {
    private let buffers: [UnsafeMutableBufferPointer<UInt8>]

    init(_ strings: [String]) {
        buffers = strings.map { text in
            let bytes = Array(text.utf8)
            let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, bytes.count))
            _ = buffer.initialize(from: bytes)
            return UnsafeMutableBufferPointer(rebasing: buffer[0..<bytes.count])
        }
    }

    deinit { for buffer in buffers { buffer.baseAddress.map { UnsafeMutablePointer($0).deallocate() } } }

    subscript(i: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(buffers[i]) }
}
