import NIOCore
import NIOHTTP1
import TandemCore
import TandemLambda
import Testing

extension RuntimeAPIClientTests {
    @Suite("Response streaming")
    struct StreamingResponseTests {
        struct StreamBroke: Error, CustomStringConvertible {
            var description: String { "upstream model stream broke after 1 chunk" }
        }

        static let trailerNames = ["Lambda-Runtime-Function-Error-Type", "Lambda-Runtime-Function-Error-Body"]

        /// Writes `chunks` one by one, each time waiting until the server has read every byte written so far: if the
        /// runtime held a chunk back (coalescing it with the next), the wait would time out.
        static func writeWaitingForServer(
            _ chunks: [String],
            requestID: String,
            api: ScriptedRuntimeAPI,
            writer: any LambdaResponseStreamWriter
        ) async throws {
            var sent = 0
            for chunk in chunks {
                try await writer.write(ByteBuffer(string: chunk))
                sent += chunk.utf8.count
                let expected = sent
                try await waitUntil(
                    "the server to read \(expected) streamed bytes of \(requestID)",
                    within: .seconds(60)
                ) {
                    (api.requests.first { $0.isPost("response", for: requestID) }?.body.count ?? 0) >= expected
                }
            }
        }

        @Test(
            "streamed response: mode header, chunked, trailers declared, every chunk reaches the server at once",
            arguments: RunMode.allCases
        )
        func streamsChunksAsWritten(mode: RunMode) async throws {
            let chunks = ["data: one\n\n", "data: two\n\n", "data: three\n\n", "x", "data: [DONE]\n\n"]
            try await ScriptedRuntimeAPI.with { api in
                api.enqueue(.event(requestID: "stream-1"))
                try await api.withRuntime(mode: mode) { _, writer, context in
                    try await writer.startStreaming(contentType: "text/event-stream")
                    try await Self.writeWaitingForServer(
                        chunks,
                        requestID: context.requestID,
                        api: api,
                        writer: writer
                    )
                    try await writer.finish()
                } _: { exit in
                    let request = try await api.waitForPost("response", for: "stream-1")
                    #expect(request.header("Lambda-Runtime-Function-Response-Mode") == "streaming")
                    #expect(request.headers[canonicalForm: "Transfer-Encoding"] == ["chunked"])
                    #expect(request.header("Content-Length") == nil)
                    #expect(request.header("Content-Type") == "text/event-stream")
                    let declared = (request.header("Trailer") ?? "").split(separator: ",").map {
                        $0.filter { !$0.isWhitespace }.lowercased()
                    }
                    #expect(Set(declared) == Set(Self.trailerNames.map { $0.lowercased() }))
                    #expect(request.chunks.map { String(decoding: $0, as: UTF8.self) } == chunks)
                    #expect(request.trailers == nil || request.trailers?.isEmpty == true)
                    #expect(api.completedPost("error", for: "stream-1") == nil)
                    try await api.waitForWaitingNext()
                    #expect(!exit.hasExited)
                }
            }
        }

        @Test("the first write starts a stream with a default content type")
        func writeStartsStream() async throws {
            try await ScriptedRuntimeAPI.with { api in
                api.enqueue(.event(requestID: "implicit"))
                try await api.withRuntime { _, writer, context in
                    try await Self.writeWaitingForServer(
                        ["ab", "cd"],
                        requestID: context.requestID,
                        api: api,
                        writer: writer
                    )
                    try await writer.writeAndFinish(ByteBuffer(string: "ef"))
                } _: { _ in
                    let request = try await api.waitForPost("response", for: "implicit")
                    #expect(request.isChunked)
                    #expect(request.header("Lambda-Runtime-Function-Response-Mode") == "streaming")
                    #expect(request.header("Content-Type") == "application/octet-stream")
                    #expect(request.bodyText == "abcdef")
                }
            }
        }

