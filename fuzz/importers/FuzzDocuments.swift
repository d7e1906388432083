import Foundation
import SLAModel
import SLAStore
import SLAImport

// libFuzzer target `documents`: the whole-document importers, parse and store. The first byte chooses the importer
// (postmortem Markdown, dbt sources.json without and with the example map), the rest is the file; each runs
// against a fresh workspace holding the example catalog.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDocuments(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 1 else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let body = bytes.dropFirst()
    let clock = FuzzWorkspace.clock
    switch bytes[0] % 3 {
    case 0:
        let path = FuzzWorkspace.input(body, named: "postmortem.md")
        FuzzWorkspace.run("postmortem") { store in _ = try PostmortemImport(clock: clock).importPath(path, into: store) }
    case 1:
        let path = FuzzWorkspace.input(body, named: "sources.json")
        FuzzWorkspace.run("dbt") { store in _ = try DBTFreshnessImport(clock: clock).importFile(path, into: store) }
    default:
        let path = FuzzWorkspace.input(body, named: "sources.json")
        let map = FuzzWorkspace.root + "/examples/dbt-map.yaml"
        FuzzWorkspace.run("dbt with map") { store in _ = try DBTFreshnessImport(clock: clock, mapFile: map).importFile(path, into: store) }
    }
    return 0
}
