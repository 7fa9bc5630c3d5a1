public import ServiceLifecycle

/// Closes every agent socket with 1001 (going away) when graceful shutdown starts, before the server stops.
///
/// Put it after the server in the `ServiceGroup` (a group shuts its services down last to first), so that it runs
/// first: without it, the WebSocket layer closes open sockets with 1000, which a client cannot tell from the end of
/// its run. The runs themselves are not touched: clients reconnect with their last event id.
public struct AgentSocketDrain: Service {
    let sockets: AgentSocketRegistry

    init(sockets: AgentSocketRegistry) {
        self.sockets = sockets
    }

    /// Waits for graceful shutdown, then closes the sockets.
    public func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return
        }
        await self.sockets.closeAll()
    }
}
