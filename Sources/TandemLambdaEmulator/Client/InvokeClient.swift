internal import NIOCore
internal import NIOHTTP1
internal import NIOPosix
internal import TandemCore

/// Sends one event to an invoke endpoint (the emulator's, or AWS's emulator) and reads the result, passing streamed
/// chunks on as they arrive.
package struct InvokeClient: Sendable {
    /// What came back.
    package struct Result: Sendable {
        /// The HTTP status.
        package var status: Int
        /// The response headers, in order.
        package var headers: [(name: String, value: String)]
        /// The body, when it was not handed to `onChunk`.
        package var body: [UInt8]
        /// The trailers of a streamed response.
        package var trailers: [(name: String, value: String)]
        /// Whether the body came chunked (a streamed invoke).
        package var streamed: Bool

        /// The first header (or trailer) with that name, compared case-insensitively.
        package func header(_ name: String) -> String? {
            self.headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        /// The first trailer with that name, compared case-insensitively.
        package func trailer(_ name: String) -> String? {
            self.trailers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        /// The function error, from `X-Amz-Function-Error`/`Error-Type` or from the error trailers: its type and
        /// its body (the error JSON).
        package var functionError: (type: String, body: String)? {
            if let type = self.trailer(RuntimeAPIHeader.functionErrorType) {
                let encoded = self.trailer(RuntimeAPIHeader.functionErrorBody) ?? ""
                return (type, String(decoding: Base64.decode(encoded) ?? [], as: UTF8.self))
            }
            guard self.header(RuntimeAPIHeader.amzFunctionError) != nil else { return nil }
            let type = self.header(RuntimeAPIHeader.errorType) ?? "Unhandled"
            return (type, String(decoding: self.body, as: UTF8.self))
        }
    }

    /// The endpoint's host.
    package var host: String
    /// The endpoint's port.
    package var port: Int

    /// A client for `http://host:port`.
    package init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// A client for a URL such as `http://127.0.0.1:9001` (a path, if any, is ignored).
    /// - Throws: ``TandemError`` with code `invalid_configuration` when the URL is not `http://host[:port]`.
    package init(url: String) throws {
        guard url.hasPrefix("http://") else {
            throw TandemError(.invalidConfiguration, "only http:// URLs are supported, got '\(url)'")
        }
        let authority = url.dropFirst("http://".count).prefix { $0 != "/" }
        if let colon = authority.lastIndex(of: ":"), let port = Int(authority[authority.index(after: colon)...]) {
            self.init(host: String(authority[..<colon]), port: port)
        } else if !authority.isEmpty {
            self.init(host: String(authority), port: 80)
        } else {
            throw TandemError(.invalidConfiguration, "no host in '\(url)'")
        }
    }

    /// Invokes the function once.
    /// - Parameters:
    ///   - payload: The event.
    ///   - streaming: Whether to ask for a streamed result (`?stream=true`).
    ///   - headers: Extra request headers (e.g. `X-Amz-Client-Context`).
    ///   - onHead: Called with the response headers of a streamed response, before its first chunk.
    ///   - onChunk: Called with each body chunk of a streamed response as it arrives; a buffered response is
    ///     returned in ``Result/body`` instead.
    /// - Returns: The status, headers, body and trailers.
    /// - Throws: When the connection fails or closes early.
    package func invoke(
        payload: [UInt8],
        streaming: Bool = false,
        headers: [(String, String)] = [],
        onHead: @escaping @Sendable ([(name: String, value: String)]) async -> Void = { _ in },
        onChunk: @escaping @Sendable ([UInt8]) async -> Void = { _ in }
    ) async throws -> Result {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: self.host, port: self.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                        wrappingChannelSynchronously: channel
                    )
                }
            }
        let uri = RuntimeAPIRoute.invokePath + (streaming ? "?stream=true" : "")
        let hostHeader = "\(self.host):\(self.port)"
        return try await channel.executeThenClose { inbound, outbound in
            var requestHeaders = HTTPHeaders()
            requestHeaders.add(name: "Host", value: hostHeader)
            requestHeaders.add(name: "Content-Type", value: "application/json")
            requestHeaders.add(name: "Content-Length", value: String(payload.count))
            requestHeaders.add(name: "Connection", value: "close")
            for (name, value) in headers { requestHeaders.replaceOrAdd(name: name, value: value) }
            let head = HTTPRequestHead(version: .http1_1, method: .POST, uri: uri, headers: requestHeaders)
            try await outbound.write(.head(head))
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: payload))))
            try await outbound.write(.end(nil))

            var result = Result(status: 0, headers: [], body: [], trailers: [], streamed: false)
            for try await part in inbound {
                switch part {
                case .head(let head):
                    result.status = Int(head.status.code)
                    result.headers = head.headers.map { ($0.name, $0.value) }
                    result.streamed = head.headers[canonicalForm: "transfer-encoding"].contains("chunked")
                    if result.streamed { await onHead(result.headers) }
                case .body(let chunk):
                    if result.streamed {
                        await onChunk(Array(chunk.readableBytesView))
                    } else {
                        result.body += chunk.readableBytesView
                    }
                case .end(let trailers):
                    result.trailers = trailers?.map { ($0.name, $0.value) } ?? []
                    return result
                }
            }
            throw TandemError(.upstream, "the invoke endpoint closed the connection before the response ended")
        }
    }
}
