extension OpenAIChatWire {
    /// Reads a Chat Completions response (the first choice).
    ///
    /// `reasoning_content` (vLLM, DeepSeek) or `reasoning` (Ollama, OpenRouter) becomes a reasoning part before the
    /// text; a `refusal` becomes text with finish reason ``FinishReason/contentFilter``.
    ///
    /// - Throws: An ``LLMError`` with code ``LLMError/Code/badResponse`` naming the field when the body is not a
    ///   chat completion.
    package static func decodeResponse(_ body: [UInt8], provider: String = provider) throws(LLMError) -> ChatResponse {
        do throws(JSONScanner.Failure) {
            var scanner = JSONScanner(body)
            var id = ""
            var model = ""
            var usage = Usage()
            var choice: (message: ChatMessage, finish: FinishReason)?
            try scanner.readObject { scanner, key throws(JSONScanner.Failure) in
                switch key {
                case "id": id = try scanner.readOptionalString(at: "id") ?? ""
                case "model": model = try scanner.readOptionalString(at: "model") ?? ""
                case "usage": usage = try self.scanUsage(&scanner, path: "usage")
                case "choices":
                    try scanner.readArray(at: "choices") { scanner, index throws(JSONScanner.Failure) in
                        let read = try self.scanChoice(&scanner, path: "choices[\(index)]")
                        if choice == nil || read.index == 0 { choice = (read.message, read.finish) }
                    }
                default: try scanner.skipValue()
                }
            }
            try scanner.expectEnd()
            guard let choice else { throw scanner.failure("choices", "missing or empty") }
            return ChatResponse(id: id, model: model, message: choice.message, finishReason: choice.finish, usage: usage)
        } catch {
            throw error.llmError(.badResponse, provider: provider)
        }
    }

    private static func scanChoice(_ scanner: inout JSONScanner, path: String) throws(JSONScanner.Failure)
        -> (index: Int, message: ChatMessage, finish: FinishReason)
    {
        var index = 0
        var finish: FinishReason = .stop
        var message = ChatMessage(role: .assistant, content: [])
        var refused = false
        try scanner.readObject(at: path) { scanner, key throws(JSONScanner.Failure) in
            switch key {
            case "index": index = try scanner.readOptionalInt(at: path + ".index") ?? 0
            case "finish_reason":
                if let text = try scanner.readOptionalString(at: path + ".finish_reason") {
                    finish = self.finishReason(text)
                }
            case "message":
                var text: String?
                var reasoning: String?
                try scanner.readObject(at: path + ".message") { scanner, key throws(JSONScanner.Failure) in
                    switch key {
                    case "content":
                        switch try scanner.peekKind(at: path + ".message.content") {
                        case .array:
                            var joined = ""
                            try scanner.readArray(at: path + ".message.content") { scanner, _ throws(JSONScanner.Failure) in
                                try scanner.readObject(at: path + ".message.content") { scanner, key throws(JSONScanner.Failure) in
                                    if key == "text" { joined += try scanner.readString(at: path + ".message.content.text") } else {
                                        try scanner.skipValue()
                                    }
                                }
                            }
                            text = joined
                        default: text = try scanner.readOptionalString(at: path + ".message.content")
                        }
                    case "refusal":
                        if let refusal = try scanner.readOptionalString(at: path + ".message.refusal") {
                            text = (text ?? "") + refusal
                            refused = true
                        }
                    case "reasoning_content", "reasoning":
                        if let value = try scanner.readOptionalString(at: path + ".message." + key) { reasoning = value }
                    case "tool_calls":
                        if scanner.skipNull() { return }
                        try scanner.readArray(at: path + ".message.tool_calls") { scanner, i throws(JSONScanner.Failure) in
                            message.toolCalls.append(
                                try self.scanToolCall(&scanner, path: "\(path).message.tool_calls[\(i)]")
                            )
                        }
                    default: try scanner.skipValue()
                    }
                }
                if let reasoning, !reasoning.isEmpty { message.content.append(.reasoning(text: reasoning, signature: nil)) }
                if let text, !text.isEmpty { message.content.append(.text(text)) }
            default: try scanner.skipValue()
            }
        }
        if refused { finish = .contentFilter }
        return (index, message, finish)
    }

