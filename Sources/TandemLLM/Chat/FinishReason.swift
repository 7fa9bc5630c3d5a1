/// Why the model stopped.
public enum FinishReason: Sendable, Hashable {
    /// A natural end or a stop sequence (OpenAI `stop`, Anthropic `end_turn`/`stop_sequence`, Bedrock `end_turn`).
    case stop
    /// The token limit (OpenAI `length`, Anthropic and Bedrock `max_tokens`).
    case length
    /// The model called tools (OpenAI `tool_calls`, Anthropic and Bedrock `tool_use`).
    case toolCalls
    /// A content filter or guardrail (OpenAI `content_filter`, Anthropic `refusal`, Bedrock
    /// `content_filtered`/`guardrail_intervened`).
    case contentFilter
    /// A reason this version does not know, as the provider spelled it.
    case other(String)
}
