import TandemCore

/// A streamed chat response: an `AsyncSequence` of ``ChatStreamEvent``s.
///
/// Iteration throws an ``LLMError`` for failures before any content (nothing reached the caller, so a retry or a
/// fallback is safe); a failure after content arrives as a terminal ``ChatStreamEvent/error(_:)`` event. Ending the
/// iteration early (or cancelling the consuming task) cancels the upstream request.
public struct ChatStream: AsyncSequence, Sendable {
    public typealias Element = ChatStreamEvent

    private let base: AsyncThrowingStream<ChatStreamEvent, any Error>

    /// A stream over `base`.
    public init(_ base: AsyncThrowingStream<ChatStreamEvent, any Error>) {
        self.base = base
    }

    /// A stream fed by `produce`, which runs in a child task and is cancelled when the consumer stops listening.
    ///
    /// - Parameter produce: Yields events through the continuation it is given; throwing ends the stream with
    ///   that error.
    public init(
        bufferingPolicy: AsyncThrowingStream<ChatStreamEvent, any Error>.Continuation.BufferingPolicy = .unbounded,
        _ produce: @escaping @Sendable (AsyncThrowingStream<ChatStreamEvent, any Error>.Continuation) async throws
            -> Void
    ) {
        let (stream, continuation) = AsyncThrowingStream<ChatStreamEvent, any Error>.makeStream(
            bufferingPolicy: bufferingPolicy
        )
        // On the serving connection's executor when there is one (see ConnectionExecutor): the events are relayed
        // from there, so each one crosses no thread.
        let task = Task(executorPreference: ConnectionExecutor.current) {
            do {
                try await produce(continuation)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        self.base = stream
    }

    /// A stream of the given events (tests and scripted models).
    public init(events: [ChatStreamEvent]) {
        self.init { continuation in
            for event in events { continuation.yield(event) }
        }
    }

    public func makeAsyncIterator() -> AsyncThrowingStream<ChatStreamEvent, any Error>.AsyncIterator {
        self.base.makeAsyncIterator()
    }
}
