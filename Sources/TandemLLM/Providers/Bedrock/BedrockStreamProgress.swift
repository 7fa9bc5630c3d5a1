import Synchronization

/// Whether a ConverseStream has delivered content to the caller yet, shared between the stream's reading loop (run
/// under an ``AttemptWatchdog``) and the code that decides how its failure is reported.
final class BedrockStreamProgress: Sendable {
    private let state = Mutex(false)

    /// Whether content (text, reasoning or a tool call) reached the caller.
    var hasDelivered: Bool { self.state.withLock { $0 } }

    /// Records that content reached the caller.
    func delivered() {
        self.state.withLock { $0 = true }
    }
}
