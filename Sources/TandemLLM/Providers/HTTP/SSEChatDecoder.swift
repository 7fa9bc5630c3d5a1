/// A decoder of one provider's SSE chat stream (``OpenAIStreamDecoder``, ``AnthropicStreamDecoder``).
package protocol SSEChatDecoder: Sendable {
    /// Whether the stream's end marker arrived (`[DONE]`, `message_stop`).
    var isDone: Bool { get }

    /// Decodes one event, calling `emit` for each neutral event.
    ///
    /// - Throws: An ``LLMError``.
    mutating func decode(_ event: SSEEvent, _ emit: (ChatStreamEvent) -> Void) throws(LLMError)
}

extension OpenAIStreamDecoder: SSEChatDecoder {
    package mutating func decode(_ event: SSEEvent, _ emit: (ChatStreamEvent) -> Void) throws(LLMError) {
        try self.decode(event.data, emit)
    }
}

extension AnthropicStreamDecoder: SSEChatDecoder {
    package mutating func decode(_ event: SSEEvent, _ emit: (ChatStreamEvent) -> Void) throws(LLMError) {
        try self.decode(event.data, emit)
    }
}
