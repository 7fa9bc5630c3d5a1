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

/// Serves a Hummingbird child channel with one listening socket per event loop (`SO_REUSEPORT`), each accepting
/// only for its own loop.
///
/// Hummingbird's `Server` has one listening socket on one loop and hands each accepted connection to the next loop
/// round robin; the connection's first request then crosses threads up to three times (the socket registers on the
/// other loop, the accepted channel comes back to the accept loop, the connection's task starts on its own loop).
/// On this kind of VM a cross-thread wake-up costs 30-50 microseconds, and a new connection cost ~100 us more CPU
/// with two loops than with one. Here the kernel spreads connections over the loops' sockets, and a connection is
/// accepted, set up and served on one thread. Each loop's accept task runs on that loop too.
///
/// Graceful shutdown closes every listening socket, asks every open connection to finish its request in flight
/// and close (NIOExtras' `ServerQuiescingHelper`, as Hummingbird does), and returns once they have closed.
package struct EventLoopListeners<Child: ServerChildChannel>: Service {
    let child: Child
    let host: String
    let port: Int
    let backlog: Int
    let loops: [any EventLoop]
    let logger: Logger
    let onServerRunning: @Sendable (Int) async -> Void

    /// Serves `child` on `host:port` with a socket on each of `loops` (the singleton group's loops by default).
    package init(
        child: Child,
        host: String,
        port: Int,
        backlog: Int = 256,
        loops: [any EventLoop] = Array(MultiThreadedEventLoopGroup.singleton.makeIterator()),
        logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void
    ) {
        self.child = child
        self.host = host
        self.port = port
        self.backlog = backlog
        self.loops = loops
        self.logger = logger
        self.onServerRunning = onServerRunning
    }

    private typealias Listener = (
        channel: NIOAsyncChannel<Child.Value, Never>, quiescing: ServerQuiescingHelper, loop: any EventLoop
    )

    package func run() async throws {
        let listeners = try await self.bind()
        let port = listeners[0].channel.channel.localAddress?.port ?? self.port
        let logger = self.logger
        let child = self.child
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                for listener in listeners {
                    group.addTask {
                        // Accepting, and starting each connection's task, on the listener's own loop.
                        await withTaskExecutorPreference(EventLoopTaskExecutor(listener.loop)) {
                            await withDiscardingTaskGroup { connections in
                                do {
                                    try await listener.channel.executeThenClose { inbound in
                                        for try await connection in inbound {
                                            connections.addTask {
                                                await child.handle(value: connection, logger: logger)
                                            }
                                        }
                                    }
                                } catch {
                                    logger.error("accepting connections failed", metadata: ["error": "\(error)"])
                                }
                            }
                        }
                    }
                }
                logger.info("Server started and listening on \(self.host):\(port)")
                await self.onServerRunning(port)
            }
        } onGracefulShutdown: {
            // Closes the listening sockets (ending the accept loops) and quiesces the open connections; the task
            // group above ends when the last of them has closed.
            for listener in listeners { listener.quiescing.initiateShutdown(promise: nil) }
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
                let child = self.child
                let logger = self.logger
                let channel = try await ServerBootstrap(group: loop)
                    .serverChannelOption(.backlog, value: Int32(self.backlog))
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
                    .childChannelOption(.allowRemoteHalfClosure, value: true)
                    .bind(host: self.host, port: port, serverBackPressureStrategy: nil) { channel in
                        child.setup(channel: channel, logger: logger)
                    }
                // Port 0 picks a free port for the first socket; the others share it.
                if port == 0 { port = channel.channel.localAddress?.port ?? 0 }
                listeners.append((channel, quiescing, loop))
            }
        } catch {
            for listener in listeners { try? await listener.channel.channel.close() }
            throw error
        }
        return listeners
    }
}
