// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Exhibit",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "ExhibitKit", targets: ["ExhibitCore", "ExhibitKit"]),
        .executable(name: "exhibit", targets: ["exhibit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CExhibitOpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CExhibitArchive",
            pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"])]
        ),
        .systemLibrary(
            name: "CExhibitImage",
            pkgConfig: "libpng",
            providers: [.apt(["libpng-dev", "libturbojpeg0-dev"])]
        ),
        // Tesseract (with Leptonica) and libheif are loaded when first needed (dlopen), not linked: their
        // headers come from libtesseract-dev, libleptonica-dev and libheif-dev (scripts/install-deps).
        .target(
            name: "CExhibitTesseract",
            linkerSettings: [.linkedLibrary("dl")]
        ),
        .target(
            name: "CExhibitHEIF",
            linkerSettings: [.linkedLibrary("dl")]
        ),
        .target(
            name: "CExhibitSystem"
        ),
        // The pure layers: formats, cryptography, the ledger's shapes, policies, redaction, reports. No database:
        // the compiler keeps GRDB and the case store out of them.
        .target(
            name: "ExhibitCore",
            dependencies: [
                "CExhibitOpenSSL",
                "CExhibitArchive",
                "CExhibitSystem",
                "CExhibitImage",
                "CExhibitTesseract",
                "CExhibitHEIF",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The case store and the operations (one per command) that read and change it.
        .target(
            name: "ExhibitKit",
            dependencies: [
                "ExhibitCore",
                "CExhibitSystem",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .executableTarget(
            name: "exhibit",
            dependencies: [
                "ExhibitCore",
                "ExhibitKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Builds long ledgers for scripts/bench (not a product; not installed).
        .executableTarget(
            name: "exhibit-bench-ledger",
            dependencies: ["ExhibitCore", "ExhibitKit"]
        ),
        .testTarget(
            name: "ExhibitKitTests",
            dependencies: ["ExhibitCore", "ExhibitKit", "CExhibitOpenSSL", "CExhibitArchive"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ExhibitCLITests",
            dependencies: ["ExhibitCore", "ExhibitKit", "exhibit"],
            exclude: ["Fixtures", "Snapshots"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
