import Synchronization

/// The sessions serving messages in this process, by connection, so that `$disconnect` and `cancel` reach chats that
/// run here.
final class ChatSocketSessions: Sendable {
    private struct State {
        var next = 0
        var sessions: [String: [Int: ChatSocketSession]] = [:]
    }

    private let state = Mutex(State())

    func add(_ session: ChatSocketSession) -> Int {
        self.state.withLock { state in
            state.next += 1
            state.sessions[session.connectionID, default: [:]][state.next] = session
            return state.next
        }
    }

    func remove(_ session: ChatSocketSession, token: Int) {
        self.state.withLock { state in
            state.sessions[session.connectionID]?[token] = nil
            if state.sessions[session.connectionID]?.isEmpty == true { state.sessions[session.connectionID] = nil }
        }
    }

    /// Cancels the connection's running chats without sending anything more.
    func close(connectionID: String) {
        let sessions = self.state.withLock { $0.sessions.removeValue(forKey: connectionID) ?? [:] }
        for session in sessions.values { session.close() }
    }

    /// Cancels the chat `id` of the connection if it runs here.
    @discardableResult
    func cancel(id: String, connectionID: String) -> Bool {
        let sessions = self.state.withLock { Array(($0.sessions[connectionID] ?? [:]).values) }
        var found = false
        for session in sessions where session.cancel(id: id) { found = true }
        return found
    }
}
