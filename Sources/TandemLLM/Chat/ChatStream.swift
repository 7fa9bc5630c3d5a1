import TandemCore

/// A streamed chat response: an `AsyncSequence` of ``ChatStreamEvent``s.
///
/// Iteration throws an ``LLMError`` for failures before any content (nothing reached the caller, so a retry or a
/// fallback is safe); a failure after content arrives as a terminal ``ChatStreamEvent/error(_:)`` event. Ending the
/// iteration early (or cancelling the consuming task) cancels the upstream request.
///
/// A stream is read once. A stream made with a producer closure starts it when it is read: in a task
/// of its own for `for try await`, or in the reader's own task for the package's `deliver(to:)`, where each event is
/// a plain call from the producer to the reader (the router and the gateway relay read that way, so a token crosses
/// no task between the upstream's bytes and the relay's queue, which the response writer reads).
public struct ChatStream: AsyncSequence, Sendable {
    public typealias Element = ChatStreamEvent

    /// Where a producer sends its events.
    public struct Continuation: Sendable {
        private let deliver: @Sendable (ChatStreamEvent) -> Void

        package init(_ deliver: @escaping @Sendable (ChatStreamEvent) -> Void) {
            self.deliver = deliver
        }

        /// Hands `event` to the reader.
        public func yield(_ event: ChatStreamEvent) {
            self.deliver(event)
        }
    }

    private enum Source: Sendable {
        case stream(AsyncThrowingStream<ChatStreamEvent, any Error>)
        case producer(@Sendable (Continuation) async throws -> Void)
    }

    private let source: Source

    /// A stream over `base`.
    public init(_ base: AsyncThrowingStream<ChatStreamEvent, any Error>) {
        self.source = .stream(base)
    }

    /// A stream fed by `produce`, which runs when the stream is read and is cancelled when the reader stops.
    ///
    /// - Parameter produce: Yields events through the continuation it is given; returning ends the stream, throwing
    ///   ends it with that error.
    public init(_ produce: @escaping @Sendable (Continuation) async throws -> Void) {
        self.source = .producer(produce)
    }

    /// A stream of the given events (tests and scripted models).
    public init(events: [ChatStreamEvent]) {
        self.init { continuation in
            for event in events { continuation.yield(event) }
        }
    }

    public func makeAsyncIterator() -> AsyncThrowingStream<ChatStreamEvent, any Error>.AsyncIterator {
        switch self.source {
        case .stream(let base):
            return base.makeAsyncIterator()
        case .producer(let produce):
            let (stream, continuation) = AsyncThrowingStream<ChatStreamEvent, any Error>.makeStream()
            // On the serving connection's executor when there is one (see ConnectionExecutor): the events are
            // relayed from there, so each one crosses no thread.
            let task = Task(executorPreference: ConnectionExecutor.current) {
                do {
                    try await produce(Continuation { continuation.yield($0) })
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
            return stream.makeAsyncIterator()
        }
    }

    /// Reads the stream, calling `body` with each event in order, in the calling task.
    ///
    /// A producer runs in the calling task and calls `body` as it yields, so no event waits for a task switch.
    /// `body` may be called from a child task of the producer, one call at a time. Returns when the stream ends;
    /// throws as iteration would. To stop early, cancel the calling task (which cancels the upstream request); a
    /// producer ends after a terminal ``ChatStreamEvent/error(_:)`` event on its own.
    package func deliver(to body: @escaping @Sendable (ChatStreamEvent) -> Void) async throws {
        switch self.source {
        case .stream(let base):
            for try await event in base { body(event) }
        case .producer(let produce):
            try await produce(Continuation(body))
        }
    }
}
