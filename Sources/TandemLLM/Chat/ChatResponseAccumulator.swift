/// Builds a ``ChatResponse`` from ``ChatStreamEvent``s: the one place where deltas become a message.
///
/// Text deltas are concatenated; tool-call argument fragments are concatenated per index and calls are ordered by
/// index; the last usage event wins (usage is cumulative); a stream without a finish event finishes as
/// ``FinishReason/toolCalls`` when it made calls, else ``FinishReason/stop``.
public struct ChatResponseAccumulator: Sendable {
    private var id = ""
    private var model: String
    private var text = ""
    private var parts: [ContentPart] = []
    private var reasoning = ""
    private var reasoningSignature: String?
    private var calls: [Int: ToolCall] = [:]
    private var usage = Usage()
    private var finishReason: FinishReason?
    /// The terminal error, if the stream ended with one.
    public private(set) var error: LLMError?
    /// Whether any text, reasoning or tool call has arrived (the router's "first token" line).
    public private(set) var hasContent = false

    /// An accumulator; `model` is used when the stream never says which model answered.
    public init(model: String = "") {
        self.model = model
    }

    /// Takes one event.
    public mutating func add(_ event: ChatStreamEvent) {
        switch event {
        case .messageStart(let id, let model):
            self.id = id
            if !model.isEmpty { self.model = model }
        case .textDelta(let delta):
            self.flushReasoning()
            self.text += delta
            self.hasContent = true
        case .reasoningDelta(let delta):
            self.flushText()
            self.reasoning += delta
            self.hasContent = true
        case .reasoningSignature(let signature):
            self.reasoningSignature = (self.reasoningSignature ?? "") + signature
        case .toolCallStart(let index, let id, let name):
            self.calls[index] = ToolCall(id: id, name: name, arguments: self.calls[index]?.arguments ?? "")
            self.hasContent = true
        case .toolCallArgumentsDelta(let index, let fragment):
            self.calls[index, default: ToolCall(id: "", name: "", arguments: "")].arguments += fragment
            self.hasContent = true
        case .toolCallEnd:
            break
        case .usage(let usage):
            self.usage = usage
        case .finish(let reason):
            self.finishReason = reason
        case .error(let error):
            self.error = error
        }
    }

    /// The response so far.
    public var response: ChatResponse {
        var copy = self
        copy.flushText()
        copy.flushReasoning()
        let calls = copy.calls.sorted { $0.key < $1.key }.map(\.value)
        let reason = copy.finishReason ?? (calls.isEmpty ? .stop : .toolCalls)
        return ChatResponse(
            id: copy.id,
            model: copy.model,
            message: ChatMessage(role: .assistant, content: copy.parts, toolCalls: calls),
            finishReason: reason,
            usage: copy.usage
        )
    }

    private mutating func flushText() {
        guard !self.text.isEmpty else { return }
        self.parts.append(.text(self.text))
        self.text = ""
    }

    private mutating func flushReasoning() {
        guard !self.reasoning.isEmpty || self.reasoningSignature != nil else { return }
        self.parts.append(.reasoning(text: self.reasoning, signature: self.reasoningSignature))
        self.reasoning = ""
        self.reasoningSignature = nil
    }
}
