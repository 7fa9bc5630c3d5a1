extension OpenAIChatWire {
    /// The Chat Completions body for `request`.
    ///
    /// - Parameters:
    ///   - request: The neutral request; `model` is sent as is.
    ///   - options: Streaming and the token-limit field.
    /// - Returns: The JSON body. Keys of ``ChatRequest/extra`` that the encoder already wrote are not repeated.
    package static func encodeRequest(_ request: ChatRequest, options: RequestOptions = RequestOptions()) -> [UInt8] {
        var writer = JSONWriter(capacity: 256 + request.messages.count * 128)
        var written: Set<String> = []
        func key(_ name: StaticString) {
            writer.key(name)
            if !request.extra.isEmpty { written.insert(name.description) }
        }
        writer.beginObject()
        key("model")
        writer.string(request.model)
        key("messages")
        writer.beginArray()
        for message in request.messages { self.writeMessage(message, to: &writer) }
        writer.endArray()
        if !request.tools.isEmpty {
            key("tools")
            writer.beginArray()
            for tool in request.tools {
                writer.beginObject()
                writer.key("type")
                writer.string("function")
                writer.key("function")
                writer.beginObject()
                writer.key("name")
                writer.string(tool.name)
                if let description = tool.description {
                    writer.key("description")
                    writer.string(description)
                }
                writer.key("parameters")
                writer.value(tool.parameters)
                if let strict = tool.strict {
                    writer.key("strict")
                    writer.bool(strict)
                }
                writer.endObject()
                writer.endObject()
            }
            writer.endArray()
        }
        if let choice = request.toolChoice {
            key("tool_choice")
            switch choice {
            case .auto: writer.string("auto")
            case .any: writer.string("required")
            case .none: writer.string("none")
            case .tool(let name):
                writer.beginObject()
                writer.key("type")
                writer.string("function")
                writer.key("function")
                writer.beginObject()
                writer.key("name")
                writer.string(name)
                writer.endObject()
                writer.endObject()
            }
        }
        if let parallel = request.parallelToolCalls, !request.tools.isEmpty {
            key("parallel_tool_calls")
            writer.bool(parallel)
        }
        switch request.responseFormat {
        case .text: break
        case .jsonObject:
            key("response_format")
            writer.beginObject()
            writer.key("type")
            writer.string("json_object")
            writer.endObject()
        case .jsonSchema(let name, let schema, let strict):
            key("response_format")
            writer.beginObject()
            writer.key("type")
            writer.string("json_schema")
            writer.key("json_schema")
            writer.beginObject()
            writer.key("name")
            writer.string(name)
            writer.key("schema")
            writer.value(schema)
            writer.key("strict")
            writer.bool(strict)
            writer.endObject()
            writer.endObject()
        }
        if let temperature = request.temperature {
            key("temperature")
            writer.double(temperature)
        }
        if let topP = request.topP {
            key("top_p")
            writer.double(topP)
        }
        if let maxTokens = request.maxTokens {
            switch options.maxTokensField {
            case .maxTokens: key("max_tokens")
            case .maxCompletionTokens: key("max_completion_tokens")
            }
            writer.int(maxTokens)
        }
        if !request.stop.isEmpty {
            key("stop")
            writer.beginArray()
            for stop in request.stop { writer.string(stop) }
            writer.endArray()
        }
        if let user = request.user {
            key("user")
            writer.string(user)
        }
        if options.stream {
            key("stream")
            writer.bool(true)
            if options.includeUsage {
                key("stream_options")
                writer.beginObject()
                writer.key("include_usage")
                writer.bool(true)
                writer.endObject()
            }
        }
        if !request.extra.isEmpty {
            for (name, value) in request.extra.sorted(by: { $0.key < $1.key }) where !written.contains(name) {
                writer.key(name)
                writer.value(value)
            }
        }
        writer.endObject()
        return writer.bytes
    }

    private static func writeMessage(_ message: ChatMessage, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("role")
        switch message.role {
        case .system: writer.string("system")
        case .user: writer.string("user")
        case .assistant: writer.string("assistant")
        case .tool: writer.string("tool")
        }
        writer.key("content")
        let visible = message.content.filter {
            if case .reasoning = $0 { return false }
            return true
        }
        if visible.isEmpty {
            if message.role == .assistant && !message.toolCalls.isEmpty {
                writer.null()
            } else {
                writer.string("")
            }
        } else if visible.count == 1, case .text(let text) = visible[0] {
            writer.string(text)
        } else {
            writer.beginArray()
            for part in visible { self.writePart(part, to: &writer) }
            writer.endArray()
        }
        if let name = message.name {
            writer.key("name")
            writer.string(name)
        }
        if !message.toolCalls.isEmpty {
            writer.key("tool_calls")
            writer.beginArray()
            for call in message.toolCalls {
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
        if let id = message.toolCallID {
            writer.key("tool_call_id")
            writer.string(id)
        }
        writer.endObject()
    }

    private static func writePart(_ part: ContentPart, to writer: inout JSONWriter) {
        writer.beginObject()
        switch part {
        case .text(let text):
            writer.key("type")
            writer.string("text")
            writer.key("text")
            writer.string(text)
        case .image(let source):
            writer.key("type")
            writer.string("image_url")
            writer.key("image_url")
            writer.beginObject()
            writer.key("url")
            switch source {
            case .url(let url): writer.string(url)
            case .base64(let mediaType, let data): writer.string("data:\(mediaType);base64,\(data)")
            }
            writer.endObject()
        case .reasoning:
            break
        }
        writer.endObject()
    }
}
