extension ChatResponse {
    /// The response as Tandem's own JSON (what `tandem chat --json` prints): id, model, provider, finish reason,
    /// message (content parts and tool calls), usage and cost, in that order.
    package func neutralJSON() -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("id")
        writer.string(self.id)
        writer.key("model")
        writer.string(self.model)
        writer.key("provider")
        if let provider = self.provider { writer.string(provider) } else { writer.null() }
        writer.key("finish_reason")
        switch self.finishReason {
        case .stop: writer.string("stop")
        case .length: writer.string("length")
        case .toolCalls: writer.string("tool_calls")
        case .contentFilter: writer.string("content_filter")
        case .other(let text): writer.string(text)
        }
        writer.key("message")
        writer.beginObject()
        writer.key("role")
        writer.string(self.message.role.rawValue)
        writer.key("content")
        writer.beginArray()
        for part in self.message.content {
            writer.beginObject()
            switch part {
            case .text(let text):
                writer.key("type")
                writer.string("text")
                writer.key("text")
                writer.string(text)
            case .reasoning(let text, let signature):
                writer.key("type")
                writer.string("reasoning")
                writer.key("text")
                writer.string(text)
                if let signature {
                    writer.key("signature")
                    writer.string(signature)
                }
            case .image(let source):
                writer.key("type")
                writer.string("image")
                switch source {
                case .url(let url):
                    writer.key("url")
                    writer.string(url)
                case .base64(let mediaType, _):
                    writer.key("media_type")
                    writer.string(mediaType)
                }
            }
            writer.endObject()
        }
        writer.endArray()
        writer.key("tool_calls")
        writer.beginArray()
        for call in self.message.toolCalls {
            writer.beginObject()
            writer.key("id")
            writer.string(call.id)
            writer.key("name")
            writer.string(call.name)
            writer.key("arguments")
            writer.string(call.arguments)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        writer.key("usage")
        writer.beginObject()
        writer.key("input_tokens")
        writer.int(self.usage.inputTokens)
        writer.key("output_tokens")
        writer.int(self.usage.outputTokens)
        writer.key("cache_read_tokens")
        writer.int(self.usage.cacheReadTokens)
        writer.key("cache_write_tokens")
        writer.int(self.usage.cacheWriteTokens)
        writer.key("reasoning_tokens")
        writer.int(self.usage.reasoningTokens)
        writer.endObject()
        writer.key("cost")
        if let cost = self.cost {
            writer.beginObject()
            writer.key("input")
            writer.double(cost.input)
            writer.key("output")
            writer.double(cost.output)
            writer.key("cache_read")
            writer.double(cost.cacheRead)
            writer.key("cache_write")
            writer.double(cost.cacheWrite)
            writer.key("total")
            writer.double(cost.total)
            writer.endObject()
        } else {
            writer.null()
        }
        writer.endObject()
        return writer.text
    }
}
