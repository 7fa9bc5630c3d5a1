import TandemCore

@testable import TandemLLM

/// The parts of neutral values the conformance suite compares, as JSON: ids, names, argument JSON as JSON values (so
/// whitespace and key order do not matter, but every value does), results, error flags, choices, formats, stop
/// reasons and usage.
enum ConformanceView {
    static func of(_ request: ChatRequest) -> JSONValue {
        var object: [String: JSONValue] = [
            "model": .string(request.model),
            "messages": .array(request.messages.map(Self.of)),
            "tools": .array(
                request.tools.map { tool in
                    [
                        "name": .string(tool.name), "description": tool.description.map(JSONValue.string) ?? .null,
                        "parameters": tool.parameters,
                    ]
                }
            ),
            "tool_choice": Self.of(request.toolChoice),
            "max_tokens": request.maxTokens.map { .integer(Int64($0)) } ?? .null,
            "stop": .array(request.stop.map(JSONValue.string)),
        ]
        switch request.responseFormat {
        case .text: object["format"] = "text"
        case .jsonObject: object["format"] = "json_object"
        case .jsonSchema(let name, let schema, let strict):
            object["format"] = ["name": .string(name), "schema": schema, "strict": .bool(strict)]
        }
        return .object(object)
    }

    static func of(_ choice: ToolChoice?) -> JSONValue {
        switch choice {
        case nil: .null
        case .some(.auto): "auto"
        case .some(.any): "any"
        case .some(.none): "none"
        case .some(.tool(let name)): ["tool": .string(name)]
        }
    }

    static func of(_ message: ChatMessage) -> JSONValue {
        [
            "role": .string(message.role.rawValue),
            "content": .array(message.content.map(Self.of)),
            "tool_calls": .array(message.toolCalls.map(Self.of)),
            "tool_call_id": message.toolCallID.map(JSONValue.string) ?? .null,
            "is_error": .bool(message.isError),
        ]
    }

    static func of(_ part: ContentPart) -> JSONValue {
        switch part {
        case .text(let text): ["text": .string(text)]
        case .image(let source): ["image": .string("\(source)")]
        case .reasoning(let text, let signature):
            ["reasoning": .string(text), "signature": signature.map(JSONValue.string) ?? .null]
        }
    }

    static func of(_ call: ToolCall) -> JSONValue {
        [
            "id": .string(call.id), "name": .string(call.name),
            "arguments": (try? call.argumentsValue()) ?? ["unparsable": .string(call.arguments)],
        ]
    }

    static func of(_ response: ChatResponse) -> JSONValue {
        let finish: JSONValue =
            switch response.finishReason {
            case .stop: "stop"
            case .length: "length"
            case .toolCalls: "tool_calls"
            case .contentFilter: "content_filter"
            case .other(let raw): ["other": .string(raw)]
            }
        return [
            "id": .string(response.id),
            "model": .string(response.model),
            "message": Self.of(response.message),
            "finish": finish,
            "usage": [
                "input": .integer(Int64(response.usage.inputTokens)),
                "output": .integer(Int64(response.usage.outputTokens)),
                "cache_read": .integer(Int64(response.usage.cacheReadTokens)),
                "cache_write": .integer(Int64(response.usage.cacheWriteTokens)),
            ],
        ]
    }
}
