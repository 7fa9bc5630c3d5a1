extension ChatStream {
    /// Reads the whole stream into a response.
    ///
    /// - Throws: The stream's error, or the ``LLMError`` of a terminal ``ChatStreamEvent/error(_:)`` event.
    public func collect(model: String = "") async throws -> ChatResponse {
        var accumulator = ChatResponseAccumulator(model: model)
        for try await event in self { accumulator.add(event) }
        if let error = accumulator.error { throw error }
        return accumulator.response
    }
}
