/// Turns ``ChatStreamEvent``s into OpenAI `chat.completion.chunk` payloads, for the gateway's SSE stream.
///
/// Each payload is the `data` of one SSE event; after ``finish()`` the caller sends `data: [DONE]`. Usage is held
/// until the end and sent as the final chunk with empty `choices` (only when the client asked for
/// `stream_options.include_usage`), whatever order the upstream reported it in.
package struct OpenAIStreamEncoder: Sendable {
    private var id: String
    private var model: String
    private let created: Int
    private let includeUsage: Bool
    private var usage: Usage?

    /// An encoder; `id` and `model` are used until a ``ChatStreamEvent/messageStart(id:model:)`` names others.
    package init(id: String, model: String, created: Int, includeUsage: Bool) {
        self.id = id
        self.model = model
        self.created = created
        self.includeUsage = includeUsage
    }

    /// The chunk for `event`, or `nil` when it has none (tool-call ends, signatures, usage until the end).
    package mutating func encode(_ event: ChatStreamEvent) -> [UInt8]? {
        switch event {
        case .messageStart(let id, let model):
            if !id.isEmpty { self.id = id }
            if !model.isEmpty { self.model = model }
            return self.chunk { writer in
                writer.key("role")
                writer.string("assistant")
                writer.key("content")
                writer.string("")
            }
        case .textDelta(let text):
            return self.chunk { writer in
                writer.key("content")
                writer.string(text)
            }
        case .reasoningDelta(let text):
            return self.chunk { writer in
                writer.key("reasoning_content")
                writer.string(text)
            }
        case .toolCallStart(let index, let id, let name):
            return self.chunk { writer in
                self.toolCall(index: index, to: &writer) { writer in
                    writer.key("id")
                    writer.string(id)
                    writer.key("type")
                    writer.string("function")
                    writer.key("function")
                    writer.beginObject()
                    writer.key("name")
                    writer.string(name)
                    writer.key("arguments")
                    writer.string("")
                    writer.endObject()
                }
            }
        case .toolCallArgumentsDelta(let index, let fragment):
            return self.chunk { writer in
                self.toolCall(index: index, to: &writer) { writer in
                    writer.key("function")
                    writer.beginObject()
                    writer.key("arguments")
                    writer.string(fragment)
                    writer.endObject()
                }
            }
        case .finish(let reason):
            return self.chunk(finishReason: OpenAIChatWire.finishReasonText(reason)) { _ in }
        case .usage(let usage):
            self.usage = usage
            return nil
        case .error(let error):
            return OpenAIErrorWire.encode(error)
        case .toolCallEnd, .reasoningSignature:
            return nil
        }
    }

    /// The chunk that ends the stream (the usage chunk), if any; send `data: [DONE]` after it.
    package func finish() -> [UInt8]? {
        guard self.includeUsage else { return nil }
        var writer = JSONWriter()
        self.header(&writer)
        writer.key("choices")
        writer.beginArray()
        writer.endArray()
        writer.key("usage")
        OpenAIChatWire.writeUsage(self.usage ?? Usage(), to: &writer)
        writer.endObject()
        return writer.bytes
    }

    private func header(_ writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("id")
        writer.string(self.id)
        writer.key("object")
        writer.string("chat.completion.chunk")
        writer.key("created")
        writer.int(self.created)
        writer.key("model")
        writer.string(self.model)
    }

    private func chunk(finishReason: String? = nil, _ delta: (inout JSONWriter) -> Void) -> [UInt8] {
        var writer = JSONWriter(capacity: 192)
        self.header(&writer)
        writer.key("choices")
        writer.beginArray()
        writer.beginObject()
        writer.key("index")
        writer.int(0)
        writer.key("delta")
        writer.beginObject()
        delta(&writer)
        writer.endObject()
        writer.key("logprobs")
        writer.null()
        writer.key("finish_reason")
        if let finishReason { writer.string(finishReason) } else { writer.null() }
        writer.endObject()
        writer.endArray()
        if self.includeUsage {
            writer.key("usage")
            writer.null()
        }
        writer.endObject()
        return writer.bytes
    }

    private func toolCall(index: Int, to writer: inout JSONWriter, _ body: (inout JSONWriter) -> Void) {
        writer.key("tool_calls")
        writer.beginArray()
        writer.beginObject()
        writer.key("index")
        writer.int(index)
        body(&writer)
        writer.endObject()
        writer.endArray()
    }
}
