/// Who wrote a ``ChatMessage``.
public enum ChatRole: String, Sendable, Hashable, Codable {
    /// Instructions for the model (OpenAI `system`/`developer`, Anthropic and Bedrock `system`).
    case system
    /// The person or program asking.
    case user
    /// The model.
    case assistant
    /// The result of a tool call (OpenAI `tool` messages, Anthropic `tool_result` blocks, Bedrock `toolResult`).
    case tool
}
