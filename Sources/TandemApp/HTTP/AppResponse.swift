public import NIOCore

/// An HTTP response from a handler: status, headers and a body that is complete or streamed.
public struct AppResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The headers, in order; repeat a name to send it more than once (`Set-Cookie`).
    public var headers: [(name: String, value: String)]
    /// The body.
    public var body: AppResponseBody

    /// Creates a response.
    public init(status: Int = 200, headers: [(name: String, value: String)] = [], body: AppResponseBody = .empty) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response from bytes that are already JSON.
    public static func json(_ bytes: some Sequence<UInt8>, status: Int = 200) -> AppResponse {
        AppResponse(
            status: status,
            headers: [("content-type", "application/json")],
            body: .complete(ByteBuffer(bytes: bytes))
        )
    }

    /// A plain-text response.
    public static func text(_ text: String, status: Int = 200) -> AppResponse {
        AppResponse(
            status: status,
            headers: [("content-type", "text/plain; charset=utf-8")],
            body: .complete(ByteBuffer(string: text))
        )
    }
}

/// A response body: all at once, or written chunk by chunk.
public enum AppResponseBody: Sendable {
    /// No body.
    case empty
    /// The whole body.
    case complete(ByteBuffer)
    /// A streamed body: the closure writes chunks; each is sent on as soon as it is written, and `write` waits while
    /// the client (or Lambda) is slower than the handler. Throwing after the first chunk ends the stream with an
    /// error in the host's way (Lambda error trailers; a terminal event for SSE).
    case stream(@Sendable (any ResponseBodyStreamWriter) async throws -> Void)
}

/// Where a streamed body's chunks go.
public protocol ResponseBodyStreamWriter: Sendable {
    /// Writes and flushes one chunk.
    func write(_ buffer: ByteBuffer) async throws

    /// Writes the body's last chunk: nothing is written after it, so the host may send it together with the body's
    /// end (one write and one wake-up of the client instead of two). By default it is ``write(_:)``.
    func writeLast(_ buffer: ByteBuffer) async throws
}

extension ResponseBodyStreamWriter {
    public func writeLast(_ buffer: ByteBuffer) async throws {
        try await self.write(buffer)
    }
}
