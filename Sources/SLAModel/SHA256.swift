/// SHA-256 of a file's bytes, recorded with every import so a file can be recognised later.
/// (Foundation on Linux has no CryptoKit; this is the FIPS 180-4 algorithm, checked against known vectors in the tests.)
package enum SHA256 {
    /// The lowercase hex digest of `bytes`.
    package static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var hasher = StreamingSHA256()
        Array(bytes).withUnsafeBufferPointer { hasher.update($0) }
        return hasher.finish()
    }
}
