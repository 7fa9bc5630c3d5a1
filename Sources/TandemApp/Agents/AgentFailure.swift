/// Why a run ended without an answer: a stable code and a message for people.
public struct AgentFailure: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The stable code (safe as a metric label).
    public var code: String
    /// A message for people (no secrets).
    public var message: String

    /// Creates a failure.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(self.code): \(self.message)" }

    /// The step limit was reached.
    public static func maxSteps(_ limit: Int) -> AgentFailure {
        AgentFailure(code: "max_steps", message: "the run reached its limit of \(limit) steps")
    }
    /// The token budget was spent.
    public static func maxTokens(_ limit: Int, used: Int) -> AgentFailure {
        AgentFailure(code: "max_tokens", message: "the run used \(used) tokens, its limit is \(limit)")
    }
    /// The spending budget was spent.
    public static func maxCost(_ limit: Double, spent: Double) -> AgentFailure {
        AgentFailure(code: "max_cost", message: "the run spent $\(spent), its limit is $\(limit)")
    }
    /// The wall-clock budget ran out.
    public static func wallClock(_ limit: Duration) -> AgentFailure {
        AgentFailure(code: "wall_clock", message: "the run exceeded its wall-clock budget of \(limit)")
    }
    /// The model failed repeatedly (or with an error another attempt cannot fix).
    public static func modelFailed(_ message: String) -> AgentFailure {
        AgentFailure(code: "model_failed", message: message)
    }
    /// The model's tool calls kept failing.
    public static func toolFailures(_ turns: Int) -> AgentFailure {
        AgentFailure(
            code: "tool_failures",
            message: "every tool call failed in \(turns) consecutive model turns; stopping instead of looping"
        )
    }
}
