import NIOCore
import Synchronization

/// Graceful shutdown for the invocation loops: no new `next` after it begins, and loops that are waiting in
/// `next` are woken by closing their connections. A loop that is serving an invocation finishes it first.
final class LambdaShutdownState: Sendable {
    private struct State {
        var shuttingDown = false
        var idle: [ObjectIdentifier: any Channel] = [:]
    }

    private let state = Mutex(State())

    var isShuttingDown: Bool { self.state.withLock { $0.shuttingDown } }

    /// Records that the loop on `channel` is about to wait in `next`; false if shutdown has begun.
    func markIdle(_ channel: any Channel) -> Bool {
        self.state.withLock { state in
            guard !state.shuttingDown else { return false }
            state.idle[ObjectIdentifier(channel)] = channel
            return true
        }
    }

    func markBusy(_ channel: any Channel) {
        _ = self.state.withLock { $0.idle.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    func begin() {
        let idle = self.state.withLock { state in
            state.shuttingDown = true
            return Array(state.idle.values)
        }
        for channel in idle { channel.close(promise: nil) }
    }
}
