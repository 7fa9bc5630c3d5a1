import TandemLLM

/// A run's conversation and position, rebuilt from its steps: the replay half of checkpoint-and-replay.
///
/// Completed steps are folded in order: a model turn appends the assistant message and makes its calls pending; a
/// tool result is kept until every pending call has one, then the results are appended in the model's call order.
/// Nothing is executed; a step that was started but not completed is reported in ``interrupted``.
struct AgentTranscript: Sendable {
    /// The messages to send with the next model turn.
    var messages: [ChatMessage]
    /// Completed model turns.
    var turns = 0
    /// The calls of the last turn still waiting for results (in call order), with their step ids.
    var pending: [(stepID: String, call: AgentModelTurn.Call)] = []
    /// Results of pending calls, by step id.
    var results: [String: AgentToolResult] = [:]
    /// Steps started but never completed (crashed or cut off), by step id.
    var interrupted: [String: AgentStepRecord] = [:]
    /// Steps waiting for a time or a callback, by step id.
    var suspended: [String: AgentStepRecord] = [:]
    /// The index the next new step gets.
    var nextIndex = 0
    /// The last model turn's text.
    var lastText = ""
    /// Completed steps, and the usage of the completed model turns (the run's counters, recomputed so that a
    /// store that cannot write the step and the run in one transaction still counts right after a crash).
    var completedSteps = 0
    var inputTokens = 0
    var outputTokens = 0
    var costUSD = 0.0

    /// The step id of model turn `turn` (1-based).
    static func modelStepID(turn: Int) -> String { "m\(turn)" }

    /// The step id of call `index` (0-based) of model turn `turn`.
    static func toolStepID(turn: Int, index: Int) -> String { "m\(turn).t\(index)" }

    /// Rebuilds the transcript of `run` from its `steps`.
    /// - Throws: ``AgentStoreError/corrupt(_:)`` when a payload cannot be decoded.
    init(run: AgentRunRecord, steps: [AgentStepRecord]) throws {
        self.messages = []
        if let system = run.system, !system.isEmpty { self.messages.append(.system(system)) }
        self.messages.append(.user(run.goal))
        for step in steps.sorted(by: { $0.index < $1.index }) {
            self.nextIndex = max(self.nextIndex, step.index + 1)
            switch step.status {
            case .started:
                self.interrupted[step.stepID] = step
                continue
            case .suspended:
                self.suspended[step.stepID] = step
                continue
            case .completed:
                self.completedSteps += 1
            }
            switch step.kind {
            case .model:
                let turn = try AgentJSON.decode(AgentModelTurn.self, from: step.payload, what: "model turn")
                self.inputTokens += turn.inputTokens
                self.outputTokens += turn.outputTokens
                self.costUSD += turn.costUSD ?? 0
                self.apply(turn)
            case .tool:
                let result = try AgentJSON.decode(AgentToolResult.self, from: step.payload, what: "tool result")
                self.apply(result, stepID: step.stepID)
            }
        }
    }

    /// Takes a completed model turn.
    mutating func apply(_ turn: AgentModelTurn) {
        self.turns += 1
        self.lastText = turn.text
        let calls = turn.calls.map { ToolCall(id: $0.id, name: $0.name, arguments: $0.arguments) }
        self.messages.append(.assistant(turn.text.isEmpty ? nil : turn.text, toolCalls: calls))
        self.pending = turn.calls.enumerated().map { (Self.toolStepID(turn: self.turns, index: $0.offset), $0.element) }
        self.results = [:]
        for (stepID, _) in self.pending {
            self.interrupted[stepID] = nil
            self.suspended[stepID] = nil
        }
        self.interrupted[Self.modelStepID(turn: self.turns)] = nil
    }

    /// Takes a completed tool step; when it was the last one pending, the turn's results join the conversation.
    mutating func apply(_ result: AgentToolResult, stepID: String) {
        self.results[stepID] = result
        self.interrupted[stepID] = nil
        self.suspended[stepID] = nil
        guard self.pending.allSatisfy({ self.results[$0.stepID] != nil }) else { return }
        for (stepID, _) in self.pending {
            let result = self.results[stepID]!
            self.messages.append(.toolResult(id: result.callID, result.content, isError: result.isError))
        }
        self.pending = []
        self.results = [:]
    }

    /// Pending calls without a result yet.
    var outstanding: [(stepID: String, call: AgentModelTurn.Call)] {
        self.pending.filter { self.results[$0.stepID] == nil }
    }
}
