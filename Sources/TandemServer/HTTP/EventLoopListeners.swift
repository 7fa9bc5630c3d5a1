package import HummingbirdCore
package import Logging
package import NIOCore
import NIOExtras
import NIOPosix
package import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Listens with one socket per event loop (`SO_REUSEPORT`), each accepting only for its own loop, and sets up each
/// accepted connection with an initializer.
///
/// Hummingbird's `Server` has one listening socket on one loop and hands each accepted connection to the next loop
/// round robin; the connection's first request then crosses threads up to three times (the socket registers on the
/// other loop, the accepted channel comes back to the accept loop, the connection's task starts on its own loop).
/// On this kind of VM a cross-thread wake-up costs 30-50 microseconds, and a new connection cost ~100 us more CPU
/// with two loops than with one. Here the kernel spreads connections over the loops' sockets, and a connection is
/// accepted, set up and served on one thread.
///
/// Accepting is NIO's callback-level server bootstrap: the initializer runs as the connection registers, and a
/// connection needs no task of its own (``HTTP1RequestHandler`` starts one per request). An initializer that serves a
/// Hummingbird child channel starts the connection's task itself (``init(child:host:port:loops:logger:onServerRunning:)``).
///
/// Graceful shutdown closes every listening socket, asks every open connection to finish its request in flight
/// and close (NIOExtras' `ServerQuiescingHelper`, as Hummingbird does), and returns once they have closed.
package struct EventLoopListeners: Service {
    /// The largest queue of connections waiting for `accept`.
    static let backlog: Int32 = 256

    let initializer: @Sendable (any Channel) -> EventLoopFuture<Void>
    let host: String
    let port: Int
    let loops: [any EventLoop]
    let logger: Logger
    let onServerRunning: @Sendable (Int) async -> Void

    /// Listens on `host:port` with a socket on each of `loops` (the singleton group's loops by default), and sets up
    /// each connection with `initializer` on its loop.
    package init(
        host: String,
        port: Int,
        loops: [any EventLoop] = Array(MultiThreadedEventLoopGroup.singleton.makeIterator()),
        logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void,
        initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>
    ) {
        self.initializer = initializer
        self.host = host
        self.port = port
        self.loops = loops
        self.logger = logger
        self.onServerRunning = onServerRunning
    }

    /// Serves a Hummingbird child channel: each connection's task (`child.handle`) runs on the connection's loop.
    package init<Child: ServerChildChannel>(
        child: Child,
        host: String,
        port: Int,
        loops: [any EventLoop] = Array(MultiThreadedEventLoopGroup.singleton.makeIterator()),
        logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void
    ) {
        self.init(host: host, port: port, loops: loops, logger: logger, onServerRunning: onServerRunning) { channel in
            Self.serve(child, on: channel, logger: logger)
        }
    }

    /// Sets `channel` up as `child` does and starts the connection's task (`child.handle`) on its loop.
    static func serve<Child: ServerChildChannel>(
        _ child: Child,
        on channel: any Channel,
        logger: Logger
    ) -> EventLoopFuture<Void> {
        child.setup(channel: channel, logger: logger).map { value in
            EventLoopTaskExecutor(channel.eventLoop).startTask { await child.handle(value: value, logger: logger) }
        }
    }

    private typealias Listener = (channel: any Channel, quiescing: ServerQuiescingHelper)

    package func run() async throws {
        let listeners = try await self.bind()
        let port = listeners[0].channel.localAddress?.port ?? self.port
        let closed = listeners.map { $0.channel.eventLoop.makePromise(of: Void.self) }
        let shutdown = { @Sendable in
            // Closes the listening sockets and quiesces the open connections; each promise completes when the last
            // connection of its listener has closed.
            for (listener, promise) in zip(listeners, closed) { listener.quiescing.initiateShutdown(promise: promise) }
        }
        self.logger.info("Server started and listening on \(self.host):\(port)")
        await self.onServerRunning(port)
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                for promise in closed { try? await promise.futureResult.get() }
            } onGracefulShutdown: {
                shutdown()
            }
        } onCancel: {
            shutdown()
        }
    }

    /// Binds a socket on each loop. With more than one, the sockets share the port through `SO_REUSEPORT`, so a
    /// port that is already taken is first checked with a plain bind: a second `tandem serve` on the same port
    /// fails with "address already in use" instead of quietly sharing its connections.
    private func bind() async throws -> [Listener] {
        precondition(!self.loops.isEmpty, "EventLoopListeners needs at least one event loop")
        let shared = self.loops.count > 1
        if shared && self.port != 0 {
            let probe = try await ServerBootstrap(group: self.loops[0])
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: self.host, port: self.port).get()
            try await probe.close()
        }
        var listeners: [Listener] = []
        var port = self.port
        do {
            for loop in self.loops {
                let quiescing = ServerQuiescingHelper(group: loop)
                let channel = try await ServerBootstrap(group: loop)
                    .serverChannelOption(.backlog, value: Self.backlog)
                    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                    .serverChannelOption(
                        .socketOption(NIOBSDSocket.Option(rawValue: SO_REUSEPORT)),
                        value: shared ? 1 : 0
                    )
                    .serverChannelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(
                                quiescing.makeServerChannelHandler(channel: channel)
                            )
                        }
                    }
                    // No remote half-closure: HTTP and WebSocket clients do not close their side and then wait for
                    // an answer, so the end of a client's input means it has gone. NIO then closes the connection,
                    // and the handlers cancel what was in flight for it when it goes inactive.
                    .childChannelOption(.allowRemoteHalfClosure, value: false)
                    .childChannelInitializer(self.initializer)
                    .bind(host: self.host, port: port).get()
                // Port 0 picks a free port for the first socket; the others share it.
                if port == 0 { port = channel.localAddress?.port ?? 0 }
                listeners.append((channel, quiescing))
            }
        } catch {
            for listener in listeners { try? await listener.channel.close() }
            throw error
        }
        return listeners
    }
}
