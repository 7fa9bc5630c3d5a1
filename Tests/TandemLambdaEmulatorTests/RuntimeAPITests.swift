import NIOCore
import NIOHTTP1
import TandemCore
import Testing

@testable import TandemLambdaEmulator

/// The emulator over real HTTP, driven by a scripted runtime (no bootstrap process: a runtime "started by hand").
@Suite("Runtime API over HTTP with a scripted runtime")
struct RuntimeAPITests {
    static let nextPath = "/2018-06-01/runtime/invocation/next"

    static func responsePath(_ id: String) -> String { "/2018-06-01/runtime/invocation/\(id)/response" }
    static func errorPath(_ id: String) -> String { "/2018-06-01/runtime/invocation/\(id)/error" }

    @Test("next carries every header; 202 on response; the caller gets the body (one keep-alive connection)")
    func successPath() async throws {
        try await EmulatorHarness.with(EmulatorHarness.configuration(timeout: .seconds(4))) { emulator in
            let client = EmulatorHarness.client(emulator)
            let context = #"{"custom":{"k":"v"}}"#
            async let result = client.invoke(
                #"{"n":1}"#,
                headers: [
                    ("X-Amz-Client-Context", Base64.encode(Array(context.utf8))),
                    ("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"),
                    ("X-Tandem-Cognito-Identity", #"{"cognitoIdentityId":"id","cognitoIdentityPoolId":"pool"}"#),
                    ("X-Amz-Tenant-Id", "tenant-7"),
                    ("X-Amzn-RequestId", "11111111-2222-3333-4444-555555555555"),
                ]
            )
            let before = Deadline.nowMilliseconds()
            try await ScriptedRuntime(port: emulator.port).withConnection { connection in
                let next = try await connection.request(.GET, Self.nextPath)
                #expect(next.status == 200)
                #expect(next.body == #"{"n":1}"#)
                let headers = next.headers
                #expect(headers.first(name: "Lambda-Runtime-Aws-Request-Id") == "11111111-2222-3333-4444-555555555555")
                let deadline = try #require(headers.first(name: "Lambda-Runtime-Deadline-Ms").flatMap { Int64($0) })
                #expect(deadline >= before + 3000 && deadline <= Deadline.nowMilliseconds() + 4000)
                #expect(
                    headers.first(name: "Lambda-Runtime-Invoked-Function-Arn")
                        == "arn:aws:lambda:us-east-1:012345678912:function:tandem"
                )
                #expect(
                    headers.first(name: "Lambda-Runtime-Trace-Id")
                        == "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
                )
                #expect(headers.first(name: "Lambda-Runtime-Client-Context") == context)
                #expect(headers.first(name: "Lambda-Runtime-Cognito-Identity")?.contains("pool") == true)
                #expect(headers.first(name: "Lambda-Runtime-Aws-Tenant-Id") == "tenant-7")
                #expect(headers.first(name: "Lambda-Runtime-Invocation-Id") == nil)
                #expect(headers.first(name: "Content-Type") == "application/json")

                let posted = try await connection.request(
                    .POST,
                    Self.responsePath("11111111-2222-3333-4444-555555555555"),
                    headers: [("Content-Type", "application/json")],
                    body: #"{"answer":42}"#
                )
                #expect(posted.status == 202)
                #expect(posted.body == #"{"status":"OK"}"#)
            }
            let invoked = try await result
            #expect(invoked.status == 200)
            #expect(invoked.text == #"{"answer":42}"#)
            #expect(invoked.header("Content-Type") == "application/json")
            #expect(invoked.functionError == nil)

            // The same runtime connection serves the next invocation (keep-alive), and a trace id is generated.
            async let second = client.invoke(#"{"n":2}"#)
            try await ScriptedRuntime(port: emulator.port).withConnection { connection in
                let next = try await connection.request(.GET, Self.nextPath)
                #expect(next.headers.first(name: "Lambda-Runtime-Trace-Id")?.hasPrefix("Root=1-") == true)
                let id = try #require(next.headers.first(name: "Lambda-Runtime-Aws-Request-Id"))
                let first = try await connection.request(.POST, Self.responsePath(id), body: "one")
                #expect(first.status == 202)
            }
            #expect(try await second.text == "one")
        }
    }

