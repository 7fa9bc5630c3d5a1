import TandemCore

/// The bounds of one run: when it stops, however the model behaves.
public struct AgentLimits: Sendable, Hashable, Codable {
    /// The most steps (model turns plus tool calls).
    public var maxSteps: Int
    /// The most tokens (input plus output, summed over every model turn), if bounded.
    public var maxTokens: Int?
    /// The most US dollars to spend (from the responses' ``TandemLLM/Cost``), if bounded.
    public var maxCostUSD: Double?
    /// The longest a run may take from its creation, in milliseconds (suspended time included), if bounded.
    public var wallClockMilliseconds: Int64?
    /// How long one tool call may take before it is reported to the model as timed out, in milliseconds.
    public var toolTimeoutMilliseconds: Int64
    /// How many model turns in a row may have every tool call fail before the run stops.
    public var maxConsecutiveToolFailureTurns: Int
    /// How many attempts one model turn gets when the model fails with a retryable error.
    public var modelAttempts: Int

    /// Limits with defaults: 50 steps, no token or cost bound, no wall-clock bound, 30 s per tool call, 3 failing
    /// turns, 3 model attempts.
    public init(
        maxSteps: Int = 50,
        maxTokens: Int? = nil,
        maxCostUSD: Double? = nil,
        wallClock: Duration? = nil,
        toolTimeout: Duration = .seconds(30),
        maxConsecutiveToolFailureTurns: Int = 3,
        modelAttempts: Int = 3
    ) {
        self.maxSteps = maxSteps
        self.maxTokens = maxTokens
        self.maxCostUSD = maxCostUSD
        self.wallClockMilliseconds = wallClock.map { $0.totalMilliseconds }
        self.toolTimeoutMilliseconds = toolTimeout.totalMilliseconds
        self.maxConsecutiveToolFailureTurns = maxConsecutiveToolFailureTurns
        self.modelAttempts = modelAttempts
    }

    /// The tool timeout as a duration.
    public var toolTimeout: Duration { .milliseconds(self.toolTimeoutMilliseconds) }
}
