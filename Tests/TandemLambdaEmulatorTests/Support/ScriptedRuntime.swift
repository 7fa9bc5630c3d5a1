import NIOCore
import NIOHTTP1
import NIOPosix

@testable import TandemLambdaEmulator

/// A Runtime API client written for the tests: raw HTTP/1.1 parts over one keep-alive NIO connection, so each rule
/// can be exercised exactly (chunked bodies, trailers, wrong ids, second responses).
struct ScriptedRuntime {
    /// One HTTP response, read whole.
    struct Response {
        var status: Int
        var headers: HTTPHeaders
        var body: String
    }

    let port: Int

    /// Runs `body` with one open connection to the Runtime API.
    func withConnection<T: Sendable>(_ body: (Connection) async throws -> T) async throws -> T {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: self.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                        wrappingChannelSynchronously: channel
                    )
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await body(Connection(inbound: inbound.makeAsyncIterator(), outbound: outbound, port: self.port))
        }
    }

    /// One request on a fresh connection.
    func request(
        _ method: HTTPMethod,
        _ path: String,
        headers: [(String, String)] = [],
        body: String = ""
    ) async throws -> Response {
        try await self.withConnection { try await $0.request(method, path, headers: headers, body: body) }
    }

    /// `GET next` on a fresh connection.
    func next() async throws -> Response {
        try await self.request(.GET, "/2018-06-01/runtime/invocation/next")
    }

    /// A keep-alive connection; not thread-safe, used by one test task.
    final class Connection {
        private var inbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator
        private let outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>
        private let port: Int

        init(
            inbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator,
            outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>,
            port: Int
        ) {
            self.inbound = inbound
            self.outbound = outbound
            self.port = port
        }

        func request(
            _ method: HTTPMethod,
            _ path: String,
            headers: [(String, String)] = [],
            body: String = ""
        ) async throws -> Response {
            var head = HTTPRequestHead(version: .http1_1, method: method, uri: path)
            head.headers.add(name: "Host", value: "127.0.0.1:\(self.port)")
            head.headers.add(name: "Content-Length", value: String(body.utf8.count))
            for (name, value) in headers { head.headers.add(name: name, value: value) }
            try await self.outbound.write(.head(head))
            if !body.isEmpty { try await self.outbound.write(.body(.byteBuffer(ByteBuffer(string: body)))) }
            try await self.outbound.write(.end(nil))
            return try await self.readResponse()
        }

        /// Starts a streamed response (chunked, with declared error trailers); send chunks, then ``finishStream``.
        func startStream(requestID: String, contentType: String = "text/plain") async throws {
            var head = HTTPRequestHead(
                version: .http1_1,
                method: .POST,
                uri: "/2018-06-01/runtime/invocation/\(requestID)/response"
            )
            head.headers.add(name: "Host", value: "127.0.0.1:\(self.port)")
            head.headers.add(name: "Content-Type", value: contentType)
            head.headers.add(name: "Transfer-Encoding", value: "chunked")
            head.headers.add(name: "Lambda-Runtime-Function-Response-Mode", value: "streaming")
            head.headers.add(
                name: "Trailer",
                value: "Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body"
            )
            try await self.outbound.write(.head(head))
        }

        func sendChunk(_ text: String) async throws {
            try await self.outbound.write(.body(.byteBuffer(ByteBuffer(string: text))))
        }

        func finishStream(errorType: String? = nil, errorJSON: String? = nil) async throws -> Response {
            var trailers: HTTPHeaders? = nil
            if let errorType, let errorJSON {
                trailers = [
                    "Lambda-Runtime-Function-Error-Type": errorType,
                    "Lambda-Runtime-Function-Error-Body": Base64.encode(Array(errorJSON.utf8)),
                ]
            }
            try await self.outbound.write(.end(trailers))
            return try await self.readResponse()
        }

        private func readResponse() async throws -> Response {
            var response = Response(status: 0, headers: [:], body: "")
            while let part = try await self.inbound.next() {
                switch part {
                case .head(let head):
                    response.status = Int(head.status.code)
                    response.headers = head.headers
                case .body(let chunk):
                    response.body += String(buffer: chunk)
                case .end:
                    return response
                }
            }
            throw ConnectionClosed()
        }
    }

    struct ConnectionClosed: Error {}

    /// Sends raw bytes and closes, for bodies no HTTP library would send (a truncated chunked body).
    func sendRawAndClose(_ text: String) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: self.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { _, outbound in
            try await outbound.write(ByteBuffer(string: text))
        }
    }
}
