public import NIOCore

/// Handles an event of one source: the raw event in, the response document (if the source wants one) out.
///
/// Batch sources answer with a partial batch response (`{"batchItemFailures":[...]}`) so that only the failed
/// records are retried; Tandem's typed handlers build it for you.
public protocol EventHandler: Sendable {
    /// Handles one event.
    /// - Returns: The response bytes (JSON), or nil for none.
    /// - Throws: When the whole event failed (Lambda retries it whole, or sends it to a DLQ).
    func handle(_ event: ByteBuffer, context: HandlerContext) async throws -> ByteBuffer?
}

/// An ``EventHandler`` made from a closure.
public struct ClosureEventHandler: EventHandler {
    private let body: @Sendable (ByteBuffer, HandlerContext) async throws -> ByteBuffer?

    /// Wraps `body`.
    public init(_ body: @escaping @Sendable (ByteBuffer, HandlerContext) async throws -> ByteBuffer?) {
        self.body = body
    }

    public func handle(_ event: ByteBuffer, context: HandlerContext) async throws -> ByteBuffer? {
        try await self.body(event, context)
    }
}
