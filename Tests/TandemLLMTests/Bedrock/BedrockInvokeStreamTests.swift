import Foundation
import NIOCore
import TandemCore
import Testing

@testable import TandemAWS
@testable import TandemLLM

/// InvokeModelWithResponseStream: the request against botocore's, and the stream's `chunk` events (base64 of the
/// model's own chunks) decoded from frames written by TandemAWS's encoder and by an independent one that botocore
/// checks.
@Suite("Bedrock InvokeModelWithResponseStream", .timeLimit(.minutes(1)))
struct BedrockInvokeStreamTests {
    static let claude = "anthropic.claude-3-haiku-20240307-v1:0"
    static let titan = "amazon.titan-text-express-v1"

    /// Claude's Messages stream as Bedrock wraps it, in Anthropic's field order (`index` before `content_block`); the
    /// last chunk carries Bedrock's invocation metrics.
    static let claudeChunks: [String] = [
        #"{"type":"message_start","message":{"id":"msg_bdrk_01","type":"message","role":"assistant","model":"claude-3-haiku-20240307","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":1}}}"#,
        #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#,
        #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}"#,
        #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" caf\u00e9 ✓"}}"#,
        #"{"type":"content_block_stop","index":0}"#,
        #"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":5}}"#,
        #"{"type":"message_stop","amazon-bedrock-invocationMetrics":{"inputTokenCount":12,"outputTokenCount":5,"invocationLatency":420,"firstByteLatency":200}}"#,
    ]

    /// Titan Text's stream: running output token counts, the reason and Bedrock's metrics on the last chunk.
    static let titanChunks: [JSONValue] = [
        ["outputText": "Hello", "index": 0, "totalOutputTextTokenCount": 2, "completionReason": nil, "inputTextTokenCount": 7],
        ["outputText": " world", "index": 0, "totalOutputTextTokenCount": 4, "completionReason": nil],
        [
            "outputText": "", "index": 0, "totalOutputTextTokenCount": 4, "completionReason": "LENGTH",
            "inputTextTokenCount": 7,
            "amazon-bedrock-invocationMetrics": [
                "inputTokenCount": 7, "outputTokenCount": 4, "invocationLatency": 300, "firstByteLatency": 100,
            ],
        ],
    ]

    static let titanEvents: [ChatStreamEvent] = [
        .messageStart(id: "req-t", model: Self.titan), .textDelta("Hello"), .textDelta(" world"), .finish(.length),
        .usage(Usage(inputTokens: 7, outputTokens: 4)),
    ]

    /// A `chunk` event as Bedrock sends it: `{"bytes": base64 of the model's chunk}` (with the `p` padding).
    static func chunk(_ value: JSONValue) -> EventStreamMessage {
        Self.chunk(value.canonicalJSON())
    }

    /// A `chunk` event for a chunk's exact text.
    static func chunk(_ text: String) -> EventStreamMessage {
        let bytes = Data(text.utf8).base64EncodedString()
        return EventStreamMessage(
            headers: [
                EventStreamHeader(name: ":event-type", value: .string("chunk")),
                EventStreamHeader(name: ":content-type", value: .string("application/json")),
                EventStreamHeader(name: ":message-type", value: .string("event")),
            ],
            payload: Array(JSONValue.object(["bytes": .string(bytes), "p": "abcdef"]).canonicalJSON().utf8)
        )
    }

    /// Decodes a body fed in uneven pieces (frames split anywhere).
    static func decode(_ body: [UInt8], modelID: String, requestID: String = "req-t") throws -> [ChatStreamEvent] {
        var frames = EventStreamDecoder()
        var decoder = BedrockInvokeStreamDecoder(modelID: modelID, requestID: requestID)
        var events: [ChatStreamEvent] = []
        var position = 0
        var step = 3
        while position < body.count {
            frames.append(body[position..<min(body.count, position + step)])
            position += step
            step = step * 5 % 47 + 1
            while let message = try frames.next() { events += try decoder.decode(message) }
        }
        try frames.finish()
        return events
    }

    static func encode(_ messages: [EventStreamMessage]) throws -> [UInt8] {
        try messages.flatMap { try EventStreamEncoder().encode($0) }
    }

    /// What ``AnthropicStreamDecoder`` makes of the same chunks read straight (the Messages API's SSE data).
    static func anthropicEvents(_ chunks: [String]) throws -> [ChatStreamEvent] {
        var decoder = AnthropicStreamDecoder(provider: "bedrock")
        var events: [ChatStreamEvent] = []
        for chunk in chunks { try decoder.decode(Array(chunk.utf8)) { events.append($0) } }
        return events
    }

