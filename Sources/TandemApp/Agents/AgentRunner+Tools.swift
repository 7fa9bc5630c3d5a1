import Logging
import TandemCore
import TandemLLM

extension AgentRunner {
    /// What running one tool call came to.
    enum ToolRun: Sendable {
        case done(AgentToolResult)
        case suspended(SuspendedToolStep)
        /// The slice's cutoff came first: the step stays started and the next slice runs it again.
        case cutOff
    }

    /// A call ready to run: the step as begun, the tool and its parsed arguments, or the result it gets without
    /// running (unknown tool, bad arguments, an outcome lost in a crash).
    struct PreparedCall: Sendable {
        var step: AgentStepRecord
        var call: AgentModelTurn.Call
        var tool: AgentTool?
        var arguments: JSONValue
        var immediate: AgentToolResult?
    }

    /// Runs the outstanding calls of the last model turn in parallel, checkpointing each result as it arrives.
    func toolCalls(
        _ slice: inout AgentSlice,
        _ outstanding: [(stepID: String, call: AgentModelTurn.Call)]
    ) async throws -> AgentSliceOutcome? {
        var prepared: [PreparedCall] = []
        var started: [AgentEvent] = []
        for (stepID, call) in outstanding {
            let index: Int
            if let prior = slice.transcript.interrupted[stepID] {
                index = prior.index
            } else {
                index = slice.transcript.nextIndex
                slice.transcript.nextIndex += 1
            }
            let step = try await self.store.beginStep(
                AgentStepRecord(runID: slice.run.id, stepID: stepID, index: index, kind: .tool, status: .started),
                owner: slice.options.owner
            )
            prepared.append(self.prepare(call, step: step, allowed: slice.run.tools))
            started.append(
                slice.event(
                    .stepStarted,
                    stepID: stepID,
                    data: ["kind": "tool", "tool": .string(call.name), "attempt": .integer(Int64(step.attempts))]
                )
            )
        }
        try await self.note(&slice, started)

        let runID = slice.run.id
        let cutoff = slice.cutoff
        let toolTimeout = slice.run.limits.toolTimeout
        let logger = slice.options.logger
        let store = self.store
        var cut = false
        try await withThrowingTaskGroup(of: (Int, ToolRun).self) { group in
            for (position, item) in prepared.enumerated() {
                if let result = item.immediate {
                    group.addTask { (position, .done(result)) }
                    continue
                }
                guard let tool = item.tool else { continue }
                let context = ToolContext(
                    runID: runID,
                    stepID: item.step.stepID,
                    callID: item.call.id,
                    idempotencyKey: "agent:\(runID):\(item.step.stepID)",
                    isRecovery: item.step.attempts > 1,
                    attempt: item.step.attempts,
                    deadline: min(Deadline.after(tool.timeout.map { min($0, toolTimeout) } ?? toolTimeout), cutoff),
                    logger: logger,
                    store: store
                )
                let call = item.call
                let arguments = item.arguments
                group.addTask {
                    (position, await Self.execute(tool, call: call, arguments: arguments, context: context, cutoff: cutoff))
                }
            }
            for try await (position, outcome) in group {
                let item = prepared[position]
                switch outcome {
                case .done(let result):
                    try await self.complete(&slice, step: item.step, result: result)
                case .suspended(let payload):
                    var step = item.step
                    step.status = .suspended
                    step.payload = try AgentJSON.encode(payload)
                    slice.transcript.suspended[step.stepID] = step
                    slice.transcript.interrupted[step.stepID] = nil
                    try await self.commit(&slice, steps: [step], events: [])
                case .cutOff:
                    cut = true
                }
            }
        }
        if cut { return try await self.handOver(&slice) }
        if !slice.transcript.suspended.isEmpty { return try await self.suspend(&slice) }
        return nil
    }

    func prepare(_ call: AgentModelTurn.Call, step: AgentStepRecord, allowed: [String]) -> PreparedCall {
        var prepared = PreparedCall(step: step, call: call, tool: nil, arguments: .null, immediate: nil)
        func refuse(_ code: String, _ message: String) -> PreparedCall {
            prepared.immediate = AgentToolResult(
                callID: call.id,
                name: call.name,
                content: message,
                isError: true,
                errorCode: code
            )
            return prepared
        }
        guard allowed.contains(call.name), let tool = self.tools[call.name] else {
            let names = allowed.joined(separator: ", ")
            return refuse("unknown_tool", "error: there is no tool named '\(call.name)'; the tools are: \(names)")
        }
        let arguments: JSONValue
        do {
            arguments = try ToolCall(id: call.id, name: call.name, arguments: call.arguments).argumentsValue()
        } catch {
            return refuse("invalid_arguments", "error: the arguments are not valid JSON; send one JSON object")
        }
        let problems = JSONSchemaValidator(schema: tool.definition.parameters).problems(with: arguments)
        guard problems.isEmpty else {
            return refuse("invalid_arguments", "error: the arguments do not match the schema: " + problems.joined(separator: "; "))
        }
        if tool.effect == .sideEffectingOnce, step.attempts > 1 {
            return refuse(
                "outcome_unknown",
                "error: this call was interrupted after it started and the tool cannot tell whether it took effect; "
                    + "it was not repeated"
            )
        }
        prepared.tool = tool
        prepared.arguments = arguments
        return prepared
    }

    /// Runs one tool with its timeout and the slice's cutoff.
    static func execute(
        _ tool: AgentTool,
        call: AgentModelTurn.Call,
        arguments: JSONValue,
        context: ToolContext,
        cutoff: Deadline
    ) async -> ToolRun {
        let timedOut = context.deadline < cutoff
        return await withTaskGroup(of: ToolRun?.self) { group in
            group.addTask {
                do {
                    let output = try await tool.body(arguments, context)
                    return Self.toolRun(output, call: call, stepID: context.stepID)
                } catch {
                    if Task.isCancelled { return nil }
                    return .done(
                        AgentToolResult(
                            callID: call.id,
                            name: call.name,
                            content: "error: \(error)",
                            isError: true,
                            errorCode: "tool_error"
                        )
                    )
                }
            }
            group.addTask {
                let wait = context.deadline.remaining
                if wait > .zero { try? await Task.sleep(for: wait) }
                if Task.isCancelled { return nil }
                guard timedOut else { return .cutOff }
                return .done(
                    AgentToolResult(
                        callID: call.id,
                        name: call.name,
                        content: "error: the tool did not finish within \(wait)",
                        isError: true,
                        errorCode: "timeout"
                    )
                )
            }
            var outcome: ToolRun = .cutOff
            if let first = await group.next(), let value = first { outcome = value }
            group.cancelAll()
            return outcome
        }
    }

    static func toolRun(_ output: ToolOutput, call: AgentModelTurn.Call, stepID: String) -> ToolRun {
        switch output {
        case .result(let value):
            return .done(AgentToolResult(callID: call.id, name: call.name, content: value.canonicalJSON()))
        case .text(let text):
            return .done(AgentToolResult(callID: call.id, name: call.name, content: text))
        case .sleep(let until, let result):
            let suspension = AgentSuspension(
                stepID: stepID,
                callID: call.id,
                resumeAtMilliseconds: until.millisecondsSinceEpoch
            )
            return .suspended(SuspendedToolStep(callID: call.id, name: call.name, suspension: suspension, result: result))
        case .awaitCallback(let token):
            let suspension = AgentSuspension(stepID: stepID, callID: call.id, token: token)
            return .suspended(SuspendedToolStep(callID: call.id, name: call.name, suspension: suspension, result: nil))
        }
    }
}
