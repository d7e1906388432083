// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "slaretro",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "slaretro", targets: ["slaretro"]),
        .library(name: "SLARetroKit", targets: ["SLARetroKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CReadline",
            providers: [.apt(["libreadline-dev"])]
        ),
        .target(
            name: "SLARetroKit",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "slaretro",
            dependencies: [
                "SLARetroKit",
                "CReadline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "SLARetroKitTests",
            dependencies: ["SLARetroKit"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "SessionTests",
            dependencies: ["slaretro", "SLARetroKit"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
