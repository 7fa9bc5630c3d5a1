import Foundation
import NIOCore
import TandemCore
import Testing

@testable import TandemAWS
@testable import TandemLLM

/// Bedrock requests and ConverseStream decoding against botocore, from `Tests/Fixtures/llm/bedrock-botocore.json`
/// (written by `tests/python/llm/generate_bedrock_fixture.py`).
@Suite("Bedrock against botocore")
struct BedrockBotocoreFixtureTests {
    struct Fixture: Decodable {
        struct Case: Decodable, Sendable, CustomTestStringConvertible {
            var name: String
            var region: String
            var model_id: String
            var credentials: [String: String]
            var url: String
            var body_base64: String
            var canonical_request: String
            var authorization: String

            var testDescription: String { self.name }
        }

        struct Stream: Decodable {
            var frames_hex: String
            var botocore_events: [JSONValue]
        }

        var timestamp: String
        var cases: [Case]
        var stream: Stream
    }

    static func load() -> Fixture? {
        guard let data = try? Data(contentsOf: BedrockTestSupport.fixture) else { return nil }
        return try? JSONDecoder().decode(Fixture.self, from: data)
    }

    static var cases: [Fixture.Case] { Self.load()?.cases ?? [] }

    static let haiku = "anthropic.claude-3-haiku-20240307-v1:0"
    static let weatherSchema: JSONValue = [
        "type": "object",
        "properties": ["city": ["type": "string"], "unit": ["type": "string", "enum": ["c", "f"]]],
        "required": ["city"],
    ]
    static let weather = ToolDefinition(
        name: "get_weather",
        description: "Current weather for a city",
        parameters: Self.weatherSchema
    )
    static let time = ToolDefinition(name: "get_time", parameters: ["type": "object", "properties": [:]])
    static let pixel = Data(BedrockTestSupport.bytes(hex: "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"))

