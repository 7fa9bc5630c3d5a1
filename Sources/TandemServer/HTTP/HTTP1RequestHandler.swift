import Logging
import NIOCore
import NIOHTTP1
import TandemApp
import TandemCore

/// Serves one HTTP/1.1 connection's requests from a ``HandlerTable``, callback by callback on the connection's event
/// loop: the request is gathered in the pipeline, the handler runs in one task on that loop, and the response is
/// written straight to the pipeline.
///
/// It sits behind NIO's server pipeline (decoder, encoder, `HTTPServerPipelineHandler` for pipelining and
/// quiescing, `HTTPServerProtocolErrorHandler` for malformed requests), in place of Hummingbird's `HTTP1Channel`.
/// That one bridges every connection to an async sequence of request parts and an async writer of response parts,
/// and converts each head to and from `HTTPTypes`: a new connection costs a task and two async bridges, and a request
/// a dozen job hops. Here a request costs one task, and only a streamed body awaits its writes.
///
/// - A body over the limit is answered 413 with `connection: close`, without reading it into memory.
/// - A client that goes away (the connection closes, or its input ends: ``EventLoopListeners`` accepts without
///   remote half-closure) cancels the request's task, and with it the upstream call or stream.
/// - `HEAD` gets the `GET` route's head without its body. `Connection: close` (and HTTP/1.0 without keep-alive)
///   closes the connection after the response.
/// - `Expect: 100-continue` is answered `100 Continue` when the declared body is within the limit (413 otherwise).
final class HTTP1RequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let responder: HTTP1Responder
    /// The request being read; `nil` between requests, while one is answered, and after a body was refused.
    private var reading: (head: HTTPRequestHead, body: ByteBuffer?)?
    private var inFlight: Task<Void, Never>?
    private var isClosed = false
    private var loopExecutor: EventLoopTaskExecutor?

    init(responder: HTTP1Responder) {
        self.responder = responder
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .head(let head):
            let declared = head.headers.first(name: "content-length").flatMap { Int($0) } ?? 0
            if declared > self.responder.configuration.maxBodyBytes {
                self.refuseBody(head, context: context)
            } else {
                self.reading = (head, nil)
                // curl asks before sending a body over 1 MiB, and waits a second for an answer that does not come.
                if head.version.major == 1, head.version.minor >= 1,
                    head.headers["expect"].contains(where: { ASCIICase.equals($0, "100-continue") })
                {
                    let proceed = HTTPResponseHead(version: head.version, status: .continue)
                    context.writeAndFlush(Self.wrapOutboundOut(.head(proceed)), promise: nil)
                }
            }
        case .body(var chunk):
            guard case (let head, var body)? = self.reading else { return }
            self.reading = nil  // so that `body` is the buffer's only reference while it grows
            guard (body?.readableBytes ?? 0) + chunk.readableBytes <= self.responder.configuration.maxBodyBytes else {
                self.refuseBody(head, context: context)
                return
            }
            if body == nil { body = chunk } else { body!.writeBuffer(&chunk) }
            self.reading = (head, body)
        case .end:
            guard let (head, body) = self.reading else { return }
            self.reading = nil
            self.dispatch(head, body: body ?? ByteBuffer(), context: context)
        }
    }

    /// Answers 413 as soon as the body is known to be over the limit, and closes the connection: the rest of the
    /// body is never read.
    private func refuseBody(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        let response = self.responder.makeHead(
            for: HTTPError.payloadTooLarge(limit: self.responder.configuration.maxBodyBytes).response,
            requestID: head.headers.first(name: "x-request-id") ?? RequestIDGenerator.next(),
            version: head.version,
            keepAlive: false
        )
        self.writeComplete(response, isHead: false, keepAlive: false, context: context)
    }

    /// Runs the table for one request in a task on this loop, then writes its answer here.
    private func dispatch(_ head: HTTPRequestHead, body: ByteBuffer, context: ChannelHandlerContext) {
        let responder = self.responder
        let request = responder.appRequest(head, body: body)
        let keepAlive = head.isKeepAlive
        let isHead = head.method == .HEAD
        let version = head.version
        let loop = context.eventLoop
        let handler = NIOLoopBound(self, eventLoop: loop)
        let boundContext = NIOLoopBound(context, eventLoop: loop)
        let channel = context.channel
        self.inFlight = self.executor(on: loop).startTask {
            var response = await responder.table.respond(to: request)
            // A HEAD answer has no body, and so no chunked encoding to end.
            if isHead, case .stream = response.body { response.body = .empty }
            let responseHead = responder.makeHead(
                for: response,
                requestID: request.context.requestID,
                version: version,
                keepAlive: keepAlive
            )
            guard case .stream(let write) = response.body else {
                loop.run {
                    handler.value.writeComplete(
                        responseHead,
                        isHead: isHead,
                        keepAlive: keepAlive,
                        context: boundContext.value
                    )
                }
                return
            }
            loop.run { handler.value.writeStreamHead(responseHead, context: boundContext.value) }
            do {
                try await write(ChannelBodyWriter(channel: channel))
                loop.run { handler.value.finishStream(keepAlive: keepAlive, context: boundContext.value) }
            } catch {
                // The body failed after its head: closing without the last chunk tells the client the answer is
                // incomplete (handlers end their own streams with a terminal event before throwing).
                request.context.logger.debug(
                    "streamed response ended with an error",
                    metadata: ["error": "\(String(describing: error))"]
                )
                loop.run { handler.value.abandon(context: boundContext.value) }
            }
        }
    }

    /// The connection's loop as a task executor, made once per connection.
    private func executor(on loop: any EventLoop) -> EventLoopTaskExecutor {
        if let executor = self.loopExecutor { return executor }
        let executor = EventLoopTaskExecutor(loop)
        self.loopExecutor = executor
        return executor
    }

    private func writeComplete(
        _ response: HTTP1Responder.Head,
        isHead: Bool,
        keepAlive: Bool,
        context: ChannelHandlerContext
    ) {
        self.inFlight = nil
        guard !self.isClosed else { return }
        context.write(Self.wrapOutboundOut(.head(response.head)), promise: nil)
        if !isHead, let body = response.body, body.readableBytes > 0 {
            context.write(Self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        self.end(keepAlive: keepAlive, context: context)
    }

    private func writeStreamHead(_ response: HTTP1Responder.Head, context: ChannelHandlerContext) {
        guard !self.isClosed else { return }
        // The head goes out with the body's first write when the body has one ready at once (a stream whose first
        // event is in hand): one write and one wake-up of the client instead of two. If the body waits first, the
        // flush queued here sends the head alone as soon as the task lets the loop run.
        context.write(Self.wrapOutboundOut(.head(response.head)), promise: nil)
        let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.eventLoop.execute { boundContext.value.flush() }
    }

    private func finishStream(keepAlive: Bool, context: ChannelHandlerContext) {
        self.inFlight = nil
        guard !self.isClosed else { return }
        self.end(keepAlive: keepAlive, context: context)
    }

    private func abandon(context: ChannelHandlerContext) {
        self.inFlight = nil
        guard !self.isClosed else { return }
        context.close(promise: nil)
    }

    private func end(keepAlive: Bool, context: ChannelHandlerContext) {
        guard !keepAlive else {
            context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: nil)
            return
        }
        let channel = context.channel
        context.writeAndFlush(Self.wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.isClosed = true
        self.inFlight?.cancel()
        self.inFlight = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Decoding errors have been answered with a 400 by NIO's error handler; anything else (a reset) ends the
        // connection.
        context.close(promise: nil)
    }
}

/// Writes a streamed body's chunks to the connection, each flushed; a write waits until the socket takes it, which
/// holds a fast producer to the client's pace.
struct ChannelBodyWriter: ResponseBodyStreamWriter {
    let channel: any Channel

    func write(_ buffer: ByteBuffer) async throws {
        try await self.channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(buffer))).get()
    }

    /// Queues the last chunk unflushed: the chunked body's end, written next by the handler on the same loop,
    /// flushes both in one write.
    func writeLast(_ buffer: ByteBuffer) async throws {
        self.channel.write(HTTPServerResponsePart.body(.byteBuffer(buffer)), promise: nil)
    }
}

extension EventLoop {
    /// Runs `body` now when called on this loop (a connection's task usually is), else on the loop.
    fileprivate func run(_ body: @escaping @Sendable () -> Void) {
        if self.inEventLoop { body() } else { self.execute(body) }
    }
}
