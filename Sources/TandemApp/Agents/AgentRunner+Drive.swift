import Logging
import TandemCore
import TandemLLM

extension AgentRunner {
    /// The loop of one slice.
    func drive(_ slice: inout AgentSlice) async throws -> AgentSliceOutcome {
        if let outcome = try await self.resolveSuspensions(&slice) { return outcome }
        slice.run.slices += 1
        slice.run.status = .running
        slice.run.updatedAtMilliseconds = Deadline.nowMilliseconds()
        if slice.run.slices > 1 || !slice.transcript.interrupted.isEmpty {
            let resumed = slice.event(
                .resumed,
                data: [
                    "slice": .integer(Int64(slice.run.slices)),
                    "recovered_steps": .array(slice.transcript.interrupted.keys.sorted().map { .string($0) }),
                ]
            )
            try await self.commit(&slice, steps: [], events: [resumed])
        } else {
            try await self.commit(&slice, steps: [], events: [])
        }
        while true {
            if !slice.transcript.suspended.isEmpty {
                return try await self.suspend(&slice)
            }
            let outstanding = slice.transcript.outstanding
            let upcoming = outstanding.isEmpty ? 1 : outstanding.count
            if let failure = Self.limitFailure(slice.run, upcoming: upcoming) {
                return try await self.fail(&slice, failure)
            }
            if slice.mustHandOver {
                return try await self.handOver(&slice)
            }
            if outstanding.isEmpty {
                if let outcome = try await self.modelTurn(&slice) { return outcome }
            } else {
                if let outcome = try await self.toolCalls(&slice, outstanding) { return outcome }
                let failedTurns = Self.trailingFailedTurns(slice.transcript)
                if failedTurns >= slice.run.limits.maxConsecutiveToolFailureTurns {
                    return try await self.fail(&slice, .toolFailures(failedTurns))
                }
            }
        }
    }

    /// The limit the run would break by taking `upcoming` more steps, if any.
    static func limitFailure(_ run: AgentRunRecord, upcoming: Int) -> AgentFailure? {
        let limits = run.limits
        if let wallClock = limits.wallClockMilliseconds,
            Deadline.nowMilliseconds() - run.createdAtMilliseconds > wallClock
        {
            return .wallClock(.milliseconds(wallClock))
        }
        if run.completedSteps + upcoming > limits.maxSteps { return .maxSteps(limits.maxSteps) }
        if let maxTokens = limits.maxTokens, run.totalTokens >= maxTokens {
            return .maxTokens(maxTokens, used: run.totalTokens)
        }
        if let maxCost = limits.maxCostUSD, run.costUSD >= maxCost { return .maxCost(maxCost, spent: run.costUSD) }
        return nil
    }

    /// How many of the last model turns had every tool call fail (read from the conversation, so a replay counts
    /// the same).
    static func trailingFailedTurns(_ transcript: AgentTranscript) -> Int {
        var count = 0
        var index = transcript.messages.count - 1
        while index >= 0 {
            var results: [Bool] = []
            while index >= 0, transcript.messages[index].role == .tool {
                results.append(transcript.messages[index].isError)
                index -= 1
            }
            guard !results.isEmpty, results.allSatisfy({ $0 }), index >= 0,
                transcript.messages[index].role == .assistant
            else { break }
            count += 1
            index -= 1
        }
        return count
    }

    /// Stores the run's new state with `steps` and `events` (one transaction), then passes the events on.
    func commit(_ slice: inout AgentSlice, steps: [AgentStepRecord], events: [AgentEvent]) async throws {
        slice.run.updatedAtMilliseconds = Deadline.nowMilliseconds()
        try await self.store.checkpoint(run: slice.run, steps: steps, events: events, owner: slice.options.owner)
        for event in events { await slice.sink(event) }
    }

    /// Stores and passes on events that change no state.
    func note(_ slice: inout AgentSlice, _ events: [AgentEvent]) async throws {
        try await self.store.appendEvents(events)
        for event in events { await slice.sink(event) }
    }

