import TandemCore

extension AnthropicMessagesWire {
    /// Reads a Messages API request body, as an Anthropic SDK sends it.
    ///
    /// `system` (a string or text blocks) becomes leading system messages; a user turn's `tool_result` blocks become
    /// tool messages, in order, followed by a user message with the turn's other blocks; `stop_sequences`,
    /// `metadata.user_id` and `tool_choice.disable_parallel_tool_use` map to their neutral fields; other fields
    /// (`thinking`, `top_k`, ...) are kept in ``ChatRequest/extra``.
    ///
    /// - Throws: An ``LLMError`` with code ``LLMError/Code/invalidRequest`` naming the field (`messages[2].role`).
    package static func decodeRequest(_ body: [UInt8]) throws(LLMError) -> DecodedRequest {
        do {
            return try self.scanRequest(body)
        } catch {
            throw error.llmError(.invalidRequest, provider: nil)
        }
    }

    private static func scanRequest(_ body: [UInt8]) throws(JSONScanner.Failure) -> DecodedRequest {
        var scanner = JSONScanner(body)
        var request = ChatRequest(model: "", messages: [])
        var model: String?
        var maxTokens: Int?
        var system: [ChatMessage] = []
        var messages: [ChatMessage]?
        var stream = false
        try scanner.readObject { scanner, key throws(JSONScanner.Failure) in
            switch key {
            case "model": model = try scanner.readString(at: "model")
            case "max_tokens": maxTokens = try scanner.readInt(at: "max_tokens")
            case "system":
                switch try scanner.peekKind(at: "system") {
                case .null: _ = scanner.skipNull()
                case .string: system = [.system(try scanner.readString(at: "system"))]
                default:
                    try scanner.readArray(at: "system") { scanner, index throws(JSONScanner.Failure) in
                        let part = try self.scanBlock(&scanner, path: "system[\(index)]")
                        guard case .part(.text(let text)) = part else {
                            throw scanner.failure("system[\(index)].type", "expected a text block")
                        }
                        system.append(.system(text))
                    }
                }
            case "messages":
                var list: [ChatMessage] = []
                try scanner.readArray(at: "messages") { scanner, index throws(JSONScanner.Failure) in
                    list.append(contentsOf: try self.scanMessage(&scanner, path: "messages[\(index)]"))
                }
                messages = list
            case "tools":
                if scanner.skipNull() { return }
                try scanner.readArray(at: "tools") { scanner, index throws(JSONScanner.Failure) in
                    request.tools.append(try self.scanTool(&scanner, path: "tools[\(index)]"))
                }
            case "tool_choice":
                if scanner.skipNull() { return }
                var type: String?
                var name: String?
                try scanner.readObject(at: "tool_choice") { scanner, key throws(JSONScanner.Failure) in
                    switch key {
                    case "type": type = try scanner.readString(at: "tool_choice.type")
                    case "name": name = try scanner.readString(at: "tool_choice.name")
                    case "disable_parallel_tool_use":
                        if try scanner.readOptionalBool(at: "tool_choice.disable_parallel_tool_use") == true {
                            request.parallelToolCalls = false
                        }
                    default: try scanner.skipValue()
                    }
                }
                switch type {
                case "auto": request.toolChoice = .auto
                case "any": request.toolChoice = .any
                case "none": request.toolChoice = ToolChoice.none
                case "tool":
                    guard let name else { throw scanner.failure("tool_choice.name", "missing") }
                    request.toolChoice = .tool(name)
                case nil: throw scanner.failure("tool_choice.type", "missing")
                case let other?: throw scanner.failure("tool_choice.type", "unknown value \"\(other.prefix(32))\"")
                }
            case "temperature": request.temperature = try scanner.readOptionalDouble(at: "temperature")
            case "top_p": request.topP = try scanner.readOptionalDouble(at: "top_p")
            case "stop_sequences":
                if scanner.skipNull() { return }
                try scanner.readArray(at: "stop_sequences") { scanner, index throws(JSONScanner.Failure) in
                    request.stop.append(try scanner.readString(at: "stop_sequences[\(index)]"))
                }
            case "metadata":
                if scanner.skipNull() { return }
                try scanner.readObject(at: "metadata") { scanner, key throws(JSONScanner.Failure) in
                    if key == "user_id" { request.user = try scanner.readOptionalString(at: "metadata.user_id") } else {
                        try scanner.skipValue()
                    }
                }
            case "stream": stream = try scanner.readOptionalBool(at: "stream") ?? false
            default: request.extra[key] = try scanner.readValue(at: key)
            }
        }
        try scanner.expectEnd()
        guard let model else { throw scanner.failure("model", "missing") }
        guard let messages else { throw scanner.failure("messages", "missing") }
        guard let maxTokens else { throw scanner.failure("max_tokens", "missing") }
        request.model = model
        request.maxTokens = maxTokens
        request.messages = system + messages
        return DecodedRequest(request: request, stream: stream)
    }

