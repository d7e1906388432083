// libFuzzer target: the retro shell's command-line splitter (ShellCommands.split, extracted by run.sh) never traps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzShellSplit(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let words = try? ShellSplit.split(text) {
        precondition(words.allSatisfy { !$0.contains("\u{0}") || text.contains("\u{0}") })
    }
    return 0
}
