/// One event of a streamed chat response, in the order the model produced them.
///
/// Tool calls are keyed by `index`, their position among this response's tool calls (OpenAI's delta index,
/// Anthropic's and Bedrock's content-block index renumbered from 0), so parallel calls can interleave.
public enum ChatStreamEvent: Sendable, Hashable {
    /// The response began: the provider's id and the model answering.
    case messageStart(id: String, model: String)
    /// Visible text.
    case textDelta(String)
    /// Reasoning text (and, at the end of a reasoning block, its signature in a separate event).
    case reasoningDelta(String)
    /// A reasoning block's signature (Anthropic `signature_delta`).
    case reasoningSignature(String)
    /// A tool call began.
    case toolCallStart(index: Int, id: String, name: String)
    /// A fragment of a tool call's argument JSON text.
    case toolCallArgumentsDelta(index: Int, String)
    /// A tool call's arguments are complete.
    case toolCallEnd(index: Int)
    /// Usage so far; a later event replaces an earlier one (Anthropic's counts are cumulative).
    case usage(Usage)
    /// The model stopped.
    case finish(FinishReason)
    /// The stream failed after it had delivered content: a terminal event, never followed by others. Failures before
    /// the first content are thrown by the sequence instead, so the router can retry or fail over.
    case error(LLMError)
}
