import Foundation
import SLAModel
import SLAStore
import SLAImport

// libFuzzer target `lines`: the line importers, parse and store. The first byte chooses the importer (observations
// CSV, observations JSONL, usage events, usage with the bigquery-jobs/looker/metabase presets, usage rollups,
// incidents CSV), the rest is the file; each runs against a fresh workspace holding the example catalog.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLines(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 1 else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let body = bytes.dropFirst()
    let clock = FuzzWorkspace.clock
    switch bytes[0] % 8 {
    case 0:
        let path = FuzzWorkspace.input(body, named: "observations.csv")
        FuzzWorkspace.run("observations csv") { store in _ = try ObservationImport(clock: clock).importFile(path, into: store) }
    case 1:
        let path = FuzzWorkspace.input(body, named: "observations.jsonl")
        FuzzWorkspace.run("observations jsonl") { store in _ = try ObservationImport(clock: clock).importFile(path, into: store) }
    case 2:
        let path = FuzzWorkspace.input(body, named: "usage.csv")
        FuzzWorkspace.run("usage") { store in _ = try UsageImport(clock: clock).importFile(path, into: store) }
    case 3:
        let path = FuzzWorkspace.input(body, named: "bigquery.csv")
        FuzzWorkspace.run("usage bigquery-jobs") { store in _ = try UsageImport(clock: clock, preset: .bigqueryJobs).importFile(path, into: store) }
    case 4:
        let path = FuzzWorkspace.input(body, named: "looker.csv")
        FuzzWorkspace.run("usage looker") { store in _ = try UsageImport(clock: clock, preset: .looker).importFile(path, into: store) }
    case 5:
        let path = FuzzWorkspace.input(body, named: "metabase.csv")
        FuzzWorkspace.run("usage metabase") { store in _ = try UsageImport(clock: clock, preset: .metabase).importFile(path, into: store) }
    case 6:
        let path = FuzzWorkspace.input(body, named: "rollups.csv")
        FuzzWorkspace.run("rollups") { store in _ = try RollupImport(clock: clock).importFile(path, into: store) }
    default:
        let path = FuzzWorkspace.input(body, named: "incidents.csv")
        FuzzWorkspace.run("incidents") { store in _ = try IncidentImport(clock: clock).importReport(path, into: store) }
    }
    return 0
}
