package import Logging
package import NIOCore
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The response writer for one invocation, writing straight to the Runtime API connection.
package final class RuntimeAPIResponseWriter: LambdaResponseStreamWriter {
    /// Lambda's buffered response limit as RAPID enforces it: 6 MiB plus 100 bytes.
    package static let maximumBufferedResponseSize = 6 * 1024 * 1024 + 100

    package enum State: Sendable, Equatable {
        case idle
        case streaming
        case finished
    }

    private let state = Mutex(State.idle)
    private let connection: any RuntimeAPIConnectionWriting
    private let requestID: String
    private let invocationID: String?

    package init(connection: any RuntimeAPIConnectionWriting, requestID: String, invocationID: String?) {
        self.connection = connection
        self.requestID = requestID
        self.invocationID = invocationID
    }

    package var currentState: State { self.state.withLock { $0 } }

    private var responsePath: String { RuntimeAPIConnection.apiPrefix + "/invocation/" + self.requestID + "/response" }
    private var errorPath: String { RuntimeAPIConnection.apiPrefix + "/invocation/" + self.requestID + "/error" }

    /// `Lambda-Runtime-Invocation-Id`, echoed when `next` sent it, and `extra`.
    private func headers(_ extra: (name: String, value: String)...) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(extra.count + 1)
        headers.append(contentsOf: extra)
        if let invocationID = self.invocationID {
            headers.append((name: "Lambda-Runtime-Invocation-Id", value: invocationID))
        }
        return headers
    }

    private func streamingHeaders(contentType: String) -> [(name: String, value: String)] {
        self.headers(
            (name: "Content-Type", value: contentType),
            (name: "Lambda-Runtime-Function-Response-Mode", value: "streaming"),
            (name: "Trailer", value: "Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body"),
            (name: "Transfer-Encoding", value: "chunked")
        )
    }

    /// Moves `from` -> `to` atomically; returns false if the writer was not in `from`.
    private func transition(from: State, to: State) -> Bool {
        self.state.withLock { state in
            guard state == from else { return false }
            state = to
            return true
        }
    }

    package func startStreaming(contentType: String) async throws {
        guard self.transition(from: .idle, to: .streaming) else {
            throw LambdaRuntimeError.writerMisuse("the response has already started")
        }
        try self.connection.startChunked(
            path: self.responsePath,
            headers: self.streamingHeaders(contentType: contentType),
            firstChunk: nil
        )
    }

    package func startHTTPResponse(_ prelude: HTTPIntegrationPrelude) async throws {
        guard self.transition(from: .idle, to: .streaming) else {
            throw LambdaRuntimeError.writerMisuse("the response has already started")
        }
        // The head and the prelude in one write.
        try self.connection.startChunked(
            path: self.responsePath,
            headers: self.streamingHeaders(contentType: HTTPIntegrationPrelude.contentType),
            firstChunk: ByteBuffer(bytes: prelude.encoded())
        )
    }

    package func write(_ buffer: ByteBuffer) async throws {
        if self.currentState == .idle {
            try await self.startStreaming(contentType: "application/octet-stream")
        }
        guard self.currentState == .streaming else {
            throw LambdaRuntimeError.writerMisuse("write after the response finished")
        }
        guard buffer.readableBytes > 0 else { return }
        try self.connection.writeChunk(buffer)
    }

    package func finish() async throws {
        if self.transition(from: .idle, to: .finished) {
            try self.connection.post(path: self.responsePath, headers: self.headers(), body: ByteBuffer())
        } else if self.transition(from: .streaming, to: .finished) {
            try self.connection.endChunked(trailers: [])
        }
    }

    package func writeAndFinish(_ buffer: ByteBuffer, contentType: String?) async throws {
        if self.currentState == .idle {
            guard buffer.readableBytes <= Self.maximumBufferedResponseSize else {
                throw LambdaResponseTooLargeError(size: buffer.readableBytes, limit: Self.maximumBufferedResponseSize)
            }
            guard self.transition(from: .idle, to: .finished) else {
                throw LambdaRuntimeError.writerMisuse("the response has already started")
            }
            let headers = contentType.map { self.headers((name: "Content-Type", value: $0)) } ?? self.headers()
            try self.connection.post(path: self.responsePath, headers: headers, body: buffer)
        } else {
            try await self.write(buffer)
            try await self.finish()
        }
    }

    /// Completes the invocation after the handler returned or threw.
    /// - Returns: whether a request was sent whose response must now be read.
    package func complete(error: (any Error)?, logger: Logger) async throws -> Bool {
        let before = self.state.withLock { state in
            let before = state
            state = .finished
            return before
        }
        switch (before, error) {
        case (.idle, nil):
            try self.connection.post(path: self.responsePath, headers: self.headers(), body: ByteBuffer())
            return true
        case (.idle, let error?):
            let payload = LambdaErrorPayload(functionError: error)
            try self.connection.post(
                path: self.errorPath,
                headers: self.headers(
                    (name: "Content-Type", value: "application/json"),
                    (name: "Lambda-Runtime-Function-Error-Type", value: payload.errorType)
                ),
                body: ByteBuffer(bytes: payload.encoded())
            )
            return true
        case (.streaming, nil):
            try self.connection.endChunked(trailers: [])
            return true
        case (.streaming, let error?):
            let payload = LambdaErrorPayload(functionError: error)
            try self.connection.endChunked(trailers: [
                (name: "Lambda-Runtime-Function-Error-Type", value: payload.errorType),
                (name: "Lambda-Runtime-Function-Error-Body", value: Data(payload.encoded()).base64EncodedString()),
            ])
            return true
        case (.finished, nil):
            // The handler answered already; its request is complete and its response is pending.
            return true
        case (.finished, let error?):
            logger.error(
                "handler failed after its response was sent",
                metadata: ["error.type": "\(type(of: error))", "error.message": "\(error)"]
            )
            return true
        }
    }
}