    /// A content block as read: a content part, a tool call, or a tool result.
    enum Block {
        case part(ContentPart)
        case toolUse(ToolCall)
        case toolResult(ChatMessage)
        case ignored
    }

    /// One Anthropic message as neutral messages (a user turn with tool results gives several).
    private static func scanMessage(_ scanner: inout JSONScanner, path: String) throws(JSONScanner.Failure)
        -> [ChatMessage]
    {
        var role: ChatRole?
        var blocks: [Block] = []
        try scanner.readObject(at: path) { scanner, key throws(JSONScanner.Failure) in
            switch key {
            case "role":
                let text = try scanner.readString(at: path + ".role")
                switch text {
                case "user": role = .user
                case "assistant": role = .assistant
                default: throw scanner.failure(path + ".role", "unknown role \"\(text.prefix(32))\"")
                }
            case "content":
                if case .string = try scanner.peekKind(at: path + ".content") {
                    blocks = [.part(.text(try scanner.readString(at: path + ".content")))]
                } else {
                    try scanner.readArray(at: path + ".content") { scanner, index throws(JSONScanner.Failure) in
                        blocks.append(try self.scanBlock(&scanner, path: "\(path).content[\(index)]"))
                    }
                }
            default: try scanner.skipValue()
            }
        }
        guard let role else { throw scanner.failure(path + ".role", "missing") }
        var results: [ChatMessage] = []
        var message = ChatMessage(role: role, content: [])
        var hasOther = false
        for block in blocks {
            switch block {
            case .part(let part):
                message.content.append(part)
                hasOther = true
            case .toolUse(let call):
                guard role == .assistant else { throw scanner.failure(path + ".content", "tool_use in a user turn") }
                message.toolCalls.append(call)
                hasOther = true
            case .toolResult(let result):
                guard role == .user else { throw scanner.failure(path + ".content", "tool_result in an assistant turn") }
                results.append(result)
            case .ignored:
                continue
            }
        }
        if hasOther || results.isEmpty { results.append(message) }
        return results
    }

