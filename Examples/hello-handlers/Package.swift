// swift-tools-version:6.1
import PackageDescription

// An example of a user's own function built on Tandem's libraries: one handler table, run as a Lambda bootstrap
// when AWS_LAMBDA_RUNTIME_API is set, and as an HTTP server otherwise.
let package = Package(
    name: "hello-handlers",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Tandem", path: "../.."),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
    ],
    targets: [
        .executableTarget(
            name: "HelloHandlers",
            dependencies: [
                .product(name: "TandemApp", package: "Tandem"),
                .product(name: "TandemLambda", package: "Tandem"),
                .product(name: "TandemServer", package: "Tandem"),
                .product(name: "Logging", package: "swift-log"),
            ]
        )
    ]
)
