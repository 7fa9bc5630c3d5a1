/// What one model turn produced: the result of a model step, as it is checkpointed.
public struct AgentModelTurn: Sendable, Hashable, Codable {
    /// A tool call as the model made it (arguments as the exact text it produced, valid JSON or not).
    public struct Call: Sendable, Hashable, Codable {
        /// The provider's call id.
        public var id: String
        /// The tool's name.
        public var name: String
        /// The arguments as JSON text.
        public var arguments: String

        /// Creates a call.
        public init(id: String, name: String, arguments: String) {
            self.id = id
            self.name = name
            self.arguments = arguments
        }
    }

    /// The visible text.
    public var text: String
    /// The tool calls, in the model's order.
    public var calls: [Call]
    /// Prompt tokens.
    public var inputTokens: Int
    /// Generated tokens.
    public var outputTokens: Int
    /// What the turn cost, when known.
    public var costUSD: Double?
    /// Why the model stopped (`stop`, `tool_calls`, `length`, ...).
    public var finishReason: String

    /// Creates a turn.
    public init(
        text: String,
        calls: [Call],
        inputTokens: Int = 0,
        outputTokens: Int = 0,
        costUSD: Double? = nil,
        finishReason: String
    ) {
        self.text = text
        self.calls = calls
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.costUSD = costUSD
        self.finishReason = finishReason
    }
}
