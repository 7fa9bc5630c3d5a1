import Foundation
import TandemAWS
import TandemCore
import Testing

@testable import TandemLLM

@Suite("Bedrock Converse wire format")
struct BedrockConverseTests {
    @Test("system messages are lifted, consecutive tool results and user text merge into one user turn")
    func turns() throws {
        let request = ChatRequest(
            model: "m",
            messages: [
                .user("Hi"),
                .system("Be brief."),
                .assistant(nil, toolCalls: [ToolCall(id: "t1", name: "a", arguments: #"{"x":1}"#)]),
                .toolResult(id: "t1", "one"),
                .user("and then?"),
            ],
            tools: [ToolDefinition(name: "a", parameters: ["type": "object"])]
        )
        let body = try BedrockConverse.requestBody(for: request)
        #expect(body["system"] == [["text": "Be brief."]])
        #expect(
            body["messages"] == [
                ["role": "user", "content": [["text": "Hi"]]],
                ["role": "assistant", "content": [["toolUse": ["toolUseId": "t1", "name": "a", "input": ["x": 1]]]]],
                [
                    "role": "user",
                    "content": [
                        ["toolResult": ["toolUseId": "t1", "content": [["text": "one"]]]], ["text": "and then?"],
                    ],
                ],
            ]
        )
        #expect(body["toolConfig"]?["toolChoice"] == nil)
        #expect(body["inferenceConfig"] == nil)
    }

    @Test("tool_choice none leaves the tools out, unless the conversation holds tool blocks")
    func toolChoiceNone() throws {
        var request = ChatRequest(
            model: "m",
            messages: [.user("Hi")],
            tools: [ToolDefinition(name: "a", parameters: ["type": "object"])],
            toolChoice: ToolChoice.none
        )
        #expect(try BedrockConverse.requestBody(for: request)["toolConfig"] == nil)
        request.messages += [
            .assistant(nil, toolCalls: [ToolCall(id: "t1", name: "a", arguments: "{}")]), .toolResult(id: "t1", "ok"),
        ]
        let config = try #require(try BedrockConverse.requestBody(for: request)["toolConfig"])
        #expect(config["tools"]?.arrayValue?.count == 1)
        #expect(config["toolChoice"] == nil)
    }

    @Test("data: URLs become image bytes; https URLs and unknown types are refused")
    func images() throws {
        let block = try BedrockConverse.imageBlock(.url("data:image/jpeg;base64,AAEC"))
        #expect(block == ["image": ["format": "jpeg", "source": ["bytes": "AAEC"]]])
        #expect(throws: LLMError.self) { try BedrockConverse.imageBlock(.url("https://example.com/a.png")) }
        #expect(throws: LLMError.self) { try BedrockConverse.imageBlock(.base64(mediaType: "image/tiff", data: "AA")) }
    }

    @Test("tool-call arguments that are not a JSON object are refused with invalid_request")
    func badArguments() {
        for arguments in ["{not json", "[1,2]"] {
            let request = ChatRequest(
                model: "m",
                messages: [.assistant(nil, toolCalls: [ToolCall(id: "t", name: "a", arguments: arguments)])]
            )
            let error = #expect(throws: LLMError.self) { try BedrockConverse.requestBody(for: request) }
            #expect(error?.code == .invalidRequest)
        }
    }

    @Test("extra fields: known Converse fields at the top, the rest in additionalModelRequestFields")
    func extra() throws {
        let request = ChatRequest(
            model: "m",
            messages: [.user("Hi")],
            extra: ["guardrailConfig": ["guardrailIdentifier": "g", "guardrailVersion": "1"], "top_k": 5]
        )
        let body = try BedrockConverse.requestBody(for: request)
        #expect(body["guardrailConfig"]?["guardrailIdentifier"] == "g")
        #expect(body["additionalModelRequestFields"] == ["top_k": 5])
        #expect(try BedrockConverse.chatRequest(from: body, modelID: "m").extra == request.extra)
    }

    static let stopReasons: [(String, FinishReason)] = [
        ("end_turn", .stop), ("stop_sequence", .stop), ("tool_use", .toolCalls), ("max_tokens", .length),
        ("model_context_window_exceeded", .length), ("guardrail_intervened", .contentFilter),
        ("content_filtered", .contentFilter), ("malformed_tool_use", .other("malformed_tool_use")),
    ]

    @Test("stop reasons map to finish reasons", arguments: Self.stopReasons)
    func stopReason(_ raw: String, _ reason: FinishReason) throws {
        #expect(BedrockConverse.finishReason(raw) == reason)
        let body = Array(#"{"output":{"message":{"role":"assistant","content":[]}},"stopReason":"\#(raw)"}"#.utf8)
        #expect(try BedrockConverse.chatResponse(from: body, modelID: "m", requestID: "r").finishReason == reason)
    }

    @Test("usage: cache reads and writes are counted into the neutral input tokens, and back")
    func usage() {
        let usage = BedrockConverse.usage(
            ["inputTokens": 10, "outputTokens": 5, "totalTokens": 1215, "cacheReadInputTokens": 1000,
                "cacheWriteInputTokens": 200]
        )
        #expect(usage == Usage(inputTokens: 1210, outputTokens: 5, cacheReadTokens: 1000, cacheWriteTokens: 200))
        #expect(BedrockConverse.usage(BedrockConverse.usageValue(usage)) == usage)
        #expect(BedrockConverse.usageValue(usage)["inputTokens"] == 10)
    }

    @Test(
        "garbage bodies are bad_response errors with the request id",
        arguments: ["", "not json", "[]", #"{"output":{}}"#, #"{"output":{"message":{"content":"x"}}}"#]
    )
    func garbage(_ text: String) {
        let error = #expect(throws: LLMError.self) {
            try BedrockConverse.chatResponse(from: Array(text.utf8), modelID: "m", requestID: "req-9")
        }
        #expect(error?.code == .badResponse)
        #expect(error?.upstreamRequestID == "req-9")
        #expect(error?.provider == "bedrock")
    }

    @Test("exception names map to codes whatever their case or suffix")
    func errorNames() {
        let cases: [(String, String, LLMError.Code)] = [
            ("throttlingException", "x", .rateLimited),
            ("com.amazon.coral#ThrottlingException", "x", .rateLimited),
            ("ServiceUnavailableException", "x", .overloaded),
            ("modelStreamErrorException", "x", .serverError),
            ("validationException", "prompt is too long: 210000 tokens > 200000 maximum", .contextWindowExceeded),
            ("ValidationException", "Malformed input request", .invalidRequest),
            ("ModelTimeoutException", "x", .timeout),
            ("ResourceNotFoundException", "x", .notFound),
            ("UnrecognizedClientException", "x", .authentication),
        ]
        for (type, message, code) in cases {
            let error = BedrockConverse.error(type: type, message: message, status: nil, requestID: "r")
            #expect(error.code == code, "\(type)")
            #expect(error.upstreamRequestID == "r")
        }
        let long = BedrockConverse.error(type: nil, message: String(repeating: "x", count: 5000), status: 500, requestID: nil)
        #expect(long.message.count == 200)
        #expect(long.code == .serverError)
    }

    @Test("embedding model families and bodies")
    func embeddingBodies() throws {
        #expect(BedrockEmbeddings.family(modelID: "amazon.titan-embed-text-v2:0") == .titanV2)
        #expect(BedrockEmbeddings.family(modelID: "amazon.titan-embed-text-v1") == .titanV1)
        #expect(BedrockEmbeddings.family(modelID: "us.cohere.embed-v4:0") == .cohere)
        #expect(BedrockEmbeddings.family(modelID: "anthropic.claude-3-haiku-20240307-v1:0") == nil)
        #expect(
            BedrockEmbeddings.titanBody(text: "t", family: .titanV1, dimensions: 256, normalize: true)
                == ["inputText": "t"]
        )
        #expect(
            BedrockEmbeddings.cohereBody(texts: ["a"], inputType: "search_query", dimensions: 512, modelID: "cohere.embed-v4:0")
                == ["texts": ["a"], "input_type": "search_query", "output_dimension": 512]
        )
        let typed = Array(#"{"embeddings":{"float":[[1,2]]},"response_type":"embeddings_by_type"}"#.utf8)
        #expect(try BedrockEmbeddings.cohereVectors(from: typed, expected: 1, requestID: nil) == [[1, 2]])
        #expect(throws: LLMError.self) { try BedrockEmbeddings.cohereVectors(from: typed, expected: 2, requestID: nil) }
        #expect(throws: LLMError.self) {
            try BedrockEmbeddings.titanVector(from: Array(#"{"embedding":["a"]}"#.utf8), requestID: nil)
        }
    }
}
