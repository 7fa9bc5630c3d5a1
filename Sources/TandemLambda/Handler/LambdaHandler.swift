public import NIOCore

/// Handles raw Lambda invocations: the event's bytes in, a buffered or streamed response out.
///
/// This is the runtime's lowest-level handler; Tandem's handler table adapts to it (it recognises the event's
/// shape and dispatches to HTTP routes or event handlers). Implement it directly for full control:
///
/// ```swift
/// struct Echo: LambdaHandler {
///     func handle(_ event: ByteBuffer, responseWriter: some LambdaResponseStreamWriter, context: LambdaContext)
///         async throws
///     {
///         try await responseWriter.writeAndFinish(event)
///     }
/// }
/// ```
public protocol LambdaHandler: Sendable {
    /// Handles one invocation.
    /// - Parameters:
    ///   - event: The event exactly as Lambda delivered it.
    ///   - responseWriter: Where the response goes (buffered or streamed).
    ///   - context: The invocation's request id, deadline, trace id and logger.
    /// - Throws: Any error; it is reported to Lambda as `Function.<ErrorType>` (before the first streamed byte on
    ///   `/error`, after it in the stream's error trailers) and the runtime goes on serving.
    func handle(_ event: ByteBuffer, responseWriter: some LambdaResponseStreamWriter, context: LambdaContext)
        async throws
}

/// A ``LambdaHandler`` made from a closure.
public struct ClosureLambdaHandler: LambdaHandler {
    private let body:
        @Sendable (ByteBuffer, any LambdaResponseStreamWriter, LambdaContext) async throws -> Void

    /// Wraps `body` as a handler.
    public init(_ body: @escaping @Sendable (ByteBuffer, any LambdaResponseStreamWriter, LambdaContext) async throws -> Void) {
        self.body = body
    }

    public func handle(_ event: ByteBuffer, responseWriter: some LambdaResponseStreamWriter, context: LambdaContext)
        async throws
    {
        try await self.body(event, responseWriter, context)
    }
}
