// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Dossier",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "DossierCore", targets: ["DossierCore"]),
        .library(name: "DossierTUI", targets: ["DossierTUI"]),
        .executable(name: "dossier", targets: ["dossier"]),
        .executable(name: "dossier-fuzz", targets: ["DossierFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    ],
    targets: [
        // Parsing, cleaning, classification, and the library (SQLite FTS5 through GRDB).
        // No terminal code.
        .target(
            name: "DossierCore",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift"), "CZlib", "CZstd"],
            resources: [.process("Resources")]
        ),
        // The system zlib: article texts are stored deflated (`PackedText`).
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // The system zstd: bodies are packed with a dictionary trained on the library's own
        // (`BodyDictionary`).
        .systemLibrary(
            name: "CZstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        // The reader's state, keys and layout, drawn into a cell buffer. Pure Swift: no terminal.
        .target(name: "DossierTUI", dependencies: ["DossierCore"]),
        // ncursesw, wide-character build. Used by the terminal front end.
        .systemLibrary(
            name: "CNcurses",
            providers: [.apt(["libncurses-dev"])]
        ),
        // The thin ncursesw backend: draws changed cells, turns input into messages.
        .target(name: "DossierCurses", dependencies: ["DossierTUI", "CNcurses"]),
        .executableTarget(
            name: "dossier",
            dependencies: [
                "DossierCore", "DossierTUI", "DossierCurses", "DossierBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmark corpora and measurements: kept out of DossierCore, which users link.
        .target(
            name: "DossierBench",
            dependencies: ["DossierCore", .product(name: "GRDB", package: "GRDB.swift")],
            resources: [.process("Resources")]
        ),
        // libFuzzer entry points: pages, queries, the reader's update (docs/parsing.md, "Fuzzing").
        .executableTarget(name: "DossierFuzz", dependencies: ["DossierCore", "DossierTUI"]),
        .testTarget(
            name: "DossierCoreTests",
            // The CLI tests run the built `dossier` binary, so `swift test` must build it.
            dependencies: ["DossierCore", "DossierBench", "dossier"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "DossierTUITests",
            // The end-to-end test drives the built `dossier` binary in tmux.
            dependencies: ["DossierTUI", "DossierCore", "dossier"],
            // Read and written next to the tests' source (`UPDATE_SNAPSHOTS=1`), not bundled.
            exclude: ["Snapshots"]
        ),
    ]
)
