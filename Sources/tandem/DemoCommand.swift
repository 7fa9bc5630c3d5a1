import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import TandemLambdaEmulator
import TandemCore

/// `tandem demo`: Tandem's main job on its embedded defaults, end to end and offline.
///
/// Starts the local Lambda emulator with this binary as the `bootstrap`, invokes it with real AWS event fixtures
/// (S3, SQS, DynamoDB Streams, a Function URL request, and a malformed event), streams an HTTP request through
/// Lambda response streaming, and prints what came back.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the Lambda bootstrap under the local emulator and invoke it with real events."
    )

    @Option(help: "Folder of AWS event fixtures (aws-lambda-go's testdata layout).")
    var fixtures: String = "../shared/reference/events/aws-lambda-go"

    func run() async throws {
        var logger = Logger(label: "tandem.demo")
        logger.logLevel = .warning
        var configuration = LambdaEmulatorConfiguration()
        configuration.port = 0
        configuration.timeout = .seconds(10)
        configuration.functionName = "tandem-demo"
        configuration.logLevel = "WARN"
        configuration.bootstrap = BootstrapProgram(
            executable: "/proc/self/exe",
            environment: ["TANDEM_HTTP_RESPONSE_MODE": "streaming"]
        )
        let emulator = try await LambdaEmulator.start(configuration: configuration, logger: logger)
        let client = InvokeClient(host: "127.0.0.1", port: emulator.port)
        Self.say("Tandem demo: the bootstrap runs under the local Lambda emulator on port \(emulator.port)\n")
        defer { Self.say("") }
        do {
            for name in ["s3-event.json", "sqs-event.json", "dynamodb-event.json"] {
                let path = self.fixtures + "/" + name
                guard let data = FileManager.default.contents(atPath: path) else {
                    Self.say("- \(name): fixture not found at \(path) (pass --fixtures DIR)")
                    continue
                }
                let result = try await client.invoke(payload: Array(data))
                Self.say("- invoke \(name) (\(data.count) bytes) -> HTTP \(result.status)")
                Self.say("  " + String(decoding: result.body, as: UTF8.self))
            }

            let malformed = try await client.invoke(payload: Array(#"{"Records": [ {"eventSource": "aws:sqs""#.utf8))
            Self.say("- invoke a truncated SQS event -> HTTP \(malformed.status), \(Self.describe(malformed))")

            let health = try await client.invoke(payload: Self.functionURLEvent(method: "GET", path: "/health", body: ""))
            Self.say("- Function URL GET /health, streamed -> \(Self.describe(health))")

            let text = "Tandem streams this answer back chunk by chunk, each one flushed as it is written."
            Self.say("- Function URL POST /v1/echo?chunk=16, streamed; chunks as they arrive:")
            let start = ContinuousClock.now
            let echo = try await client.invoke(
                payload: Self.functionURLEvent(method: "POST", path: "/v1/echo", query: "chunk=16", body: text),
                streaming: true,
                onChunk: { chunk in
                let elapsed = ContinuousClock.now - start
                Self.say("    +\(elapsed.totalMilliseconds) ms  \(Self.printable(chunk))")
            })
            Self.say("  -> HTTP \(echo.status), \(echo.functionError.map { "error \($0.type)" } ?? "no error")")
        } catch {
            await emulator.shutdown()
            throw error
        }
        await emulator.shutdown()
    }

    /// Writes a line straight to standard output (unbuffered, so it interleaves in order with the bootstrap's).
    static func say(_ text: String) {
        var line = text + "\n"
        line.withUTF8 { bytes in _ = Glibc.write(1, bytes.baseAddress, bytes.count) }
    }

    static func describe(_ result: InvokeClient.Result) -> String {
        if let error = result.functionError { return "function error \(error.type): \(error.body)" }
        return Self.printable(result.body)
    }

    /// Shows bytes as text, with the 8 NUL bytes of the HTTP prelude made visible.
    static func printable(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self).replacing("\u{0}", with: "\\0")
    }

    static func functionURLEvent(method: String, path: String, query: String = "", body: String) -> [UInt8] {
        let escapedBody = body.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
        let json = """
            {"version":"2.0","routeKey":"$default","rawPath":"\(path)","rawQueryString":"\(query)",\
            "headers":{"content-type":"text/plain","host":"demo.lambda-url.us-east-1.on.aws"},\
            "requestContext":{"accountId":"123456789012","apiId":"demo","domainName":"demo.lambda-url.us-east-1.on.aws",\
            "domainPrefix":"demo","http":{"method":"\(method)","path":"\(path)","protocol":"HTTP/1.1",\
            "sourceIp":"127.0.0.1","userAgent":"tandem-demo"},"requestId":"demo","routeKey":"$default",\
            "stage":"$default","time":"29/Nov/2026:00:00:00 +0000","timeEpoch":1795910400000},\
            "body":"\(escapedBody)","isBase64Encoded":false}
            """
        return Array(json.utf8)
    }
}
