// The floor for bench/gateway: the least a SwiftNIO HTTP/1.1 reverse proxy can do. Each client connection gets one
// kept-alive upstream connection on its own event loop; a request's URI and body are forwarded, and the upstream's
// status and body are sent back. No routing, no JSON, no authentication, no limits, no metrics, no logging.
//
//   ProxyFloor UPSTREAM_PORT LISTEN_PORT      (both on 127.0.0.1; one event loop per core)
#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOHTTP1
import NIOPosix

guard CommandLine.arguments.count == 3, let upstreamPort = Int(CommandLine.arguments[1]),
    let listenPort = Int(CommandLine.arguments[2])
else {
    print("usage: ProxyFloor UPSTREAM_PORT LISTEN_PORT")
    exit(2)
}

/// Collects one upstream response and hands it to the waiting client connection.
// @unchecked: created for one client connection and used only on that connection's event loop.
final class UpstreamHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart

    var onResponse: ((HTTPResponseStatus, ByteBuffer) -> Void)?
    private var status = HTTPResponseStatus.ok
    private var body = ByteBuffer()

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch self.unwrapInboundIn(data) {
        case .head(let head):
            self.status = head.status
            self.body.clear()
        case .body(var part):
            self.body.writeBuffer(&part)
        case .end:
            let onResponse = self.onResponse
            self.onResponse = nil
            onResponse?(self.status, self.body)
        }
    }
}

/// Serves one client connection: each request goes to the upstream on the same loop, its answer comes back.
final class ProxyHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let upstreamPort: Int
    private let upstreamHandler = UpstreamHandler()
    private var upstream: (any Channel)?
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()

    init(upstreamPort: Int) {
        self.upstreamPort = upstreamPort
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch self.unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            self.body.clear()
        case .body(var part):
            self.body.writeBuffer(&part)
        case .end:
            guard let head = self.head else { return }
            let body = self.body
            if let upstream = self.upstream {
                self.forward(head, body, over: upstream, context: context)
                return
            }
            let handler = self.upstreamHandler
            ClientBootstrap(group: context.eventLoop)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                }
                .connect(host: "127.0.0.1", port: self.upstreamPort)
                .assumeIsolated()
                .whenComplete { result in
                    switch result {
                    case .success(let upstream):
                        self.upstream = upstream
                        self.forward(head, body, over: upstream, context: context)
                    case .failure:
                        context.close(promise: nil)
                    }
                }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.upstream?.close(promise: nil)
        context.fireChannelInactive()
    }

    private func forward(_ head: HTTPRequestHead, _ body: ByteBuffer, over upstream: any Channel, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "host", value: "127.0.0.1:\(self.upstreamPort)")
        headers.add(name: "content-type", value: head.headers.first(name: "content-type") ?? "application/json")
        headers.add(name: "content-length", value: String(body.readableBytes))
        self.upstreamHandler.onResponse = { status, answer in
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: "application/json")
            headers.add(name: "content-length", value: String(answer.readableBytes))
            context.write(self.wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
            context.write(self.wrapOutboundOut(.body(.byteBuffer(answer))), promise: nil)
            context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
        }
        let request = HTTPRequestHead(version: .http1_1, method: head.method, uri: head.uri, headers: headers)
        upstream.write(HTTPClientRequestPart.head(request), promise: nil)
        upstream.write(HTTPClientRequestPart.body(.byteBuffer(body)), promise: nil)
        upstream.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
    }
}

let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
let server = try ServerBootstrap(group: group)
    .serverChannelOption(.backlog, value: 4096)
    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
    .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.configureHTTPServerPipeline()
            try channel.pipeline.syncOperations.addHandler(ProxyHandler(upstreamPort: upstreamPort))
        }
    }
    .bind(host: "127.0.0.1", port: listenPort).wait()
try server.closeFuture.wait()