    /// Reads an OpenAI `usage` object (or `null`).
    static func scanUsage(_ scanner: inout JSONScanner, path: String) throws(JSONScanner.Failure) -> Usage {
        var usage = Usage()
        if scanner.skipNull() { return usage }
        try scanner.readObject(at: path) { scanner, key throws(JSONScanner.Failure) in
            switch key {
            case "prompt_tokens": usage.inputTokens = try scanner.readOptionalInt(at: path + ".prompt_tokens") ?? 0
            case "completion_tokens":
                usage.outputTokens = try scanner.readOptionalInt(at: path + ".completion_tokens") ?? 0
            case "prompt_tokens_details":
                if scanner.skipNull() { return }
                try scanner.readObject(at: path + ".prompt_tokens_details") { scanner, key throws(JSONScanner.Failure) in
                    if key == "cached_tokens" {
                        usage.cacheReadTokens = try scanner.readOptionalInt(at: path + ".prompt_tokens_details.cached_tokens") ?? 0
                    } else {
                        try scanner.skipValue()
                    }
                }
            case "completion_tokens_details":
                if scanner.skipNull() { return }
                try scanner.readObject(at: path + ".completion_tokens_details") { scanner, key throws(JSONScanner.Failure) in
                    if key == "reasoning_tokens" {
                        usage.reasoningTokens =
                            try scanner.readOptionalInt(at: path + ".completion_tokens_details.reasoning_tokens") ?? 0
                    } else {
                        try scanner.skipValue()
                    }
                }
            default: try scanner.skipValue()
            }
        }
        return usage
    }

    /// The neutral reason for an OpenAI `finish_reason`.
    static func finishReason(_ text: String) -> FinishReason {
        switch text {
        case "stop": .stop
        case "length": .length
        case "tool_calls", "function_call": .toolCalls
        case "content_filter": .contentFilter
        default: .other(text)
        }
    }

    /// The OpenAI `finish_reason` for a neutral reason (also the WebSocket chat protocol's).
    package static func finishReasonText(_ reason: FinishReason) -> String {
        switch reason {
        case .stop: "stop"
        case .length: "length"
        case .toolCalls: "tool_calls"
        case .contentFilter: "content_filter"
        case .other(let text): text
        }
    }

    /// Writes an OpenAI `usage` object.
    static func writeUsage(_ usage: Usage, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("prompt_tokens")
        writer.int(usage.inputTokens)
        writer.key("completion_tokens")
        writer.int(usage.outputTokens)
        writer.key("total_tokens")
        writer.int(usage.totalTokens)
        writer.key("prompt_tokens_details")
        writer.beginObject()
        writer.key("cached_tokens")
        writer.int(usage.cacheReadTokens)
        writer.endObject()
        writer.key("completion_tokens_details")
        writer.beginObject()
        writer.key("reasoning_tokens")
        writer.int(usage.reasoningTokens)
        writer.endObject()
        writer.endObject()
    }

    /// The `chat.completion` body for `response` (the gateway's answer to an OpenAI SDK).
    ///
    /// - Parameters:
    ///   - response: The neutral response.
    ///   - created: Unix seconds for `created`.
    /// - Returns: The JSON body; reasoning parts become `reasoning_content`, as vLLM and DeepSeek send it.
    package static func encodeResponse(_ response: ChatResponse, created: Int) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("id")
        writer.string(response.id)
        writer.key("object")
        writer.string("chat.completion")
        writer.key("created")
        writer.int(created)
        writer.key("model")
        writer.string(response.model)
        writer.key("choices")
        writer.beginArray()
        writer.beginObject()
        writer.key("index")
        writer.int(0)
        writer.key("message")
        writer.beginObject()
        writer.key("role")
        writer.string("assistant")
        writer.key("content")
        let text = response.message.text
        if text.isEmpty && !response.message.toolCalls.isEmpty { writer.null() } else { writer.string(text) }
        let reasoning = response.message.content.compactMap { part -> String? in
            if case .reasoning(let text, _) = part { return text }
            return nil
        }
        if !reasoning.isEmpty {
            writer.key("reasoning_content")
            writer.string(reasoning.joined())
        }
        if !response.message.toolCalls.isEmpty {
            writer.key("tool_calls")
            writer.beginArray()
            for call in response.message.toolCalls {
                writer.beginObject()
                writer.key("id")
                writer.string(call.id)
                writer.key("type")
                writer.string("function")
                writer.key("function")
                writer.beginObject()
                writer.key("name")
                writer.string(call.name)
                writer.key("arguments")
                writer.string(call.arguments)
                writer.endObject()
                writer.endObject()
            }
            writer.endArray()
        }
        writer.endObject()
        writer.key("logprobs")
        writer.null()
        writer.key("finish_reason")
        writer.string(self.finishReasonText(response.finishReason))
        writer.endObject()
        writer.endArray()
        writer.key("usage")
        self.writeUsage(response.usage, to: &writer)
        writer.endObject()
        return writer.bytes
    }
}
