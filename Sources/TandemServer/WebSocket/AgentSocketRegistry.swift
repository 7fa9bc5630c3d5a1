import HummingbirdWebSocket
import NIOWebSocket
import Synchronization

/// The agent sockets open on a server, so that a drain can close them all with 1001 (going away): the run goes
/// on, and the client reconnects (to this server once it is back, or another) with its last event id.
final class AgentSocketRegistry: Sendable {
    private struct State {
        var next = 0
        var sockets: [Int: WebSocketOutboundWriter] = [:]
        var isDraining = false
    }

    private let state = Mutex(State())

    /// The close reason a drained socket gets.
    static let drainReason = "server shutting down"

    /// Adds a socket; `nil` when the server is draining already (the caller closes it with 1001).
    func register(_ outbound: WebSocketOutboundWriter) -> Int? {
        self.state.withLock { state in
            guard !state.isDraining else { return nil }
            state.next += 1
            state.sockets[state.next] = outbound
            return state.next
        }
    }

    /// Removes a socket that closed.
    func remove(_ key: Int) {
        _ = self.state.withLock { $0.sockets.removeValue(forKey: key) }
    }

    /// The number of open sockets.
    var count: Int { self.state.withLock { $0.sockets.count } }

    /// Refuses new sockets and closes the open ones with 1001 (going away).
    func closeAll() async {
        let sockets = self.state.withLock { state in
            state.isDraining = true
            return Array(state.sockets.values)
        }
        await withTaskGroup(of: Void.self) { group in
            for outbound in sockets {
                group.addTask { try? await outbound.close(.goingAway, reason: Self.drainReason) }
            }
        }
    }
}
