// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Exhibit",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "ExhibitKit", targets: ["ExhibitKit"]),
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
        .target(
            name: "ExhibitKit",
            dependencies: [
                "CExhibitOpenSSL",
                "CExhibitArchive",
                "CExhibitSystem",
                "CExhibitImage",
                "CExhibitTesseract",
                "CExhibitHEIF",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "exhibit",
            dependencies: [
                "ExhibitKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ExhibitKitTests",
            dependencies: ["ExhibitKit", "CExhibitOpenSSL", "CExhibitArchive"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ExhibitCLITests",
            dependencies: ["ExhibitKit", "exhibit"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
