import NIOCore
import TandemLambda
import Testing

#if canImport(Glibc)
import NIOHTTP1
import TandemCore
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension RuntimeAPIClientTests {
    @Suite("AWS_LAMBDA_MAX_CONCURRENCY")
    struct ConcurrencyTests {
        @Test(
            "3 runs three loops: three next requests outstanding, three invocations handled in parallel",
            arguments: RunMode.allCases
        )
        func threeLoops(mode: RunMode) async throws {
            setenv("_X_AMZN_TRACE_ID", "untouched", 1)
            defer { unsetenv("_X_AMZN_TRACE_ID") }
            let started = Locked(0)
            let seen = Locked<[(requestID: String, trace: String?, environment: String?)]>([])
            try await ScriptedRuntimeAPI.with { api in
                try await api.withRuntime(environment: ["AWS_LAMBDA_MAX_CONCURRENCY": "3"], mode: mode) {
                    _,
                    writer,
                    context in
                    started.withLock { $0 += 1 }
                    // Only returns once all three invocations are inside a handler at the same time.
                    try await waitUntil("three handlers running at once", within: .seconds(60)) { started.value >= 3 }
                    let environment = getenv("_X_AMZN_TRACE_ID").map { String(cString: $0) }
                    seen.withLock { $0.append((context.requestID, LambdaContext.current?.traceID, environment)) }
                    try await writer.writeAndFinish(ByteBuffer(string: context.requestID))
                } _: { exit in
                    try await api.waitForWaitingNext(3)
                    #expect(api.connectionCount == 3)
                    for index in 1...3 {
                        api.enqueue(
                            .event(
                                requestID: "par-\(index)",
                                headers: [("Lambda-Runtime-Trace-Id", "Root=1-par-\(index)")]
                            )
                        )
                    }
                    for index in 1...3 {
                        let response = try await api.waitForPost("response", for: "par-\(index)")
                        #expect(response.bodyText == "par-\(index)")
                    }
                    try await api.waitForWaitingNext(3)
                    #expect(!exit.hasExited)
                }
                #expect(api.mostWaitingNextCount == 3)
                let connections = Set(api.requests.filter { $0.path.hasSuffix("/response") }.map(\.connection))
                #expect(connections.count == 3, "the three invocations did not run on three connections")
            }
            let values = seen.value.sorted { $0.requestID < $1.requestID }
            #expect(values.map(\.requestID) == ["par-1", "par-2", "par-3"])
            #expect(values.map(\.trace) == ["Root=1-par-1", "Root=1-par-2", "Root=1-par-3"])
            #expect(
                values.allSatisfy { $0.environment == "untouched" },
                "_X_AMZN_TRACE_ID was set with concurrency > 1"
            )
        }

        @Test("with three loops, a 500 on one of them still ends run() promptly", arguments: RunMode.allCases)
        func serverErrorWithThreeLoops(mode: RunMode) async throws {
            try await ScriptedRuntimeAPI.with { api in
                try await api.withRuntime(environment: ["AWS_LAMBDA_MAX_CONCURRENCY": "3"], mode: mode) {
                    event,
                    writer,
                    _ in
                    try await writer.writeAndFinish(event)
                } _: { exit in
                    try await api.waitForWaitingNext(3)
                    api.answerResponse(of: "fatal", with: .internalServerError)
                    api.enqueue(.event(requestID: "fatal"))
                    let error = try await exit.error(within: .seconds(60))
                    #expect(
                        error as? LambdaRuntimeError
                            == .runtimeAPIFailed(status: 500, path: "/2018-06-01/runtime/invocation/fatal")
                    )
                }
            }
        }
    }
}
