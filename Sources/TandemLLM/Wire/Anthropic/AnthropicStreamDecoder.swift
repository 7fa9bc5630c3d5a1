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
            var hasType = false
            var type: EventType?
            var index: Int?
            var pending: [ChatStreamEvent] = []
            // Fields are read in any order; `type` comes first in practice, so events are emitted as they are read
            // and only buffered when it does not.
            func send(_ event: ChatStreamEvent) {
                if hasType { emit(event) } else { pending.append(event) }
            }
            try scanner.readObject(keys: Self.eventKeys) { scanner, key throws(JSONScanner.Failure) in
                switch key {
                case .type?:
                    type = try scanner.readString(at: "type", matching: Self.eventTypes)
                    hasType = true
                case .index?: index = try scanner.readInt(at: "index")
                case .message?:
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
                case .contentBlock?:
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
                case .delta?:
                    try self.scanDelta(&scanner, blockIndex: index, send)
                case .usage?:
                    self.usage = try AnthropicMessagesWire.scanUsage(&scanner, path: "usage", into: self.usage)
                    send(.usage(self.usage.neutral))
                case .error?:
                    upstreamError = try AnthropicErrorWire.scanError(&scanner, provider: self.provider, status: nil)
                default: try scanner.skipValue()
                }
            }
            try scanner.expectEnd()
            guard hasType else { throw scanner.failure("type", "missing") }
            for event in pending { emit(event) }
            switch type {
            case .contentBlockStop?:
                guard let index else { throw scanner.failure("index", "missing") }
                if let toolIndex = self.toolIndexByBlock.removeValue(forKey: index) { emit(.toolCallEnd(index: toolIndex)) }
            case .messageStop?:
                self.isDone = true
            case nil:
                break
            }
        } catch {
            throw error.llmError(.badResponse, provider: self.provider)
        }
        if let upstreamError { throw upstreamError }
    }

    private enum EventKey: String, CaseIterable, Sendable {
        case type, index, message, delta, usage, error
        case contentBlock = "content_block"
    }
    private enum DeltaKey: String, CaseIterable, Sendable {
        case type, text, thinking, signature
        case partialJSON = "partial_json"
        case stopReason = "stop_reason"
    }
    /// The event types the decoder acts on after reading an event (the others are read by their fields).
    private enum EventType: String, CaseIterable, Sendable {
        case contentBlockStop = "content_block_stop"
        case messageStop = "message_stop"
    }
    private enum DeltaType: String, CaseIterable, Sendable {
        case textDelta = "text_delta"
        case thinkingDelta = "thinking_delta"
        case signatureDelta = "signature_delta"
        case inputJSONDelta = "input_json_delta"
    }
    private static let eventKeys = JSONKeyTable<EventKey>()
    private static let eventTypes = JSONKeyTable<EventType>()
    private static let deltaTypes = JSONKeyTable<DeltaType>()
    private static let deltaKeys = JSONKeyTable<DeltaKey>()

    private mutating func scanDelta(
        _ scanner: inout JSONScanner,
        blockIndex: Int?,
        _ send: (ChatStreamEvent) -> Void
    ) throws(JSONScanner.Failure) {
        var type: DeltaType?
        var text: String?
        var stopReason: String?
        try scanner.readObject(at: "delta", keys: Self.deltaKeys) { scanner, key throws(JSONScanner.Failure) in
            switch key {
            case .type?: type = try scanner.readString(at: "delta.type", matching: Self.deltaTypes)
            case .text?, .partialJSON?, .thinking?, .signature?:
                text = try scanner.readString(at: "delta." + (key?.rawValue ?? ""))
            case .stopReason?: stopReason = try scanner.readOptionalString(at: "delta.stop_reason")
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
        case .textDelta: if !text.isEmpty { send(.textDelta(text)) }
        case .thinkingDelta: if !text.isEmpty { send(.reasoningDelta(text)) }
        case .signatureDelta: if !text.isEmpty { send(.reasoningSignature(text)) }
        case .inputJSONDelta:
            guard let blockIndex, !text.isEmpty else { return }
            if self.formatToolBlocks.contains(blockIndex) {
                send(.textDelta(text))
            } else if let toolIndex = self.toolIndexByBlock[blockIndex] {
                send(.toolCallArgumentsDelta(index: toolIndex, text))
            } else {
                throw scanner.failure("index", "input_json_delta for a block that is not an open tool_use")
            }
        }
    }
}
