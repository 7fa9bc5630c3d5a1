// swift-tools-version:6.1
import PackageDescription

// libFuzzer harnesses for Tandem's decoders of untrusted bytes. Not part of the main build: fuzz/run.sh builds this
// package with -sanitize=fuzzer into its own scratch path (.build-fuzz) and runs each target for a fixed time.
let package = Package(
    name: "TandemFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Tandem", path: "..")
    ],
    targets: [
        // One binary, one target per run (TANDEM_FUZZ_TARGET), so the instrumented build links once.
        .target(name: "CFuzzerDriver"),
        .executableTarget(
            name: "TandemFuzz",
            dependencies: [
                "CFuzzerDriver",
                .product(name: "TandemAWS", package: "Tandem"),
                .product(name: "TandemCore", package: "Tandem"),
                .product(name: "TandemLLM", package: "Tandem"),
            ]
        )
    ]
)
