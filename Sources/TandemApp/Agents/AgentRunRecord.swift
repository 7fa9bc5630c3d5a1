/// The durable state of one run: what it was asked, where it stands, and what it has used.
///
/// The conversation itself is not stored here: it is rebuilt from the run's completed steps
/// (``AgentTranscript``), so a checkpoint writes one small row and one step, never the whole history.
public struct AgentRunRecord: Sendable, Hashable, Codable {
    /// The run's id.
    public var id: String
    /// The goal, sent to the model as the first user message.
    public var goal: String
    /// System instructions, if any.
    public var system: String?
    /// The model as the caller named it (the router resolves it).
    public var model: String
    /// The names of the tools the model may call.
    public var tools: [String]
    /// The run's bounds.
    public var limits: AgentLimits
    /// Where it stands.
    public var status: AgentRunStatus
    /// When it was created (milliseconds since the epoch).
    public var createdAtMilliseconds: Int64
    /// When it last changed.
    public var updatedAtMilliseconds: Int64
    /// Completed steps (model turns and tool calls).
    public var completedSteps: Int
    /// Model turns taken (completed).
    public var modelTurns: Int
    /// Input tokens summed over all turns.
    public var inputTokens: Int
    /// Output tokens summed over all turns.
    public var outputTokens: Int
    /// US dollars spent, as far as the responses said.
    public var costUSD: Double
    /// The model's answer, once completed.
    public var answer: String?
    /// Why it failed, once failed.
    public var failure: AgentFailure?
    /// What it waits for, while suspended.
    public var suspension: AgentSuspension?
    /// How many slices of work (invocations, resumptions) it has had.
    public var slices: Int
    /// The sequence number of its last event.
    public var lastEventSequence: Int64
    /// Model turns in a row whose tool calls all failed.
    public var consecutiveFailedTurns: Int

    /// A new, pending run.
    public init(
        id: String,
        goal: String,
        system: String? = nil,
        model: String,
        tools: [String],
        limits: AgentLimits,
        now: Int64
    ) {
        self.id = id
        self.goal = goal
        self.system = system
        self.model = model
        self.tools = tools
        self.limits = limits
        self.status = .pending
        self.createdAtMilliseconds = now
        self.updatedAtMilliseconds = now
        self.completedSteps = 0
        self.modelTurns = 0
        self.inputTokens = 0
        self.outputTokens = 0
        self.costUSD = 0
        self.answer = nil
        self.failure = nil
        self.suspension = nil
        self.slices = 0
        self.lastEventSequence = 0
        self.consecutiveFailedTurns = 0
    }

    /// Input plus output tokens.
    public var totalTokens: Int { self.inputTokens + self.outputTokens }
}
