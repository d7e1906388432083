// libFuzzer target: the duration, number, target and objective parsers (Sources/SLAModel) must never trap,
// and whatever they accept must be in range and format without trapping.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzObjective(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let seconds = ValueParser.duration(text) {
        precondition(seconds.isFinite && seconds >= 0 && seconds <= ValueParser.maxDurationSeconds, "duration out of range: \(seconds)")
        _ = Formatting.duration(seconds)
    }
    if let fraction = ValueParser.fraction(text) { precondition(fraction >= 0 && fraction <= 1); _ = Formatting.percent(fraction) }
    if let target = ValueParser.target(text) { precondition(target > 0 && target < 1) }
    if let count = ValueParser.count(text) { precondition(count >= 0 && count <= ValueParser.maxCount) }
    _ = ValueParser.clockTime(text)
    if case .success(let objective) = Objective.parse(text) { _ = objective.description }
    if let epoch = Timestamp.parse(text) { _ = Timestamp.format(epoch) }
    if let epoch = Timestamp.parseAssumingUTC(text) { _ = Timestamp.format(epoch) }
    _ = LocalDate(text)
    // Raw doubles from the bytes: the formatting functions are total.
    if size >= 8 {
        let bits = UnsafeRawPointer(data).loadUnaligned(as: UInt64.self)
        let value = Double(bitPattern: bits)
        _ = Formatting.duration(value)
        _ = ValueParser.checkedDuration(value)
        _ = ValueParser.wholeSeconds(value)
        _ = ValueParser.count(value)
        _ = Timestamp.format(value)
    }
    return 0
}
