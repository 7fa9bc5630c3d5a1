import TandemCore

extension AnthropicMessagesWire {
    /// The Messages API body for `request`.
    ///
    /// - Parameters:
    ///   - request: The neutral request; `model` is sent as is.
    ///   - options: Streaming and the default `max_tokens`.
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
        key("max_tokens")
        writer.int(request.maxTokens ?? options.defaultMaxTokens)
        let system = request.messages.filter { $0.role == .system }
        if !system.isEmpty {
            key("system")
            if system.count == 1 {
                writer.string(system[0].text)
            } else {
                writer.beginArray()
                for message in system { self.writeTextBlock(message.text, to: &writer) }
                writer.endArray()
            }
        }
        key("messages")
        self.writeMessages(request.messages, to: &writer)
        let formatTool = self.responseFormatTool(for: request)
        if !request.tools.isEmpty || formatTool != nil {
            key("tools")
            writer.beginArray()
            for tool in request.tools {
                self.writeTool(name: tool.name, description: tool.description, schema: tool.parameters, to: &writer)
            }
            if case .jsonSchema(let name, let schema, _) = request.responseFormat {
                self.writeTool(name: name, description: "Give the answer as this tool's input.", schema: schema, to: &writer)
            }
            writer.endArray()
        }
        var choice = request.toolChoice
        if let formatTool, request.tools.isEmpty { choice = .tool(formatTool) }
        let disableParallel = request.parallelToolCalls == false && !request.tools.isEmpty && choice != ToolChoice.none
        if choice != nil || disableParallel {
            key("tool_choice")
            writer.beginObject()
            writer.key("type")
            switch choice ?? .auto {
            case .auto: writer.string("auto")
            case .any: writer.string("any")
            case .none: writer.string("none")
            case .tool(let name):
                writer.string("tool")
                writer.key("name")
                writer.string(name)
            }
            if disableParallel {
                writer.key("disable_parallel_tool_use")
                writer.bool(true)
            }
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
        if !request.stop.isEmpty {
            key("stop_sequences")
            writer.beginArray()
            for stop in request.stop { writer.string(stop) }
            writer.endArray()
        }
        if let user = request.user {
            key("metadata")
            writer.beginObject()
            writer.key("user_id")
            writer.string(user)
            writer.endObject()
        }
        if options.stream {
            key("stream")
            writer.bool(true)
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

    private static func writeTool(name: String, description: String?, schema: JSONValue, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("name")
        writer.string(name)
        if let description {
            writer.key("description")
            writer.string(description)
        }
        writer.key("input_schema")
        writer.value(schema)
        writer.endObject()
    }

    private static func writeMessages(_ messages: [ChatMessage], to writer: inout JSONWriter) {
        writer.beginArray()
        var inToolTurn = false
        for message in messages {
            switch message.role {
            case .system:
                continue
            case .tool:
                if !inToolTurn {
                    writer.beginObject()
                    writer.key("role")
                    writer.string("user")
                    writer.key("content")
                    writer.beginArray()
                    inToolTurn = true
                }
                self.writeToolResult(message, to: &writer)
            case .user:
                if inToolTurn {
                    for part in message.content { self.writePart(part, to: &writer) }
                    writer.endArray()
                    writer.endObject()
                    inToolTurn = false
                    continue
                }
                writer.beginObject()
                writer.key("role")
                writer.string("user")
                writer.key("content")
                self.writeContent(message.content, to: &writer)
                writer.endObject()
            case .assistant:
                if inToolTurn {
                    writer.endArray()
                    writer.endObject()
                    inToolTurn = false
                }
                writer.beginObject()
                writer.key("role")
                writer.string("assistant")
                writer.key("content")
                if message.toolCalls.isEmpty {
                    self.writeContent(message.content, to: &writer)
                } else {
                    writer.beginArray()
                    for part in message.content { self.writePart(part, to: &writer) }
                    for call in message.toolCalls {
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
                }
                writer.endObject()
            }
        }
        if inToolTurn {
            writer.endArray()
            writer.endObject()
        }
        writer.endArray()
    }

    /// Content as a string when it is one text part, else as blocks.
    private static func writeContent(_ content: [ContentPart], to writer: inout JSONWriter) {
        if content.count == 1, case .text(let text) = content[0] {
            writer.string(text)
            return
        }
        writer.beginArray()
        for part in content { self.writePart(part, to: &writer) }
        writer.endArray()
    }

    private static func writeToolResult(_ message: ChatMessage, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("type")
        writer.string("tool_result")
        writer.key("tool_use_id")
        writer.string(message.toolCallID ?? "")
        writer.key("content")
        self.writeContent(message.content, to: &writer)
        if message.isError {
            writer.key("is_error")
            writer.bool(true)
        }
        writer.endObject()
    }

    static func writeTextBlock(_ text: String, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("type")
        writer.string("text")
        writer.key("text")
        writer.string(text)
        writer.endObject()
    }

    static func writePart(_ part: ContentPart, to writer: inout JSONWriter) {
        switch part {
        case .text(let text):
            self.writeTextBlock(text, to: &writer)
        case .image(let source):
            writer.beginObject()
            writer.key("type")
            writer.string("image")
            writer.key("source")
            writer.beginObject()
            switch ImageSource(url: source) {
            case .base64(let mediaType, let data):
                writer.key("type")
                writer.string("base64")
                writer.key("media_type")
                writer.string(mediaType)
                writer.key("data")
                writer.string(data)
            case .url(let url):
                writer.key("type")
                writer.string("url")
                writer.key("url")
                writer.string(url)
            }
            writer.endObject()
            writer.endObject()
        case .reasoning(let text, let signature):
            guard let signature else { return }
            writer.beginObject()
            writer.key("type")
            writer.string("thinking")
            writer.key("thinking")
            writer.string(text)
            writer.key("signature")
            writer.string(signature)
            writer.endObject()
        }
    }
}
