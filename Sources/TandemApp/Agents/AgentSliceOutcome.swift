/// How one slice of work on a run ended.
public enum AgentSliceOutcome: Sendable, Hashable {
    /// The model answered.
    case completed(answer: String)
    /// The run stopped for good.
    case failed(AgentFailure)
    /// A caller cancelled it.
    case cancelled
    /// It waits for a time or a callback.
    case suspended(AgentSuspension)
    /// The deadline came near: it is checkpointed and must be continued by a new slice.
    case continuing
    /// Another worker holds the run; this slice did nothing.
    case busy

    /// Whether the run needs another slice soon (``continuing``), or at a time (a timer ``suspended``).
    public var needsContinuation: Bool {
        switch self {
        case .continuing: true
        case .suspended(let suspension): suspension.resumeAtMilliseconds != nil
        default: false
        }
    }
}
