#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The environment Lambda gives a bootstrap (the reserved variables of a `provided.al2023` function).
package enum LambdaEnvironment {
    /// The variables for a bootstrap talking to the Runtime API at `runtimeAPI`.
    /// - Parameters:
    ///   - configuration: The function.
    ///   - runtimeAPI: `host:port` of the Runtime API.
    ///   - taskRoot: The resolved task root.
    ///   - now: Epoch seconds, for the log stream name.
    package static func variables(
        for configuration: LambdaEmulatorConfiguration,
        runtimeAPI: String,
        taskRoot: String,
        now: Int = Int(time(nil))
    ) -> [String: String] {
        var variables: [String: String] = [
            "AWS_LAMBDA_RUNTIME_API": runtimeAPI,
            "AWS_LAMBDA_FUNCTION_NAME": configuration.functionName,
            "AWS_LAMBDA_FUNCTION_VERSION": configuration.functionVersion,
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": String(configuration.memorySize),
            "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/\(configuration.functionName)",
            "AWS_LAMBDA_LOG_STREAM_NAME": Self.logStreamName(version: configuration.functionVersion, now: now),
            "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
            "AWS_REGION": configuration.region,
            "AWS_DEFAULT_REGION": configuration.region,
            "LAMBDA_TASK_ROOT": taskRoot,
            "LAMBDA_RUNTIME_DIR": taskRoot,
            "TZ": ":UTC",
            "LANG": "en_US.UTF-8",
        ]
        if let handler = configuration.handler { variables["_HANDLER"] = handler }
        if let format = configuration.logFormat { variables["AWS_LAMBDA_LOG_FORMAT"] = format }
        if let level = configuration.logLevel { variables["AWS_LAMBDA_LOG_LEVEL"] = level }
        if let concurrency = configuration.maxConcurrency {
            variables["AWS_LAMBDA_MAX_CONCURRENCY"] = String(concurrency)
        }
        return variables
    }

    /// Lambda's log stream name: `YYYY/MM/DD/[version]` and 32 hex digits.
    package static func logStreamName(version: String, now: Int) -> String {
        var seconds = time_t(now)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let date = "\(parts.tm_year + 1900)/\(pad(parts.tm_mon + 1))/\(pad(parts.tm_mday))"
        var generator = SystemRandomNumberGenerator()
        let suffix = (0..<2).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
        return "\(date)/[\(version)]\(suffix)"
    }
}