        @Test(
            "an error after the first byte ends the stream with the error trailers (base64 JSON body)",
            arguments: RunMode.allCases
        )
        func errorAfterFirstByte(mode: RunMode) async throws {
            try await ScriptedRuntimeAPI.with { api in
                api.enqueue(.event(requestID: "broken-stream"), .event(requestID: "after-broken"))
                try await api.withRuntime(mode: mode) { _, writer, context in
                    guard context.requestID == "broken-stream" else {
                        return try await writer.writeAndFinish(ByteBuffer(string: "recovered"))
                    }
                    try await Self.writeWaitingForServer(
                        ["partial ", "answer"],
                        requestID: context.requestID,
                        api: api,
                        writer: writer
                    )
                    throw StreamBroke()
                } _: { exit in
                    let request = try await api.waitForPost("response", for: "broken-stream")
                    #expect(request.bodyText == "partial answer", "the trailer must not be written into the body")
                    let trailers = try #require(request.trailers, "the stream ended without trailers")
                    let type = try #require(trailers.first(name: "Lambda-Runtime-Function-Error-Type"))
                    #expect(type == "Function.StreamBroke")
                    #expect(LambdaWire.isAcceptedErrorType(type))
                    let encoded = try #require(trailers.first(name: "Lambda-Runtime-Function-Error-Body"))
                    let decoded = try #require(
                        LambdaWire.base64Decoded(encoded),
                        "error body is not base64: \(encoded)"
                    )
                    let body = try LambdaWire.json(decoded)
                    #expect(LambdaWire.keys(body) == ["errorMessage", "errorType", "stackTrace"])
                    #expect(body["errorType"]?.stringValue == type)
                    #expect(body["errorMessage"]?.stringValue == "upstream model stream broke after 1 chunk")
                    #expect(body["stackTrace"]?.arrayValue?.isEmpty == false)
                    #expect(api.requests.first { $0.isPost("error", for: "broken-stream") } == nil)

                    let next = try await api.waitForPost("response", for: "after-broken")
                    #expect(next.bodyText == "recovered")
                    #expect(!exit.hasExited)
                }
            }
        }

        @Test("an error before the first byte goes to /error, and no response is started")
        func errorBeforeFirstByte() async throws {
            try await ScriptedRuntimeAPI.with { api in
                api.enqueue(.event(requestID: "early-failure"))
                try await api.withRuntime { _, writer, context in
                    // A streaming handler that fails while preparing its first chunk.
                    if context.requestID == "early-failure" { throw StreamBroke() }
                    try await writer.write(ByteBuffer(string: "never"))
                } _: { _ in
                    let error = try await api.waitForPost("error", for: "early-failure")
                    #expect(error.header("Lambda-Runtime-Function-Error-Type") == "Function.StreamBroke")
                    #expect(!error.isChunked)
                    #expect(try LambdaWire.json(error.body)["errorType"]?.stringValue == "Function.StreamBroke")
                    try await api.waitForWaitingNext()
                    #expect(api.requests.first { $0.isPost("response", for: "early-failure") } == nil)
                }
            }
        }

        @Test(
            "HTTP integration prelude: content type, JSON + exactly 8 NUL bytes + payload, cookies, no NUL in JSON",
            arguments: RunMode.allCases
        )
        func httpIntegrationPrelude(mode: RunMode) async throws {
            let prelude = HTTPIntegrationPrelude(
                statusCode: 201,
                headers: [
                    ("Content-Type", "text/plain; charset=utf-8"),
                    ("Set-Cookie", "session=abc; Path=/; HttpOnly"),
                    ("X-Multi", "1"),
                    ("set-cookie", "theme=dark"),
                    ("x-multi", "2"),
                    ("X-Nul", "before\u{0}after"),
                ]
            )
            try await ScriptedRuntimeAPI.with { api in
                api.enqueue(.event(requestID: "http-stream"))
                try await api.withRuntime(mode: mode) { _, writer, context in
                    try await writer.startHTTPResponse(prelude)
                    try await Self.writeWaitingForServer(
                        ["hello ", "world"],
                        requestID: context.requestID,
                        api: api,
                        writer: writer
                    )
                    try await writer.finish()
                } _: { _ in
                    let request = try await api.waitForPost("response", for: "http-stream")
                    #expect(request.header("Content-Type") == "application/vnd.awslambda.http-integration-response")
                    #expect(request.header("Lambda-Runtime-Function-Response-Mode") == "streaming")
                    #expect(request.isChunked)

                    let body = request.body
                    let firstNUL = try #require(body.firstIndex(of: 0), "no NUL separator")
                    #expect(body[firstNUL..<firstNUL + 8].allSatisfy { $0 == 0 })
                    #expect(body[firstNUL + 8] != 0, "more than 8 NUL bytes")
                    #expect(Array(body[(firstNUL + 8)...]) == Array("hello world".utf8))

                    let json = try LambdaWire.json(Array(body[..<firstNUL]))
                    #expect(LambdaWire.keys(json) == ["cookies", "headers", "statusCode"])
                    #expect(json["statusCode"]?.integerValue == 201)
                    #expect(json["cookies"] == .array(["session=abc; Path=/; HttpOnly", "theme=dark"]))
                    #expect(json["headers"]?["content-type"]?.stringValue == "text/plain; charset=utf-8")
                    #expect(json["headers"]?["x-multi"]?.stringValue == "1, 2")
                    #expect(json["headers"]?["x-nul"]?.stringValue == "before\u{0}after")
                    #expect(json["headers"]?["set-cookie"] == nil)
                }
            }
        }
    }
}
