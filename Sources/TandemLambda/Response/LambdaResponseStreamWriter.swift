public import NIOCore

/// How a handler answers an invocation: all at once, or as a stream of chunks.
///
/// Answer once with ``writeAndFinish(_:contentType:)`` for a buffered response (up to 6 MiB), or call
/// ``write(_:)`` repeatedly and then ``finish()`` to stream (Lambda response streaming: each chunk is sent and
/// flushed as soon as it is written, and a slow reader slows the writer down). An HTTP handler that streams starts
/// with ``startHTTPResponse(_:)`` so that Function URLs and API Gateway see its status code, headers and cookies.
/// If the handler throws after the first byte, the runtime ends the stream with Lambda's error trailers.
public protocol LambdaResponseStreamWriter: Sendable {
    /// Starts a streamed response with a content type (optional: the first ``write(_:)`` starts one too).
    func startStreaming(contentType: String) async throws
    /// Starts a streamed HTTP response: the prelude (status, headers, cookies), then the body chunks.
    func startHTTPResponse(_ prelude: HTTPIntegrationPrelude) async throws
    /// Writes one chunk of a streamed response and flushes it.
    func write(_ buffer: ByteBuffer) async throws
    /// Ends a streamed response (or sends an empty buffered one if nothing was written).
    func finish() async throws
    /// Sends the whole response: buffered if nothing was streamed yet, else the last chunk and the end.
    /// - Throws: ``LambdaResponseTooLargeError`` when a buffered response exceeds Lambda's limit.
    func writeAndFinish(_ buffer: ByteBuffer, contentType: String?) async throws
}

extension LambdaResponseStreamWriter {
    /// Sends the whole response as a buffered response with no declared content type.
    public func writeAndFinish(_ buffer: ByteBuffer) async throws {
        try await self.writeAndFinish(buffer, contentType: nil)
    }
}

/// A buffered response was larger than Lambda accepts (6 MiB + 100 bytes); stream it instead.
public struct LambdaResponseTooLargeError: Error, LambdaErrorTypeProviding, CustomStringConvertible {
    /// The size of the rejected response.
    public var size: Int
    /// The limit it exceeded.
    public var limit: Int

    public var lambdaErrorType: String { "Function.ResponseSizeTooLarge" }

    public var description: String {
        "Response payload size (\(self.size) bytes) exceeded maximum allowed payload size (\(self.limit) bytes)."
    }
}
