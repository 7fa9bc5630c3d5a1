import TandemCore
import Testing

@testable import TandemLambdaEmulator

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where AWS's Python runtime client is: `$TANDEM_PYTHON`, else `<root>/.venv/bin/python` with awslambdaric installed.
enum PythonRIC {
    static let python: String? = {
        if let configured = getenv("TANDEM_PYTHON").map({ String(cString: $0) }), !configured.isEmpty {
            return access(configured, X_OK) == 0 ? configured : nil
        }
        let python = EmulatorHarness.repositoryRoot + "/.venv/bin/python"
        guard access(python, X_OK) == 0 else { return nil }
        let lib = EmulatorHarness.repositoryRoot + "/.venv/lib"
        guard let directory = opendir(lib) else { return nil }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix("python"), access("\(lib)/\(name)/site-packages/awslambdaric", F_OK) == 0 {
                return python
            }
        }
        return nil
    }()

    static var available: Bool { Self.python != nil }
    static let skipReason: Comment =
        "needs AWS's Python runtime client: pip install -r tests/requirements.txt into <root>/.venv, or TANDEM_PYTHON"

    static let handlers = EmulatorHarness.repositoryRoot + "/tests/python/lambda"

    static func configuration(handler: String, timeout: Duration = .seconds(60)) -> LambdaEmulatorConfiguration {
        var configuration = EmulatorHarness.configuration(
            timeout: timeout,
            bootstrap: BootstrapProgram(
                executable: Self.python ?? "python3",
                arguments: ["-m", "awslambdaric", handler],
                environment: ["PYTHONDONTWRITEBYTECODE": "1"],
                output: .discard
            )
        )
        configuration.taskRoot = Self.handlers
        configuration.handler = handler
        return configuration
    }
}

/// The emulator against a Runtime API client nobody here wrote: `python -m awslambdaric handler.fn`.
@Suite(
    "AWS's Python runtime client (awslambdaric) as the bootstrap",
    .serialized,
    .enabled(if: PythonRIC.available, PythonRIC.skipReason)
)
struct AWSLambdaRICTests {
    @Test("a success: the event and the context (request id, ARN, memory, deadline, client context, trace id)")
    func success() async throws {
        let timeout = Duration.seconds(60)
        try await EmulatorHarness.with(PythonRIC.configuration(handler: "handler.echo", timeout: timeout)) { emulator in
            let trace = "Root=1-6744f3b0-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=1"
            let result = try await EmulatorHarness.client(emulator).invoke(
                #"{"question":"ping","n":[1,2,3]}"#,
                headers: [
                    ("X-Amzn-RequestId", "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"),
                    ("X-Amzn-Trace-Id", trace),
                    ("X-Amz-Client-Context", Base64.encode(Array(#"{"custom":{"app":"tandem-tests"}}"#.utf8))),
                ]
            )
            #expect(result.status == 200)
            #expect(result.functionError == nil)
            let json = try JSONValue(parsing: result.text)
            #expect(json["event"] == (try JSONValue(parsing: #"{"question":"ping","n":[1,2,3]}"#)))
            #expect(json["request_id"]?.stringValue == "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee")
            #expect(json["function_arn"]?.stringValue == "arn:aws:lambda:us-east-1:012345678912:function:tandem")
            #expect(json["function_name"]?.stringValue == "tandem")
            #expect(json["memory_limit_in_mb"]?.stringValue == "128")
            #expect(json["log_group_name"]?.stringValue == "/aws/lambda/tandem")
            let remaining = try #require(json["remaining_ms"]?.integerValue)
            // The deadline is the configured timeout from the invocation's start; a loaded machine may take seconds.
            #expect(remaining > 30_000 && remaining <= timeout.totalMilliseconds)
            #expect(json["client_context"]?["app"]?.stringValue == "tandem-tests")
            #expect(json["trace_id"]?.stringValue == trace)
        }
    }

    @Test("a raised exception: errorType, errorMessage and stackTrace come through; the loop keeps serving")
    func raisedException() async throws {
        try await EmulatorHarness.with(PythonRIC.configuration(handler: "handler.fail")) { emulator in
            let client = EmulatorHarness.client(emulator)
            for model in ["small", "large"] {
                let result = try await client.invoke(#"{"model":"\#(model)"}"#)
                #expect(result.status == 200)
                #expect(result.header("X-Amz-Function-Error") == "Unhandled")
                // awslambdaric posts /error without Lambda-Runtime-Function-Error-Type:
                // RAPID calls that Runtime.Unknown.
                #expect(result.header("Error-Type") == "Runtime.Unknown")
                let json = try JSONValue(parsing: result.text)
                #expect(json["errorType"]?.stringValue == "ModelUnavailable")
                #expect(json["errorMessage"]?.stringValue == "the model is unavailable: \(model)")
                let stack = try #require(json["stackTrace"]?.arrayValue)
                #expect(stack.contains { $0.stringValue?.contains("handler.py") == true })
                #expect(stack.contains { $0.stringValue?.contains("raise ModelUnavailable") == true })
            }
        }
    }

    @Test("a timeout: Sandbox.Timeout, the process is restarted, the next invocation works")
    func timeoutRestart() async throws {
        let configuration = PythonRIC.configuration(handler: "handler.sleepy", timeout: .seconds(2))
        try await EmulatorHarness.with(configuration) { emulator in
            let client = EmulatorHarness.client(emulator)
            let before = try JSONValue(parsing: try await client.invoke(#"{"seconds":0}"#).text)
            let firstPID = try #require(before["pid"]?.integerValue)
            let overrun = try await client.invoke(#"{"seconds":30}"#)
            #expect(overrun.functionError?.type == "Sandbox.Timeout")
            #expect(overrun.text.contains("Task timed out after 2.00 seconds"))
            let after = try await client.invoke(#"{"seconds":0}"#)
            #expect(after.functionError == nil)
            let json = try JSONValue(parsing: after.text)
            #expect(json["slept"]?.integerValue == 0)
            #expect(json["pid"]?.integerValue != firstPID)
        }
    }

    @Test("an init error (missing handler) reaches the caller as Runtime.HandlerNotFound")
    func initError() async throws {
        try await EmulatorHarness.with(PythonRIC.configuration(handler: "handler.missing")) { emulator in
            let result = try await EmulatorHarness.client(emulator).invoke("{}")
            #expect(result.functionError?.type == "Runtime.HandlerNotFound")
            let json = try JSONValue(parsing: result.text)
            #expect(json["errorMessage"]?.stringValue == "Handler 'missing' missing on module 'handler'")
        }
    }
}