    func fail(_ slice: inout AgentSlice, _ failure: AgentFailure) async throws -> AgentSliceOutcome {
        slice.run.status = .failed
        slice.run.failure = failure
        let event = slice.event(.failed, data: ["code": .string(failure.code), "message": .string(failure.message)])
        try await self.commit(&slice, steps: [], events: [event])
        slice.options.logger.debug("agent run failed", metadata: ["agent.run": "\(slice.run.id)", "agent.code": "\(failure.code)"])
        return .failed(failure)
    }

    func handOver(_ slice: inout AgentSlice) async throws -> AgentSliceOutcome {
        slice.run.status = .continuing
        let event = slice.event(
            .continuing,
            data: ["completed_steps": .integer(Int64(slice.run.completedSteps))]
        )
        try await self.commit(&slice, steps: [], events: [event])
        return .continuing
    }

    func suspend(_ slice: inout AgentSlice) async throws -> AgentSliceOutcome {
        let first = slice.transcript.suspended.values.sorted { $0.index < $1.index }[0]
        let payload = try AgentJSON.decode(SuspendedToolStep.self, from: first.payload, what: "suspension")
        slice.run.status = .suspended
        slice.run.suspension = payload.suspension
        var data: [String: JSONValue] = ["call_id": .string(payload.callID), "tool": .string(payload.name)]
        if let token = payload.suspension.token { data["token"] = .string(token) }
        if let at = payload.suspension.resumeAtMilliseconds { data["resume_at_ms"] = .integer(at) }
        let event = slice.event(.suspended, stepID: first.stepID, data: .object(data))
        try await self.commit(&slice, steps: [], events: [event])
        return .suspended(payload.suspension)
    }

    /// Completes timer suspensions that are due; returns the outcome when the run must keep waiting.
    func resolveSuspensions(_ slice: inout AgentSlice) async throws -> AgentSliceOutcome? {
        guard !slice.transcript.suspended.isEmpty else { return nil }
        let now = Deadline.nowMilliseconds()
        var waiting: AgentSuspension?
        for step in slice.transcript.suspended.values.sorted(by: { $0.index < $1.index }) {
            let payload = try AgentJSON.decode(SuspendedToolStep.self, from: step.payload, what: "suspension")
            guard let at = payload.suspension.resumeAtMilliseconds, at <= now else {
                waiting = waiting ?? payload.suspension
                continue
            }
            let result = AgentToolResult(
                callID: payload.callID,
                name: payload.name,
                content: (payload.result ?? .null).canonicalJSON()
            )
            try await self.complete(&slice, step: step, result: result)
        }
        guard let waiting else { return nil }
        slice.run.status = .suspended
        slice.run.suspension = waiting
        try await self.commit(&slice, steps: [], events: [])
        return .suspended(waiting)
    }

    /// Records a tool step's result (a checkpoint) and adds it to the conversation.
    func complete(_ slice: inout AgentSlice, step: AgentStepRecord, result: AgentToolResult) async throws {
        var step = step
        step.status = .completed
        step.payload = try AgentJSON.encode(result)
        slice.run.completedSteps += 1
        if slice.run.suspension?.stepID == step.stepID { slice.run.suspension = nil }
        slice.transcript.apply(result, stepID: step.stepID)
        var data: [String: JSONValue] = [
            "call_id": .string(result.callID), "tool": .string(result.name), "content": .string(result.content),
            "is_error": .bool(result.isError),
        ]
        if let code = result.errorCode { data["error_code"] = .string(code) }
        let resultEvent = slice.event(.toolResult, stepID: step.stepID, data: .object(data))
        let checkpoint = slice.event(
            .checkpoint,
            stepID: step.stepID,
            data: ["completed_steps": .integer(Int64(slice.run.completedSteps))]
        )
        try await self.commit(&slice, steps: [step], events: [resultEvent, checkpoint])
    }
}
