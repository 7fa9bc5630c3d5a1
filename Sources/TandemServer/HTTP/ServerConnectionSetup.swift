import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Sets up `tandem serve`'s connections: the callback-level HTTP/1.1 pipeline (``HTTP1RequestHandler``), or, when
/// WebSocket routes are served and a connection's first request asks for an upgrade (``UpgradeSniffer``),
/// Hummingbird's upgradable channel with its connection task.
///
/// A plain connection has no task of its own: its handlers serve it, starting one task per request.
struct ServerConnectionSetup<WebSocketChannel: ServerChildChannel>: Sendable {
    let responder: HTTP1Responder
    let webSocket: WebSocketChannel?
    let logger: Logger

    /// Installs the connection's first handlers (called by ``EventLoopListeners`` as the connection registers).
    func initialize(_ channel: any Channel) -> EventLoopFuture<Void> {
        let responder = self.responder
        let logger = self.logger
        return channel.eventLoop.makeCompletedFuture {
            let pipeline = channel.pipeline.syncOperations
            guard let webSocket = self.webSocket else {
                try Self.addHTTP1(to: pipeline, responder: responder)
                return
            }
            let sniffer = UpgradeSniffer { asksForUpgrade, pipeline in
                guard asksForUpgrade else {
                    try Self.addHTTP1(to: pipeline, responder: responder)
                    return
                }
                EventLoopListeners.serve(webSocket, on: channel, logger: logger).whenFailure { error in
                    logger.debug("WebSocket connection setup failed", metadata: ["error": "\(error)"])
                    channel.close(promise: nil)
                }
            }
            try pipeline.addHandler(sniffer)
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
