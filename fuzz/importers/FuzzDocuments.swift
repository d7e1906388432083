import Foundation
import SLAModel
import SLAStore
import SLAImport

// libFuzzer target `documents`: the whole-document importers, parse and store. The first byte chooses the importer
// (postmortem Markdown, dbt sources.json without and with the example map), the rest is the file; each runs
// against a fresh workspace holding the example catalog.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDocuments(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let clock = FuzzWorkspace.clock
    let map = FuzzWorkspace.root + "/examples/dbt-map.yaml"
    return FuzzWorkspace.dispatch(data, size, [
        ("postmortem.md", "postmortem", { path, store in _ = try PostmortemImport(clock: clock).importPath(path, into: store) }),
        ("sources.json", "dbt", { path, store in _ = try DBTFreshnessImport(clock: clock).importFile(path, into: store) }),
        ("sources.json", "dbt with map", { path, store in _ = try DBTFreshnessImport(clock: clock, mapFile: map).importFile(path, into: store) }),
    ])
}