    @Test("Claude on Bedrock: the same events as the Anthropic decoder gives for the bare chunks")
    func claude() async throws {
        let events = try Self.decode(Self.encode(Self.claudeChunks.map { Self.chunk($0) }), modelID: Self.claude)
        #expect(events == (try Self.anthropicEvents(Self.claudeChunks)))
        let response = try await ChatStream(events: events).collect()
        #expect(response.message.text == "Hello café ✓")
        #expect(response.finishReason == .stop)
        #expect(response.usage.inputTokens == 12 && response.usage.outputTokens == 5)
        #expect(response.id == "msg_bdrk_01")
    }

    @Test("Claude through an application inference profile ARN: the format is recognised from the first chunk")
    func claudeByContent() throws {
        let arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123"
        #expect(BedrockInvokeStreamDecoder.format(modelID: arn) == nil)
        let events = try Self.decode(Self.encode(Self.claudeChunks.map { Self.chunk($0) }), modelID: arn)
        #expect(events == (try Self.anthropicEvents(Self.claudeChunks)))
    }

    @Test("Bedrock's invocation metrics give the usage when Claude's own usage is missing")
    func metricsUsage() throws {
        let chunks = [
            #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}"#,
            #"{"type":"message_delta","delta":{"stop_reason":"max_tokens"}}"#,
            #"{"type":"message_stop","amazon-bedrock-invocationMetrics":{"inputTokenCount":3,"outputTokenCount":9}}"#,
        ]
        let events = try Self.decode(Self.encode(chunks.map { Self.chunk($0) }), modelID: Self.claude)
        #expect(events == [.textDelta("Hi"), .finish(.length), .usage(Usage(inputTokens: 3, outputTokens: 9))])
    }

    @Test("Titan Text: text, the completion reason and the token counts")
    func titanText() throws {
        let events = try Self.decode(Self.encode(Self.titanChunks.map { Self.chunk($0) }), modelID: Self.titan)
        #expect(events == Self.titanEvents)
    }

