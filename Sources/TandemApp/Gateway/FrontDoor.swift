/// The API a request came in through; errors, heartbeats and terminal stream events are written in its format.
public enum FrontDoor: String, Sendable, Hashable {
    /// OpenAI's (`/v1/chat/completions`, `/v1/embeddings`, `/v1/models`): `{"error":{"message","type","param","code"}}`.
    case openAI = "openai"
    /// Anthropic's (`/v1/messages`): `{"type":"error","error":{"type","message"}}`.
    case anthropic
}
