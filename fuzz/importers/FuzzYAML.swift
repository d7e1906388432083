import Foundation
import SLAModel
import SLAStore
import SLAImport

// libFuzzer target `yaml`: the YAML importers, parse and store. The first byte chooses the format (catalog, OpenSLO,
// ODCS, Sloth, Pyrra, DCS), the rest is the file; each runs against a fresh workspace holding the example catalog.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAML(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 1 else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let options = StandardImportOptions(author: "fuzz", clock: FuzzWorkspace.clock, consumer: "sales-analytics")
    let body = bytes.dropFirst()
    switch bytes[0] % 6 {
    case 0:
        let path = FuzzWorkspace.input(body, named: "catalog.yaml")
        FuzzWorkspace.run("catalog") { store in _ = try CatalogImport(author: "fuzz", clock: FuzzWorkspace.clock).importFile(path, into: store) }
    case 1:
        let path = FuzzWorkspace.input(body, named: "slos.openslo.yaml")
        FuzzWorkspace.run("openslo") { store in _ = try OpenSLOImport(options: options).importFile(path, into: store) }
    case 2:
        let path = FuzzWorkspace.input(body, named: "contract.odcs.yaml")
        FuzzWorkspace.run("odcs") { store in _ = try ODCSImport(options: options).importFile(path, into: store) }
    case 3:
        let path = FuzzWorkspace.input(body, named: "sloth.yaml")
        FuzzWorkspace.run("sloth") { store in _ = try SlothImport(options: options).importFile(path, into: store) }
    case 4:
        let path = FuzzWorkspace.input(body, named: "pyrra.yaml")
        FuzzWorkspace.run("pyrra") { store in _ = try PyrraImport(options: options).importFile(path, into: store) }
    default:
        let path = FuzzWorkspace.input(body, named: "contract.datacontract.yaml")
        FuzzWorkspace.run("dcs") { store in _ = try DCSImport(options: options).importFile(path, into: store) }
    }
    return 0
}
