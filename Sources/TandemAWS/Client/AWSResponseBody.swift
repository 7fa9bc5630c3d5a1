public import AsyncHTTPClient
public import NIOCore

/// The body of an AWS response: an `AsyncSequence` of `ByteBuffer` chunks as they arrive (S3 GetObject, Bedrock
/// ConverseStream), or read whole with ``collect(upTo:)``.
///
/// Iterate it once. Dropping it without reading ends the request.
public struct AWSResponseBody: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer

    enum Storage: Sendable {
        case stream(HTTPClientResponse.Body)
        case buffer(ByteBuffer)
    }

    let storage: Storage

    init(_ body: HTTPClientResponse.Body) { self.storage = .stream(body) }

    /// A body that is already complete.
    ///
    /// - Parameter buffer: The bytes.
    public init(buffer: ByteBuffer) { self.storage = .buffer(buffer) }

    /// Iterates the body's chunks.
    public struct AsyncIterator: AsyncIteratorProtocol {
        enum Base {
            case stream(HTTPClientResponse.Body.AsyncIterator)
            case buffer(ByteBuffer?)
        }

        var base: Base

        /// The next chunk, or `nil` at the end.
        ///
        /// - Throws: The transport's error when the connection fails mid-body.
        public mutating func next() async throws -> ByteBuffer? {
            switch self.base {
            case .stream(var iterator):
                let chunk = try await iterator.next()
                self.base = .stream(iterator)
                return chunk
            case .buffer(let buffer):
                self.base = .buffer(nil)
                return buffer.flatMap { $0.readableBytes > 0 ? $0 : nil }
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        switch self.storage {
        case .stream(let body): AsyncIterator(base: .stream(body.makeAsyncIterator()))
        case .buffer(let buffer): AsyncIterator(base: .buffer(buffer))
        }
    }

    /// Reads the whole body.
    ///
    /// - Parameter maxBytes: The largest body accepted.
    /// - Returns: The body's bytes.
    /// - Throws: ``AWSClientError`` `responseTooLarge` past `maxBytes`; the transport's error when the connection
    ///   fails.
    public func collect(upTo maxBytes: Int) async throws -> ByteBuffer {
        var collected = ByteBuffer()
        for try await var chunk in self {
            guard collected.readableBytes + chunk.readableBytes <= maxBytes else {
                throw AWSClientError(.responseTooLarge, "response body is larger than \(maxBytes) bytes")
            }
            collected.writeBuffer(&chunk)
        }
        return collected
    }
}
