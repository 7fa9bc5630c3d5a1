/// Turns ``ChatStreamEvent``s into Anthropic Messages stream events (name and data), for the gateway's SSE stream.
///
/// Text and thinking open a content block of their kind (closing the previous text or thinking block); each tool
/// call is a `tool_use` block closed by its ``ChatStreamEvent/toolCallEnd(index:)``. The stop reason and usage
/// are held until ``finish()``, which closes open blocks and sends `message_delta` (with the cumulative usage) and
/// `message_stop`, whatever order the upstream reported them in.
package struct AnthropicStreamEncoder: Sendable {
    private var id: String
    private var model: String
    private var started = false
    private var nextBlock = 0
    private var openText: (block: Int, isThinking: Bool)?
    private var toolBlocks: [Int: Int] = [:]
    private var usage = Usage()
    private var finishReason: FinishReason?

    /// An encoder; `id` and `model` are used until a ``ChatStreamEvent/messageStart(id:model:)`` names others.
    package init(id: String, model: String) {
        self.id = id
        self.model = model
    }

    /// Encodes `event`, calling `emit` with each SSE event's name and data.
    package mutating func encode(_ event: ChatStreamEvent, _ emit: (String, [UInt8]) -> Void) {
        switch event {
        case .messageStart(let id, let model):
            if !id.isEmpty { self.id = id }
            if !model.isEmpty { self.model = model }
            self.start(emit)
        case .textDelta(let text):
            self.start(emit)
            let block = self.textBlock(thinking: false, emit)
            emit("content_block_delta", self.delta(block, type: "text_delta", key: "text", text))
        case .reasoningDelta(let text):
            self.start(emit)
            let block = self.textBlock(thinking: true, emit)
            emit("content_block_delta", self.delta(block, type: "thinking_delta", key: "thinking", text))
        case .reasoningSignature(let signature):
            self.start(emit)
            let block = self.textBlock(thinking: true, emit)
            emit("content_block_delta", self.delta(block, type: "signature_delta", key: "signature", signature))
        case .toolCallStart(let index, let id, let name):
            self.start(emit)
            self.closeText(emit)
            let block = self.nextBlock
            self.nextBlock += 1
            self.toolBlocks[index] = block
            var writer = JSONWriter()
            writer.beginObject()
            writer.key("type")
            writer.string("content_block_start")
            writer.key("index")
            writer.int(block)
            writer.key("content_block")
            writer.beginObject()
            writer.key("type")
            writer.string("tool_use")
            writer.key("id")
            writer.string(id)
            writer.key("name")
            writer.string(name)
            writer.key("input")
            writer.beginObject()
            writer.endObject()
            writer.endObject()
            writer.endObject()
            emit("content_block_start", writer.bytes)
        case .toolCallArgumentsDelta(let index, let fragment):
            guard let block = self.toolBlocks[index] else { return }
            emit("content_block_delta", self.delta(block, type: "input_json_delta", key: "partial_json", fragment))
        case .toolCallEnd(let index):
            guard let block = self.toolBlocks.removeValue(forKey: index) else { return }
            emit("content_block_stop", self.stop(block))
        case .usage(let usage):
            self.usage = usage
        case .finish(let reason):
            self.finishReason = reason
        case .error(let error):
            emit("error", AnthropicErrorWire.encode(error))
        }
    }

    /// Closes open blocks and sends `message_delta` and `message_stop`.
    package mutating func finish(_ emit: (String, [UInt8]) -> Void) {
        self.start(emit)
        self.closeText(emit)
        for block in self.toolBlocks.values.sorted() { emit("content_block_stop", self.stop(block)) }
        self.toolBlocks.removeAll()
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("type")
        writer.string("message_delta")
        writer.key("delta")
        writer.beginObject()
        writer.key("stop_reason")
        writer.string(AnthropicMessagesWire.stopReasonText(self.finishReason ?? .stop))
        writer.key("stop_sequence")
        writer.null()
        writer.endObject()
        writer.key("usage")
        AnthropicMessagesWire.writeUsage(self.usage, to: &writer)
        writer.endObject()
        emit("message_delta", writer.bytes)
        emit("message_stop", Array(#"{"type":"message_stop"}"#.utf8))
    }

    private mutating func start(_ emit: (String, [UInt8]) -> Void) {
        guard !self.started else { return }
        self.started = true
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("type")
        writer.string("message_start")
        writer.key("message")
        writer.beginObject()
        writer.key("id")
        writer.string(self.id)
        writer.key("type")
        writer.string("message")
        writer.key("role")
        writer.string("assistant")
        writer.key("model")
        writer.string(self.model)
        writer.key("content")
        writer.beginArray()
        writer.endArray()
        writer.key("stop_reason")
        writer.null()
        writer.key("stop_sequence")
        writer.null()
        writer.key("usage")
        AnthropicMessagesWire.writeUsage(self.usage, to: &writer)
        writer.endObject()
        writer.endObject()
        emit("message_start", writer.bytes)
    }

    private mutating func textBlock(thinking: Bool, _ emit: (String, [UInt8]) -> Void) -> Int {
        if let open = self.openText, open.isThinking == thinking { return open.block }
        self.closeText(emit)
        let block = self.nextBlock
        self.nextBlock += 1
        self.openText = (block, thinking)
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("type")
        writer.string("content_block_start")
        writer.key("index")
        writer.int(block)
        writer.key("content_block")
        writer.beginObject()
        writer.key("type")
        if thinking {
            writer.string("thinking")
            writer.key("thinking")
            writer.string("")
            writer.key("signature")
            writer.string("")
        } else {
            writer.string("text")
            writer.key("text")
            writer.string("")
        }
        writer.endObject()
        writer.endObject()
        emit("content_block_start", writer.bytes)
        return block
    }

    private mutating func closeText(_ emit: (String, [UInt8]) -> Void) {
        guard let open = self.openText else { return }
        self.openText = nil
        emit("content_block_stop", self.stop(open.block))
    }

    private func stop(_ block: Int) -> [UInt8] {
        var writer = JSONWriter(capacity: 48)
        writer.beginObject()
        writer.key("type")
        writer.string("content_block_stop")
        writer.key("index")
        writer.int(block)
        writer.endObject()
        return writer.bytes
    }

    private func delta(_ block: Int, type: StaticString, key: StaticString, _ text: String) -> [UInt8] {
        var writer = JSONWriter(capacity: 96 + text.utf8.count)
        writer.beginObject()
        writer.key("type")
        writer.string("content_block_delta")
        writer.key("index")
        writer.int(block)
        writer.key("delta")
        writer.beginObject()
        writer.key("type")
        writer.string(type.description)
        writer.key(key)
        writer.string(text)
        writer.endObject()
        writer.endObject()
        return writer.bytes
    }
}
