// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "intellidine",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "intellidine", targets: ["intellidine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
    ],
    targets: [
        // Pure domain rules: money, tax, pricing, status machine, discounts, OTP policy.
        // Imports neither Hummingbird nor GRDB, so it is tested without a server.
        .target(name: "IntelliDineDomain"),
        // Persistence: the SQLite database (GRDB, WAL), migrations, records and intention-named writes.
        .target(
            name: "IntelliDineStore",
            dependencies: [
                "IntelliDineDomain",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // libsystemd: readiness and status (sd_notify), the watchdog, the journal.
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        // libqrencode, for the tables' QR codes.
        .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        // zlib, to serve the web assets gzipped to phones on slow Wi-Fi.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // libvips, to shrink dish photos for phones and strip their metadata, in-process.
        .systemLibrary(name: "CVips", pkgConfig: "vips", providers: [.apt(["libvips-dev"])]),
        // The HTTP application: configuration, gateway middleware, one controller per area.
        .target(
            name: "IntelliDineServer",
            dependencies: [
                "IntelliDineDomain",
                "IntelliDineStore",
                "CQRencode",
                "CSystemd",
                "CZlib",
                "CVips",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            // The guest app and the kitchen display: plain HTML, CSS and JavaScript, no build step.
            resources: [.copy("Web")]
        ),
        // The thin executable: argument parsing, then `run()` builds the application and runs it.
        .executableTarget(
            name: "intellidine",
            dependencies: [
                "IntelliDineDomain",
                "IntelliDineServer",
                "IntelliDineStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "IntelliDineDomainTests", dependencies: ["IntelliDineDomain"]),
        .testTarget(
            name: "IntelliDineStoreTests",
            dependencies: ["IntelliDineStore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "IntelliDineServerTests",
            dependencies: [
                "IntelliDineServer",
                "IntelliDineStore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            // Test photos, read from the source tree (`DishPhotoTests`).
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
