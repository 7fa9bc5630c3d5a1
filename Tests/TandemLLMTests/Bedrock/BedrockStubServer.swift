import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A small HTTP server on 127.0.0.1 (random port) standing in for Bedrock Runtime: it records each request (method,
/// URI, headers, body) and answers from a script (the last answer repeats). Bodies are sent in the given chunks, with
/// a flush and an optional pause after each, so a client sees a stream arrive piece by piece.
final class BedrockStubServer: Sendable {
    struct Answer: Sendable {
        var status: HTTPResponseStatus = .ok
        var headers: [(String, String)] = []
        var chunks: [[UInt8]]
        var pause: TimeAmount = .zero
        /// Send this many chunks, then wait for ``BedrockStubServer/release()`` before sending the rest.
        var holdAfter: Int?
    }

    struct Recorded: Sendable {
        var method: String
        var uri: String
        var headers: [(String, String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            self.headers.first(where: { $0.0.lowercased() == name.lowercased() })?.1
        }
    }

    private struct State {
        var script: [Answer]
        var requests: [Recorded] = []
        var released = false
        var held: (@Sendable () -> Void)?
    }

    private let channel: any Channel
    private let state: Mutex<State>

    var port: Int { self.channel.localAddress?.port ?? 0 }
    var endpoint: String { "http://127.0.0.1:\(self.port)" }
    var requests: [Recorded] { self.state.withLock { $0.requests } }

    private init(channel: any Channel, script: [Answer]) {
        self.channel = channel
        self.state = Mutex(State(script: script))
    }

    static func start(_ script: [Answer]) async throws -> BedrockStubServer {
        let box = Box()
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
        let server = BedrockStubServer(channel: channel, script: script)
        box.server.withLock { $0 = server }
        return server
    }

    func shutdown() async {
        try? await self.channel.close()
    }

    /// Lets a held answer send the rest of its chunks.
    func release() {
        let held = self.state.withLock { state -> (@Sendable () -> Void)? in
            state.released = true
            defer { state.held = nil }
            return state.held
        }
        held?()
    }

    /// Runs `resume` now if the answer was released, else when it is.
    fileprivate func hold(_ resume: @escaping @Sendable () -> Void) {
        let now = self.state.withLock { state -> Bool in
            if state.released { return true }
            state.held = resume
            return false
        }
        if now { resume() }
    }

    fileprivate func handle(_ recorded: Recorded) -> Answer {
        self.state.withLock { state in
            state.requests.append(recorded)
            return state.script[min(state.requests.count, state.script.count) - 1]
        }
    }

    private final class Box: Sendable {
        let server = Mutex<BedrockStubServer?>(nil)
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let box: Box
        private var head: HTTPRequestHead?
        private var body: [UInt8] = []

        init(box: Box) { self.box = box }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch self.unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                self.body = []
            case .body(let buffer):
                self.body += buffer.readableBytesView
            case .end:
                guard let head, let server = self.box.server.withLock({ $0 }) else { return }
                let answer = server.handle(
                    Recorded(
                        method: head.method.rawValue,
                        uri: head.uri,
                        headers: head.headers.map { ($0.name, $0.value) },
                        body: self.body
                    )
                )
                var headers = HTTPHeaders(answer.headers)
                headers.add(name: "Transfer-Encoding", value: "chunked")
                context.writeAndFlush(
                    self.wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: answer.status, headers: headers))),
                    promise: nil
                )
                let loopBound = NIOLoopBound((context, self), eventLoop: context.eventLoop)
                let eventLoop = context.eventLoop
                let sendRest: @Sendable () -> Void = {
                    eventLoop.execute {
                        let (context, handler) = loopBound.value
                        Self.send(answer.chunks.dropFirst(answer.holdAfter ?? 0), pause: answer.pause, context: context, handler: handler)
                    }
                }
                if let holdAfter = answer.holdAfter {
                    for chunk in answer.chunks.prefix(holdAfter) {
                        context.write(self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: chunk)))), promise: nil)
                    }
                    context.flush()
                    server.hold(sendRest)
                } else {
                    sendRest()
                }
            }
        }

        private static func send(
            _ chunks: ArraySlice<[UInt8]>,
            pause: TimeAmount,
            context: ChannelHandlerContext,
            handler: Handler
        ) {
            guard let first = chunks.first else {
                context.writeAndFlush(handler.wrapOutboundOut(.end(nil)), promise: nil)
                return
            }
            context.writeAndFlush(handler.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: first)))), promise: nil)
            let rest = chunks.dropFirst()
            let loopBound = NIOLoopBound((context, handler), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: pause) {
                let (context, handler) = loopBound.value
                Self.send(rest, pause: pause, context: context, handler: handler)
            }
        }
    }
}
