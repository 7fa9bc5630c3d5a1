import Logging
import NIOCore
import TandemCore
import TandemLambda
import Testing

#if canImport(Glibc)
import NIOHTTP1
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension RuntimeAPIClientTests {
    @Suite("Invocation context")
    struct InvocationContextTests {
        static let traceHeader = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
        static let clientContext =
            #"{"client":{"installation_id":"inst-1","app_title":"Demo"},"custom":{"tier":"gold"},"#
            + #""env":{"platform":"iOS"}}"#
        static let cognitoIdentity =
            #"{"cognitoIdentityId":"eu-west-1:abc-123","cognitoIdentityPoolId":"eu-west-1:pool-9"}"#
        static let environment = [
            "AWS_LAMBDA_FUNCTION_NAME": "tandem-test",
            "AWS_LAMBDA_FUNCTION_VERSION": "7",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "1769",
            "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/tandem-test",
            "AWS_LAMBDA_LOG_STREAM_NAME": "2026/11/29/[7]0123456789abcdef",
            "AWS_REGION": "eu-west-1",
            "_HANDLER": "echo",
        ]

        struct Seen: Sendable {
            var context: LambdaContext
            var current: LambdaContext?
            var trace: TraceContext?
            var event: String
        }

        @Test("every next header reaches LambdaContext and LambdaContext.current", arguments: RunMode.allCases)
        func everyHeaderReachesTheContext(mode: RunMode) async throws {
            let deadline = Deadline.nowMilliseconds() + 45_000
            let seen = Locked<[Seen]>([])
            let (logger, logs) = CapturingLogHandler.logger()
            try await ScriptedRuntimeAPI.with { api in
                api.enqueue(
                    .event(
                        #"{"hello":"world"}"#,
                        requestID: "req-ctx-1",
                        deadlineMilliseconds: deadline,
                        headers: [
                            ("Lambda-Runtime-Trace-Id", Self.traceHeader),
                            ("Lambda-Runtime-Client-Context", Self.clientContext),
                            ("Lambda-Runtime-Cognito-Identity", Self.cognitoIdentity),
                            ("Lambda-Runtime-Aws-Tenant-Id", "tenant-42"),
                        ]
                    )
                )
                try await api.withRuntime(environment: Self.environment, mode: mode, logger: logger) {
                    event,
                    writer,
                    context in
                    seen.withLock {
                        $0.append(Seen(
                                context: context,
                                current: LambdaContext.current,
                                trace: TraceContext.current,
                                event: String(buffer: event)
                            ))
                    }
                    context.logger.info("inside the handler")
                    try await writer.writeAndFinish(ByteBuffer(string: "ok"))
                } _: { _ in
                    let response = try await api.waitForPost("response", for: "req-ctx-1")
                    #expect(response.bodyText == "ok")
                }
            }

            let observed = try #require(seen.value.first)
            let context = observed.context
            #expect(observed.event == #"{"hello":"world"}"#)
            #expect(context.requestID == "req-ctx-1")
            #expect(context.deadline.millisecondsSinceEpoch == deadline)
            #expect(context.remainingTime > .seconds(30) && context.remainingTime <= .seconds(45))
            #expect(context.invokedFunctionARN == ScriptedInvocation.defaultARN)
            #expect(context.traceID == Self.traceHeader)
            // The trace reaches outgoing requests through TraceContext, per invocation (not the environment).
            #expect(observed.trace?.amazonTraceID == Self.traceHeader)
            #expect(observed.trace?.headers.map(\.name) == ["X-Amzn-Trace-Id"])
            #expect(context.clientContextJSON == Self.clientContext)
            #expect(context.clientContext?["client"]?["installation_id"]?.stringValue == "inst-1")
            #expect(context.clientContext?["custom"]?["tier"]?.stringValue == "gold")
            #expect(context.cognitoIdentityJSON == Self.cognitoIdentity)
            #expect(context.cognitoIdentity?["cognitoIdentityId"]?.stringValue == "eu-west-1:abc-123")
            #expect(context.cognitoIdentity?["cognitoIdentityPoolId"]?.stringValue == "eu-west-1:pool-9")
            #expect(context.tenantID == "tenant-42")
            #expect(
                context.function
                    == LambdaFunctionInfo(
                        name: "tandem-test",
                        version: "7",
                        memoryMB: 1769,
                        logGroupName: "/aws/lambda/tandem-test",
                        logStreamName: "2026/11/29/[7]0123456789abcdef",
                        region: "eu-west-1",
                        handler: "echo"
                    )
            )

            let current = try #require(observed.current, "LambdaContext.current is nil inside the handler")
            #expect(current.requestID == context.requestID)
            #expect(current.traceID == context.traceID)
            #expect(current.tenantID == context.tenantID)
            #expect(current.deadline == context.deadline)
            #expect(LambdaContext.current == nil, "the task-local leaked out of the invocation")

            let entry = try #require(logs.all.first { $0.message == "inside the handler" })
            #expect(entry.metadata["requestId"] == "req-ctx-1")
            #expect(entry.metadata["tenantId"] == "tenant-42")
        }

        @Test("header names are matched case-insensitively; optional headers may be absent")
        func lowerCaseAndMissingHeaders() async throws {
            let seen = Locked<[LambdaContext]>([])
            try await ScriptedRuntimeAPI.with { api in
                let lowerCase = ScriptedInvocation(
                    status: .ok,
                    headers: [
                        ("lambda-runtime-aws-request-id", "req-lower"),
                        ("lambda-runtime-deadline-ms", "4102444800000"),
                        ("lambda-runtime-invoked-function-arn", "arn:aws:lambda:us-east-1:1:function:f"),
                        ("lambda-runtime-trace-id", "Root=1-lower"),
                        ("lambda-runtime-aws-tenant-id", "t-lower"),
                    ],
                    body: Array("{}".utf8)
                )
                api.enqueue(lowerCase, .event(requestID: "req-bare"))
                try await api.withRuntime { _, writer, context in
                    seen.withLock { $0.append(context) }
                    try await writer.writeAndFinish(ByteBuffer())
                } _: { _ in
                    _ = try await api.waitForPost("response", for: "req-bare")
                }
            }
            let contexts = seen.value
            try #require(contexts.count == 2)
            #expect(contexts[0].requestID == "req-lower")
            #expect(contexts[0].deadline.millisecondsSinceEpoch == 4_102_444_800_000)
            #expect(contexts[0].invokedFunctionARN == "arn:aws:lambda:us-east-1:1:function:f")
            #expect(contexts[0].traceID == "Root=1-lower")
            #expect(contexts[0].tenantID == "t-lower")
            #expect(contexts[1].requestID == "req-bare")
            #expect(contexts[1].traceID == nil)
            #expect(contexts[1].clientContextJSON == nil && contexts[1].clientContext == nil)
            #expect(contexts[1].cognitoIdentityJSON == nil && contexts[1].cognitoIdentity == nil)
            #expect(contexts[1].tenantID == nil)
        }

        @Test("Lambda-Runtime-Invocation-Id is echoed on response, error and stream only when next sent it")
        func invocationIDIsEchoed() async throws {
            struct Refused: Error {}
            try await ScriptedRuntimeAPI.with { api in
                let id = "Lambda-Runtime-Invocation-Id"
                api.enqueue(
                    .event("ok", requestID: "r-ok-id", headers: [(id, "inv-1")]),
                    .event("fail", requestID: "r-fail-id", headers: [(id, "inv-2")]),
                    .event("stream", requestID: "r-stream-id", headers: [(id, "inv-3")]),
                    .event("ok", requestID: "r-ok-none"),
                    .event("fail", requestID: "r-fail-none"),
                    .event("stream", requestID: "r-stream-none")
                )
                try await api.withRuntime { event, writer, _ in
                    switch String(buffer: event) {
                    case "fail": throw Refused()
                    case "stream":
                        try await writer.write(ByteBuffer(string: "a"))
                        try await writer.finish()
                    default: try await writer.writeAndFinish(ByteBuffer(string: "done"))
                    }
                } _: { _ in
                    let okWithID = try await api.waitForPost("response", for: "r-ok-id")
                    let failWithID = try await api.waitForPost("error", for: "r-fail-id")
                    let streamWithID = try await api.waitForPost("response", for: "r-stream-id")
                    let ok = try await api.waitForPost("response", for: "r-ok-none")
                    let fail = try await api.waitForPost("error", for: "r-fail-none")
                    let stream = try await api.waitForPost("response", for: "r-stream-none")
                    #expect(okWithID.headers[canonicalForm: id] == ["inv-1"])
                    #expect(failWithID.headers[canonicalForm: id] == ["inv-2"])
                    #expect(streamWithID.headers[canonicalForm: id] == ["inv-3"])
                    #expect(streamWithID.isChunked)
                    #expect(ok.header(id) == nil)
                    #expect(fail.header(id) == nil)
                    #expect(stream.header(id) == nil)
                }
            }
        }

        @Test("_X_AMZN_TRACE_ID is set per invocation and removed when next has no trace header")
        func traceEnvironmentVariable() async throws {
            setenv("_X_AMZN_TRACE_ID", "stale-from-before", 1)
            defer { unsetenv("_X_AMZN_TRACE_ID") }
            let observed = Locked<[(environment: String?, context: String?, current: String?)]>([])
            try await ScriptedRuntimeAPI.with { api in
                api.enqueue(
                    .event(requestID: "trace-1", headers: [("Lambda-Runtime-Trace-Id", "Root=1-aaaa;Sampled=1")]),
                    .event(requestID: "trace-2"),
                    .event(requestID: "trace-3", headers: [("Lambda-Runtime-Trace-Id", "Root=1-cccc;Sampled=0")])
                )
                try await api.withRuntime { _, writer, context in
                    let environment = getenv("_X_AMZN_TRACE_ID").map { String(cString: $0) }
                    observed.withLock { $0.append((environment, context.traceID, LambdaContext.current?.traceID)) }
                    try await writer.writeAndFinish(ByteBuffer())
                } _: { _ in
                    _ = try await api.waitForPost("response", for: "trace-3")
                }
            }
            let values = observed.value
            try #require(values.count == 3)
            #expect(values[0].environment == "Root=1-aaaa;Sampled=1")
            #expect(values[0].context == "Root=1-aaaa;Sampled=1")
            #expect(values[0].current == "Root=1-aaaa;Sampled=1")
            #expect(values[1].environment == nil, "the previous invocation's trace id leaked into the next one")
            #expect(values[1].context == nil)
            #expect(values[1].current == nil)
            #expect(values[2].environment == "Root=1-cccc;Sampled=0")
            #expect(values[2].current == "Root=1-cccc;Sampled=0")
        }

        @Test("one keep-alive connection carries every request of a single-concurrency runtime")
        func oneKeepAliveConnection() async throws {
            try await ScriptedRuntimeAPI.with { api in
                api.enqueue(.event(requestID: "ka-1"), .event(requestID: "ka-2"), .event(requestID: "ka-3"))
                try await api.withRuntime { event, writer, _ in
                    try await writer.writeAndFinish(event)
                } _: { _ in
                    _ = try await api.waitForPost("response", for: "ka-3")
                    try await api.waitForWaitingNext()
                }
                let requests = api.requests
                #expect(api.connectionCount == 1)
                #expect(requests.allSatisfy { $0.connection == 0 })
                #expect(requests.filter(\.isNext).count == 4)
                #expect(requests.allSatisfy { $0.header("Host") == api.address })
                #expect(requests.allSatisfy { $0.header("Connection")?.lowercased() != "close" })
            }
        }
    }
}
