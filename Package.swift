// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "herald",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "herald", targets: ["herald"]),
        .library(name: "HeraldKit", targets: ["HeraldKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(
            name: "HeraldKit",
            dependencies: [
                "CYAML",
                "CCurl",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "FlyingFox", package: "FlyingFox"),
            ]
        ),
        .executableTarget(
            name: "herald",
            dependencies: [
                "HeraldKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helpers shared by the test targets.
        .target(name: "HeraldTestSupport", path: "Tests/Support"),
        .testTarget(
            name: "HeraldKitTests",
            dependencies: ["HeraldKit", "HeraldTestSupport"]
        ),
        .testTarget(
            name: "HeraldCLITests",
            dependencies: ["HeraldKit", "HeraldTestSupport"],
            // Read from the source tree by path, not bundled.
            exclude: ["Golden", "Fixtures"]
        ),
    ]
)
