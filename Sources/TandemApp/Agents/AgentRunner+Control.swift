public import TandemCore

extension AgentRunner {
    /// Delivers an external callback to a run suspended on `token`: the waiting tool step completes with `payload`
    /// as its result, and the run is ready to continue (schedule a slice, or call ``run(_:options:events:)``).
    /// - Returns: Whether a step was waiting for `token` (false: unknown token, or already delivered).
    /// - Throws: ``AgentStoreError/notFound(_:)`` for an unknown run, or what the store throws.
    @discardableResult
    public func deliverCallback(runID: String, token: String, payload: JSONValue) async throws -> Bool {
        guard var run = try await self.store.run(runID) else { throw AgentStoreError.notFound(runID) }
        guard run.status == .suspended else { return false }
        let steps = try await self.store.steps(of: runID)
        for var step in steps where step.status == .suspended {
            let waiting = try AgentJSON.decode(SuspendedToolStep.self, from: step.payload, what: "suspension")
            guard waiting.suspension.token == token else { continue }
            let result = AgentToolResult(callID: waiting.callID, name: waiting.name, content: payload.canonicalJSON())
            step.status = .completed
            step.payload = try AgentJSON.encode(result)
            run.completedSteps += 1
            run.status = .continuing
            run.suspension = nil
            run.updatedAtMilliseconds = Deadline.nowMilliseconds()
            let sequence = max(run.lastEventSequence, try await self.store.lastEventSequence(of: runID))
            let resultEvent = AgentEvent(
                runID: runID,
                sequence: sequence + 1,
                kind: .toolResult,
                stepID: step.stepID,
                data: [
                    "call_id": .string(result.callID), "tool": .string(result.name), "content": .string(result.content),
                    "is_error": false, "callback": true,
                ],
                timeMilliseconds: run.updatedAtMilliseconds
            )
            run.lastEventSequence = sequence + 1
            try await self.store.checkpoint(run: run, steps: [step], events: [resultEvent], owner: nil)
            return true
        }
        return false
    }

    /// Cancels a run that has not ended: it stops before its next step (a step already running finishes, but its
    /// result is not used).
    /// - Returns: The run as it stands afterwards.
    /// - Throws: ``AgentStoreError/notFound(_:)`` for an unknown run, or what the store throws.
    @discardableResult
    public func cancel(runID: String, reason: String = "cancelled by a caller") async throws -> AgentRunRecord {
        guard var run = try await self.store.run(runID) else { throw AgentStoreError.notFound(runID) }
        guard !run.status.isTerminal else { return run }
        run.status = .cancelled
        run.failure = AgentFailure(code: "cancelled", message: reason)
        run.updatedAtMilliseconds = Deadline.nowMilliseconds()
        let sequence = max(run.lastEventSequence, try await self.store.lastEventSequence(of: runID)) + 1
        run.lastEventSequence = sequence
        let event = AgentEvent(
            runID: runID,
            sequence: sequence,
            kind: .cancelled,
            data: ["message": .string(reason)],
            timeMilliseconds: run.updatedAtMilliseconds
        )
        try await self.store.checkpoint(run: run, steps: [], events: [event], owner: nil)
        return run
    }
}
