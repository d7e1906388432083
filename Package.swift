// swift-tools-version:6.1
import PackageDescription

// One target per layer; each may import only the layers listed before it, so the compiler refuses an
// upward dependency. The layering is described in docs/ARCHITECTURE.md.
let grdb: Target.Dependency = .product(name: "GRDB", package: "GRDB.swift")

let package = Package(
    name: "slaretro",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "slaretro", targets: ["slaretro"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    ],
    targets: [
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
        // Plain values: ids, terms, objectives, dates, JSON values. No I/O.
        .target(name: "SLAModel"),
        // The SQLite file: migrations, records, queries. The only place with SQL.
        .target(name: "SLAStore", dependencies: ["SLAModel", grdb, .product(name: "GRDBSQLite", package: "GRDB.swift")]),
        // Judgments that return data: compliance, cause, candidates, democratization, history, minutes model.
        .target(name: "SLAEvaluate", dependencies: ["SLAModel", "SLAStore"]),
        // The write path: every change to an agreement, a sprint or a decision.
        .target(name: "SLALedger", dependencies: ["SLAModel", "SLAStore", "SLAEvaluate"]),
        // One file per input format.
        .target(name: "SLAImport", dependencies: ["SLAModel", "SLAStore", "SLAEvaluate", "SLALedger",
                                                  .product(name: "Yams", package: "Yams")]),
        // Text for people: tables, item cards, minutes.
        .target(name: "SLARender", dependencies: ["SLAModel", "SLAStore", "SLAEvaluate", "SLALedger", "SLAImport"]),
        // The retro: agenda, command table, session state machine.
        .target(name: "SLARetro", dependencies: ["SLAModel", "SLAStore", "SLAEvaluate", "SLALedger", "SLARender"]),
        // The deterministic demo workspace and its retro script.
        .target(name: "SLADemo", dependencies: ["SLAModel", "SLAStore", "SLAEvaluate", "SLALedger", "SLAImport", "SLARetro"]),
        // The executable: argument parsing, terminal, readline.
        // The debug build links the Swift runtime and Foundation into the binary (-static-stdlib, with lld, which
        // links it as fast as gold links the dynamic one): SessionTests start it some 560 times, and each start
        // then skips loading and relocating the toolchain's shared libraries (about 10 ms of CPU each time). The define
        // only makes the compiler rebuild this target when the flag comes or goes (the flag alone does not, and objects
        // compiled without it do not name the static Foundation's libraries for the link).
        .executableTarget(name: "slaretro", dependencies: [
            "SLAModel", "SLAStore", "SLAEvaluate", "SLALedger", "SLAImport", "SLARender", "SLARetro", "SLADemo", "CReadline",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(configuration: .debug)),
                         .define("SLARETRO_STATIC_STDLIB", .when(configuration: .debug))],
        linkerSettings: [.unsafeFlags(["-static-stdlib", "-use-ld=lld"], .when(configuration: .debug))]),
        .testTarget(name: "SLARetroKitTests",
                    dependencies: ["SLAModel", "SLAStore", "SLAEvaluate", "SLALedger", "SLAImport", "SLARender", "SLARetro", "SLADemo"],
                    resources: [.copy("Fixtures")]),
        // SessionTests run the built binary as a process (`swift test` builds it with everything else); they do not
        // import the executable's module, and depending on it would link its static runtime into the test bundle.
        .testTarget(name: "SessionTests", dependencies: ["SLAModel", "SLAStore", "SLARetro", "SLADemo"]),
    ],
    swiftLanguageModes: [.v6]
)
