public import TandemCore

/// A run as JSON, as `GET /v1/agents/runs/{id}` and `tandem agent show` print it: state, usage, cost, answer or
/// error, what it waits for, and its steps with their results.
public enum AgentRunDescription {
    /// The description of `run` with `steps` (none: the steps are left out).
    public static func json(_ run: AgentRunRecord, steps: [AgentStepRecord]) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(run.id),
            "object": "agent.run",
            "status": .string(run.status.rawValue),
            "goal": .string(run.goal),
            "model": .string(run.model),
            "tools": .array(run.tools.map { .string($0) }),
            "created_at_ms": .integer(run.createdAtMilliseconds),
            "updated_at_ms": .integer(run.updatedAtMilliseconds),
            "completed_steps": .integer(Int64(run.completedSteps)),
            "model_turns": .integer(Int64(run.modelTurns)),
            "slices": .integer(Int64(run.slices)),
            "usage": [
                "input_tokens": .integer(Int64(run.inputTokens)),
                "output_tokens": .integer(Int64(run.outputTokens)),
                "total_tokens": .integer(Int64(run.totalTokens)),
            ],
            "cost_usd": .double(run.costUSD),
            "last_event_id": .integer(run.lastEventSequence),
        ]
        if let answer = run.answer { object["answer"] = .string(answer) }
        if let failure = run.failure {
            object["error"] = ["code": .string(failure.code), "message": .string(failure.message)]
        }
        if let suspension = run.suspension {
            var waiting: [String: JSONValue] = ["step_id": .string(suspension.stepID)]
            if let token = suspension.token { waiting["callback_token"] = .string(token) }
            if let at = suspension.resumeAtMilliseconds { waiting["resume_at_ms"] = .integer(at) }
            object["waiting_for"] = .object(waiting)
        }
        if !steps.isEmpty {
            object["steps"] = .array(
                steps.map { step in
                    var entry: [String: JSONValue] = [
                        "id": .string(step.stepID),
                        "kind": .string(step.kind.rawValue),
                        "status": .string(step.status.rawValue),
                        "attempts": .integer(Int64(step.attempts)),
                    ]
                    if let value = try? JSONValue(parsing: step.payload) { entry["result"] = value }
                    return .object(entry)
                }
            )
        }
        return .object(object)
    }
}
