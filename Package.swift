// swift-tools-version:6.1
import PackageDescription

// Tandem: one handler table for AI workloads, run by AWS Lambda and by a container server.
// Layering (arrows point down only): see docs/ARCHITECTURE.md.

let package = Package(
    name: "Tandem",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tandem", targets: ["tandem"]),
        .library(name: "TandemCore", targets: ["TandemCore"]),
        .library(name: "TandemEvents", targets: ["TandemEvents"]),
        .library(name: "TandemAWS", targets: ["TandemAWS"]),
        .library(name: "TandemModels", targets: ["TandemModels"]),
        .library(name: "TandemSQLite", targets: ["TandemSQLite"]),
        .library(name: "TandemLLM", targets: ["TandemLLM"]),
        .library(name: "TandemLambda", targets: ["TandemLambda"]),
        .library(name: "TandemLambdaEmulator", targets: ["TandemLambdaEmulator"]),
        .library(name: "TandemApp", targets: ["TandemApp"]),
        .library(name: "TandemServer", targets: ["TandemServer"]),
        .library(name: "TandemDeploy", targets: ["TandemDeploy"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // No default traits: they pull in full Foundation (and with it ICU's 32 MiB of data) and swift-configuration.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0", traits: []),
        // WebSocket chat in tandem serve (HummingbirdWebSocket; HummingbirdWSClient in TandemServerTests only).
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        // ServerQuiescingHelper for tandem serve's listeners (already in the graph through Hummingbird).
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .target(
            name: "TandemCore",
            dependencies: [
                .product(name: "Logging", package: "swift-log")
            ]
        ),
        .target(
            name: "TandemEvents",
            dependencies: ["TandemCore"]
        ),
        .target(
            name: "TandemAWS",
            dependencies: [
                "TandemCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // The system's SQLite (Debian: libsqlite3-dev; Amazon Linux 2023 ships libsqlite3.so.0).
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        // A small, safe wrapper over SQLite for Tandem's stores (idempotency, keys, checkpoints, vectors).
        .target(
            name: "TandemSQLite",
            dependencies: ["CSQLite", "TandemCore"]
        ),
        // Provider-neutral chat and embedding types, the providers, the SSE codec and the router.
        .target(
            name: "TandemLLM",
            dependencies: [
                "TandemCore",
                "TandemAWS",
                "TandemModels",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // The int8 products for AVX2 / AVX-512 (VNNI), each function compiled for its extension and chosen at run
        // time by CPUID; -O2 in every configuration, as TandemModels.
        .target(name: "CTandemKernels", cSettings: [.unsafeFlags(["-O2"])]),
        .target(
            name: "TandemModels",
            dependencies: ["TandemCore", "CTandemKernels"],
            // The encoder's kernels are unusably slow unoptimised (the accuracy tests took minutes in debug):
            // optimise this one target in every configuration.
            swiftSettings: [.unsafeFlags(["-O"])]
        ),
        .target(
            name: "TandemLambda",
            dependencies: [
                "TandemCore",
                "TandemEvents",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "TandemLambdaEmulator",
            dependencies: [
                "TandemCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(
            name: "TandemApp",
            dependencies: [
                "TandemCore",
                "TandemEvents",
                "TandemLambda",
                "TandemAWS",
                "TandemLLM",
                "TandemModels",
                "TandemSQLite",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                // The agents' http_fetch tool: AsyncHTTPClient (its dnsOverride pins the checked address) and
                // NIOPosix's thread pool for getaddrinfo.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "TandemServer",
            dependencies: [
                "TandemApp",
                "TandemCore",
                "TandemAWS", "TandemEvents",
                "TandemLLM",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "TandemDeploy",
            dependencies: ["TandemCore", "TandemApp", .product(name: "Yams", package: "Yams")]
        ),
        // hypot, hypotf and arc4random of the tandem binary's own, so that a bootstrap linked on a newer glibc
        // still loads on Amazon Linux 2023 (docs/packaging.md).
        .target(name: "CTandemCompat"),
        .executableTarget(
            name: "tandem",
            dependencies: [
                "CTandemCompat",
                "TandemAWS",
                "TandemCore",
                "TandemLLM",
                "TandemSQLite",
                "TandemModels",
                "TandemLambda",
                "TandemLambdaEmulator",
                "TandemApp",
                "TandemServer",
                "TandemDeploy",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // Timed loop for SigV4 signing (bench/sigv4/run.sh builds it in release).
        .executableTarget(
            name: "tandem-bench-sigv4",
            dependencies: ["TandemAWS"],
            path: "bench/sigv4",
            exclude: ["botocore_bench.py", "run.sh"]
        ),
        // Per-record overhead of the batch processor and SQLite idempotency (bench/batch/run.sh, release).
        .executableTarget(
            name: "tandem-bench-batch",
            dependencies: [
                "TandemApp", "TandemCore", "TandemEvents", "TandemSQLite", .product(name: "Logging", package: "swift-log"),
            ],
            path: "bench/batch",
            exclude: ["run.sh", "layout_ab.py"]
        ),
        // Checkpoint overhead per agent step and cold-process resume (bench/agents/run.sh builds it in release).
        .executableTarget(
            name: "tandem-bench-agents",
            dependencies: ["TandemApp", "TandemAWS", "TandemCore", "TandemLLM", "TandemSQLite"],
            path: "bench/agents",
            exclude: ["run.sh"]
        ),
        // Timed loop for the LLM wire codecs and the SSE parser (bench/llm/run.sh builds it in release).
        .executableTarget(
            name: "tandem-bench-llm",
            dependencies: ["TandemCore", "TandemAWS", "TandemLLM"],
            path: "bench/llm",
            exclude: ["run.sh"]
        ),
        .testTarget(name: "TandemCoreTests", dependencies: ["TandemCore"]),
        .testTarget(name: "TandemEventsTests", dependencies: ["TandemEvents"]),
        .testTarget(
            name: "TandemAWSTests",
            dependencies: [
                "TandemAWS",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "TandemModelsTests", dependencies: ["TandemModels"]),
        .testTarget(name: "TandemSQLiteTests", dependencies: ["TandemSQLite", "TandemCore"]),
        .testTarget(
            name: "TandemLLMTests",
            dependencies: [
                "TandemLLM",
                "TandemModels",
                "TandemAWS",
                "TandemCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "TandemLambdaTests",
            dependencies: [
                "TandemCore",
                "TandemLambda",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "TandemLambdaEmulatorTests",
            dependencies: [
                "TandemLambdaEmulator",
                "TandemCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "TandemAppTests",
            dependencies: [
                "TandemApp",
                "TandemDeploy",
                "TandemAWS",
                "TandemLLM",
                "TandemModels",
                "TandemSQLite",
                "TandemServer",
                "TandemLambda",
                "TandemLambdaEmulator",
                "TandemEvents",
                "TandemCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "TandemServerTests",
            dependencies: [
                "TandemServer",
                "TandemApp",
                "TandemLLM",
                "TandemCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "TandemDeployTests", dependencies: ["TandemDeploy"]),
        .testTarget(name: "TandemPackagingTests", dependencies: ["CTandemCompat", "tandem"]),
    ]
)

// The house settings, for every target (as apple/swift-log and Hummingbird do).
for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
