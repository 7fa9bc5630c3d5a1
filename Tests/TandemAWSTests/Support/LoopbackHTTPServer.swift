import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A tiny HTTP server on 127.0.0.1 (random port) for credential endpoint tests: it records each request and answers
/// from a script of responses (the last one repeats); a `nil` response stalls (never answers).
final class LoopbackHTTPServer: Sendable {
    struct Response: Sendable {
        var status: HTTPResponseStatus
        var body: String
    }

    struct Recorded: Sendable {
        var uri: String
        var headers: [(String, String)]

        func header(_ name: String) -> String? {
            self.headers.first(where: { $0.0.lowercased() == name.lowercased() })?.1
        }
    }

    private struct State {
        var script: [Response?]
        var requests: [Recorded] = []
    }

    private let channel: any Channel
    private let state: Mutex<State>

    var port: Int { self.channel.localAddress?.port ?? 0 }
    var requests: [Recorded] { self.state.withLock { $0.requests } }

    private init(channel: any Channel, script: [Response?]) {
        self.channel = channel
        self.state = Mutex(State(script: script))
    }

    static func start(script: [Response?]) async throws -> LoopbackHTTPServer {
        let box = StateBox()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(box: box))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        let server = LoopbackHTTPServer(channel: channel, script: script)
        box.server.withLock { $0 = server }
        return server
    }

    func shutdown() async {
        try? await self.channel.close()
    }

    /// Records a request and picks its response.
    fileprivate func handle(_ recorded: Recorded) -> Response? {
        self.state.withLock { state in
            state.requests.append(recorded)
            let index = min(state.requests.count - 1, state.script.count - 1)
            return index >= 0 ? state.script[index] : Response(status: .notFound, body: "")
        }
    }

    private final class StateBox: Sendable {
        let server = Mutex<LoopbackHTTPServer?>(nil)
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let box: StateBox
        private var head: HTTPRequestHead?

        init(box: StateBox) { self.box = box }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch self.unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
            case .body:
                break
            case .end:
                guard let head, let server = self.box.server.withLock({ $0 }) else { return }
                let recorded = Recorded(uri: head.uri, headers: head.headers.map { ($0.name, $0.value) })
                guard let response = server.handle(recorded) else { return }  // stall
                var headers = HTTPHeaders()
                headers.add(name: "Content-Type", value: "application/json")
                headers.add(name: "Content-Length", value: "\(response.body.utf8.count)")
                headers.add(name: "Connection", value: "close")
                context.write(
                    self.wrapOutboundOut(
                        .head(
                            HTTPResponseHead(
                                version: .http1_1,
                                status: response.status,
                                headers: headers
                            )
                        )
                    ),
                    promise: nil
                )
                context.write(
                    self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: response.body)))),
                    promise: nil
                )
                context.writeAndFlush(self.wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
            }
        }
    }
}
