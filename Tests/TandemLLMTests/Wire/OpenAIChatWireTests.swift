import TandemCore
import Testing

@testable import TandemLLM

@Suite("OpenAI Chat Completions wire format")
struct OpenAIChatWireTests {
    static let weather = ToolDefinition(
        name: "get_weather",
        description: "Current weather",
        parameters: ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]],
        strict: true
    )

    static let conversation = ChatRequest(
        model: "gpt-4o-mini",
        messages: [
            .system("Be brief."),
            ChatMessage(
                role: .user,
                content: [.text("What is in this image, and the weather?"), .image(.base64(mediaType: "image/png", data: "iVBORw0KGgo="))]
            ),
            .assistant(nil, toolCalls: [
                ToolCall(id: "call_1", name: "get_weather", arguments: #"{"city":"Oslo"}"#),
                ToolCall(id: "call_2", name: "get_weather", arguments: #"{"city": "Bergen"}"#),
            ]),
            .toolResult(id: "call_1", "rain, 4 C"),
            .toolResult(id: "call_2", "sun, 9 C"),
            .assistant("Oslo: rain. Bergen: sun."),
            ChatMessage(role: .user, content: [.image(.url("https://example.com/cat.png"))], name: "ada"),
        ],
        tools: [weather],
        toolChoice: .tool("get_weather"),
        parallelToolCalls: false,
        responseFormat: .jsonSchema(name: "answer", schema: ["type": "object"], strict: true),
        temperature: 0.2,
        topP: 0.9,
        maxTokens: 256,
        stop: ["END", "\n\n"],
        user: "user-7",
        extra: ["seed": 42, "reasoning_effort": "low"]
    )

    @Test("a request survives encode then decode unchanged")
    func requestRoundTrip() throws {
        for field in [OpenAIChatWire.MaxTokensField.maxTokens, .maxCompletionTokens] {
            let body = OpenAIChatWire.encodeRequest(Self.conversation, options: .init(stream: true, maxTokensField: field))
            let decoded = try OpenAIChatWire.decodeRequest(body)
            #expect(decoded.request == Self.conversation)
            #expect(decoded.stream)
            #expect(decoded.includeUsage)
        }
        let text = String(decoding: OpenAIChatWire.encodeRequest(Self.conversation), as: UTF8.self)
        #expect(text.contains(#""content":null,"tool_calls":[{"id":"call_1","type":"function""#))
        #expect(text.contains(#"{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}"#))
        #expect(text.contains(#""tool_choice":{"type":"function","function":{"name":"get_weather"}}"#))
        #expect(!text.contains("stream"))
    }

    @Test("a request as the OpenAI Python SDK sends it")
    func sdkRequest() throws {
        let body = #"""
            {"messages":[{"role":"developer","content":"You are terse."},
            {"role":"user","content":[{"type":"text","text":"hi"},{"type":"image_url","image_url":{"url":"https://x/y.png","detail":"low"}}]},
            {"role":"assistant","content":null,"tool_calls":[{"id":"call_a","type":"function","function":{"name":"f","arguments":"{}"}}]},
            {"role":"tool","tool_call_id":"call_a","content":"ok"}],
            "model":"gpt-4.1","max_tokens":10,"max_completion_tokens":20,"stop":"###","stream":true,
            "stream_options":{"include_usage":true},"logprobs":false,"metadata":{"k":"v"},"tool_choice":"required",
            "tools":[{"type":"function","function":{"name":"f"}}],"n":1}
            """#
        let decoded = try OpenAIChatWire.decodeRequest(Array(body.utf8))
        let request = decoded.request
        #expect(request.model == "gpt-4.1")
        #expect(request.messages.map(\.role) == [.system, .user, .assistant, .tool])
        #expect(request.messages[1].content == [.text("hi"), .image(.url("https://x/y.png"))])
        #expect(request.messages[2].toolCalls == [ToolCall(id: "call_a", name: "f", arguments: "{}")])
        #expect(request.messages[3].toolCallID == "call_a")
        #expect(request.maxTokens == 20)
        #expect(request.stop == ["###"])
        #expect(request.toolChoice == .any)
        #expect(request.tools.first?.parameters == ["type": "object", "properties": [:]])
        #expect(request.extra == ["logprobs": false, "metadata": ["k": "v"], "n": 1])
        #expect(decoded.stream && decoded.includeUsage)
    }

    @Test("wrong types and missing fields are refused naming the field", arguments: [
        (#"{"model":"m","messages":[{"role":"user","content":"a"},{"role":"user","content":"b"},{"role":7}]}"#,
         "messages[2].role: expected a string, found a number"),
        (#"{"model":"m","messages":[{"role":"wizard","content":"a"}]}"#, #"messages[0].role: unknown role "wizard""#),
        (#"{"messages":[]}"#, "model: missing"),
        (#"{"model":"m","messages":[{"role":"tool","content":"x"}]}"#, "messages[0].tool_call_id: missing"),
        (#"{"model":"m","messages":[{"role":"user","content":[{"type":"input_audio"}]}]}"#, "messages[0].content[0].type: unsupported"),
        (#"{"model":"m","messages":[],"stop":[1]}"#, "stop[0]: expected a string"),
        (#"{"model":"m","messages":[],"tools":[{"type":"function","function":{"name":"f","parameters":[]}}]}"#, "tools[0].function.parameters: expected an object"),
        (#"{"model":"m","messages":[],"temperature":"hot"}"#, "temperature: expected a number, found a string"),
        (#"{"model":"m","messages":[]} x"#, "unexpected data after the JSON value"),
    ])
    func badRequests(body: String, message: String) {
        #expect {
            _ = try OpenAIChatWire.decodeRequest(Array(body.utf8))
        } throws: { error in
            guard let error = error as? LLMError else { return false }
            return error.code == .invalidRequest && error.message.contains(message)
        }
    }

    @Test("a captured chat completion with parallel tool calls and usage details")
    func capturedResponse() throws {
        let body = #"""
            {
              "id": "chatcmpl-BYHjY1Zt1uUmZC3Jk5xTq4QGrQ7xX",
              "object": "chat.completion",
              "created": 1747310000,
              "model": "gpt-4o-mini-2024-07-18",
              "choices": [
                {
                  "index": 0,
                  "message": {
                    "role": "assistant",
                    "content": null,
                    "tool_calls": [
                      {"id": "call_Q1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"Oslo\"}"}},
                      {"id": "call_Q2", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"Bergen\"}"}}
                    ],
                    "refusal": null,
                    "annotations": []
                  },
                  "logprobs": null,
                  "finish_reason": "tool_calls"
                }
              ],
              "usage": {
                "prompt_tokens": 82, "completion_tokens": 47, "total_tokens": 129,
                "prompt_tokens_details": {"cached_tokens": 64, "audio_tokens": 0},
                "completion_tokens_details": {"reasoning_tokens": 12, "audio_tokens": 0}
              },
              "service_tier": "default",
              "system_fingerprint": "fp_0392822090"
            }
            """#
        let response = try OpenAIChatWire.decodeResponse(Array(body.utf8))
        #expect(response.id == "chatcmpl-BYHjY1Zt1uUmZC3Jk5xTq4QGrQ7xX")
        #expect(response.model == "gpt-4o-mini-2024-07-18")
        #expect(response.finishReason == .toolCalls)
        #expect(response.message.content.isEmpty)
        #expect(response.message.toolCalls.map(\.id) == ["call_Q1", "call_Q2"])
        #expect(response.message.toolCalls[1].arguments == #"{"city":"Bergen"}"#)
        #expect(response.usage == Usage(inputTokens: 82, outputTokens: 47, cacheReadTokens: 64, reasoningTokens: 12))
    }

    @Test("a response survives encode then decode, reasoning included")
    func responseRoundTrip() throws {
        let response = ChatResponse(
            id: "chatcmpl-1",
            model: "qwen3",
            message: ChatMessage(
                role: .assistant,
                content: [.reasoning(text: "think", signature: nil), .text("Hello")],
                toolCalls: [ToolCall(id: "c", name: "t", arguments: #"{"x":[1,2]}"#)]
            ),
            finishReason: .length,
            usage: Usage(inputTokens: 10, outputTokens: 5, cacheReadTokens: 2, reasoningTokens: 1)
        )
        let body = OpenAIChatWire.encodeResponse(response, created: 1_700_000_000)
        #expect(try OpenAIChatWire.decodeResponse(body) == response)
        #expect(String(decoding: body, as: UTF8.self).contains(#""created":1700000000"#))
    }

    @Test("upstream garbage becomes bad_response naming what was wrong", arguments: [
        ("<html>502 Bad Gateway</html>", "unexpected character '<'"),
        (#"{"id":"x","choices":[]}"#, "choices: missing or empty"),
        (#"{"id":"x","choices":[{"message":{"content":5}}]}"#, "choices[0].message.content: expected a string"),
        (#"{"id":"x","choices":[{"message":{"content":"trunc"#, "unterminated string"),
    ])
    func garbage(body: String, message: String) {
        #expect {
            _ = try OpenAIChatWire.decodeResponse(Array(body.utf8))
        } throws: { error in
            guard let error = error as? LLMError else { return false }
            return error.code == .badResponse && error.provider == "openai" && error.message.contains(message)
        }
    }

    @Test("error bodies map to codes, keep the upstream type, and cut long messages")
    func errorBodies() throws {
        let context = #"{"error":{"message":"This model's maximum context length is 128000 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}"#
        let error = try #require(OpenAIErrorWire.decode(Array(context.utf8), status: 400))
        #expect(error.code == .contextWindowExceeded)
        #expect(error.upstreamType == "invalid_request_error")
        #expect(error.status == 400)
        let long = #"{"error":{"message":""# + String(repeating: "x", count: 5000) + #"","type":"server_error"}}"#
        let cut = try #require(OpenAIErrorWire.decode(Array(long.utf8), status: 500))
        #expect(cut.message.count == OpenAIErrorWire.maximumMessageLength)
        #expect(cut.code == .serverError)
        #expect(OpenAIErrorWire.decode(Array("not json".utf8), status: 500) == nil)
        let encoded = OpenAIErrorWire.encode(LLMError(.rateLimited, "slow down"))
        let back = try #require(OpenAIErrorWire.decode(encoded, status: 429))
        #expect(back.code == .rateLimited && back.message == "slow down" && back.upstreamType == "rate_limit_error")
    }
}
