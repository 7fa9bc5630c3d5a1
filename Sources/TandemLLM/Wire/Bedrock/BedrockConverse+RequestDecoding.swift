package import TandemCore

extension BedrockConverse {
    /// The neutral request for a Converse body (what a Bedrock-compatible endpoint receives), the inverse of
    /// ``requestBody(for:)``.
    ///
    /// `toolResult` blocks become one ``ChatRole/tool`` message each, before the rest of their user turn;
    /// `outputConfig` becomes a strict ``ResponseFormat/jsonSchema(name:schema:strict:)`` (Converse's structured
    /// output is always constrained), or ``ResponseFormat/jsonObject`` for the schema ``requestBody(for:)`` writes for
    /// it; `additionalModelRequestFields` members come back as ``ChatRequest/extra``.
    ///
    /// - Parameters:
    ///   - body: The parsed body.
    ///   - modelID: The model id from the path.
    /// - Throws: An ``LLMError`` `invalidRequest` when the body is not a Converse request.
    package static func chatRequest(from body: JSONValue, modelID: String) throws(LLMError) -> ChatRequest {
        guard let messages = body["messages"]?.arrayValue else {
            throw Self.requestError("a Converse request needs a messages array")
        }
        var neutral: [ChatMessage] = []
        for block in body["system"]?.arrayValue ?? [] {
            if let text = block["text"]?.stringValue { neutral.append(.system(text)) }
        }
        for message in messages {
            guard let role = message["role"]?.stringValue, let content = message["content"]?.arrayValue else {
                throw Self.requestError("a Converse message needs a role and a content array")
            }
            var parts: [ContentPart] = []
            var calls: [ToolCall] = []
            for block in content {
                if let text = block["text"]?.stringValue {
                    parts.append(.text(text))
                } else if let image = block["image"], let source = Self.imageSource(image) {
                    parts.append(.image(source))
                } else if let reasoning = block["reasoningContent"]?["reasoningText"] {
                    parts.append(
                        .reasoning(
                            text: reasoning["text"]?.stringValue ?? "",
                            signature: reasoning["signature"]?.stringValue
                        )
                    )
                } else if let use = block["toolUse"] {
                    calls.append(Self.toolCall(use))
                } else if let result = block["toolResult"] {
                    neutral.append(Self.toolMessage(result))
                }
            }
            switch role {
            case "assistant":
                neutral.append(ChatMessage(role: .assistant, content: parts, toolCalls: calls))
            case "user":
                if !parts.isEmpty { neutral.append(ChatMessage(role: .user, content: parts)) }
            default:
                throw Self.requestError("unknown Converse role \(role)")
            }
        }

        var request = ChatRequest(model: modelID, messages: neutral)
        if let inference = body["inferenceConfig"] {
            request.maxTokens = inference["maxTokens"]?.integerValue.map { Int(clamping: $0) }
            request.temperature = inference["temperature"]?.doubleValue
            request.topP = inference["topP"]?.doubleValue
            request.stop = inference["stopSequences"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        if let toolConfig = body["toolConfig"] {
            request.tools = (toolConfig["tools"]?.arrayValue ?? []).compactMap { tool in
                guard let spec = tool["toolSpec"], let name = spec["name"]?.stringValue else { return nil }
                return ToolDefinition(
                    name: name,
                    description: spec["description"]?.stringValue,
                    parameters: spec["inputSchema"]?["json"] ?? ["type": "object"],
                    strict: spec["strict"]?.boolValue
                )
            }
            if let choice = toolConfig["toolChoice"] {
                if choice["auto"] != nil {
                    request.toolChoice = .auto
                } else if choice["any"] != nil {
                    request.toolChoice = .any
                } else if let name = choice["tool"]?["name"]?.stringValue {
                    request.toolChoice = .tool(name)
                }
            }
        }
        if let schema = body["outputConfig"]?["textFormat"]?["structure"]?["jsonSchema"],
            let name = schema["name"]?.stringValue, let text = schema["schema"]?.stringValue,
            let parsed = try? JSONValue(parsing: text)
        {
            request.responseFormat =
                name == Self.jsonObjectFormatName && parsed == ["type": "object"]
                ? .jsonObject : .jsonSchema(name: name, schema: parsed, strict: true)
        }
        for key in Self.topLevelExtraFields where key != "additionalModelRequestFields" {
            if let value = body[key] { request.extra[key] = value }
        }
        for (key, value) in body["additionalModelRequestFields"]?.objectValue ?? [:] {
            request.extra[key] = value
        }
        return request
    }

    /// A neutral tool call for a `toolUse` block (arguments as compact JSON with sorted keys).
    static func toolCall(_ use: JSONValue) -> ToolCall {
        ToolCall(
            id: use["toolUseId"]?.stringValue ?? "",
            name: use["name"]?.stringValue ?? "",
            arguments: (use["input"] ?? [:]).canonicalJSON()
        )
    }

    /// A neutral tool message for a `toolResult` block (`json` content as JSON text).
    static func toolMessage(_ result: JSONValue) -> ChatMessage {
        var parts: [ContentPart] = []
        for item in result["content"]?.arrayValue ?? [] {
            if let text = item["text"]?.stringValue {
                parts.append(.text(text))
            } else if let json = item["json"] {
                parts.append(.text(json.canonicalJSON()))
            } else if let image = item["image"], let source = Self.imageSource(image) {
                parts.append(.image(source))
            }
        }
        return ChatMessage(
            role: .tool,
            content: parts,
            toolCallID: result["toolUseId"]?.stringValue ?? "",
            isError: result["status"]?.stringValue == "error"
        )
    }
}
