import Synchronization

/// Graceful shutdown for the invocation loops: no new `next` after it begins, and loops that are waiting in
/// `next` are woken by shutting their sockets down. A loop that is serving an invocation finishes it first.
final class LambdaShutdownState: Sendable {
    private struct State {
        var shuttingDown = false
        var idle: [ObjectIdentifier: RuntimeAPISocket] = [:]
    }

    private let state = Mutex(State())

    var isShuttingDown: Bool { self.state.withLock { $0.shuttingDown } }

    /// Records that the loop on `socket` is about to wait in `next`; false if shutdown has begun.
    func markIdle(_ socket: RuntimeAPISocket) -> Bool {
        self.state.withLock { state in
            guard !state.shuttingDown else { return false }
            state.idle[ObjectIdentifier(socket)] = socket
            return true
        }
    }

    func markBusy(_ socket: RuntimeAPISocket) {
        _ = self.state.withLock { $0.idle.removeValue(forKey: ObjectIdentifier(socket)) }
    }

    func begin() {
        let idle = self.state.withLock { state in
            state.shuttingDown = true
            return Array(state.idle.values)
        }
        for socket in idle { socket.shutdownBoth() }
    }
}
