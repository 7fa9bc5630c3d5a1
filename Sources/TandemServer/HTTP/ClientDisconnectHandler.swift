import NIOCore
import Synchronization

/// Notices when an HTTP/1 client goes away and cancels the streamed responses still writing to it.
///
/// A streamed response whose upstream is silent (a model still thinking, or pausing between tokens) writes nothing,
/// so it would only notice a closed connection at its next write, a heartbeat interval or more later, while the
/// upstream request keeps running and billing. The connection closes as soon as the client's input ends
/// (``EventLoopListeners`` accepts without remote half-closure); when it goes inactive, this handler cancels every
/// producer registered with ``watch(_:key:)``, and with it the upstream request. (It serves the requests on
/// WebSocket-capable connections that are not upgraded, which Hummingbird's channel answers; ``HTTP1RequestHandler``
/// cancels its own request task.)
///
/// One handler per connection holds the producers in flight, so a keep-alive connection that carries many streams
/// keeps nothing per finished stream (a callback on the channel's close future per stream would pile up until the
/// connection closes). All methods run on the channel's event loop.
final class ClientDisconnectHandler: ChannelInboundHandler, RemovableChannelHandler {
    // The handler never reads messages: the default `channelRead` passes them on untouched.
    typealias InboundIn = Never

    private var producers: [Int: Task<Void, any Error>] = [:]
    private var isClosed = false

    /// Keys for ``watch(_:key:)``, unique in the process.
    private static let keys = Atomic<Int>(0)

    /// A new key for a producer.
    static func nextKey() -> Int { Self.keys.wrappingAdd(1, ordering: .relaxed).newValue }

    /// Cancels `producer` when the connection closes (at once if it already has).
    func watch(_ producer: Task<Void, any Error>, key: Int) {
        if self.isClosed {
            producer.cancel()
        } else {
            self.producers[key] = producer
        }
    }

    /// Stops watching the producer registered under `key` (it finished).
    func forget(_ key: Int) {
        self.producers[key] = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.isClosed = true
        let producers = self.producers.values
        self.producers = [:]
        for producer in producers { producer.cancel() }
        context.fireChannelInactive()
    }

    /// Registers `producer` with the connection's handler; without one (another server setup) the channel's
    /// close future cancels it instead.
    static func watch(_ producer: Task<Void, any Error>, key: Int, on channel: any Channel) {
        channel.eventLoop.execute {
            if let handler = try? channel.pipeline.syncOperations.handler(type: ClientDisconnectHandler.self) {
                handler.watch(producer, key: key)
            } else if !channel.isActive {
                producer.cancel()
            } else {
                channel.closeFuture.whenComplete { _ in producer.cancel() }
            }
        }
    }

    /// Forgets the producer registered under `key` on `channel`.
    static func forget(_ key: Int, on channel: any Channel) {
        channel.eventLoop.execute {
            (try? channel.pipeline.syncOperations.handler(type: ClientDisconnectHandler.self))?.forget(key)
        }
    }
}
