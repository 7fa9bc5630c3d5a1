package import HummingbirdCore
package import Logging
package import NIOCore
import NIOHTTP1

/// `tandem serve`'s connections: the callback-level HTTP/1.1 pipeline (``HTTP1RequestHandler``), or, when WebSocket
/// routes are served and a connection's first request asks for an upgrade (``UpgradeSniffer``), Hummingbird's
/// upgradable channel.
///
/// A plain connection is served entirely by its handlers; its task only waits for it to close, so that graceful
/// shutdown (``EventLoopListeners``) waits for plain and WebSocket connections alike.
package struct ServerConnectionChannel<WebSocketChannel: ServerChildChannel>: ServerChildChannel {
    package struct Value: ServerChildChannelValue {
        package let channel: any Channel
        /// Hummingbird's value for a connection that asked for an upgrade, `nil` for a plain one; known once the
        /// first request head has arrived.
        let upgrade: EventLoopFuture<WebSocketChannel.Value?>
    }

    let responder: HTTP1Responder
    let webSocket: WebSocketChannel?

    init(responder: HTTP1Responder, webSocket: WebSocketChannel?) {
        self.responder = responder
        self.webSocket = webSocket
    }

    package func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let responder = self.responder
        return channel.eventLoop.makeCompletedFuture {
            let pipeline = channel.pipeline.syncOperations
            guard let webSocket = self.webSocket else {
                try Self.addHTTP1(to: pipeline, responder: responder)
                return Value(channel: channel, upgrade: channel.eventLoop.makeSucceededFuture(nil))
            }
            let upgrade = channel.eventLoop.makePromise(of: WebSocketChannel.Value?.self)
            let sniffer = UpgradeSniffer(
                choose: { asksForUpgrade, pipeline in
                    guard asksForUpgrade else {
                        try Self.addHTTP1(to: pipeline, responder: responder)
                        upgrade.succeed(nil)
                        return
                    }
                    webSocket.setup(channel: channel, logger: logger).map { Optional($0) }.cascade(to: upgrade)
                },
                abandon: { upgrade.fail($0) }
            )
            try pipeline.addHandler(sniffer)
            return Value(channel: channel, upgrade: upgrade.futureResult)
        }
    }

    package func handle(value: Value, logger: Logger) async {
        if let upgraded = try? await value.upgrade.get(), let webSocket = self.webSocket {
            await webSocket.handle(value: upgraded, logger: logger)
        } else {
            try? await value.channel.closeFuture.get()
        }
    }

    /// NIO's HTTP/1 server pipeline (pipelining and quiescing, 400 for malformed requests) and the request handler.
    static func addHTTP1(to pipeline: ChannelPipeline.SynchronousOperations, responder: HTTP1Responder) throws {
        // Header names and values are checked when the responder builds the head.
        try pipeline.configureHTTPServerPipeline(
            withPipeliningAssistance: true,
            withErrorHandling: true,
            withOutboundHeaderValidation: false
        )
        try pipeline.addHandler(HTTP1RequestHandler(responder: responder))
    }
}
