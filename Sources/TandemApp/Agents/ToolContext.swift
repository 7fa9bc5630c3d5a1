public import Logging
public import TandemCore

/// What a tool call knows about itself and its run.
public struct ToolContext: Sendable {
    /// The run.
    public var runID: String
    /// The step's stable id (`m3.t1`).
    public var stepID: String
    /// The model's id for the call.
    public var callID: String
    /// A key that is the same every time this step runs, in any process: put it on side effects so that they
    /// happen once (`agent:{run}:{step}`).
    public var idempotencyKey: String
    /// Whether this step was started before and interrupted (a crash between running and recording): a
    /// side-effecting tool must look for its earlier effect under ``idempotencyKey`` rather than redo it.
    public var isRecovery: Bool
    /// How many times this step was started, this time included.
    public var attempt: Int
    /// When the call must be done (the tool timeout, and the invocation's deadline less the safety margin).
    public var deadline: Deadline
    /// Where it logs.
    public var logger: Logger
    /// The run's checkpoint store (tools that record results use it).
    public var store: any CheckpointStore

    /// Creates a context (the runner does; tests may).
    public init(
        runID: String,
        stepID: String,
        callID: String,
        idempotencyKey: String,
        isRecovery: Bool,
        attempt: Int,
        deadline: Deadline,
        logger: Logger,
        store: any CheckpointStore
    ) {
        self.runID = runID
        self.stepID = stepID
        self.callID = callID
        self.idempotencyKey = idempotencyKey
        self.isRecovery = isRecovery
        self.attempt = attempt
        self.deadline = deadline
        self.logger = logger
        self.store = store
    }
}