    @Test("Titan Text without its own counts: Bedrock's metrics give the usage")
    func titanMetrics() throws {
        let chunks: [JSONValue] = [
            ["outputText": "Hi", "index": 0],
            [
                "outputText": "", "completionReason": "FINISH",
                "amazon-bedrock-invocationMetrics": ["inputTokenCount": 5, "outputTokenCount": 1],
            ],
        ]
        let events = try Self.decode(Self.encode(chunks.map { Self.chunk($0) }), modelID: "amazon.titan-text-lite-v1")
        #expect(
            events == [
                .messageStart(id: "req-t", model: "amazon.titan-text-lite-v1"), .textDelta("Hi"), .finish(.stop),
                .usage(Usage(inputTokens: 5, outputTokens: 1)),
            ]
        )
    }

    @Test("Meta Llama: generation, stop_reason and token counts")
    func llama() throws {
        let chunks: [JSONValue] = [
            ["generation": "Hel", "prompt_token_count": 9, "generation_token_count": 1, "stop_reason": nil],
            ["generation": "lo", "prompt_token_count": nil, "generation_token_count": 2, "stop_reason": "stop"],
        ]
        let events = try Self.decode(Self.encode(chunks.map { Self.chunk($0) }), modelID: "meta.llama3-8b-instruct-v1:0")
        #expect(
            events == [
                .messageStart(id: "req-t", model: "meta.llama3-8b-instruct-v1:0"), .textDelta("Hel"), .textDelta("lo"),
                .finish(.stop), .usage(Usage(inputTokens: 9, outputTokens: 2)),
            ]
        )
    }

    @Test(
        "exception frames become typed errors carrying the request id",
        arguments: [
            ("throttlingException", LLMError.Code.rateLimited), ("modelStreamErrorException", .serverError),
            ("modelTimeoutException", .timeout), ("serviceUnavailableException", .overloaded),
            ("validationException", .invalidRequest), ("internalServerException", .serverError),
        ]
    )
    func exceptions(_ type: String, _ code: LLMError.Code) throws {
        var decoder = BedrockInvokeStreamDecoder(modelID: Self.titan, requestID: "req-x")
        _ = try decoder.decode(Self.chunk(Self.titanChunks[0]))
        let error = #expect(throws: LLMError.self) {
            try decoder.decode(BedrockStreamEncoder.exception(type, message: "upstream said no"))
        }
        #expect(error?.code == code)
        #expect(error?.upstreamRequestID == "req-x")
        #expect(error?.upstreamType == type)
        #expect(error?.message == "upstream said no")
    }

    @Test("garbage chunks are bad_response errors, never a crash", arguments: [
        #"{"bytes":"!!!not base64"}"#, #"{"nobytes":1}"#, "not json", #"{"bytes":"bm90IGpzb24="}"#,
        #"{"bytes":"eyJ1bmtub3duIjoxfQ=="}"#,
    ])
    func garbage(_ payload: String) {
        var decoder = BedrockInvokeStreamDecoder(modelID: "some.model", requestID: "req-g")
        var message = Self.chunk([:])
        message.payload = Array(payload.utf8)
        let error = #expect(throws: LLMError.self) { try decoder.decode(message) }
        #expect(error?.code == .badResponse)
        #expect(error?.upstreamRequestID == "req-g")
    }

    // MARK: botocore

    @Test(
        "botocore reads the frames TandemAWS encodes as the same chunks",
        .enabled(if: BedrockTestSupport.python != nil, "needs the Python peer (.venv or TANDEM_PYTHON)")
    )
    func botocoreReadsOurFrames() throws {
        let body = try Self.encode(
            Self.claudeChunks.map { Self.chunk($0) } + [BedrockStreamEncoder.exception("throttlingException", message: "slow")]
        )
        let result = try BotocorePeer.run("parse", input: BedrockTestSupport.hex(body))
        try #require(result.status == 0, "\(result.output)")
        let theirs = try #require(try JSONValue(parsing: result.output).arrayValue)
        try #require(theirs.count == Self.claudeChunks.count + 1)
        for (their, ours) in zip(theirs, Self.claudeChunks) {
            #expect(BedrockTestSupport.sameJSON(their["chunk"] ?? .null, try JSONValue(parsing: ours)))
        }
        #expect(theirs.last?["exception"]?.stringValue == "throttlingException")
        #expect(theirs.last?["message"]?.stringValue == "slow")
    }

    @Test(
        "frames from an independent encoder (checked by botocore's EventStreamBuffer) decode to the same events",
        .enabled(if: BedrockTestSupport.python != nil, "needs the Python peer (.venv or TANDEM_PYTHON)")
    )
    func botocoreFrames() throws {
        let spec = JSONValue.array(
            Self.titanChunks.map { ["chunk": $0] } + [["exception": "modelStreamErrorException", "message": "boom"]]
        )
        let result = try BotocorePeer.run("encode", input: spec.canonicalJSON())
        try #require(result.status == 0, "\(result.output)")
        let body = BedrockTestSupport.bytes(hex: result.output.trimmingCharacters(in: .whitespacesAndNewlines))
        // The events before the exception, then the exception as a typed error.
        var frames = EventStreamDecoder()
        frames.append(body[...])
        var decoder = BedrockInvokeStreamDecoder(modelID: Self.titan, requestID: "req-t")
        var events: [ChatStreamEvent] = []
        var failure: LLMError?
        while let message = try frames.next() {
            do { events += try decoder.decode(message) } catch { failure = error }
        }
        #expect(events == Self.titanEvents)
        #expect(failure?.code == .serverError && failure?.upstreamType == "modelStreamErrorException")

        // Claude's chunks as exact text, so the independent encoder keeps Anthropic's field order.
        let spec2 = JSONValue.array(Self.claudeChunks.map { ["raw": .string($0)] })
        let claude = try BotocorePeer.run("encode", input: spec2.canonicalJSON())
        try #require(claude.status == 0, "\(claude.output)")
        let claudeBody = BedrockTestSupport.bytes(hex: claude.output.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(try Self.decode(claudeBody, modelID: Self.claude) == (try Self.anthropicEvents(Self.claudeChunks)))
    }

    @Test(
        "the request: botocore's URL, headers, canonical request and Authorization; the Lambda trace header sent unsigned",
        .enabled(if: BedrockTestSupport.python != nil, "needs the Python peer (.venv or TANDEM_PYTHON)"),
        arguments: [
            ("anthropic.claude-3-haiku-20240307-v1:0", nil as String?), ("amazon.titan-text-express-v1", "tok-session"),
        ]
    )
    func requestMatchesBotocore(_ modelID: String, _ token: String?) throws {
        let trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
        let body = #"{"anthropic_version":"bedrock-2023-05-31","max_tokens":64,"messages":[{"role":"user","content":"Hi ✓"}]}"#
        var input: [String: JSONValue] = [
            "region": "us-west-2", "access_key": "AKIDEXAMPLE", "secret_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            "model_id": .string(modelID), "body": .string(body), "trace": .string(trace),
        ]
        if let token { input["token"] = .string(token) }
        let result = try BotocorePeer.run("request", input: JSONValue.object(input).canonicalJSON())
        try #require(result.status == 0, "\(result.output)")
        let theirs = try JSONValue(parsing: result.output)

        let credentials = AWSCredentials(
            accessKeyID: "AKIDEXAMPLE",
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            sessionToken: token
        )
        let client = AWSServiceClient(
            service: .bedrockRuntime,
            region: "us-west-2",
            endpoint: try #require(AWSEndpoint.standard(for: .bedrockRuntime, region: "us-west-2")),
            credentials: StaticCredentialsProvider(credentials)
        )
        let request = BedrockProvider.invokeStreamRequest(modelID: modelID, body: Array(body.utf8))
        let date = try #require(ISO8601DateFormatter().date(from: "2024-03-07T09:05:42Z"))
        let prepared = client.prepare(
            request,
            credentials: credentials,
            date: date,
            trace: TraceContext(amazonTraceID: trace)
        )
        #expect(prepared.url == theirs["url"]?.stringValue)
        #expect(prepared.signature.canonicalRequest == theirs["canonical_request"]?.stringValue)
        #expect(prepared.signature.authorization == theirs["authorization"]?.stringValue)
        #expect(theirs["body"]?.stringValue == body)
        for name in ["Content-Type", "X-Amzn-Bedrock-Accept", "X-Amzn-Trace-Id"] {
            let ours = prepared.headers.first { $0.name.lowercased() == name.lowercased() }?.value
            #expect(ours != nil && ours == theirs["headers"]?[name]?.stringValue, "\(name)")
        }
        #expect(!prepared.signature.signedHeaders.contains("x-amzn-trace-id"))
    }

    // MARK: Over HTTP

    @Test("invokeStream over HTTP: signed request, events as they arrive, the trace header only inside a trace")
    func overHTTP() async throws {
        let body = try Self.encode(Self.titanChunks.map { Self.chunk($0) })
        let pieces = stride(from: 0, to: body.count, by: 17).map { Array(body[$0..<min(body.count, $0 + 17)]) }
        let server = try await BedrockStubServer.start([
            .init(
                headers: [("Content-Type", "application/vnd.amazon.eventstream"), ("x-amzn-RequestId", "req-t")],
                chunks: pieces
            )
        ])
        defer { Task { await server.shutdown() } }
        let provider = try BedrockProvider(
            region: "us-east-1",
            credentials: StaticCredentialsProvider(AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret")),
            environment: ["AWS_ENDPOINT_URL_BEDROCK_RUNTIME": server.endpoint]
        )
        let native = Array(#"{"inputText":"Say hello","textGenerationConfig":{"maxTokenCount":4}}"#.utf8)
        let trace = TraceContext(
            amazonTraceID: "Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=1",
            traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
        )
        let events = try await TraceContext.$current.withValue(trace) {
            var events: [ChatStreamEvent] = []
            for try await event in try await provider.invokeStream(model: Self.titan, body: native, options: CallOptions()) {
                events.append(event)
            }
            return events
        }
        #expect(events == Self.titanEvents)
        var untraced: [ChatStreamEvent] = []
        for try await event in try await provider.invokeStream(model: Self.titan, body: native, options: CallOptions()) {
            untraced.append(event)
        }
        #expect(untraced == Self.titanEvents)

        try #require(server.requests.count == 2)
        let traced = server.requests[0]
        #expect(traced.method == "POST")
        #expect(traced.uri == "/model/amazon.titan-text-express-v1/invoke-with-response-stream")
        #expect(traced.body == native)
        #expect(traced.header("content-type") == "application/json")
        #expect(traced.header("x-amzn-bedrock-accept") == "application/json")
        #expect(traced.header("x-amzn-trace-id") == trace.amazonTraceID)
        #expect(traced.header("traceparent") == trace.traceparent)
        let authorization = try #require(traced.header("authorization"))
        #expect(authorization.contains("SignedHeaders=content-type;host;x-amz-date;x-amzn-bedrock-accept,"))
        #expect(server.requests[1].header("x-amzn-trace-id") == nil)
        #expect(server.requests[1].header("traceparent") == nil)
    }
}
