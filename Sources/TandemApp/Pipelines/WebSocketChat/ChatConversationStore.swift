public import TandemLLM

/// The conversation of each WebSocket connection: the turns the session puts in front of a client's new messages.
///
/// Two implementations, same behaviour: ``SQLiteChatConversationStore`` (local and containers) and
/// ``DynamoDBChatConversationStore`` (Lambda). A store holds only completed exchanges: a chat that failed, was
/// cancelled or whose client left adds nothing.
public protocol ChatConversationStore: Sendable {
    /// Records a new connection (`$connect`); an existing conversation under the same id is discarded.
    /// - Throws: The store's error.
    func open(connectionID: String) async throws

    /// The connection's earlier messages, oldest first: at most the `limit` most recent ones (a system message
    /// that opened the conversation is kept in front even when older).
    /// - Returns: The messages, or none for an unknown connection.
    /// - Throws: The store's error.
    func history(connectionID: String, limit: Int) async throws -> [ChatMessage]

    /// Appends a completed exchange (the client's new messages and the assistant's answer).
    /// - Throws: The store's error.
    func append(_ messages: [ChatMessage], connectionID: String) async throws

    /// Forgets the connection (`$disconnect`).
    /// - Throws: The store's error.
    func close(connectionID: String) async throws
}

extension ChatConversationStore {
    /// The most recent `limit` of `messages`, with a leading system message kept.
    static func trim(_ messages: [ChatMessage], limit: Int) -> [ChatMessage] {
        guard messages.count > limit else { return messages }
        let limit = max(limit, 0)
        if let first = messages.first, first.role == .system, limit > 0 {
            return [first] + messages.suffix(limit - 1)
        }
        return Array(messages.suffix(limit))
    }
}
