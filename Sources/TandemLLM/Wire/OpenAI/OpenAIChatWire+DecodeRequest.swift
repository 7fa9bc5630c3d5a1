import TandemCore

extension OpenAIChatWire {
    /// Reads a Chat Completions request body, as an OpenAI SDK sends it.
    ///
    /// `system` and `developer` messages become system messages; `content` may be a string, an array of parts or
    /// `null`; `stop` a string or an array; `max_completion_tokens` wins over `max_tokens`; fields this version does
    /// not model (`seed`, `logprobs`, `reasoning_effort`, ...) are kept in ``ChatRequest/extra``.
    ///
    /// - Parameter body: The JSON body.
    /// - Returns: The neutral request and the streaming flags.
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
        var messages: [ChatMessage]?
        var stream = false
        var includeUsage = false
        var maxTokens: Int?
        var maxCompletionTokens: Int?
        try scanner.readObject { scanner, key throws(JSONScanner.Failure) in
            switch key {
            case "model": model = try scanner.readString(at: "model")
            case "messages":
                var list: [ChatMessage] = []
                try scanner.readArray(at: "messages") { scanner, index throws(JSONScanner.Failure) in
                    list.append(try self.scanMessage(&scanner, path: "messages[\(index)]"))
                }
                messages = list
            case "tools":
                if scanner.skipNull() { return }
                try scanner.readArray(at: "tools") { scanner, index throws(JSONScanner.Failure) in
                    request.tools.append(try self.scanTool(&scanner, path: "tools[\(index)]"))
                }
            case "tool_choice":
                if scanner.skipNull() { return }
                request.toolChoice = try self.scanToolChoice(&scanner)
            case "parallel_tool_calls": request.parallelToolCalls = try scanner.readOptionalBool(at: "parallel_tool_calls")
            case "response_format":
                if scanner.skipNull() { return }
                request.responseFormat = try self.scanResponseFormat(&scanner)
            case "temperature": request.temperature = try scanner.readOptionalDouble(at: "temperature")
            case "top_p": request.topP = try scanner.readOptionalDouble(at: "top_p")
            case "max_tokens": maxTokens = try scanner.readOptionalInt(at: "max_tokens")
            case "max_completion_tokens": maxCompletionTokens = try scanner.readOptionalInt(at: "max_completion_tokens")
            case "stop":
                switch try scanner.peekKind(at: "stop") {
                case .null: _ = scanner.skipNull()
                case .string: request.stop = [try scanner.readString(at: "stop")]
                default:
                    try scanner.readArray(at: "stop") { scanner, index throws(JSONScanner.Failure) in
                        request.stop.append(try scanner.readString(at: "stop[\(index)]"))
                    }
                }
            case "user": request.user = try scanner.readOptionalString(at: "user")
            case "stream": stream = try scanner.readOptionalBool(at: "stream") ?? false
            case "stream_options":
                if scanner.skipNull() { return }
                try scanner.readObject(at: "stream_options") { scanner, key throws(JSONScanner.Failure) in
                    if key == "include_usage" {
                        includeUsage = try scanner.readOptionalBool(at: "stream_options.include_usage") ?? false
                    } else {
                        try scanner.skipValue()
                    }
                }
            default:
                request.extra[key] = try scanner.readValue(at: key)
            }
        }
        try scanner.expectEnd()
        guard let model else { throw scanner.failure("model", "missing") }
        guard let messages else { throw scanner.failure("messages", "missing") }
        request.model = model
        request.messages = messages
        request.maxTokens = maxCompletionTokens ?? maxTokens
        return DecodedRequest(request: request, stream: stream, includeUsage: stream && includeUsage)
    }

    private static func scanMessage(_ scanner: inout JSONScanner, path: String) throws(JSONScanner.Failure)
        -> ChatMessage
    {
        var role: ChatRole?
        var content: [ContentPart] = []
        var reasoning: String?
        var toolCalls: [ToolCall] = []
        var toolCallID: String?
        var name: String?
        try scanner.readObject(at: path) { scanner, key throws(JSONScanner.Failure) in
            switch key {
            case "role":
                let text = try scanner.readString(at: path + ".role")
                switch text {
                case "system", "developer": role = .system
                case "user": role = .user
                case "assistant": role = .assistant
                case "tool": role = .tool
                default: throw scanner.failure(path + ".role", "unknown role \"\(text.prefix(32))\"")
                }
            case "content":
                switch try scanner.peekKind(at: path + ".content") {
                case .null: _ = scanner.skipNull()
                case .string:
                    let text = try scanner.readString(at: path + ".content")
                    content = [.text(text)]
                default:
                    try scanner.readArray(at: path + ".content") { scanner, index throws(JSONScanner.Failure) in
                        if let part = try self.scanPart(&scanner, path: "\(path).content[\(index)]") {
                            content.append(part)
                        }
                    }
                }
            case "reasoning_content", "reasoning":
                reasoning = try scanner.readOptionalString(at: path + "." + key)
            case "tool_calls":
                if scanner.skipNull() { return }
                try scanner.readArray(at: path + ".tool_calls") { scanner, index throws(JSONScanner.Failure) in
                    toolCalls.append(try self.scanToolCall(&scanner, path: "\(path).tool_calls[\(index)]"))
                }
            case "tool_call_id": toolCallID = try scanner.readOptionalString(at: path + ".tool_call_id")
            case "name": name = try scanner.readOptionalString(at: path + ".name")
            default: try scanner.skipValue(at: path + "." + key)
            }
        }
        guard let role else { throw scanner.failure(path + ".role", "missing") }
        if role == .tool && toolCallID == nil { throw scanner.failure(path + ".tool_call_id", "missing") }
        if let reasoning, !reasoning.isEmpty, role == .assistant {
            content.insert(.reasoning(text: reasoning, signature: nil), at: 0)
        }
        return ChatMessage(role: role, content: content, toolCalls: toolCalls, toolCallID: toolCallID, name: name)
    }

    private static func scanPart(_ scanner: inout JSONScanner, path: String) throws(JSONScanner.Failure)
        -> ContentPart?
    {
        if case .string = try scanner.peekKind(at: path) { return .text(try scanner.readString(at: path)) }
        var type: String?
        var text: String?
        var url: String?
        try scanner.readObject(at: path) { scanner, key throws(JSONScanner.Failure) in
            switch key {
            case "type": type = try scanner.readString(at: path + ".type")
            case "text", "refusal": text = try scanner.readString(at: path + "." + key)
            case "image_url":
                if case .string = try scanner.peekKind(at: path + ".image_url") {
                    url = try scanner.readString(at: path + ".image_url")
                } else {
                    try scanner.readObject(at: path + ".image_url") { scanner, key throws(JSONScanner.Failure) in
                        if key == "url" { url = try scanner.readString(at: path + ".image_url.url") } else {
                            try scanner.skipValue()
                        }
                    }
                }
            default: try scanner.skipValue(at: path + "." + key)
            }
        }
        switch type {
        case "text", "refusal":
            guard let text else { throw scanner.failure(path + ".text", "missing") }
            return .text(text)
        case "image_url":
            guard let url else { throw scanner.failure(path + ".image_url.url", "missing") }
            return .image(ImageSource(url: url))
        case nil: throw scanner.failure(path + ".type", "missing")
        case let other?: throw scanner.failure(path + ".type", "unsupported content part \"\(other.prefix(32))\"")
        }
    }

    static func scanToolCall(_ scanner: inout JSONScanner, path: String) throws(JSONScanner.Failure) -> ToolCall {
        var id: String?
        var name: String?
        var arguments = ""
        try scanner.readObject(at: path) { scanner, key throws(JSONScanner.Failure) in
            switch key {
            case "id": id = try scanner.readString(at: path + ".id")
            case "function":
                try scanner.readObject(at: path + ".function") { scanner, key throws(JSONScanner.Failure) in
                    switch key {
                    case "name": name = try scanner.readString(at: path + ".function.name")
                    case "arguments":
                        // Some servers send the arguments as an object instead of its text.
                        switch try scanner.peekKind(at: path + ".function.arguments") {
                        case .string: arguments = try scanner.readString(at: path + ".function.arguments")
                        case .null: _ = scanner.skipNull()
                        default: arguments = try scanner.readRawValue(at: path + ".function.arguments")
                        }
                    default: try scanner.skipValue()
                    }
                }
            default: try scanner.skipValue(at: path + "." + key)
            }
        }
        guard let name else { throw scanner.failure(path + ".function.name", "missing") }
        return ToolCall(id: id ?? "", name: name, arguments: arguments)
    }

    private static func scanTool(_ scanner: inout JSONScanner, path: String) throws(JSONScanner.Failure)
        -> ToolDefinition
    {
        var type = "function"
        var tool: ToolDefinition?
        try scanner.readObject(at: path) { scanner, key throws(JSONScanner.Failure) in
            switch key {
            case "type": type = try scanner.readString(at: path + ".type")
            case "function":
                var name: String?
                var definition = ToolDefinition(name: "", parameters: ["type": "object", "properties": [:]])
                try scanner.readObject(at: path + ".function") { scanner, key throws(JSONScanner.Failure) in
                    switch key {
                    case "name": name = try scanner.readString(at: path + ".function.name")
                    case "description": definition.description = try scanner.readOptionalString(at: path + ".function.description")
                    case "parameters":
                        if !scanner.skipNull() {
                            guard try scanner.peekKind(at: path + ".function.parameters") == .object else {
                                throw scanner.failure(path + ".function.parameters", "expected an object")
                            }
                            definition.parameters = try scanner.readValue(at: path + ".function.parameters")
                        }
                    case "strict": definition.strict = try scanner.readOptionalBool(at: path + ".function.strict")
                    default: try scanner.skipValue()
                    }
                }
                guard let name else { throw scanner.failure(path + ".function.name", "missing") }
                definition.name = name
                tool = definition
            default: try scanner.skipValue(at: path + "." + key)
            }
        }
        guard type == "function" else { throw scanner.failure(path + ".type", "unsupported tool type \"\(type.prefix(32))\"") }
        guard let tool else { throw scanner.failure(path + ".function", "missing") }
        return tool
    }

    private static func scanToolChoice(_ scanner: inout JSONScanner) throws(JSONScanner.Failure) -> ToolChoice {
        if case .string = try scanner.peekKind(at: "tool_choice") {
            let text = try scanner.readString(at: "tool_choice")
            switch text {
            case "auto": return .auto
            case "required": return .any
            case "none": return .none
            default: throw scanner.failure("tool_choice", "unknown value \"\(text.prefix(32))\"")
            }
        }
        var name: String?
        try scanner.readObject(at: "tool_choice") { scanner, key throws(JSONScanner.Failure) in
            if key == "function" {
                try scanner.readObject(at: "tool_choice.function") { scanner, key throws(JSONScanner.Failure) in
                    if key == "name" { name = try scanner.readString(at: "tool_choice.function.name") } else {
                        try scanner.skipValue()
                    }
                }
            } else {
                try scanner.skipValue(at: "tool_choice." + key)
            }
        }
        guard let name else { throw scanner.failure("tool_choice.function.name", "missing") }
        return .tool(name)
    }

    private static func scanResponseFormat(_ scanner: inout JSONScanner) throws(JSONScanner.Failure) -> ResponseFormat {
        var type: String?
        var name = "response"
        var schema: JSONValue = [:]
        var strict = false
        try scanner.readObject(at: "response_format") { scanner, key throws(JSONScanner.Failure) in
            switch key {
            case "type": type = try scanner.readString(at: "response_format.type")
            case "json_schema":
                try scanner.readObject(at: "response_format.json_schema") { scanner, key throws(JSONScanner.Failure) in
                    switch key {
                    case "name": name = try scanner.readString(at: "response_format.json_schema.name")
                    case "schema": schema = try scanner.readValue(at: "response_format.json_schema.schema")
                    case "strict": strict = try scanner.readOptionalBool(at: "response_format.json_schema.strict") ?? false
                    default: try scanner.skipValue()
                    }
                }
            default: try scanner.skipValue()
            }
        }
        switch type {
        case "text": return .text
        case "json_object": return .jsonObject
        case "json_schema": return .jsonSchema(name: name, schema: schema, strict: strict)
        case nil: throw scanner.failure("response_format.type", "missing")
        case let other?: throw scanner.failure("response_format.type", "unknown value \"\(other.prefix(32))\"")
        }
    }
}
