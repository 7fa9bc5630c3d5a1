public import ServiceLifecycle
public import TandemApp

/// Runs a server and, on graceful shutdown (SIGTERM), gives the gateway's streams in flight a grace period to
/// finish while the server stops accepting; then it ends the rest with a terminal error event, so clients see an
/// explicit error instead of a cut connection, and the server's quiescing completes before ECS kills the task.
public struct DrainingService: Service {
    let wrapped: any Service
    let streams: StreamRegistry
    let grace: Duration

    /// Wraps `service`; `gateway`'s streams get `grace` to finish after the shutdown signal.
    public init(_ service: any Service, gateway: Gateway, grace: Duration) {
        self.wrapped = service
        self.streams = gateway.streams
        self.grace = grace
    }

    public func run() async throws {
        let streams = self.streams
        let grace = self.grace
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.wrapped.run() }
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
