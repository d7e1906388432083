// libFuzzer target: the JSON reader (stored evidence, dbt artifacts, BigQuery referenced_tables) must never trap
// or overflow the stack; what it accepts must render and read back as the same value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if case .success(let value) = JSONValue.parseChecked(text) {
        let compact = value.compact()
        guard case .success(let again) = JSONValue.parseChecked(compact) else { preconditionFailure("rendered JSON does not parse: \(compact)") }
        _ = again.rendered()
    }
    return 0
}
