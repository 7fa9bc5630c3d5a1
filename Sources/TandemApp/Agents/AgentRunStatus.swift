/// Where an agent run stands.
public enum AgentRunStatus: String, Sendable, Hashable, Codable {
    /// Created and waiting for its first slice of work.
    case pending
    /// A process is working on it (it holds the run's lease).
    case running
    /// Checkpointed before a deadline; a continuation is scheduled and will resume it.
    case continuing
    /// Waiting for a time or an external callback; no compute is spent until then.
    case suspended
    /// The model answered.
    case completed
    /// A limit was hit or something failed for good (see ``AgentRunRecord/failure``).
    case failed
    /// Cancelled by a caller.
    case cancelled

    /// Whether the run can never change again.
    public var isTerminal: Bool {
        switch self {
        case .completed, .failed, .cancelled: true
        default: false
        }
    }
}
