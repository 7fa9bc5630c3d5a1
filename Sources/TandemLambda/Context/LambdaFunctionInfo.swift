#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// What Lambda tells a function about itself through the environment, read once at start-up.
public struct LambdaFunctionInfo: Sendable, Hashable {
    /// `AWS_LAMBDA_FUNCTION_NAME`.
    public var name: String
    /// `AWS_LAMBDA_FUNCTION_VERSION`.
    public var version: String
    /// `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`, in MB.
    public var memoryMB: Int
    /// `AWS_LAMBDA_LOG_GROUP_NAME`.
    public var logGroupName: String
    /// `AWS_LAMBDA_LOG_STREAM_NAME`.
    public var logStreamName: String
    /// `AWS_REGION`.
    public var region: String
    /// `_HANDLER`: the handler name configured for the function (Tandem uses it to pick a handler).
    public var handler: String?

    /// Creates the description.
    public init(
        name: String,
        version: String = "$LATEST",
        memoryMB: Int = 128,
        logGroupName: String = "",
        logStreamName: String = "",
        region: String = "us-east-1",
        handler: String? = nil
    ) {
        self.name = name
        self.version = version
        self.memoryMB = memoryMB
        self.logGroupName = logGroupName
        self.logStreamName = logStreamName
        self.region = region
        self.handler = handler
    }

    /// Reads the description from an environment dictionary (the process environment by default).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.init(
            name: environment["AWS_LAMBDA_FUNCTION_NAME"] ?? "tandem",
            version: environment["AWS_LAMBDA_FUNCTION_VERSION"] ?? "$LATEST",
            memoryMB: environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"].flatMap(Int.init) ?? 128,
            logGroupName: environment["AWS_LAMBDA_LOG_GROUP_NAME"] ?? "",
            logStreamName: environment["AWS_LAMBDA_LOG_STREAM_NAME"] ?? "",
            region: environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? "us-east-1",
            handler: environment["_HANDLER"]
        )
    }
}