    @Test("/error: 202, the caller gets X-Amz-Function-Error, the validated type and the error body")
    func errorPath() async throws {
        try await EmulatorHarness.with(EmulatorHarness.configuration()) { emulator in
            let client = EmulatorHarness.client(emulator)
            let runtime = ScriptedRuntime(port: emulator.port)
            let errorJSON =
                #"{"errorMessage":"boom","errorType":"ValueError","stackTrace":["  File \"h.py\", line 1"]}"#
            for (sent, expected) in [("NotAType", "Runtime.Unknown"), ("Function.Boom", "Function.Boom")] {
                async let result = client.invoke("{}")
                let next = try await runtime.next()
                let id = try #require(next.headers.first(name: "Lambda-Runtime-Aws-Request-Id"))
                let posted = try await runtime.request(
                    .POST,
                    Self.errorPath(id),
                    headers: [("Lambda-Runtime-Function-Error-Type", sent), ("Content-Type", "application/json")],
                    body: errorJSON
                )
                #expect(posted.status == 202)
                let invoked = try await result
                #expect(invoked.status == 200)
                #expect(invoked.header("X-Amz-Function-Error") == "Unhandled")
                #expect(invoked.functionError?.type == expected)
                #expect(invoked.text == errorJSON)
            }
        }
    }

    @Test("400 for a request that is not in flight, 403 for a second response, 413 above 6 MiB + 100 B")
    func refusals() async throws {
        try await EmulatorHarness.with(EmulatorHarness.configuration()) { emulator in
            let client = EmulatorHarness.client(emulator)
            let runtime = ScriptedRuntime(port: emulator.port)

            let unknown = try await runtime.request(.POST, Self.responsePath("no-such-id"), body: "x")
            #expect(unknown.status == 400)
            #expect(unknown.body == #"{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}"#)

            async let first = client.invoke("{}")
            let next = try await runtime.next()
            let id = try #require(next.headers.first(name: "Lambda-Runtime-Aws-Request-Id"))
            #expect(try await runtime.request(.POST, Self.responsePath(id), body: "ok").status == 202)
            let again = try await runtime.request(.POST, Self.responsePath(id), body: "again")
            #expect(again.status == 403)
            #expect(again.body.contains("InvalidStateTransition"))
            #expect(try await first.text == "ok")

            async let big = client.invoke("{}")
            let nextBig = try await runtime.next()
            let bigID = try #require(nextBig.headers.first(name: "Lambda-Runtime-Aws-Request-Id"))
            let tooLarge = try await runtime.request(
                .POST,
                Self.responsePath(bigID),
                body: String(repeating: "x", count: 6_291_557)
            )
            #expect(tooLarge.status == 413)
            #expect(tooLarge.body.contains("RequestEntityTooLarge"))
            let bigResult = try await big
            #expect(bigResult.functionError?.type == "Function.ResponseSizeTooLarge")
            #expect(bigResult.text.contains("6291557 bytes"))

            let wrongMethod = try await runtime.request(.GET, Self.responsePath("x"))
            #expect(wrongMethod.status == 405)
        }
    }

    @Test("streaming: chunks reach the caller as they are sent, and the error trailer arrives as trailers")
    func streamingWithErrorTrailer() async throws {
        try await EmulatorHarness.with(EmulatorHarness.configuration()) { emulator in
            let client = EmulatorHarness.client(emulator)
            let (chunks, sink) = AsyncStream<String>.makeStream()
            async let result = client.invoke("{}", streaming: true) { chunk in
                sink.yield(String(decoding: chunk, as: UTF8.self))
            }
            let errorJSON = #"{"errorMessage":"model went away","errorType":"UpstreamError","stackTrace":[]}"#
            try await ScriptedRuntime(port: emulator.port).withConnection { connection in
                let next = try await connection.request(.GET, Self.nextPath)
                let id = try #require(next.headers.first(name: "Lambda-Runtime-Aws-Request-Id"))
                try await connection.startStream(requestID: id)
                try await connection.sendChunk("first ")
                var received = chunks.makeAsyncIterator()
                // The caller has the first chunk while the runtime has not sent the second: a pass-through.
                #expect(await received.next() == "first ")
                try await connection.sendChunk("second")
                #expect(await received.next() == "second")
                let end = try await connection.finishStream(errorType: "Function.UpstreamError", errorJSON: errorJSON)
                #expect(end.status == 202)
            }
            let streamed = try await result
            #expect(streamed.streamed)
            #expect(streamed.status == 200)
            #expect(streamed.trailer("Lambda-Runtime-Function-Error-Type") == "Function.UpstreamError")
            #expect(streamed.functionError?.body == errorJSON)
        }
    }

