import Logging
import NIOCore
import NIOHTTP1
import TandemCore
import TandemLambda
import Testing

extension RuntimeAPIClientTests {
    @Suite("Runtime API status codes")
    struct RuntimeAPIStatusTests {
        struct Refused: Error {}

        @Test(
            "a 4xx answer to /response is logged, never followed by /error, and the loop continues",
            arguments: [400, 403, 410, 413]
        )
        func rejectedResponse(status: Int) async throws {
            let (logger, logs) = CapturingLogHandler.logger()
            try await ScriptedRuntimeAPI.with { api in
                api.enqueue(.event("first", requestID: "rejected"), .event("second", requestID: "accepted"))
                api.answerResponse(of: "rejected", with: HTTPResponseStatus(statusCode: status))
                try await api.withRuntime(logger: logger) { event, writer, _ in
                    try await writer.writeAndFinish(event)
                } _: { exit in
                    _ = try await api.waitForPost("response", for: "rejected")
                    let second = try await api.waitForPost("response", for: "accepted")
                    #expect(second.bodyText == "second")
                    try await api.waitForWaitingNext()
                    #expect(!exit.hasExited)
                }
                #expect(
                    api.completedPost("error", for: "rejected") == nil,
                    "a rejected response was followed by /error"
                )
            }
            let entries = logs.all
            let logged = entries.first { $0.metadata["requestId"] == "rejected" && $0.message.contains("Runtime API") }
            let entry = try #require(logged, "the \(status) was not logged")
            #expect(entry.level >= .warning)
            #expect(entry.message.contains(String(status)) || entry.metadata["http.status"] == "\(status)")
        }

        @Test("a 4xx answer to /error is logged and the loop continues", arguments: [400, 403, 410, 413])
        func rejectedError(status: Int) async throws {
            try await ScriptedRuntimeAPI.with { api in
                api.enqueue(.event("fail", requestID: "failing"), .event("ok", requestID: "next-one"))
                api.answerError(of: "failing", with: HTTPResponseStatus(statusCode: status))
                try await api.withRuntime { event, writer, _ in
                    if String(buffer: event) == "fail" { throw Refused() }
                    try await writer.writeAndFinish(event)
                } _: { exit in
                    _ = try await api.waitForPost("error", for: "failing")
                    _ = try await api.waitForPost("response", for: "next-one")
                    #expect(!exit.hasExited)
                }
                #expect(api.requests.filter { $0.isPost("error", for: "failing") }.count == 1)
            }
        }

        @Test("500 on /response ends run() promptly with a LambdaRuntimeError", arguments: RunMode.allCases)
        func serverErrorOnResponse(mode: RunMode) async throws {
            try await ScriptedRuntimeAPI.with { api in
                api.enqueue(.event(requestID: "doomed"), .event(requestID: "never-served"))
                api.answerResponse(of: "doomed", with: .internalServerError)
                try await api.withRuntime(mode: mode) { event, writer, _ in
                    try await writer.writeAndFinish(event)
                } _: { exit in
                    let error = try await exit.error(within: .seconds(60))
                    #expect(
                        error as? LambdaRuntimeError
                            == .runtimeAPIFailed(status: 500, path: "/2018-06-01/runtime/invocation/doomed")
                    )
                }
                #expect(api.requests.filter(\.isNext).count == 1, "the runtime asked for another event after a 500")
            }
        }

        @Test("500 on /error ends run() promptly")
        func serverErrorOnError() async throws {
            try await ScriptedRuntimeAPI.with { api in
                api.enqueue(.event(requestID: "doomed-error"))
                api.answerError(of: "doomed-error", with: .internalServerError)
                try await api.withRuntime { _, _, _ in
                    throw Refused()
                } _: { exit in
                    let error = try await exit.error(within: .seconds(60))
                    #expect(error as? LambdaRuntimeError != nil)
                    #expect("\(error)".contains("500"))
                }
            }
        }

        @Test("500 on next ends run() promptly")
        func serverErrorOnNext() async throws {
            try await ScriptedRuntimeAPI.with { api in
                api.enqueue(.failure(.internalServerError))
                try await api.withRuntime { event, writer, _ in
                    try await writer.writeAndFinish(event)
                } _: { exit in
                    let error = try await exit.error(within: .seconds(60))
                    #expect(
                        error as? LambdaRuntimeError
                            == .runtimeAPIFailed(status: 500, path: "/2018-06-01/runtime/invocation/next")
                    )
                }
            }
        }

        @Test("a next answer without a request id ends run() with invalidNextResponse")
        func nextWithoutRequestID() async throws {
            try await ScriptedRuntimeAPI.with { api in
                api.enqueue(ScriptedInvocation(status: .ok, headers: [("Lambda-Runtime-Deadline-Ms", "1")], body: []))
                try await api.withRuntime { _, _, _ in
                } _: { exit in
                    let error = try await exit.error(within: .seconds(60))
                    #expect(
                        error as? LambdaRuntimeError == .invalidNextResponse("missing Lambda-Runtime-Aws-Request-Id")
                    )
                }
            }
        }

        @Test("the Runtime API going away ends run() with an error")
        func connectionLost() async throws {
            try await ScriptedRuntimeAPI.with { api in
                try await api.withRuntime { _, _, _ in
                } _: { exit in
                    try await api.waitForWaitingNext()
                    api.closeConnections()
                    let error = try await exit.error(within: .seconds(60))
                    #expect(error as? LambdaRuntimeError == .connectionClosed)
                }
            }
        }

        @Test("the Runtime API going away while a handler streams: its writes fail, the process lives (no SIGPIPE)")
        func connectionLostWhileStreaming() async throws {
            let failures = Locked<[String]>([])
            try await ScriptedRuntimeAPI.with { api in
                api.enqueue(.event(requestID: "gone"))
                try await api.withRuntime { _, writer, _ in
                    try await writer.write(ByteBuffer(string: "first"))
                    api.closeConnections()
                    // Keep writing until the closed connection shows: the first writes may still reach the kernel.
                    let chunk = ByteBuffer(repeating: 0x61, count: 64 * 1024)
                    do {
                        for _ in 0..<1000 {
                            try await writer.write(chunk)
                            try await Task.sleep(for: .milliseconds(1))
                        }
                    } catch {
                        failures.withLock { $0.append("\(error)") }
                        throw error
                    }
                } _: { exit in
                    let error = try await exit.error(within: .seconds(60))
                    #expect(error as? LambdaRuntimeError == .connectionClosed)
                }
            }
            #expect(failures.value.count == 1, "the handler's writes did not fail: \(failures.value)")
        }
    }
}
