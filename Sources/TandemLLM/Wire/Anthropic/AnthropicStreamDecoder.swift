/// Turns the events of an Anthropic Messages stream into ``ChatStreamEvent``s.
///
/// `message_start` gives the id, model and first usage; `content_block_start/delta/stop` give text, reasoning
/// (`thinking_delta`, `signature_delta`) and tool calls (`input_json_delta`), tool calls renumbered from 0 in block
/// order; `message_delta` gives the stop reason and usage, whose counts replace the earlier ones (they are
/// cumulative); `message_stop` sets ``isDone``; `ping` and unknown events are ignored; `error` throws.
package struct AnthropicStreamDecoder: Sendable {
    /// Whether `message_stop` has arrived.
    package private(set) var isDone = false
    private var usage = AnthropicMessagesWire.RawUsage()
    private var toolIndexByBlock: [Int: Int] = [:]
    private var formatToolBlocks: Set<Int> = []
    private var nextToolIndex = 0
    private let provider: String
    private let responseFormatTool: String?
    private var answeredByFormatTool = false

    /// A decoder for one stream.
    ///
    /// - Parameters:
    ///   - responseFormatTool: The tool that carries a JSON-schema answer: its input deltas become text deltas.
    ///   - provider: The provider name for errors.
    package init(responseFormatTool: String? = nil, provider: String = AnthropicMessagesWire.provider) {
        self.responseFormatTool = responseFormatTool
        self.provider = provider
    }

    /// Decodes one event's `data`, calling `emit` for each neutral event in order (the event's `type` field names
    /// it, so the SSE `event:` line is not needed).
    ///
    /// - Throws: An ``LLMError``: the upstream's for an `error` event (for example ``LLMError/Code/overloaded``),
    ///   ``LLMError/Code/badResponse`` for data that is not an event.
    package mutating func decode(_ data: [UInt8], _ emit: (ChatStreamEvent) -> Void) throws(LLMError) {
        var upstreamError: LLMError?
        do throws(JSONScanner.Failure) {
            var scanner = JSONScanner(data)
            var type: String?
            var index: Int?
            var pending: [ChatStreamEvent] = []
            // Fields are read in any order; `type` comes first in practice, so events are emitted as they are read
            // and only buffered when it does not.
            func send(_ event: ChatStreamEvent) {
                if type == nil { pending.append(event) } else { emit(event) }
            }
            try scanner.readObject { scanner, key throws(JSONScanner.Failure) in
                switch key {
                case "type": type = try scanner.readString(at: "type")
                case "index": index = try scanner.readInt(at: "index")
                case "message":
                    var id = ""
                    var model = ""
                    try scanner.readObject(at: "message") { scanner, key throws(JSONScanner.Failure) in
                        switch key {
                        case "id": id = try scanner.readOptionalString(at: "message.id") ?? ""
                        case "model": model = try scanner.readOptionalString(at: "message.model") ?? ""
                        case "usage": self.usage = try AnthropicMessagesWire.scanUsage(&scanner, path: "message.usage", into: self.usage)
                        default: try scanner.skipValue()
                        }
                    }
                    send(.messageStart(id: id, model: model))
                    send(.usage(self.usage.neutral))
                case "content_block":
                    guard let blockIndex = index else {
                        throw scanner.failure("index", "must precede content_block")
                    }
                    switch try AnthropicMessagesWire.scanBlock(&scanner, path: "content_block") {
                    case .part(.text(let text)):
                        if !text.isEmpty { send(.textDelta(text)) }
                    case .part(.reasoning(let text, let signature)):
                        if !text.isEmpty { send(.reasoningDelta(text)) }
                        if let signature, !signature.isEmpty { send(.reasoningSignature(signature)) }
                    case .toolUse(let call):
                        if call.name == self.responseFormatTool {
                            self.formatToolBlocks.insert(blockIndex)
                            self.answeredByFormatTool = true
                        } else {
                            let toolIndex = self.nextToolIndex
                            self.nextToolIndex += 1
                            self.toolIndexByBlock[blockIndex] = toolIndex
                            send(.toolCallStart(index: toolIndex, id: call.id, name: call.name))
                            // Anthropic starts with `{}` and streams the input; some proxies send it whole here.
                            let input = call.arguments.trimmingASCIIWhitespace()
                            if input != "{}" && !input.isEmpty { send(.toolCallArgumentsDelta(index: toolIndex, input)) }
                        }
                    default: break
                    }
                case "delta":
                    try self.scanDelta(&scanner, blockIndex: index, send)
                case "usage":
                    self.usage = try AnthropicMessagesWire.scanUsage(&scanner, path: "usage", into: self.usage)
                    send(.usage(self.usage.neutral))
                case "error":
                    upstreamError = try AnthropicErrorWire.scanError(&scanner, provider: self.provider, status: nil)
                default: try scanner.skipValue()
                }
            }
            try scanner.expectEnd()
            guard let type else { throw scanner.failure("type", "missing") }
            for event in pending { emit(event) }
            switch type {
            case "content_block_stop":
                guard let index else { throw scanner.failure("index", "missing") }
                if let toolIndex = self.toolIndexByBlock.removeValue(forKey: index) { emit(.toolCallEnd(index: toolIndex)) }
            case "message_stop":
                self.isDone = true
            default:
                break
            }
        } catch {
            throw error.llmError(.badResponse, provider: self.provider)
        }
        if let upstreamError { throw upstreamError }
    }

    private mutating func scanDelta(
        _ scanner: inout JSONScanner,
        blockIndex: Int?,
        _ send: (ChatStreamEvent) -> Void
    ) throws(JSONScanner.Failure) {
        var type: String?
        var text: String?
        var stopReason: String?
        try scanner.readObject(at: "delta") { scanner, key throws(JSONScanner.Failure) in
            switch key {
            case "type": type = try scanner.readString(at: "delta.type")
            case "text", "partial_json", "thinking", "signature": text = try scanner.readString(at: "delta." + key)
            case "stop_reason": stopReason = try scanner.readOptionalString(at: "delta.stop_reason")
            default: try scanner.skipValue()
            }
        }
        if let stopReason {
            var reason = AnthropicMessagesWire.finishReason(stopReason)
            if reason == .toolCalls && self.answeredByFormatTool && self.nextToolIndex == 0 { reason = .stop }
            send(.finish(reason))
            return
        }
        guard let type, let text else { return }
        switch type {
        case "text_delta": if !text.isEmpty { send(.textDelta(text)) }
        case "thinking_delta": if !text.isEmpty { send(.reasoningDelta(text)) }
        case "signature_delta": if !text.isEmpty { send(.reasoningSignature(text)) }
        case "input_json_delta":
            guard let blockIndex, !text.isEmpty else { return }
            if self.formatToolBlocks.contains(blockIndex) {
                send(.textDelta(text))
            } else if let toolIndex = self.toolIndexByBlock[blockIndex] {
                send(.toolCallArgumentsDelta(index: toolIndex, text))
            } else {
                throw scanner.failure("index", "input_json_delta for a block that is not an open tool_use")
            }
        default: break
        }
    }
}
