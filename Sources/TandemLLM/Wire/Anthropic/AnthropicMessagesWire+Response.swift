extension AnthropicMessagesWire {
    /// Reads a Messages API response.
    ///
    /// - Parameters:
    ///   - body: The JSON body.
    ///   - responseFormatTool: The tool that carries a JSON-schema answer (``responseFormatTool(for:)``): its call
    ///     becomes the message text and the finish reason ``FinishReason/stop``.
    ///   - provider: The provider name for errors.
    /// - Throws: An ``LLMError`` with code ``LLMError/Code/badResponse`` naming the field.
    package static func decodeResponse(
        _ body: [UInt8],
        responseFormatTool: String? = nil,
        provider: String = provider
    ) throws(LLMError) -> ChatResponse {
        do throws(JSONScanner.Failure) {
            var scanner = JSONScanner(body)
            var id = ""
            var model = ""
            var type: String?
            var message = ChatMessage(role: .assistant, content: [])
            var finish: FinishReason = .stop
            var usage = Usage()
            var sawContent = false
            var answeredByFormatTool = false
            try scanner.readObject { scanner, key throws(JSONScanner.Failure) in
                switch key {
                case "id": id = try scanner.readOptionalString(at: "id") ?? ""
                case "type": type = try scanner.readOptionalString(at: "type")
                case "model": model = try scanner.readOptionalString(at: "model") ?? ""
                case "stop_reason":
                    if let text = try scanner.readOptionalString(at: "stop_reason") { finish = self.finishReason(text) }
                case "usage": usage = try self.scanUsage(&scanner, path: "usage", into: RawUsage()).neutral
                case "content":
                    sawContent = true
                    try scanner.readArray(at: "content") { scanner, index throws(JSONScanner.Failure) in
                        switch try self.scanBlock(&scanner, path: "content[\(index)]") {
                        case .part(let part): message.content.append(part)
                        case .toolUse(let call):
                            if call.name == responseFormatTool {
                                message.content.append(.text(call.arguments))
                                answeredByFormatTool = true
                            } else {
                                message.toolCalls.append(call)
                            }
                        case .toolResult, .ignored: break
                        }
                    }
                default: try scanner.skipValue()
                }
            }
            try scanner.expectEnd()
            if type == "error" { throw scanner.failure("type", "an error body") }
            guard sawContent else { throw scanner.failure("content", "missing") }
            if answeredByFormatTool && message.toolCalls.isEmpty && finish == .toolCalls { finish = .stop }
            return ChatResponse(id: id, model: model, message: message, finishReason: finish, usage: usage)
        } catch {
            throw error.llmError(.badResponse, provider: provider)
        }
    }

    /// Anthropic's usage counts as sent (cache counts separate from input).
    struct RawUsage: Sendable, Hashable {
        var input = 0
        var output = 0
        var cacheRead = 0
        var cacheWrite = 0

        var neutral: Usage {
            AnthropicMessagesWire.usage(input: self.input, output: self.output, cacheRead: self.cacheRead, cacheWrite: self.cacheWrite)
        }
    }

    /// Reads a `usage` object over `base`: counts it carries replace those of `base` (they are cumulative).
    static func scanUsage(_ scanner: inout JSONScanner, path: String, into base: RawUsage) throws(JSONScanner.Failure)
        -> RawUsage
    {
        var usage = base
        if scanner.skipNull() { return usage }
        try scanner.readObject(at: path) { scanner, key throws(JSONScanner.Failure) in
            switch key {
            case "input_tokens": usage.input = try scanner.readOptionalInt(at: path + ".input_tokens") ?? usage.input
            case "output_tokens": usage.output = try scanner.readOptionalInt(at: path + ".output_tokens") ?? usage.output
            case "cache_read_input_tokens":
                usage.cacheRead = try scanner.readOptionalInt(at: path + ".cache_read_input_tokens") ?? usage.cacheRead
            case "cache_creation_input_tokens":
                usage.cacheWrite =
                    try scanner.readOptionalInt(at: path + ".cache_creation_input_tokens") ?? usage.cacheWrite
            default: try scanner.skipValue()
            }
        }
        return usage
    }

    /// The Messages API body for `response` (the gateway's answer to an Anthropic SDK).
    package static func encodeResponse(_ response: ChatResponse) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("id")
        writer.string(response.id)
        writer.key("type")
        writer.string("message")
        writer.key("role")
        writer.string("assistant")
        writer.key("model")
        writer.string(response.model)
        writer.key("content")
        writer.beginArray()
        for part in response.message.content { self.writePart(part, to: &writer) }
        for call in response.message.toolCalls {
            writer.beginObject()
            writer.key("type")
            writer.string("tool_use")
            writer.key("id")
            writer.string(call.id)
            writer.key("name")
            writer.string(call.name)
            writer.key("input")
            self.writeArguments(call.arguments, to: &writer)
            writer.endObject()
        }
        writer.endArray()
        writer.key("stop_reason")
        writer.string(self.stopReasonText(response.finishReason))
        writer.key("stop_sequence")
        writer.null()
        writer.key("usage")
        self.writeUsage(response.usage, to: &writer)
        writer.endObject()
        return writer.bytes
    }
}
