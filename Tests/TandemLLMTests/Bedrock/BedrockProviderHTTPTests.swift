import Foundation
import NIOCore
import NIOHTTP1
import TandemAWS
import TandemCore
import Testing

@testable import TandemLLM

/// The whole provider path against a local stand-in for Bedrock Runtime: signing, paths, streamed event-stream
/// bodies, errors with their request ids, and embeddings.
@Suite("Bedrock provider over HTTP", .timeLimit(.minutes(1)))
struct BedrockProviderHTTPTests {
    static let model = "anthropic.claude-3-haiku-20240307-v1:0"
    static let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret-key-example")

    static func provider(_ server: BedrockStubServer) throws -> BedrockProvider {
        try BedrockProvider(
            region: "us-east-1",
            credentials: StaticCredentialsProvider(Self.credentials),
            environment: ["AWS_ENDPOINT_URL_BEDROCK_RUNTIME": server.endpoint]
        )
    }

    static let request = ChatRequest(
        model: Self.model,
        messages: [.system("Be brief."), .user("Weather in Oslo?")],
        tools: [ToolDefinition(name: "get_weather", parameters: ["type": "object"])],
        toolChoice: .auto,
        maxTokens: 200
    )

    static let answer = ChatResponse(
        id: "req-stream-1",
        model: Self.model,
        message: ChatMessage(
            role: .assistant,
            content: [.text("Let me look that up for you.")],
            toolCalls: [ToolCall(id: "tooluse_1", name: "get_weather", arguments: #"{"city":"Oslo"}"#)]
        ),
        finishReason: .toolCalls,
        usage: Usage(inputTokens: 40, outputTokens: 12)
    )

    /// The answer as an event-stream body cut into 23-byte chunks (frames split anywhere).
    static func streamChunks(_ messages: [EventStreamMessage]) throws -> [[UInt8]] {
        let bytes = try messages.flatMap { try EventStreamEncoder().encode($0) }
        return stride(from: 0, to: bytes.count, by: 23).map { Array(bytes[$0..<min(bytes.count, $0 + 23)]) }
    }

    /// How many 23-byte chunks hold the first `count` messages whole.
    static func chunkCount(holding count: Int, of messages: [EventStreamMessage]) throws -> Int {
        let bytes = try messages.prefix(count).reduce(0) { $0 + (try EventStreamEncoder().encode($1)).count }
        return (bytes + 22) / 23
    }

    @Test("ConverseStream: signed request to the percent-encoded path, events streamed as the body arrives")
    func streams() async throws {
        let messages = try BedrockStreamEncoder(chunkSize: 6).messages(for: Self.answer)
        let chunks = try Self.streamChunks(messages)
        let server = try await BedrockStubServer.start([
            .init(
                headers: [
                    ("Content-Type", "application/vnd.amazon.eventstream"), ("x-amzn-RequestId", "req-stream-1"),
                ],
                chunks: chunks,
                holdAfter: try Self.chunkCount(holding: 2, of: messages)
            )
        ])
        defer { Task { await server.shutdown() } }

        let stream = try await Self.provider(server).stream(Self.request, options: CallOptions())
        var accumulator = ChatResponseAccumulator(model: Self.model)
        var sawContentBeforeRelease = false
        for try await event in stream {
            accumulator.add(event)
            // The server holds back the rest of the body until the first text arrives here: only a client that
            // streams gets past this point.
            if case .textDelta = event, !sawContentBeforeRelease {
                sawContentBeforeRelease = true
                server.release()
            }
        }
        #expect(sawContentBeforeRelease)
        #expect(accumulator.response == Self.answer)

        let recorded = try #require(server.requests.first)
        #expect(server.requests.count == 1)
        #expect(recorded.method == "POST")
        #expect(recorded.uri == "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream")
        let authorization = try #require(recorded.header("authorization"))
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"))
        #expect(authorization.contains("/us-east-1/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-date,"))
        #expect(recorded.header("content-type") == "application/json")
        let body = try JSONValue(parsing: Data(recorded.body))
        #expect(body == (try BedrockConverse.requestBody(for: Self.request)))
    }

    @Test("Converse: the response JSON becomes the neutral response, its id the x-amzn-RequestId")
    func converse() async throws {
        let json = BedrockConverse.bytes(of: try BedrockConverse.responseBody(for: Self.answer))
        let server = try await BedrockStubServer.start([
            .init(headers: [("Content-Type", "application/json"), ("x-amzn-RequestId", "req-stream-1")], chunks: [json])
        ])
        defer { Task { await server.shutdown() } }
        let response = try await Self.provider(server).chat(Self.request, options: CallOptions())
        #expect(response == Self.answer)
        #expect(server.requests.first?.uri == "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse")
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var status: HTTPResponseStatus
        var type: String
        var message: String
        var code: LLMError.Code
        var testDescription: String { "\(self.type) -> \(self.code)" }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(
            status: .tooManyRequests,
            type: "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/",
            message: "Too many requests, please wait before trying again.",
            code: .rateLimited
        ),
        ErrorCase(
            status: .badRequest,
            type: "ValidationException",
            message: "Input is too long for requested model.",
            code: .contextWindowExceeded
        ),
        ErrorCase(
            status: .badRequest,
            type: "ValidationException",
            message: "The provided model identifier is invalid.",
            code: .invalidRequest
        ),
        ErrorCase(
            status: .serviceUnavailable,
            type: "ServiceUnavailableException",
            message: "Bedrock is unable to process your request.",
            code: .overloaded
        ),
        ErrorCase(
            status: .init(statusCode: 424),
            type: "ModelErrorException",
            message: "The model failed.",
            code: .serverError
        ),
        ErrorCase(status: .forbidden, type: "AccessDeniedException", message: "No access.", code: .permissionDenied),
    ]

    @Test("HTTP errors become LLMErrors with code, status, type and x-amzn-RequestId; one attempt", arguments: errorCases)
    func httpErrors(_ errorCase: ErrorCase) async throws {
        let server = try await BedrockStubServer.start([
            .init(
                status: errorCase.status,
                headers: [
                    ("Content-Type", "application/json"), ("x-amzn-RequestId", "req-err-1"),
                    ("x-amzn-ErrorType", errorCase.type),
                ],
                chunks: [Array(#"{"message":"\#(errorCase.message)"}"#.utf8)]
            )
        ])
        defer { Task { await server.shutdown() } }
        let provider = try Self.provider(server)
        for streaming in [false, true] {
            let error = await #expect(throws: LLMError.self) {
                if streaming {
                    _ = try await provider.stream(Self.request, options: CallOptions())
                } else {
                    _ = try await provider.chat(Self.request, options: CallOptions())
                }
            }
            #expect(error?.code == errorCase.code)
            #expect(error?.status == Int(errorCase.status.code))
            #expect(error?.upstreamRequestID == "req-err-1")
            #expect(error?.provider == "bedrock")
            #expect(error?.message == errorCase.message)
        }
        #expect(server.requests.count == 2)
    }

    @Test("an exception before any content fails the stream (so the router may retry); after content it ends in-band")
    func streamExceptions() async throws {
        let start = BedrockStreamEncoder.event("messageStart", ["role": "assistant"])
        let text = BedrockStreamEncoder.event(
            "contentBlockDelta",
            ["contentBlockIndex": 0, "delta": ["text": "Partial"]]
        )
        let throttled = BedrockStreamEncoder.exception("throttlingException", message: "Slow down")
        let modelError = BedrockStreamEncoder.exception("modelStreamErrorException", message: "The model broke")
        let server = try await BedrockStubServer.start([
            .init(headers: [("x-amzn-RequestId", "req-a")], chunks: try Self.streamChunks([start, throttled])),
            .init(headers: [("x-amzn-RequestId", "req-b")], chunks: try Self.streamChunks([start, text, modelError])),
        ])
        defer { Task { await server.shutdown() } }
        let provider = try Self.provider(server)

        let before = try await provider.stream(Self.request, options: CallOptions())
        let thrown = await #expect(throws: LLMError.self) { for try await _ in before {} }
        #expect(thrown?.code == .rateLimited)
        #expect(thrown?.upstreamRequestID == "req-a")

        var events: [ChatStreamEvent] = []
        for try await event in try await provider.stream(Self.request, options: CallOptions()) { events.append(event) }
        #expect(events.count == 3)
        #expect(events.prefix(2) == [.messageStart(id: "req-b", model: Self.model), .textDelta("Partial")])
        guard case .error(let error) = events.last else {
            Issue.record("the stream did not end with an error event: \(events)")
            return
        }
        #expect(error.code == .serverError)
        #expect(error.upstreamType == "modelStreamErrorException")
        #expect(error.upstreamRequestID == "req-b")
    }

    @Test("a body cut mid-frame after content ends with a bad_response error event, never a silent truncation")
    func truncatedStream() async throws {
        let messages = try BedrockStreamEncoder().messages(for: Self.answer)
        var bytes = try messages.flatMap { try EventStreamEncoder().encode($0) }
        bytes.removeLast(10)
        let server = try await BedrockStubServer.start([.init(headers: [("x-amzn-RequestId", "req-c")], chunks: [bytes])])
        defer { Task { await server.shutdown() } }
        var last: ChatStreamEvent?
        for try await event in try await Self.provider(server).stream(Self.request, options: CallOptions()) {
            last = event
        }
        guard case .error(let error) = last else {
            Issue.record("expected a terminal error, got \(String(describing: last))")
            return
        }
        #expect(error.code == .badResponse)
        #expect(error.upstreamRequestID == "req-c")
    }

    @Test("a stream stalled before its first token fails with timeout; one stalled after content ends in-band")
    func stalls() async throws {
        let messages = try BedrockStreamEncoder(chunkSize: 6).messages(for: Self.answer)
        let chunks = try Self.streamChunks(messages)
        // The first answer stops inside messageStart, the second after the first text; neither is ever released.
        let server = try await BedrockStubServer.start([
            .init(headers: [("x-amzn-RequestId", "req-stall-1")], chunks: chunks, holdAfter: 2),
            .init(
                headers: [("x-amzn-RequestId", "req-stall-2")],
                chunks: chunks,
                holdAfter: try Self.chunkCount(holding: 2, of: messages)
            ),
        ])
        defer { Task { await server.shutdown() } }
        let provider = try Self.provider(server)
        let options = CallOptions(firstTokenTimeout: .milliseconds(300), idleTimeout: .milliseconds(300))

        let first = try await provider.stream(Self.request, options: options)
        let thrown = await #expect(throws: LLMError.self) { for try await _ in first {} }
        #expect(thrown?.code == .timeout)
        #expect(thrown?.upstreamRequestID == "req-stall-1")

        var events: [ChatStreamEvent] = []
        for try await event in try await provider.stream(Self.request, options: options) { events.append(event) }
        #expect(events.contains(.textDelta("Let me")))
        guard case .error(let error) = events.last else {
            Issue.record("expected a terminal timeout error, got \(events)")
            return
        }
        #expect(error.code == .timeout)
        #expect(error.upstreamRequestID == "req-stall-2")
    }

    @Test("Titan Text Embeddings V2: one InvokeModel per text with dimensions and normalize, vectors in input order")
    func titanEmbeddings() async throws {
        let server = try await BedrockStubServer.start([
            .init(
                headers: [("Content-Type", "application/json")],
                chunks: [Array(#"{"embedding":[0.25,-0.5,1.0],"inputTextTokenCount":3}"#.utf8)]
            )
        ])
        defer { Task { await server.shutdown() } }
        let response = try await Self.provider(server).embed(
            EmbeddingRequest(model: "amazon.titan-embed-text-v2:0", inputs: ["a", "b", "c"], dimensions: 256),
            options: CallOptions()
        )
        #expect(response.embeddings == [[0.25, -0.5, 1.0], [0.25, -0.5, 1.0], [0.25, -0.5, 1.0]])
        #expect(response.usage.inputTokens == 9)
        let requests = server.requests
        #expect(requests.count == 3)
        #expect(requests.allSatisfy { $0.uri == "/model/amazon.titan-embed-text-v2%3A0/invoke" })
        let bodies = Set(requests.map { String(decoding: $0.body, as: UTF8.self) })
        #expect(
            bodies == [
                #"{"dimensions":256,"inputText":"a","normalize":true}"#,
                #"{"dimensions":256,"inputText":"b","normalize":true}"#,
                #"{"dimensions":256,"inputText":"c","normalize":true}"#,
            ]
        )
    }

    @Test("Cohere Embed: one batch per call, token count from X-Amzn-Bedrock-Input-Token-Count")
    func cohereEmbeddings() async throws {
        let server = try await BedrockStubServer.start([
            .init(
                headers: [("Content-Type", "application/json"), ("X-Amzn-Bedrock-Input-Token-Count", "4")],
                chunks: [
                    Array(
                        #"{"embeddings":[[0.5,0.25],[-1,2]],"id":"e1","response_type":"embeddings_floats","texts":["x","y"]}"#
                            .utf8
                    )
                ]
            )
        ])
        defer { Task { await server.shutdown() } }
        let response = try await Self.provider(server).embed(
            EmbeddingRequest(model: "cohere.embed-english-v3", inputs: ["x", "y"]),
            options: CallOptions()
        )
        #expect(response.embeddings == [[0.5, 0.25], [-1, 2]])
        #expect(response.usage.inputTokens == 4)
        let recorded = try #require(server.requests.first)
        #expect(recorded.uri == "/model/cohere.embed-english-v3/invoke")
        #expect(
            try JSONValue(parsing: Data(recorded.body)) == ["texts": ["x", "y"], "input_type": "search_document"]
        )
    }
}