    /// Reads one content block.
    static func scanBlock(_ scanner: inout JSONScanner, path: String) throws(JSONScanner.Failure) -> Block {
        var type: String?
        var text: String?
        var thinking: String?
        var signature: String?
        var id: String?
        var name: String?
        var input: String?
        var toolUseID: String?
        var isError = false
        var resultContent: [ContentPart] = []
        var image: ImageSource?
        try scanner.readObject(at: path) { scanner, key throws(JSONScanner.Failure) in
            switch key {
            case "type": type = try scanner.readString(at: path + ".type")
            case "text": text = try scanner.readString(at: path + ".text")
            case "thinking": thinking = try scanner.readString(at: path + ".thinking")
            case "signature": signature = try scanner.readOptionalString(at: path + ".signature")
            case "id": id = try scanner.readString(at: path + ".id")
            case "name": name = try scanner.readString(at: path + ".name")
            case "input": input = try scanner.readRawValue(at: path + ".input")
            case "tool_use_id": toolUseID = try scanner.readString(at: path + ".tool_use_id")
            case "is_error": isError = try scanner.readOptionalBool(at: path + ".is_error") ?? false
            case "content":
                switch try scanner.peekKind(at: path + ".content") {
                case .string: resultContent = [.text(try scanner.readString(at: path + ".content"))]
                case .null: _ = scanner.skipNull()
                default:
                    try scanner.readArray(at: path + ".content") { scanner, index throws(JSONScanner.Failure) in
                        if case .part(let part) = try self.scanBlock(&scanner, path: "\(path).content[\(index)]") {
                            resultContent.append(part)
                        }
                    }
                }
            case "source":
                var sourceType: String?
                var mediaType: String?
                var data: String?
                var url: String?
                try scanner.readObject(at: path + ".source") { scanner, key throws(JSONScanner.Failure) in
                    switch key {
                    case "type": sourceType = try scanner.readString(at: path + ".source.type")
                    case "media_type": mediaType = try scanner.readString(at: path + ".source.media_type")
                    case "data": data = try scanner.readString(at: path + ".source.data")
                    case "url": url = try scanner.readString(at: path + ".source.url")
                    default: try scanner.skipValue()
                    }
                }
                switch sourceType {
                case "base64":
                    guard let mediaType, let data else { throw scanner.failure(path + ".source", "missing media_type or data") }
                    image = .base64(mediaType: mediaType, data: data)
                case "url":
                    guard let url else { throw scanner.failure(path + ".source.url", "missing") }
                    image = .url(url)
                default:
                    throw scanner.failure(path + ".source.type", "unsupported image source")
                }
            default: try scanner.skipValue()
            }
        }
        switch type {
        case "text":
            guard let text else { throw scanner.failure(path + ".text", "missing") }
            return .part(.text(text))
        case "image":
            guard let image else { throw scanner.failure(path + ".source", "missing") }
            return .part(.image(image))
        case "thinking":
            return .part(.reasoning(text: thinking ?? "", signature: signature))
        case "redacted_thinking":
            return .ignored
        case "tool_use":
            guard let id else { throw scanner.failure(path + ".id", "missing") }
            guard let name else { throw scanner.failure(path + ".name", "missing") }
            return .toolUse(ToolCall(id: id, name: name, arguments: input ?? "{}"))
        case "tool_result":
            guard let toolUseID else { throw scanner.failure(path + ".tool_use_id", "missing") }
            return .toolResult(ChatMessage(role: .tool, content: resultContent, toolCallID: toolUseID, isError: isError))
        case nil: throw scanner.failure(path + ".type", "missing")
        case let other?: throw scanner.failure(path + ".type", "unsupported content block \"\(other.prefix(32))\"")
        }
    }

    private static func scanTool(_ scanner: inout JSONScanner, path: String) throws(JSONScanner.Failure)
        -> ToolDefinition
    {
        var name: String?
        var type: String?
        var definition = ToolDefinition(name: "", parameters: ["type": "object", "properties": [:]])
        try scanner.readObject(at: path) { scanner, key throws(JSONScanner.Failure) in
            switch key {
            case "name": name = try scanner.readString(at: path + ".name")
            case "type": type = try scanner.readOptionalString(at: path + ".type")
            case "description": definition.description = try scanner.readOptionalString(at: path + ".description")
            case "input_schema":
                guard try scanner.peekKind(at: path + ".input_schema") == .object else {
                    throw scanner.failure(path + ".input_schema", "expected an object")
                }
                definition.parameters = try scanner.readValue(at: path + ".input_schema")
            default: try scanner.skipValue()
            }
        }
        if let type, type != "custom" {
            throw scanner.failure(path + ".type", "unsupported tool type \"\(type.prefix(32))\"")
        }
        guard let name else { throw scanner.failure(path + ".name", "missing") }
        definition.name = name
        return definition
    }
}
