package import TandemCore

extension AgentEvent {
    /// The event as every stream sends it: the SSE `data:` of `GET /v1/agents/runs/{id}/events`, one WebSocket
    /// message of `GET /v1/agents/runs/{id}/socket`, one line of `tandem agent run --json`.
    ///
    /// `{"run_id", "seq", "type", "time_ms", "data", "step_id"?}`; `seq` is the SSE id a client resumes after.
    package var wireJSON: JSONValue {
        var object: [String: JSONValue] = [
            "run_id": .string(self.runID), "seq": .integer(self.sequence), "type": .string(self.kind.rawValue),
            "time_ms": .integer(self.timeMilliseconds), "data": self.data,
        ]
        if let step = self.stepID { object["step_id"] = .string(step) }
        return .object(object)
    }
}
