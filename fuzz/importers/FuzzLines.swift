import Foundation
import SLAModel
import SLAStore
import SLAImport

// libFuzzer target `lines`: the line importers, parse and store. The first byte chooses the importer (observations
// CSV, observations JSONL, usage events, usage with the bigquery-jobs/looker/metabase presets, usage rollups,
// incidents CSV), the rest is the file; each runs against a fresh workspace holding the example catalog.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLines(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let clock = FuzzWorkspace.clock
    return FuzzWorkspace.dispatch(data, size, [
        ("observations.csv", "observations csv", { path, store in _ = try ObservationImport(clock: clock).importFile(path, into: store) }),
        ("observations.jsonl", "observations jsonl", { path, store in _ = try ObservationImport(clock: clock).importFile(path, into: store) }),
        ("usage.csv", "usage", { path, store in _ = try UsageImport(clock: clock).importFile(path, into: store) }),
        ("bigquery.csv", "usage bigquery-jobs", { path, store in _ = try UsageImport(clock: clock, preset: .bigqueryJobs).importFile(path, into: store) }),
        ("looker.csv", "usage looker", { path, store in _ = try UsageImport(clock: clock, preset: .looker).importFile(path, into: store) }),
        ("metabase.csv", "usage metabase", { path, store in _ = try UsageImport(clock: clock, preset: .metabase).importFile(path, into: store) }),
        ("rollups.csv", "rollups", { path, store in _ = try RollupImport(clock: clock).importFile(path, into: store) }),
        ("incidents.csv", "incidents", { path, store in _ = try IncidentImport(clock: clock).importReport(path, into: store) }),
    ])
}
