import Foundation
import SLAModel
import SLAStore
import SLAImport

// libFuzzer target `yaml`: the YAML importers, parse and store. The first byte chooses the format (catalog, OpenSLO,
// ODCS, Sloth, Pyrra, DCS), the rest is the file; each runs against a fresh workspace holding the example catalog.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAML(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let options = StandardImportOptions(author: "fuzz", clock: FuzzWorkspace.clock, consumer: "sales-analytics")
    return FuzzWorkspace.dispatch(data, size, [
        ("catalog.yaml", "catalog", { path, store in _ = try CatalogImport(author: "fuzz", clock: FuzzWorkspace.clock).importFile(path, into: store) }),
        ("slos.openslo.yaml", "openslo", { path, store in _ = try OpenSLOImport(options: options).importFile(path, into: store) }),
        ("contract.odcs.yaml", "odcs", { path, store in _ = try ODCSImport(options: options).importFile(path, into: store) }),
        ("sloth.yaml", "sloth", { path, store in _ = try SlothImport(options: options).importFile(path, into: store) }),
        ("pyrra.yaml", "pyrra", { path, store in _ = try PyrraImport(options: options).importFile(path, into: store) }),
        ("contract.datacontract.yaml", "dcs", { path, store in _ = try DCSImport(options: options).importFile(path, into: store) }),
    ])
}
