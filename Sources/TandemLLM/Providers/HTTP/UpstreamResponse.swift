package import AsyncHTTPClient
package import NIOCore
package import NIOHTTP1

/// A streamed upstream response whose head arrived: status, headers and the body still to be read.
package struct UpstreamResponse: Sendable {
    /// The HTTP status code (2xx: other statuses are errors before a response is made).
    package var status: Int
    /// The response headers.
    package var headers: HTTPHeaders
    /// The body, as its parts arrive.
    package var body: UpstreamBody

    package init(status: Int, headers: HTTPHeaders, body: UpstreamBody) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// The parts of a streamed response body, from whichever client carried it: ``UpstreamConnectionPool`` (plain HTTP)
/// or AsyncHTTPClient (TLS).
package struct UpstreamBody: AsyncSequence, Sendable {
    package typealias Element = ByteBuffer

    enum Source: Sendable {
        case pool(AsyncThrowingStream<ByteBuffer, any Error>)
        case client(HTTPClientResponse.Body)
    }

    let source: Source

    /// The body of a response read through AsyncHTTPClient.
    package init(_ body: HTTPClientResponse.Body) {
        self.source = .client(body)
    }

    init(pool parts: AsyncThrowingStream<ByteBuffer, any Error>) {
        self.source = .pool(parts)
    }

    package struct AsyncIterator: AsyncIteratorProtocol {
        enum Base {
            case pool(AsyncThrowingStream<ByteBuffer, any Error>.AsyncIterator)
            case client(HTTPClientResponse.Body.AsyncIterator)
        }

        var base: Base

        package mutating func next() async throws -> ByteBuffer? {
            switch self.base {
            case .pool(var iterator):
                defer { self.base = .pool(iterator) }
                return try await iterator.next()
            case .client(var iterator):
                defer { self.base = .client(iterator) }
                return try await iterator.next()
            }
        }
    }

    package func makeAsyncIterator() -> AsyncIterator {
        switch self.source {
        case .pool(let parts): AsyncIterator(base: .pool(parts.makeAsyncIterator()))
        case .client(let body): AsyncIterator(base: .client(body.makeAsyncIterator()))
        }
    }
}
