package import NIOCore
package import NIOHTTP1
import NIOPosix

/// One keep-alive HTTP/1.1 connection to the Runtime API, used by one invocation loop.
///
/// Requests are strictly sequential: send one, read its response, send the next. `GET next` has no timeout (Lambda
/// freezes the sandbox while it waits). Responses and errors are written here; their answers are read with
/// ``readResponse(path:)`` once the request is complete.
package final class RuntimeAPIConnection {
    package typealias Outbound = NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>
    typealias AsyncChannel = NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>

    private var inbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator
    /// The writing half, which response writers share.
    package let writer: RuntimeAPIRequestWriter
    package let channel: any Channel

    private init(
        inbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator,
        outbound: Outbound,
        channel: any Channel,
        hostHeader: String
    ) {
        self.inbound = inbound
        self.writer = RuntimeAPIRequestWriter(outbound: outbound, hostHeader: hostHeader)
        self.channel = channel
    }

    /// Connects, runs `body` with the connection, and closes it.
    package static func withConnection<Result: Sendable>(
        to endpoint: RuntimeAPIEndpoint,
        group: any EventLoopGroup,
        _ body: (RuntimeAPIConnection) async throws -> Result
    ) async throws -> Result {
        let bootstrap = ClientBootstrap(group: group).channelOption(.tcpOption(.tcp_nodelay), value: 1)
        let initializer: @Sendable (any Channel) -> EventLoopFuture<AsyncChannel> = { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHTTPClientHandlers()
                return try AsyncChannel(wrappingChannelSynchronously: channel)
            }
        }
        // Lambda gives an IP literal: connect to it directly, without the resolver and Happy Eyeballs.
        let asyncChannel: AsyncChannel
        if let address = try? SocketAddress(ipAddress: endpoint.host, port: endpoint.port) {
            asyncChannel = try await bootstrap.connect(to: address, channelInitializer: initializer)
        } else {
            asyncChannel = try await bootstrap.connect(
                host: endpoint.host,
                port: endpoint.port,
                channelInitializer: initializer
            )
        }
        let channel = asyncChannel.channel
        return try await asyncChannel.executeThenClose { inbound, outbound in
            let connection = RuntimeAPIConnection(
                inbound: inbound.makeAsyncIterator(),
                outbound: outbound,
                channel: channel,
                hostHeader: endpoint.description
            )
            return try await body(connection)
        }
    }

    // MARK: requests

    package static let apiPrefix = "/2018-06-01/runtime"

    /// `GET /runtime/invocation/next`: waits for the next event.
    package func next() async throws -> (LambdaInvocationMetadata, ByteBuffer) {
        let path = Self.apiPrefix + "/invocation/next"
        try await self.writer.write([.head(self.writer.head(.GET, path, [:])), .end(nil)])
        let response = try await self.readResponse(path: path)
        guard response.status == 200 else {
            throw LambdaRuntimeError.runtimeAPIFailed(status: response.status, path: path)
        }
        let headers = response.headers.map { (name: $0.name, value: $0.value) }
        return (try LambdaInvocationMetadata(headers: headers), response.body)
    }

    /// A Runtime API response: status, headers and the whole body (they are small).
    package struct Response: Sendable {
        package var status: Int
        package var headers: HTTPHeaders
        package var body: ByteBuffer
    }

    /// Reads one complete response.
    /// - Throws: ``LambdaRuntimeError/connectionClosed`` when the connection ends first.
    package func readResponse(path: String) async throws -> Response {
        var head: HTTPResponseHead?
        var body = ByteBuffer()
        while let part = try await self.inbound.next() {
            switch part {
            case .head(let responseHead):
                head = responseHead
            case .body(var chunk):
                body.writeBuffer(&chunk)
            case .end:
                guard let head else { throw LambdaRuntimeError.invalidNextResponse("response without a head") }
                return Response(status: Int(head.status.code), headers: head.headers, body: body)
            }
        }
        throw LambdaRuntimeError.connectionClosed
    }
}
