import Logging
import NIOCore
import NIOHTTP1
import TandemCore
import TandemLambda
import Testing

extension RuntimeAPIClientTests {
    @Suite("Initialisation")
    struct InitErrorTests {
        @Test("a failing init posts /runtime/init/error with Runtime.InitError and run() throws")
        func initFailure() async throws {
            let (logger, logs) = CapturingLogHandler.logger()
            try await ScriptedRuntimeAPI.with { api in
                api.enqueue(.event(requestID: "never"))
                try await api.withRuntime(
                    logger: logger,
                    makeHandler: { () async throws -> ClosureLambdaHandler in
                        throw TandemError(.invalidConfiguration, "no handler named 'summarise' is registered")
                    }
                ) { exit in
                    let error = try await exit.error(within: .seconds(60))
                    let initError = try #require(error as? LambdaInitError)
                    #expect(initError.payload.errorType == "Runtime.InitError")
                    #expect((initError.underlying as? TandemError)?.code == .invalidConfiguration)
                }
                let requests = api.requests
                #expect(requests.filter(\.isNext).isEmpty, "the runtime asked for an event after init failed")
                let post = try #require(requests.first { $0.path == "/2018-06-01/runtime/init/error" })
                #expect(post.method == .POST)
                #expect(post.isComplete)
                #expect(post.header("Lambda-Runtime-Function-Error-Type") == "Runtime.InitError")
                let body = try LambdaWire.json(post.body)
                #expect(LambdaWire.keys(body) == ["errorMessage", "errorType", "stackTrace"])
                #expect(body["errorType"]?.stringValue == "Runtime.InitError")
                #expect(body["errorMessage"]?.stringValue?.contains("no handler named 'summarise'") == true)
            }
            #expect(logs.all.contains { $0.level == .critical })
        }

        @Test("an init error that names its type is normalised to Lambda's pattern")
        func namedInitFailure() async throws {
            try await ScriptedRuntimeAPI.with { api in
                try await api.withRuntime(
                    makeHandler: { () async throws -> ClosureLambdaHandler in
                        throw NamedFailure(lambdaErrorType: "Runtime.missing_model-weights")
                    }
                ) { exit in
                    _ = try await exit.error(within: .seconds(60))
                }
                let post = try #require(api.requests.first { $0.path == "/2018-06-01/runtime/init/error" })
                let type = try #require(post.header("Lambda-Runtime-Function-Error-Type"))
                #expect(type == "Runtime.MissingModelWeights")
                #expect(LambdaWire.isAcceptedErrorType(type))
                #expect(try LambdaWire.json(post.body)["errorType"]?.stringValue == type)
            }
        }

        @Test("the handler is made once, during init, before the first next")
        func handlerMadeOnce() async throws {
            let made = Locked(0)
            try await ScriptedRuntimeAPI.with { api in
                api.enqueue(.event(requestID: "once-1"), .event(requestID: "once-2"))
                try await api.withRuntime(
                    makeHandler: {
                        made.withLock { $0 += 1 }
                        return ClosureLambdaHandler { _, writer, _ in try await writer.finish() }
                    }
                ) { _ in
                    _ = try await api.waitForPost("response", for: "once-2")
                }
            }
            #expect(made.value == 1)
        }

        @Test("without AWS_LAMBDA_RUNTIME_API, or with a bad one, run() throws before connecting")
        func missingOrBadAddress() async throws {
            let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
            let missing = LambdaRuntime(logger: logger, environment: [:]) { ClosureLambdaHandler { _, _, _ in } }
            await #expect(throws: LambdaRuntimeError.missingRuntimeAPI) { try await missing.run() }
            let bad = LambdaRuntime(logger: logger, environment: ["AWS_LAMBDA_RUNTIME_API": "localhost"]) {
                ClosureLambdaHandler { _, _, _ in }
            }
            await #expect(throws: LambdaRuntimeError.invalidRuntimeAPIAddress("localhost")) { try await bad.run() }
        }
    }
}
