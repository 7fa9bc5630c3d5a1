/// How one client message ended, for the host (metrics, logs, what to answer API Gateway).
public enum ChatSocketOutcome: Sendable, Hashable {
    /// The chat ended with a `done` event.
    case completed
    /// A cancel message was handled (whether or not its chat was still running).
    case cancelRequested
    /// The chat (or the frame) ended with an `error` event of this code.
    case failed(ChatSocketError.Code)
    /// The client left: the model call was cancelled and nothing more was sent.
    case gone
}
