package import TandemCore

extension BedrockConverse {
    /// Top-level Converse fields that ``ChatRequest/extra`` may set directly; every other extra field goes into
    /// `additionalModelRequestFields` (for example Anthropic's `thinking` on Bedrock).
    static let topLevelExtraFields: Set<String> = [
        "additionalModelRequestFields", "additionalModelResponseFieldPaths", "guardrailConfig", "performanceConfig",
        "promptVariables", "requestMetadata", "serviceTier",
    ]

    /// The Converse (and ConverseStream) request body for a neutral request; the model id goes in the path, not
    /// the body.
    ///
    /// System messages become `system` blocks in order; tool results become `toolResult` blocks of a user turn, and
    /// consecutive messages of one Converse role are merged into one turn (Converse requires alternating roles).
    /// ``ResponseFormat/jsonSchema(name:schema:strict:)`` becomes `outputConfig.textFormat` (``ResponseFormat/jsonObject``
    /// a schema `{"type":"object"}` named ``jsonObjectFormatName``). Dropped, as Converse has no field for them:
    /// `parallelToolCalls`, `user`, the `strict` flag of a response format, and ``ToolChoice/none`` (the tools are
    /// left out instead, unless the conversation already holds tool blocks, which Converse only accepts with a
    /// `toolConfig`).
    ///
    /// - Throws: An ``LLMError`` (`invalidRequest` or `unsupported`) when a message cannot be expressed: tool-call
    ///   arguments that are not a JSON object, image URLs, unknown image types.
    package static func requestBody(for request: ChatRequest) throws(LLMError) -> JSONValue {
        var body: [String: JSONValue] = [:]
        var system: [JSONValue] = []
        var turns: [(role: String, blocks: [JSONValue])] = []
        var hasToolBlocks = false

        for message in request.messages {
            let role: String
            var blocks: [JSONValue] = []
            switch message.role {
            case .system:
                for part in message.content {
                    if let text = part.text { system.append(["text": .string(text)]) }
                }
                continue
            case .user:
                role = "user"
                blocks = try Self.contentBlocks(message.content)
            case .assistant:
                role = "assistant"
                blocks = try Self.contentBlocks(message.content)
                for call in message.toolCalls {
                    blocks.append(try Self.toolUseBlock(call))
                    hasToolBlocks = true
                }
            case .tool:
                role = "user"
                blocks = [Self.toolResultBlock(message)]
                hasToolBlocks = true
            }
            if let last = turns.indices.last, turns[last].role == role {
                turns[last].blocks += blocks
            } else {
                turns.append((role, blocks))
            }
        }
        body["messages"] = .array(turns.map { ["role": .string($0.role), "content": .array($0.blocks)] })
        if !system.isEmpty { body["system"] = .array(system) }

        var inference: [String: JSONValue] = [:]
        if let maxTokens = request.maxTokens { inference["maxTokens"] = .integer(Int64(maxTokens)) }
        if let temperature = request.temperature { inference["temperature"] = .double(temperature) }
        if let topP = request.topP { inference["topP"] = .double(topP) }
        if !request.stop.isEmpty { inference["stopSequences"] = .array(request.stop.map { .string($0) }) }
        if !inference.isEmpty { body["inferenceConfig"] = .object(inference) }

        if !request.tools.isEmpty && (request.toolChoice != ToolChoice.none || hasToolBlocks) {
            var toolConfig: [String: JSONValue] = ["tools": .array(request.tools.map(Self.toolSpec))]
            switch request.toolChoice {
            case .auto: toolConfig["toolChoice"] = ["auto": [:]]
            case .any: toolConfig["toolChoice"] = ["any": [:]]
            case .tool(let name): toolConfig["toolChoice"] = ["tool": ["name": .string(name)]]
            case .some(ToolChoice.none), nil: break
            }
            body["toolConfig"] = .object(toolConfig)
        }

        switch request.responseFormat {
        case .text: break
        case .jsonObject:
            body["outputConfig"] = Self.outputConfig(name: Self.jsonObjectFormatName, schema: ["type": "object"])
        case .jsonSchema(let name, let schema, _):
            body["outputConfig"] = Self.outputConfig(name: name, schema: schema)
        }

        var additional: [String: JSONValue] = [:]
        for (key, value) in request.extra {
            if Self.topLevelExtraFields.contains(key) {
                body[key] = value
            } else {
                additional[key] = value
            }
        }
        if !additional.isEmpty {
            body["additionalModelRequestFields"] = .object(
                (body["additionalModelRequestFields"]?.objectValue ?? [:]).merging(additional) { _, new in new }
            )
        }
        return .object(body)
    }

    static func contentBlocks(_ parts: [ContentPart]) throws(LLMError) -> [JSONValue] {
        var blocks: [JSONValue] = []
        for part in parts {
            switch part {
            case .text(let text):
                blocks.append(["text": .string(text)])
            case .image(let source):
                blocks.append(try Self.imageBlock(source))
            case .reasoning(let text, let signature):
                var reasoning: [String: JSONValue] = ["text": .string(text)]
                if let signature { reasoning["signature"] = .string(signature) }
                blocks.append(["reasoningContent": ["reasoningText": .object(reasoning)]])
            }
        }
        return blocks
    }

    static func toolUseBlock(_ call: ToolCall) throws(LLMError) -> JSONValue {
        let input: JSONValue
        do {
            input = try call.argumentsValue()
        } catch {
            throw Self.requestError("the arguments of tool call \(call.id) (\(call.name)) are not JSON")
        }
        guard case .object = input else {
            throw Self.requestError("the arguments of tool call \(call.id) (\(call.name)) are not a JSON object")
        }
        return ["toolUse": ["toolUseId": .string(call.id), "name": .string(call.name), "input": input]]
    }

    static func toolResultBlock(_ message: ChatMessage) -> JSONValue {
        var content: [JSONValue] = []
        for part in message.content {
            switch part {
            case .text(let text): content.append(["text": .string(text)])
            case .image(let source): if let block = try? Self.imageBlock(source) { content.append(block) }
            case .reasoning: break
            }
        }
        var result: [String: JSONValue] = [
            "toolUseId": .string(message.toolCallID ?? ""),
            "content": .array(content),
        ]
        // `status` is only accepted by some models (Anthropic's); it is sent for errors only.
        if message.isError { result["status"] = "error" }
        return ["toolResult": .object(result)]
    }

    static func toolSpec(_ tool: ToolDefinition) -> JSONValue {
        var spec: [String: JSONValue] = [
            "name": .string(tool.name),
            "inputSchema": ["json": tool.parameters],
        ]
        if let description = tool.description { spec["description"] = .string(description) }
        if let strict = tool.strict { spec["strict"] = .bool(strict) }
        return ["toolSpec": .object(spec)]
    }

    static func outputConfig(name: String, schema: JSONValue) -> JSONValue {
        [
            "textFormat": [
                "type": "json_schema",
                "structure": ["jsonSchema": ["name": .string(name), "schema": .string(schema.canonicalJSON())]],
            ]
        ]
    }
}
