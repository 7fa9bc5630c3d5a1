#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
package import Logging
package import NIOCore
package import NIOHTTP1
import Synchronization

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

    private var responsePath: String { RuntimeAPIConnection.apiPrefix + "/invocation/\(self.requestID)/response" }
    private var errorPath: String { RuntimeAPIConnection.apiPrefix + "/invocation/\(self.requestID)/error" }

    private var invocationHeaders: [String: String] {
        self.invocationID.map { ["Lambda-Runtime-Invocation-Id": $0] } ?? [:]
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
        var headers = self.invocationHeaders
        headers["Content-Type"] = contentType
        headers["Lambda-Runtime-Function-Response-Mode"] = "streaming"
        headers["Transfer-Encoding"] = "chunked"
        headers["Trailer"] = "Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body"
        try await self.connection.write([.head(self.connection.head(.POST, self.responsePath, headers))])
    }

    package func startHTTPResponse(_ prelude: HTTPIntegrationPrelude) async throws {
        try await self.startStreaming(contentType: HTTPIntegrationPrelude.contentType)
        try await self.connection.write([.body(.byteBuffer(ByteBuffer(bytes: prelude.encoded())))])
    }

    package func write(_ buffer: ByteBuffer) async throws {
        if self.currentState == .idle {
            try await self.startStreaming(contentType: "application/octet-stream")
        }
        guard self.currentState == .streaming else {
            throw LambdaRuntimeError.writerMisuse("write after the response finished")
        }
        guard buffer.readableBytes > 0 else { return }
        try await self.connection.write([.body(.byteBuffer(buffer))])
    }

    package func finish() async throws {
        if self.transition(from: .idle, to: .finished) {
            try await self.connection.post(path: self.responsePath, headers: self.invocationHeaders, body: ByteBuffer())
        } else if self.transition(from: .streaming, to: .finished) {
            try await self.connection.write([.end(nil)])
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
            var headers = self.invocationHeaders
            if let contentType { headers["Content-Type"] = contentType }
            try await self.connection.post(path: self.responsePath, headers: headers, body: buffer)
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
            try await self.connection.post(path: self.responsePath, headers: self.invocationHeaders, body: ByteBuffer())
            return true
        case (.idle, let error?):
            let payload = LambdaErrorPayload(functionError: error)
            var headers = self.invocationHeaders
            headers["Content-Type"] = "application/json"
            headers["Lambda-Runtime-Function-Error-Type"] = payload.errorType
            try await self.connection.post(
                path: self.errorPath,
                headers: headers,
                body: ByteBuffer(bytes: payload.encoded())
            )
            return true
        case (.streaming, nil):
            try await self.connection.write([.end(nil)])
            return true
        case (.streaming, let error?):
            let payload = LambdaErrorPayload(functionError: error)
            var trailers = HTTPHeaders()
            trailers.add(name: "Lambda-Runtime-Function-Error-Type", value: payload.errorType)
            trailers.add(name: "Lambda-Runtime-Function-Error-Body", value: Data(payload.encoded()).base64EncodedString())
            try await self.connection.write([.end(trailers)])
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

/// The writing half of a Runtime API connection (a protocol so tests can record what a writer sends).
package protocol RuntimeAPIConnectionWriting: Sendable {
    func write(_ parts: [HTTPClientRequestPart]) async throws
    func post(path: String, headers: [String: String], body: ByteBuffer) async throws
    func head(_ method: HTTPMethod, _ path: String, _ extra: [String: String]) -> HTTPRequestHead
}
