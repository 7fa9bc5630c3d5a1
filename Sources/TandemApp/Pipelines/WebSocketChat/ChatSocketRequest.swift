public import TandemLLM

/// A client's `{"action":"chat"}` message: the client's request id and the chat it asks for.
///
/// The chat is an OpenAI Chat Completions body (`model`, `messages`, `max_tokens`, `temperature`, tools, ...); its
/// `messages` are the new turns only: the session puts the connection's earlier turns in front of them.
public struct ChatSocketRequest: Sendable, Hashable {
    /// The client's id for this chat; every event the server sends about it carries it.
    public var id: String
    /// The chat, in the provider-neutral form.
    public var chat: ChatRequest

    /// Creates a request.
    public init(id: String, chat: ChatRequest) {
        self.id = id
        self.chat = chat
    }
}
