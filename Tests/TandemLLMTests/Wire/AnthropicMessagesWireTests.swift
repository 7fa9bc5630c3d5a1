import TandemCore
import Testing

@testable import TandemLLM

@Suite("Anthropic Messages wire format")
struct AnthropicMessagesWireTests {
    static let conversation = ChatRequest(
        model: "claude-sonnet-4-5",
        messages: [
            .system("Be brief."),
            .system("Use metric units."),
            ChatMessage(role: .user, content: [.text("Weather in Oslo and Bergen?"), .image(.base64(mediaType: "image/jpeg", data: "/9j/4AAQ"))]),
            ChatMessage(
                role: .assistant,
                content: [.reasoning(text: "Two calls.", signature: "EqQBCkYIB"), .text("Checking.")],
                toolCalls: [
                    ToolCall(id: "toolu_01", name: "get_weather", arguments: #"{"city":"Oslo"}"#),
                    ToolCall(id: "toolu_02", name: "get_weather", arguments: #"{"city": "Bergen", "units": ["c"]}"#),
                ]
            ),
            .toolResult(id: "toolu_01", "rain, 4 C"),
            .toolResult(id: "toolu_02", "station offline", isError: true),
            .user("And tomorrow?"),
            .assistant("Sun."),
            .user("Thanks"),
        ],
        tools: [OpenAIChatWireTests.weather.withoutStrict],
        toolChoice: .any,
        parallelToolCalls: false,
        temperature: 0.5,
        topP: 0.95,
        maxTokens: 1024,
        stop: ["STOP"],
        user: "user-7",
        extra: ["thinking": ["type": "enabled", "budget_tokens": 2048], "top_k": 40]
    )

    @Test("a request survives encode then decode unchanged; tool results share one user turn")
    func requestRoundTrip() throws {
        let body = AnthropicMessagesWire.encodeRequest(Self.conversation, options: .init(stream: true))
        let decoded = try AnthropicMessagesWire.decodeRequest(body)
        #expect(decoded.request == Self.conversation)
        #expect(decoded.stream)
        let json = try JSONValue(parsing: String(decoding: body, as: UTF8.self))
        let messages = try #require(json["messages"]?.arrayValue)
        #expect(messages.count == 5)
        let toolTurn = try #require(messages[2]["content"]?.arrayValue)
        #expect(toolTurn.map { $0["type"]?.stringValue } == ["tool_result", "tool_result", "text"])
        #expect(toolTurn[1]["is_error"] == true)
        #expect(json["system"]?.arrayValue?.count == 2)
        #expect(json["tool_choice"] == ["type": "any", "disable_parallel_tool_use": true])
        #expect(json["metadata"] == ["user_id": "user-7"])
        #expect(messages[1]["content"]?.arrayValue?[2]["input"] == ["city": "Oslo"])
    }

    @Test("a request as the Anthropic Python SDK sends it")
    func sdkRequest() throws {
        let body = #"""
            {"max_tokens":1024,"messages":[{"role":"user","content":"Hello"},
            {"role":"assistant","content":[{"type":"text","text":"Hi"},{"type":"tool_use","id":"toolu_1","name":"f","input":{"a":1}}]},
            {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"42"}]}]}],
            "model":"claude-3-5-haiku-latest","system":[{"type":"text","text":"sys","cache_control":{"type":"ephemeral"}}],
            "tools":[{"name":"f","input_schema":{"type":"object"}}],"tool_choice":{"type":"tool","name":"f"},"top_k":5}
            """#
        let request = try AnthropicMessagesWire.decodeRequest(Array(body.utf8)).request
        #expect(request.messages == [
            .system("sys"), .user("Hello"),
            .assistant("Hi", toolCalls: [ToolCall(id: "toolu_1", name: "f", arguments: #"{"a":1}"#)]),
            .toolResult(id: "toolu_1", "42"),
        ])
        #expect(request.toolChoice == .tool("f"))
        #expect(request.extra == ["top_k": 5])
        #expect {
            _ = try AnthropicMessagesWire.decodeRequest(Array(#"{"model":"m","max_tokens":1,"messages":[{"role":"user","content":[{"type":"text"}]}]}"#.utf8))
        } throws: { ($0 as? LLMError)?.message == "messages[0].content[0].text: missing" }
        #expect {
            _ = try AnthropicMessagesWire.decodeRequest(Array(#"{"model":"m","messages":[]}"#.utf8))
        } throws: { ($0 as? LLMError)?.message == "max_tokens: missing" }
    }

    @Test("a captured Messages response with thinking, text, tool use and cache usage")
    func capturedResponse() throws {
        let body = #"""
            {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
             "content":[{"type":"thinking","thinking":"Need the weather.","signature":"WaUjzkyp"},
                        {"type":"text","text":"Let me check."},
                        {"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"get_weather","input":{"city": "Oslo"}}],
             "stop_reason":"tool_use","stop_sequence":null,
             "usage":{"input_tokens":12,"cache_creation_input_tokens":100,"cache_read_input_tokens":2000,"output_tokens":60,"service_tier":"standard"}}
            """#
        let response = try AnthropicMessagesWire.decodeResponse(Array(body.utf8))
        #expect(response.id == "msg_01XFDUDYJgAACzvnptvVoYEL")
        #expect(response.message.content == [.reasoning(text: "Need the weather.", signature: "WaUjzkyp"), .text("Let me check.")])
        #expect(response.message.toolCalls == [ToolCall(id: "toolu_01A09q90qw90lq917835lq9", name: "get_weather", arguments: #"{"city": "Oslo"}"#)])
        #expect(response.finishReason == .toolCalls)
        #expect(response.usage == Usage(inputTokens: 2112, outputTokens: 60, cacheReadTokens: 2000, cacheWriteTokens: 100))
        let again = try AnthropicMessagesWire.decodeResponse(AnthropicMessagesWire.encodeResponse(response))
        #expect(again == response)
    }

    @Test("a JSON-schema answer travels as a forced tool and comes back as text")
    func responseFormat() throws {
        let request = ChatRequest(
            model: "m",
            messages: [.user("Name a colour")],
            responseFormat: .jsonSchema(name: "colour", schema: ["type": "object"], strict: true)
        )
        let json = try JSONValue(parsing: String(decoding: AnthropicMessagesWire.encodeRequest(request), as: UTF8.self))
        #expect(json["tool_choice"] == ["type": "tool", "name": "colour"])
        #expect(json["tools"]?.arrayValue?.first?["input_schema"] == ["type": "object"])
        let body = #"{"id":"m1","type":"message","model":"m","content":[{"type":"tool_use","id":"t","name":"colour","input":{"name":"red"}}],"stop_reason":"tool_use","usage":{"input_tokens":1,"output_tokens":2}}"#
        let response = try AnthropicMessagesWire.decodeResponse(Array(body.utf8), responseFormatTool: "colour")
        #expect(response.message.text == #"{"name":"red"}"#)
        #expect(response.message.toolCalls.isEmpty)
        #expect(response.finishReason == .stop)
    }

    @Test("error bodies map to codes both ways")
    func errorBodies() throws {
        let overloaded = #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_1"}"#
        let error = try #require(AnthropicErrorWire.decode(Array(overloaded.utf8), status: 529))
        #expect(error.code == .overloaded && error.upstreamType == "overloaded_error" && error.provider == "anthropic")
        let long = #"{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}"#
        #expect(AnthropicErrorWire.decode(Array(long.utf8), status: 400)?.code == .contextWindowExceeded)
        let encoded = AnthropicErrorWire.encode(LLMError(.authentication, "bad key"))
        #expect(String(decoding: encoded, as: UTF8.self) == #"{"type":"error","error":{"type":"authentication_error","message":"bad key"}}"#)
        #expect {
            _ = try AnthropicMessagesWire.decodeResponse(Array(overloaded.utf8))
        } throws: { ($0 as? LLMError)?.code == .badResponse }
    }
}

extension ToolDefinition {
    /// The definition without OpenAI's `strict` (Anthropic has no such field).
    var withoutStrict: ToolDefinition {
        var copy = self
        copy.strict = nil
        return copy
    }
}
