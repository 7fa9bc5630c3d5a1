// swift-tools-version:6.1
import PackageDescription

// The floor for bench/gateway: the smallest callback-level SwiftNIO HTTP/1.1 proxy (no routing, no JSON, no
// limits), to show what any SwiftNIO gateway adds on the machine before it does any work. Built by run.sh on demand;
// not part of Tandem.
let package = Package(
    name: "ProxyFloor",
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0")
    ],
    targets: [
        .executableTarget(
            name: "ProxyFloor",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        )
    ]
)
