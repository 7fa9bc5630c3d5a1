/// One durable step of a run: a model turn or a tool call, with a stable id.
///
/// A step is written as `started` (its intent) before it runs and as `completed` with its result before the next
/// step starts; a side-effecting tool step found `started` on resume is the crash window between doing and
/// recording, which ``AgentRunner`` resolves through the tool's idempotency key.
public struct AgentStepRecord: Sendable, Hashable, Codable {
    /// What kind of step.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A model turn (payload: ``AgentModelTurn``).
        case model
        /// A tool call (payload: ``AgentToolResult``).
        case tool
    }

    /// Where the step stands.
    public enum Status: String, Sendable, Hashable, Codable {
        /// Its intent is recorded; it may be running, or it may have been interrupted.
        case started
        /// It is waiting for a time or a callback.
        case suspended
        /// Its result is recorded.
        case completed
    }

    /// The run.
    public var runID: String
    /// The stable id: `m3` for the third model turn, `m3.t1` for the second tool call it asked for.
    public var stepID: String
    /// The order in the run (steps are replayed in this order).
    public var index: Int
    /// What kind of step.
    public var kind: Kind
    /// Where it stands.
    public var status: Status
    /// How many times it was started (above 1 only after a crash or a retry).
    public var attempts: Int
    /// The result as JSON text (empty until completed).
    public var payload: String

    /// Creates a step record.
    public init(
        runID: String,
        stepID: String,
        index: Int,
        kind: Kind,
        status: Status,
        attempts: Int = 1,
        payload: String = ""
    ) {
        self.runID = runID
        self.stepID = stepID
        self.index = index
        self.kind = kind
        self.status = status
        self.attempts = attempts
        self.payload = payload
    }
}