    @Test("a streamed response without error ends cleanly; a buffered caller gets the whole stream")
    func streamingToBufferedCaller() async throws {
        try await EmulatorHarness.with(EmulatorHarness.configuration()) { emulator in
            async let result = EmulatorHarness.client(emulator).invoke("{}")
            try await ScriptedRuntime(port: emulator.port).withConnection { connection in
                let next = try await connection.request(.GET, Self.nextPath)
                let id = try #require(next.headers.first(name: "Lambda-Runtime-Aws-Request-Id"))
                try await connection.startStream(requestID: id, contentType: "text/event-stream")
                try await connection.sendChunk("data: a\n\n")
                try await connection.sendChunk("data: b\n\n")
                #expect(try await connection.finishStream().status == 202)
            }
            let buffered = try await result
            #expect(!buffered.streamed)
            #expect(buffered.text == "data: a\n\ndata: b\n\n")
            #expect(buffered.header("Content-Type") == "text/event-stream")
        }
    }

    @Test("a streaming caller of a buffered response gets it as one chunk")
    func bufferedToStreamingCaller() async throws {
        try await EmulatorHarness.with(EmulatorHarness.configuration()) { emulator in
            let collected = Collected()
            async let result = EmulatorHarness.client(emulator).invoke("{}", streaming: true) { chunk in
                await collected.append(chunk)
            }
            let runtime = ScriptedRuntime(port: emulator.port)
            let next = try await runtime.next()
            let id = try #require(next.headers.first(name: "Lambda-Runtime-Aws-Request-Id"))
            #expect(try await runtime.request(.POST, Self.responsePath(id), body: "whole").status == 202)
            let streamed = try await result
            #expect(streamed.streamed)
            #expect(streamed.functionError == nil)
            #expect(await collected.text == "whole")
        }
    }

    @Test("Lambda-Runtime-Invocation-Id is sent on next and its echo is required")
    func invocationIDEcho() async throws {
        let configuration = EmulatorHarness.configuration(invocationID: .require)
        try await EmulatorHarness.with(configuration) { emulator in
            async let result = EmulatorHarness.client(emulator).invoke("{}")
            let runtime = ScriptedRuntime(port: emulator.port)
            let next = try await runtime.next()
            let id = try #require(next.headers.first(name: "Lambda-Runtime-Aws-Request-Id"))
            let invocationID = try #require(next.headers.first(name: "Lambda-Runtime-Invocation-Id"))
            let missing = try await runtime.request(.POST, Self.responsePath(id), body: "x")
            #expect(missing.status == 400)
            #expect(missing.body.contains("InvalidInvocationID"))
            let wrong = try await runtime.request(
                .POST,
                Self.responsePath(id),
                headers: [("Lambda-Runtime-Invocation-Id", invocationID + "x")],
                body: "x"
            )
            #expect(wrong.status == 400)
            let echoed = try await runtime.request(
                .POST,
                Self.responsePath(id),
                headers: [("Lambda-Runtime-Invocation-Id", invocationID)],
                body: "echoed"
            )
            #expect(echoed.status == 202)
            #expect(try await result.text == "echoed")
        }
    }

    @Test("an overrun gets Sandbox.Timeout; the late response gets 410")
    func timeoutThenGone() async throws {
        try await EmulatorHarness.with(EmulatorHarness.configuration(timeout: .milliseconds(300))) { emulator in
            async let result = EmulatorHarness.client(emulator).invoke("{}")
            let runtime = ScriptedRuntime(port: emulator.port)
            let next = try await runtime.next()
            let id = try #require(next.headers.first(name: "Lambda-Runtime-Aws-Request-Id"))
            let timedOut = try await result
            #expect(timedOut.functionError?.type == "Sandbox.Timeout")
            #expect(timedOut.text.contains("Task timed out after 0.30 seconds"))
            let late = try await runtime.request(.POST, Self.responsePath(id), body: "late")
            #expect(late.status == 410)
            #expect(late.body == #"{"errorMessage":"Invoke timeout","errorType":"InvokeTimeout"}"#)
        }
    }

