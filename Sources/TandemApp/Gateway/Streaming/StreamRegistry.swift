import Synchronization

/// The streams in flight, so that a shutdown can end each with a terminal error event once its grace period is
/// over (instead of cutting connections and leaving clients with a silently truncated answer).
public final class StreamRegistry: Sendable {
    private struct State {
        var next = 0
        var streams: [Int: RelayQueue] = [:]
        var closed: GatewayError?
    }

    private let state = Mutex(State())

    /// An empty registry.
    public init() {}

    func add(_ items: RelayQueue) -> Int {
        self.state.withLock { state in
            state.next += 1
            state.streams[state.next] = items
            if let error = state.closed { items.yield(.expired(error)) }
            return state.next
        }
    }

    func remove(_ id: Int) {
        _ = self.state.withLock { $0.streams.removeValue(forKey: id) }
    }

    /// Streams in flight now.
    public var count: Int { self.state.withLock { $0.streams.count } }

    /// Ends every stream in flight, and any that starts later, with `error` as a terminal event.
    public func closeAll(_ error: GatewayError) {
        let streams = self.state.withLock { state in
            state.closed = error
            return Array(state.streams.values)
        }
        for items in streams { items.yield(.expired(error)) }
    }
}
