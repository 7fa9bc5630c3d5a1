import Logging
import TandemCore
import TandemLLM

extension AgentRunner {
    /// One model turn as a step; returns an outcome when the run ends or must hand over.
    func modelTurn(_ slice: inout AgentSlice) async throws -> AgentSliceOutcome? {
        let turn = slice.transcript.turns + 1
        let stepID = AgentTranscript.modelStepID(turn: turn)
        let index: Int
        if let prior = slice.transcript.interrupted[stepID] {
            index = prior.index
        } else {
            index = slice.transcript.nextIndex
            slice.transcript.nextIndex += 1
        }
        let step = try await self.store.beginStep(
            AgentStepRecord(runID: slice.run.id, stepID: stepID, index: index, kind: .model, status: .started),
            owner: slice.options.owner
        )
        let started = slice.event(
            .stepStarted,
            stepID: stepID,
            data: ["kind": "model", "turn": .integer(Int64(turn)), "attempt": .integer(Int64(step.attempts))]
        )
        try await self.note(&slice, [started])

        let request = ChatRequest(
            model: slice.run.model,
            messages: slice.transcript.messages,
            tools: self.tools.subset(slice.run.tools).map(\.definition)
        )
        var response: ChatResponse?
        var lastError: LLMError?
        for attempt in 1...max(1, slice.run.limits.modelAttempts) {
            if slice.cutoff.hasPassed { return try await self.handOver(&slice) }
            do {
                response = try await self.callModel(request, slice: &slice, stepID: stepID)
                break
            } catch let error as LLMError {
                lastError = error
                if slice.cutoff.hasPassed { return try await self.handOver(&slice) }
                guard error.isRetryable, attempt < slice.run.limits.modelAttempts else { break }
                let backoff = error.retryAfter ?? .milliseconds(100 << min(attempt, 6))
                guard slice.cutoff.remaining > backoff else { return try await self.handOver(&slice) }
                try await Task.sleep(for: backoff)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                lastError = LLMError(.badResponse, "the model failed: \(error)")
                break
            }
        }
        guard let response else {
            let error = lastError ?? LLMError(.badResponse, "the model gave no response")
            return try await self.fail(&slice, .modelFailed("model turn \(turn) failed: \(error)"))
        }

        let cost = response.cost?.total ?? self.pricing?(slice.run.model, response.usage)
        let record = AgentModelTurn(
            text: response.message.text,
            calls: response.message.toolCalls.map { AgentModelTurn.Call(id: $0.id, name: $0.name, arguments: $0.arguments) },
            inputTokens: response.usage.inputTokens,
            outputTokens: response.usage.outputTokens,
            costUSD: cost,
            finishReason: Self.finishName(response.finishReason)
        )
        slice.run.completedSteps += 1
        slice.run.modelTurns += 1
        slice.run.inputTokens += record.inputTokens
        slice.run.outputTokens += record.outputTokens
        slice.run.costUSD += cost ?? 0
        slice.transcript.apply(record)

        var events: [AgentEvent] = []
        for (offset, call) in record.calls.enumerated() {
            events.append(
                slice.event(
                    .toolCall,
                    stepID: AgentTranscript.toolStepID(turn: turn, index: offset),
                    data: ["id": .string(call.id), "name": .string(call.name), "arguments": .string(call.arguments)]
                )
            )
        }
        events.append(
            slice.event(
                .usage,
                stepID: stepID,
                data: [
                    "input_tokens": .integer(Int64(slice.run.inputTokens)),
                    "output_tokens": .integer(Int64(slice.run.outputTokens)),
                    "cost_usd": .double(slice.run.costUSD),
                ]
            )
        )
        events.append(
            slice.event(.checkpoint, stepID: stepID, data: ["completed_steps": .integer(Int64(slice.run.completedSteps))])
        )
        if record.calls.isEmpty {
            slice.run.status = .completed
            slice.run.answer = record.text
            events.append(slice.event(.finished, data: ["answer": .string(record.text)]))
        }
        var completed = step
        completed.status = .completed
        completed.payload = try AgentJSON.encode(record)
        try await self.commit(&slice, steps: [completed], events: events)
        return record.calls.isEmpty ? .completed(answer: record.text) : nil
    }

    /// Streams one model response, passing text deltas on as events.
    private func callModel(_ request: ChatRequest, slice: inout AgentSlice, stepID: String) async throws -> ChatResponse {
        let options = CallOptions(deadline: slice.cutoff, logger: slice.options.logger)
        guard self.streaming else { return try await self.model.chat(request, options: options) }
        let stream = try await self.model.stream(request, options: options)
        var accumulator = ChatResponseAccumulator(model: request.model)
        for try await event in stream {
            accumulator.add(event)
            if case .textDelta(let text) = event, !text.isEmpty {
                let delta = slice.event(.textDelta, stepID: stepID, data: ["text": .string(text)])
                try await self.note(&slice, [delta])
            }
        }
        if let error = accumulator.error { throw error }
        return accumulator.response
    }

    static func finishName(_ reason: FinishReason) -> String {
        switch reason {
        case .stop: "stop"
        case .length: "length"
        case .toolCalls: "tool_calls"
        case .contentFilter: "content_filter"
        case .other(let name): name
        }
    }
}
