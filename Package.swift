// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "intellidine",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "intellidine", targets: ["intellidine"]),
        .executable(name: "intellidine-cloud", targets: ["intellidine-cloud"]),
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
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // Pure domain rules: money, tax, pricing, status machine, discounts, OTP policy.
        // Imports neither Hummingbird nor GRDB, so it is tested without a server.
        .target(name: "IntelliDineDomain"),
        // The cloud ingest contract, the one thing the box and intellidine-cloud speak to each
        // other: the batch, its events, its headers and its signature (docs/cloud-ingest.md).
        .target(name: "IntelliDineIngest", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // A strict JSON reader straight from the bytes, for the two doors where Foundation's decoder
        // cost most: the cloud's ingest of batches and the box's order placement.
        .target(name: "IntelliDineJSON"),
        // Persistence: the SQLite database (GRDB, WAL), migrations, records and intention-named writes.
        .target(
            name: "IntelliDineStore",
            dependencies: [
                "IntelliDineDomain",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's own C API, for what GRDB does not surface (its memory in use).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                "CSQLiteAllocator",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // libsystemd: readiness and status (sd_notify), the watchdog, the journal.
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        // libqrencode, for the tables' QR codes.
        .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        // zlib, to serve the web assets gzipped to phones on slow Wi-Fi.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // glibc's <malloc.h>: the heap's trim, arena cap and figures.
        .systemLibrary(name: "CMalloc"),
        // glibc's syncfs(2): one flush for a batch of SMS spool files.
        .systemLibrary(name: "CFileSync"),
        // SQLite's allocator: libc's malloc counted with an atomic, not under SQLite's global
        // statistics mutex (Sources/CSQLiteAllocator/allocator.c).
        .target(name: "CSQLiteAllocator", linkerSettings: [.linkedLibrary("sqlite3")]),
        // libvips, to shrink dish photos for phones and strip their metadata, in-process; loaded on
        // the first photo (Sources/CVips/shim.h), so nothing links it.
        .systemLibrary(name: "CVips"),
        // The HTTP application: configuration, gateway middleware, one controller per area.
        .target(
            name: "IntelliDineServer",
            dependencies: [
                "IntelliDineDomain",
                "IntelliDineIngest",
                "IntelliDineJSON",
                "IntelliDineStore",
                "CQRencode",
                "CSystemd",
                "CZlib",
                "CMalloc",
                "CFileSync",
                "CVips",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
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
            // The guest app and the kitchen display: plain HTML, CSS and JavaScript, no build step;
            // and the API's contract, served at /openapi.json.
            resources: [.copy("Web"), .copy("Contract")]
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
        // Head office (docs/cloud.md): ingest into PostgreSQL, projections, the fleet and chain
        // views. Shares only the domain library and the ingest contract with the box.
        .target(
            name: "IntelliDineCloud",
            dependencies: [
                "IntelliDineDomain",
                "IntelliDineIngest",
                "IntelliDineJSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // SQL migrations applied at start; HQ's pages (no build step).
            resources: [.copy("Migrations"), .copy("Web")]
        ),
        .executableTarget(
            name: "intellidine-cloud",
            dependencies: ["IntelliDineCloud", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Starts the programs tests run (the daemon, zbarimg, postgres) without Foundation's Process.
        .target(name: "CSpawn", path: "Tests/CSpawn"),
        .target(name: "ChildProcesses", dependencies: ["CSpawn"], path: "Tests/ChildProcesses"),
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
                "ChildProcesses",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            // Test photos, read from the source tree (`DishPhotoTests`).
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "IntelliDineCloudTests",
            dependencies: [
                "IntelliDineCloud",
                "IntelliDineIngest",
                "ChildProcesses",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
