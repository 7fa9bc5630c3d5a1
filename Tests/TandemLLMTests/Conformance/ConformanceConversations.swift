import TandemCore
import Testing

@testable import TandemLLM

/// The conversations with tools every provider format must carry: requests and the responses that answer them.
enum ConformanceConversations {
    static let weather = ToolDefinition(
        name: "get_weather",
        description: "Current weather for a city",
        parameters: [
            "type": "object",
            "properties": ["city": ["type": "string"], "unit": ["type": "string", "enum": ["c", "f"]]],
            "required": ["city"],
        ]
    )
    static let time = ToolDefinition(
        name: "get_time",
        description: "The time in a time zone",
        parameters: ["type": "object", "properties": ["tz": ["type": "string"]]]
    )
    static let citySchema: JSONValue = [
        "type": "object",
        "properties": ["name": ["type": "string"], "population": ["type": "integer"]],
        "required": ["name", "population"],
        "additionalProperties": false,
    ]

    struct RequestCase: Sendable, CustomTestStringConvertible {
        var name: String
        var request: ChatRequest
        var testDescription: String { self.name }
    }

    struct ResponseCase: Sendable, CustomTestStringConvertible {
        var name: String
        var response: ChatResponse
        var testDescription: String { self.name }
    }

    static func request(_ messages: [ChatMessage], choice: ToolChoice? = .auto, tools: [ToolDefinition]? = nil)
        -> ChatRequest
    {
        ChatRequest(
            model: "conformance-model",
            messages: [.system("You answer with tools.")] + messages,
            tools: tools ?? [Self.weather, Self.time],
            toolChoice: choice,
            maxTokens: 512
        )
    }

    static let parallelCalls = [
        ToolCall(id: "call_w1", name: "get_weather", arguments: #"{"city":"Oslo","unit":"c"}"#),
        ToolCall(id: "call_t2", name: "get_time", arguments: #"{"tz":"Europe/Oslo"}"#),
    ]

    static let requests: [RequestCase] = [
        RequestCase(name: "single call asked", request: Self.request([.user("Weather in Oslo?")])),
        RequestCase(
            name: "single call with its result",
            request: Self.request([
                .user("Weather in Oslo?"),
                .assistant(nil, toolCalls: [ToolCall(id: "call_1", name: "get_weather", arguments: #"{"city":"Oslo"}"#)]),
                .toolResult(id: "call_1", #"{"temp_c":-3,"sky":"snow"}"#),
            ])
        ),
        RequestCase(
            name: "parallel calls with results",
            request: Self.request([
                .user("Weather and time in Oslo?"),
                .assistant("Checking both.", toolCalls: Self.parallelCalls),
                .toolResult(id: "call_w1", "-3 C, snow"),
                .toolResult(id: "call_t2", "09:05"),
            ])
        ),
        RequestCase(
            name: "tool error result",
            request: Self.request([
                .user("Time in Oslo?"),
                .assistant(nil, toolCalls: [ToolCall(id: "call_e", name: "get_time", arguments: #"{"tz":"Mars/Base"}"#)]),
                .toolResult(id: "call_e", "unknown time zone Mars/Base", isError: true),
            ])
        ),
        RequestCase(
            name: "multi-turn with results",
            request: Self.request([
                .user("Weather in Oslo?"),
                .assistant(nil, toolCalls: [ToolCall(id: "call_a", name: "get_weather", arguments: #"{"city":"Oslo"}"#)]),
                .toolResult(id: "call_a", "-3 C"),
                .assistant("It is -3 C in Oslo."),
                .user("And in Bergen, in Fahrenheit?"),
                .assistant(
                    nil,
                    toolCalls: [ToolCall(id: "call_b", name: "get_weather", arguments: #"{"city":"Bergen","unit":"f"}"#)]
                ),
                .toolResult(id: "call_b", "41 F"),
            ])
        ),
        RequestCase(name: "tool_choice any", request: Self.request([.user("Weather?")], choice: .any)),
        RequestCase(name: "tool_choice named", request: Self.request([.user("Time?")], choice: .tool("get_time"))),
        RequestCase(name: "tool_choice none", request: Self.request([.user("Just chat.")], choice: ToolChoice.none)),
        RequestCase(name: "tool_choice unset", request: Self.request([.user("Weather?")], choice: nil)),
        RequestCase(
            name: "JSON schema format",
            request: {
                var request = Self.request([.user("Largest city in Norway?")], choice: nil, tools: [])
                request.responseFormat = .jsonSchema(name: "city", schema: Self.citySchema, strict: true)
                return request
            }()
        ),
        RequestCase(
            name: "tool without parameters called with empty arguments",
            request: Self.request(
                [
                    .user("Ping"),
                    .assistant(nil, toolCalls: [ToolCall(id: "call_p", name: "ping", arguments: "{}")]),
                    .toolResult(id: "call_p", "pong"),
                ],
                tools: [ToolDefinition(name: "ping", parameters: ["type": "object", "properties": [:]])]
            )
        ),
    ]

    static func response(
        _ text: String?,
        calls: [ToolCall] = [],
        finish: FinishReason,
        usage: Usage = Usage(inputTokens: 120, outputTokens: 30)
    ) -> ChatResponse {
        ChatResponse(
            id: "resp_conformance_1",
            model: "conformance-model",
            message: .assistant(text, toolCalls: calls),
            finishReason: finish,
            usage: usage
        )
    }

    static let responses: [ResponseCase] = [
        ResponseCase(
            name: "single call",
            response: Self.response(
                nil,
                calls: [ToolCall(id: "call_1", name: "get_weather", arguments: #"{"city":"Oslo"}"#)],
                finish: .toolCalls
            )
        ),
        ResponseCase(
            name: "text then parallel calls",
            response: Self.response("Checking both.", calls: Self.parallelCalls, finish: .toolCalls)
        ),
        ResponseCase(
            name: "nested argument JSON with unicode",
            response: Self.response(
                nil,
                calls: [
                    ToolCall(
                        id: "call_n",
                        name: "search",
                        arguments: #"{"filters":{"tags":["café","✓"],"range":[1,2.5]},"q":"naïve \"quotes\"","strict":true,"x":null}"#
                    )
                ],
                finish: .toolCalls
            )
        ),
        ResponseCase(name: "final answer", response: Self.response("It is -3 C in Oslo.", finish: .stop)),
        ResponseCase(name: "cut by max tokens", response: Self.response("It is -3 C in", finish: .length)),
        ResponseCase(
            name: "JSON answer",
            response: Self.response(#"{"name":"Oslo","population":709037}"#, finish: .stop)
        ),
        ResponseCase(
            name: "content filter",
            response: Self.response(nil, finish: .contentFilter, usage: Usage(inputTokens: 9, outputTokens: 0))
        ),
    ]
}
