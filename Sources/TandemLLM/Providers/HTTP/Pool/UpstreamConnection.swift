import NIOCore
import NIOHTTP1

/// One keep-alive HTTP/1.1 connection of the ``UpstreamConnectionPool``: carries one ``UpstreamExchange`` at a time,
/// and goes back to its loop's idle list when a response ended cleanly and both sides keep the connection.
///
/// Everything runs on the channel's event loop.
final class UpstreamConnection: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    let origin: UpstreamTarget.Origin
    /// The loop's pool, told when the connection is free again or gone.
    unowned let pool: UpstreamLoopPool
    private(set) var isActive = true
    private var context: ChannelHandlerContext?
    private var exchange: UpstreamExchange?
    private var keepAlive = true
    /// When the connection went back to the idle list (`nil` while it carries a request); the pool closes it after
    /// its idle timeout.
    var idleSince: ContinuousClock.Instant?

    init(origin: UpstreamTarget.Origin, pool: UpstreamLoopPool) {
        self.origin = origin
        self.pool = pool
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Sends `exchange`'s request (the connection is idle and active).
    func send(_ exchange: UpstreamExchange) {
        guard let context = self.context, self.isActive else {
            self.pool.connectionFailed(exchange, reason: "the connection closed")
            return
        }
        self.idleSince = nil
        self.exchange = exchange
        exchange.connection = self
        self.keepAlive = true
        context.write(self.wrapOutboundOut(.head(exchange.head)), promise: nil)
        context.write(self.wrapOutboundOut(.body(.byteBuffer(exchange.body))), promise: nil)
        context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// Closes the connection (a response was cut short, the pool is full or it sat idle too long).
    func close() {
        self.keepAlive = false
        self.context?.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let exchange = self.exchange else {
            // A response nobody asked for: the connection is out of step.
            context.close(promise: nil)
            return
        }
        switch self.unwrapInboundIn(data) {
        case .head(let head):
            self.keepAlive = head.isKeepAlive
            exchange.receive(head)
        case .body(let part):
            exchange.receive(part)
        case .end:
            self.exchange = nil
            let reusable = self.keepAlive && self.isActive && !exchange.isDone
            exchange.succeed()
            if reusable {
                self.pool.release(self)
            } else {
                context.close(promise: nil)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.isActive = false
        self.idleSince = nil
        if let exchange = self.exchange {
            self.exchange = nil
            if !exchange.isDone {
                if exchange.responseStarted {
                    exchange.fail(
                        LLMError(
                            .connection,
                            "the upstream closed the connection before the response ended",
                            provider: exchange.provider
                        ),
                        closeConnection: false
                    )
                } else {
                    self.pool.connectionFailed(exchange, reason: "the upstream closed the connection without answering")
                }
            }
        }
        self.pool.forget(self)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let exchange = self.exchange, !exchange.isDone, exchange.responseStarted {
            self.exchange = nil
            exchange.fail(
                LLMError(
                    .badResponse,
                    "the upstream's response could not be read (\(type(of: error)))",
                    provider: exchange.provider
                ),
                closeConnection: false
            )
        }
        // A request not answered yet is settled by channelInactive.
        context.close(promise: nil)
    }
}
