import NIOPosix
public import ServiceLifecycle
public import TandemApp

/// Runs a server and, on graceful shutdown (SIGTERM), gives the gateway's streams in flight a grace period to
/// finish while the server stops accepting; then it ends the rest with a terminal error event, so clients see an
/// explicit error instead of a cut connection, and the server's quiescing completes before ECS kills the task.
public struct DrainingService<Wrapped: Service>: Service {
    let wrapped: Wrapped
    let streams: StreamRegistry
    let grace: Duration

    /// Wraps `service`; `gateway`'s streams get `grace` to finish after the shutdown signal.
    public init(_ service: Wrapped, gateway: Gateway, grace: Duration) {
        self.wrapped = service
        self.streams = gateway.streams
        self.grace = grace
    }

    public func run() async throws {
        let streams = self.streams
        let grace = self.grace
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                // The server's accept loop, and the connection tasks it adds, start on an event loop instead of
                // Swift's global pool: a new connection is then handed to its own loop in one hop instead of two
                // thread wake-ups (each connection's task then moves to its own loop, see EventLoopPinnedChannel).
                let executor = EventLoopTaskExecutor(MultiThreadedEventLoopGroup.singleton.next())
                try await withTaskExecutorPreference(executor) {
                    try await self.wrapped.run()
                }
            }
            group.addTask {
                // Ends when shutdown starts (or the group is cancelled); then waits out the grace period.
                do { try await gracefulShutdown() } catch { return }
                try? await Task.sleep(for: grace)
                streams.closeAll(
                    GatewayError(status: 503, message: "the server is shutting down", type: "overloaded_error", code: "shutdown")
                )
            }
            try await group.next()
            group.cancelAll()
        }
    }
}
