public import NIOCore
import Synchronization

extension AppResponseBody {
    /// The whole body, streamed bodies collected (for hosts that can only send a complete response).
    /// - Throws: ``HTTPError`` 502-style when a streamed body grows past `limit`, or what the stream threw.
    public func collect(limit: Int) async throws -> ByteBuffer {
        switch self {
        case .empty:
            return ByteBuffer()
        case .complete(let buffer):
            return buffer
        case .stream(let produce):
            let collector = BodyCollector(limit: limit)
            try await produce(collector)
            return collector.buffer
        }
    }
}

/// Collects a streamed body into one buffer.
final class BodyCollector: ResponseBodyStreamWriter {
    private let state: Mutex<ByteBuffer> = Mutex(ByteBuffer())
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    var buffer: ByteBuffer { self.state.withLock { $0 } }

    func write(_ buffer: ByteBuffer) async throws {
        try self.state.withLock { collected in
            guard collected.readableBytes + buffer.readableBytes <= self.limit else {
                throw HTTPError(status: 500, message: "response body exceeds \(self.limit) bytes", code: "response_too_large")
            }
            var buffer = buffer
            collected.writeBuffer(&buffer)
        }
    }
}