    /// What Tandem sends for each case: the operation and the body, built from provider-neutral values.
    static func ours(_ name: String, modelID: String) throws -> (request: AWSRequest, body: [UInt8])? {
        func converse(_ request: ChatRequest, stream: Bool = false) throws -> (AWSRequest, [UInt8]) {
            let body = BedrockConverse.bytes(of: try BedrockConverse.requestBody(for: request))
            return (BedrockProvider.converseRequest(modelID: modelID, body: body, stream: stream), body)
        }
        func invoke(_ body: JSONValue) -> (AWSRequest, [UInt8]) {
            let bytes = BedrockConverse.bytes(of: body)
            return (BedrockProvider.invokeRequest(modelID: modelID, body: bytes), bytes)
        }
        switch name {
        case "converse-text-inference":
            return try converse(
                ChatRequest(
                    model: modelID,
                    messages: [.system("You are terse."), .system("Answer in French."), .user("Hello, café ✓")],
                    temperature: 0.5,
                    topP: 0.9,
                    maxTokens: 256,
                    stop: ["\n\nHuman:"]
                )
            )
        case "converse-stream-parallel-tools-session":
            return try converse(
                ChatRequest(
                    model: modelID,
                    messages: [
                        .user("Weather in Oslo and the time?"),
                        .assistant(
                            "Checking both.",
                            toolCalls: [
                                ToolCall(id: "tooluse_a1", name: "get_weather", arguments: #"{"city":"Oslo","unit":"c"}"#),
                                ToolCall(id: "tooluse_b2", name: "get_time", arguments: ""),
                            ]
                        ),
                        .toolResult(id: "tooluse_a1", #"{"temp":-3}"#),
                        .toolResult(id: "tooluse_b2", "clock unavailable", isError: true),
                    ],
                    tools: [Self.weather, Self.time],
                    toolChoice: .auto
                ),
                stream: true
            )
        case "converse-tool-choice-any-profile-arn":
            return try converse(
                ChatRequest(
                    model: modelID,
                    messages: [.user("Weather?")],
                    tools: [Self.weather],
                    toolChoice: .any,
                    maxTokens: 100
                )
            )
        case "converse-tool-choice-named":
            return try converse(
                ChatRequest(
                    model: modelID,
                    messages: [.user("Time please")],
                    tools: [Self.weather, Self.time],
                    toolChoice: .tool("get_time")
                )
            )
        case "converse-json-schema":
            return try converse(
                ChatRequest(
                    model: modelID,
                    messages: [.user("Give me a city.")],
                    responseFormat: .jsonSchema(name: "city", schema: Self.weatherSchema, strict: true)
                )
            )
        case "converse-image-reasoning":
            return try converse(
                ChatRequest(
                    model: modelID,
                    messages: [
                        ChatMessage(
                            role: .user,
                            content: [
                                .image(.base64(mediaType: "image/png", data: Self.pixel.base64EncodedString())),
                                .text("What is this?"),
                            ]
                        ),
                        ChatMessage(
                            role: .assistant,
                            content: [.reasoning(text: "A tiny PNG.", signature: "sig-123"), .text("A one-pixel image.")]
                        ),
                        .user("Sure?"),
                    ],
                    extra: ["thinking": ["type": "enabled", "budget_tokens": 1024]]
                )
            )
        case "invoke-titan-v2":
            return invoke(
                BedrockEmbeddings.titanBody(text: "hello world", family: .titanV2, dimensions: 256, normalize: true)
            )
        case "invoke-cohere-embed":
            return invoke(
                BedrockEmbeddings.cohereBody(
                    texts: ["first", "second"],
                    inputType: "search_document",
                    dimensions: nil,
                    modelID: modelID
                )
            )
        default:
            return nil
        }
    }

    @Test("the fixture loads and covers Converse, ConverseStream, InvokeModel, ARNs and session credentials")
    func fixtureLoads() throws {
        let fixture = try #require(Self.load())
        #expect(fixture.cases.count == 8)
        #expect(fixture.cases.contains { $0.url.hasSuffix("/converse-stream") && $0.credentials["token"] != nil })
        #expect(fixture.cases.contains { $0.url.contains("inference-profile%2Fus.anthropic") })
        #expect(fixture.cases.contains { $0.url.hasSuffix("/invoke") })
        #expect(fixture.stream.botocore_events.count == 16)
    }

    @Test("same URL, same body, and botocore's canonical request and Authorization", arguments: Self.cases)
    func requestMatchesBotocore(_ testCase: Fixture.Case) throws {
        let fixture = try #require(Self.load())
        let date = try #require(ISO8601DateFormatter().date(from: fixture.timestamp))
        let (request, body) = try #require(try Self.ours(testCase.name, modelID: testCase.model_id))
        let theirBody = try #require(Data(base64Encoded: testCase.body_base64))

        // The body: the same JSON (botocore writes it with spaces and ASCII escapes), and for InvokeModel, whose
        // body Tandem writes, the same bytes.
        let ourJSON = try JSONValue(parsing: Data(body))
        let theirJSON = try JSONValue(parsing: theirBody)
        #expect(BedrockTestSupport.sameJSON(ourJSON, theirJSON), "ours: \(ourJSON.canonicalJSON())")
        if testCase.name.hasPrefix("invoke-") { #expect(body == Array(theirBody)) }

        // The URL and the signature: Tandem's client signs botocore's exact body bytes with Tandem's headers.
        let credentials = AWSCredentials(
            accessKeyID: testCase.credentials["access_key"] ?? "",
            secretAccessKey: testCase.credentials["secret_key"] ?? "",
            sessionToken: testCase.credentials["token"]
        )
        let client = AWSServiceClient(
            service: .bedrockRuntime,
            region: testCase.region,
            endpoint: try #require(AWSEndpoint.standard(for: .bedrockRuntime, region: testCase.region)),
            credentials: StaticCredentialsProvider(credentials)
        )
        var signed = request
        signed.body = ByteBuffer(bytes: theirBody)
        let prepared = client.prepare(signed, credentials: credentials, date: date)
        #expect(prepared.url == testCase.url)
        #expect(prepared.signature.canonicalRequest == testCase.canonical_request)
        #expect(prepared.signature.authorization == testCase.authorization)
    }

    /// The fixture stream's messages as `{eventType: payload without "p"}`, the shape botocore's parser returns.
    static func botocoreShape(_ message: EventStreamMessage) throws -> JSONValue {
        guard case .event(let type) = message.kind else { return .null }
        var payload = try #require(try JSONValue(parsing: Data(message.payload)).objectValue)
        payload["p"] = nil
        return .object([type: .object(payload)])
    }

    @Test("an independently encoded ConverseStream body decodes to botocore's events and the expected neutral events")
    func streamMatchesBotocore() async throws {
        let fixture = try #require(Self.load())
        let frames = BedrockTestSupport.bytes(hex: fixture.stream.frames_hex)
        var decoder = EventStreamDecoder()
        var messages: [EventStreamMessage] = []
        var position = 0
        var step = 1
        while position < frames.count {
            decoder.append(frames[position..<min(frames.count, position + step)])
            position += step
            step = step * 7 % 61 + 1
            while let message = try decoder.next() { messages.append(message) }
        }
        try decoder.finish()
        try #require(messages.count == fixture.stream.botocore_events.count)
        for (message, theirs) in zip(messages, fixture.stream.botocore_events) {
            #expect(BedrockTestSupport.sameJSON(try Self.botocoreShape(message), theirs))
        }

        var bedrock = BedrockStreamDecoder(modelID: Self.haiku, requestID: "req-1")
        var events: [ChatStreamEvent] = []
        for message in messages { events += try bedrock.decode(message) }
        #expect(
            events == [
                .messageStart(id: "req-1", model: Self.haiku),
                .reasoningDelta("Two tools."),
                .reasoningSignature("c2ln"),
                .textDelta("Let me "),
                .textDelta("check ✓."),
                .toolCallStart(index: 0, id: "tooluse_x", name: "get_weather"),
                .toolCallStart(index: 1, id: "tooluse_y", name: "get_time"),
                .toolCallArgumentsDelta(index: 0, #"{"city":"#),
                .toolCallArgumentsDelta(index: 1, "{}"),
                .toolCallArgumentsDelta(index: 0, #" "Oslo"}"#),
                .toolCallEnd(index: 1),
                .toolCallEnd(index: 0),
                .finish(.toolCalls),
                .usage(Usage(inputTokens: 1230, outputTokens: 12, cacheReadTokens: 1000, cacheWriteTokens: 200)),
            ]
        )
        let response = try await ChatStream(events: events).collect()
        #expect(response.message.content == [.reasoning(text: "Two tools.", signature: "c2ln"), .text("Let me check ✓.")])
        #expect(
            response.message.toolCalls == [
                ToolCall(id: "tooluse_x", name: "get_weather", arguments: #"{"city": "Oslo"}"#),
                ToolCall(id: "tooluse_y", name: "get_time", arguments: "{}"),
            ]
        )
    }

    @Test(
        "botocore parses the ConverseStream frames Tandem encodes into the same events",
        .enabled(if: BedrockTestSupport.python != nil, "needs the Python peer (.venv or TANDEM_PYTHON)"),
        .timeLimit(.minutes(1))
    )
    func botocoreReadsOurStream() async throws {
        let response = ChatResponse(
            id: "req-2",
            model: Self.haiku,
            message: ChatMessage(
                role: .assistant,
                content: [.reasoning(text: "Think about it.", signature: "c2ln"), .text("Here: café ✓")],
                toolCalls: [
                    ToolCall(id: "tooluse_1", name: "get_weather", arguments: #"{"city":"Oslo","unit":"c"}"#),
                    ToolCall(id: "tooluse_2", name: "get_time", arguments: "{}"),
                ]
            ),
            finishReason: .toolCalls,
            usage: Usage(inputTokens: 50, outputTokens: 9, cacheReadTokens: 20, cacheWriteTokens: 5)
        )
        let messages = try BedrockStreamEncoder(chunkSize: 5).messages(for: response)
        let frames = try messages.flatMap { try EventStreamEncoder().encode($0) }
        let result = try BedrockTestSupport.runPython(
            "parse_converse_stream.py",
            input: Data(BedrockTestSupport.hex(frames).utf8)
        )
        try #require(result.status == 0, "\(result.output)")
        let theirs = try #require(try JSONValue(parsing: result.output).arrayValue)
        try #require(theirs.count == messages.count)
        for (message, their) in zip(messages, theirs) {
            #expect(BedrockTestSupport.sameJSON(try Self.botocoreShape(message), their))
        }

        // And back through Tandem's decoder: the same response.
        var decoder = BedrockStreamDecoder(modelID: Self.haiku, requestID: "req-2")
        var events: [ChatStreamEvent] = []
        for message in messages { events += try decoder.decode(message) }
        #expect(try await ChatStream(events: events).collect() == response)
    }

    @Test(
        "the committed fixture is what botocore produces today",
        .enabled(if: BedrockTestSupport.python != nil, "needs the Python peer (.venv or TANDEM_PYTHON)"),
        .timeLimit(.minutes(1))
    )
    func fixtureIsFresh() throws {
        let result = try BedrockTestSupport.runPython("generate_bedrock_fixture.py", arguments: ["--check"])
        #expect(result.status == 0, "\(result.output)")
    }
}