    @Test("a streamed response cut off mid-body fails with Runtime.TruncatedResponse")
    func truncatedStream() async throws {
        try await EmulatorHarness.with(EmulatorHarness.configuration()) { emulator in
            async let result = EmulatorHarness.client(emulator).invoke("{}")
            let runtime = ScriptedRuntime(port: emulator.port)
            let next = try await runtime.next()
            let id = try #require(next.headers.first(name: "Lambda-Runtime-Aws-Request-Id"))
            try await runtime.sendRawAndClose(
                "POST \(Self.responsePath(id)) HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                    + "Lambda-Runtime-Function-Response-Mode: streaming\r\n\r\n5\r\nhello\r\n"
            )
            #expect(try await result.functionError?.type == "Runtime.TruncatedResponse")
        }
    }

    @Test("callers queue FIFO and the runtime gets one invocation at a time")
    func fifoQueue() async throws {
        try await EmulatorHarness.with(EmulatorHarness.configuration()) { emulator in
            let client = EmulatorHarness.client(emulator)
            let results = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for index in 0..<3 {
                    group.addTask { (index, try await client.invoke(#"{"i":\#(index)}"#).text) }
                    try await EmulatorHarness.waitForPending(emulator, count: index + 1)
                }
                let runtime = ScriptedRuntime(port: emulator.port)
                var order: [String] = []
                for _ in 0..<3 {
                    let next = try await runtime.next()
                    order.append(next.body)
                    let id = try #require(next.headers.first(name: "Lambda-Runtime-Aws-Request-Id"))
                    _ = try await runtime.request(.POST, Self.responsePath(id), body: "done " + next.body)
                }
                #expect(order == [#"{"i":0}"#, #"{"i":1}"#, #"{"i":2}"#])
                var results: [Int: String] = [:]
                for try await (index, text) in group { results[index] = text }
                return results
            }
            #expect(results == [0: #"done {"i":0}"#, 1: #"done {"i":1}"#, 2: #"done {"i":2}"#])
        }
    }

    @Test("an init error reaches the invocation that waited for init; a second one gets 403")
    func initErrorExternal() async throws {
        try await EmulatorHarness.with(EmulatorHarness.configuration()) { emulator in
            async let result = EmulatorHarness.client(emulator).invoke("{}")
            try await EmulatorHarness.waitForPending(emulator, count: 1)
            let runtime = ScriptedRuntime(port: emulator.port)
            let body = #"{"errorMessage":"missing handler","errorType":"Runtime.HandlerNotFound"}"#
            let posted = try await runtime.request(
                .POST,
                "/2018-06-01/runtime/init/error",
                headers: [("Lambda-Runtime-Function-Error-Type", "Runtime.HandlerNotFound")],
                body: body
            )
            #expect(posted.status == 202)
            let failed = try await result
            #expect(failed.functionError?.type == "Runtime.HandlerNotFound")
            #expect(failed.text == body)
            let again = try await runtime.request(.POST, "/2018-06-01/runtime/init/error", body: body)
            #expect(again.status == 403)
        }
    }

    @Test("bad invoke requests: 400 for a client context that is not base64, 413 above 6 MiB, 404 elsewhere")
    func badInvokeRequests() async throws {
        try await EmulatorHarness.with(EmulatorHarness.configuration()) { emulator in
            let client = EmulatorHarness.client(emulator)
            let badContext = try await client.invoke("{}", headers: [("X-Amz-Client-Context", "%%% not base64")])
            #expect(badContext.status == 400)
            #expect(badContext.text.contains("InvalidRequestContentException"))
            let tooBig = try await client.invoke(String(repeating: "x", count: 6 * 1024 * 1024 + 1))
            #expect(tooBig.status == 413)
            #expect(tooBig.text.contains("RequestTooLargeException"))
            let elsewhere = try await ScriptedRuntime(port: emulator.port).request(.GET, "/2018-06-01/nowhere")
            #expect(elsewhere.status == 404)
            #expect(await emulator.pendingInvocations() == 0)
        }
    }
}

/// Chunks collected by a streaming callback.
actor Collected {
    private var bytes: [UInt8] = []
    func append(_ chunk: [UInt8]) { self.bytes += chunk }
    var text: String { String(decoding: self.bytes, as: UTF8.self) }
}
