/// A provider-neutral chat response.
public struct ChatResponse: Sendable, Hashable {
    /// The provider's response id (`chatcmpl-...`, `msg_...`, or the Bedrock request id).
    public var id: String
    /// The model that answered, as the provider named it.
    public var model: String
    /// The assistant's message: text and reasoning parts, and tool calls.
    public var message: ChatMessage
    /// Why the model stopped.
    public var finishReason: FinishReason
    /// Tokens used (zeros when the provider reported none).
    public var usage: Usage
    /// Which deployment served it (`openai`, `anthropic`, `bedrock`, a configured deployment name), set by the router.
    public var provider: String?
    /// What it cost, when the price table knows the model (set by the router).
    public var cost: Cost?

    /// Creates a response.
    public init(
        id: String,
        model: String,
        message: ChatMessage,
        finishReason: FinishReason,
        usage: Usage = Usage(),
        provider: String? = nil,
        cost: Cost? = nil
    ) {
        self.id = id
        self.model = model
        self.message = message
        self.finishReason = finishReason
        self.usage = usage
        self.provider = provider
        self.cost = cost
    }
}
