import Synchronization
import TandemApp
import TandemCore
import TandemLLM
import TandemSQLite
import Testing

@Suite("Agent loop", .timeLimit(.minutes(1)))
struct AgentLoopTests {
    typealias Turn = ScriptedChatModel.Turn

    func runner(_ turns: [Turn], tools: [AgentTool], store: (any CheckpointStore)? = nil) throws -> AgentRunner {
        AgentRunner(store: try store ?? AgentTestSupport.store(), model: ScriptedChatModel(turns: turns), tools: ToolRegistry(tools))
    }

    @Test("a workflow of tool calls ends with the model's answer, and every step ran once")
    func completes() async throws {
        let ledger = AgentTestSupport.Ledger()
        let runner = try self.runner(AgentTestSupport.workflow(steps: 5), tools: [AgentTestSupport.stepTool(ledger)])
        let run = try await runner.create(goal: "work", model: "scripted", tools: ["step"])
        let seen = Mutex<[AgentEvent.Kind]>([])
        let outcome = try await runner.run(run.id) { event in seen.withLock { $0.append(event.kind) } }
        #expect(outcome == .completed(answer: AgentTestSupport.expectedAnswer(steps: 5)))
        #expect(ledger.total == 5)
        #expect(ledger.keys.values.allSatisfy { $0 == 1 })
        let stored = try #require(try await runner.store.run(run.id))
        #expect(stored.status == .completed)
        #expect(stored.completedSteps == 11)
        #expect(stored.modelTurns == 6)
        #expect(stored.inputTokens == 60)
        let kinds = seen.withLock { $0 }
        #expect(kinds.first == .stepStarted)
        #expect(kinds.last == .finished)
        #expect(kinds.filter { $0 == .checkpoint }.count == 11)
        #expect(kinds.contains(.textDelta))
        let events = try await runner.store.events(of: run.id, after: 0, limit: 1000)
        #expect(events.map(\.sequence) == Array(1...Int64(events.count)))
    }

    @Test("several calls in one turn run in parallel and come back in the model's order")
    func parallelCalls() async throws {
        let ledger = AgentTestSupport.Ledger()
        let turns = [
            Turn(calls: [("step", #"{"i":3}"#), ("step", #"{"i":1}"#), ("step", #"{"i":2}"#)]),
            Turn(text: "{{results}}"),
        ]
        let runner = try self.runner(turns, tools: [AgentTestSupport.stepTool(ledger, delay: .milliseconds(200))])
        let run = try await runner.create(goal: "work", model: "scripted", tools: ["step"])
        let outcome = try await runner.run(run.id)
        #expect(outcome == .completed(answer: #"{"i":3,"value":10}|{"i":1,"value":2}|{"i":2,"value":5}"#))
        #expect(ledger.peakConcurrency == 3)
    }

    @Test("unknown tools, invalid JSON, schema mismatches, thrown errors and timeouts go back to the model")
    func toolErrors() async throws {
        let failing = AgentTool(name: "boom", description: "fails", parameters: ["type": "object"]) { _, _ in
            throw TandemError(.upstream, "the service said no")
        }
        let slow = AgentTool(name: "slow", description: "slow", parameters: ["type": "object"], timeout: .milliseconds(100)) { _, _ in
            try await Task.sleep(for: .seconds(30))
            return .text("too late")
        }
        let ledger = AgentTestSupport.Ledger()
        let turns = [
            Turn(calls: [
                ("nope", "{}"), ("step", #"{"i": 1"#), ("step", #"{"i":"one"}"#), ("boom", "{}"), ("slow", "{}"),
                ("step", #"{"i":2}"#),
            ]),
            Turn(text: "{{results}}"),
        ]
        let runner = try self.runner(turns, tools: [AgentTestSupport.stepTool(ledger), failing, slow])
        let run = try await runner.create(goal: "work", model: "scripted", tools: ["step", "boom", "slow"])
        let outcome = try await runner.run(run.id)
        guard case .completed(let answer) = outcome else {
            Issue.record("expected completion, got \(outcome)")
            return
        }
        let parts = answer.split(separator: "|").map(String.init)
        #expect(parts.count == 6)
        #expect(parts[0].contains("there is no tool named 'nope'"))
        #expect(parts[1].contains("not valid JSON"))
        #expect(parts[2].contains("$.i: expected integer, got string"))
        #expect(parts[3].contains("the service said no"))
        #expect(parts[4].contains("did not finish"))
        #expect(parts[5] == #"{"i":2,"value":5}"#)
        #expect(ledger.total == 1)
        let steps = try await runner.store.steps(of: run.id)
        let codes = steps.filter { $0.kind == .tool }.compactMap { try? JSONValue(parsing: $0.payload)["errorCode"]?.stringValue }
        #expect(codes == ["unknown_tool", "invalid_arguments", "invalid_arguments", "tool_error", "timeout"])
    }

    @Test("a model whose tool calls keep failing is stopped")
    func repeatedToolFailures() async throws {
        let turns = Array(repeating: Turn(calls: [("missing", "{}")]), count: 10)
        let runner = try self.runner(turns, tools: [])
        let run = try await runner.create(goal: "loop", model: "scripted", tools: [])
        let outcome = try await runner.run(run.id)
        #expect(outcome == .failed(.toolFailures(3)))
        #expect(try await runner.store.run(run.id)?.modelTurns == 3)
    }

    @Test("a model that keeps failing ends the run as model_failed after its attempts")
    func modelFailures() async throws {
        let turns = [Turn(error: LLMError(.serverError, "upstream 500", status: 500))]
        let runner = try self.runner(turns, tools: [])
        let run = try await runner.create(goal: "x", model: "scripted", tools: [], limits: AgentLimits(modelAttempts: 3))
        let outcome = try await runner.run(run.id)
        guard case .failed(let failure) = outcome else {
            Issue.record("expected failure, got \(outcome)")
            return
        }
        #expect(failure.code == "model_failed")
        let steps = try await runner.store.steps(of: run.id)
        #expect(steps.count == 1)
        #expect(steps[0].status == .started)
    }

    @Test("the step limit stops a run")
    func stepLimit() async throws {
        let ledger = AgentTestSupport.Ledger()
        let runner = try self.runner(AgentTestSupport.workflow(steps: 10), tools: [AgentTestSupport.stepTool(ledger)])
        let run = try await runner.create(goal: "x", model: "scripted", tools: ["step"], limits: AgentLimits(maxSteps: 7))
        #expect(try await runner.run(run.id) == .failed(.maxSteps(7)))
        let stored = try #require(try await runner.store.run(run.id))
        #expect(stored.completedSteps == 7)
        #expect(ledger.total == 3)
    }

    @Test("token and spending budgets stop a run")
    func budgets() async throws {
        let ledger = AgentTestSupport.Ledger()
        let turns = (0..<10).map { Turn(calls: [("step", #"{"i":\#($0)}"#)], usage: Usage(inputTokens: 100, outputTokens: 50), costUSD: 0.01) }
        let tokenRunner = try self.runner(turns, tools: [AgentTestSupport.stepTool(ledger)])
        let tokens = try await tokenRunner.create(goal: "x", model: "m", tools: ["step"], limits: AgentLimits(maxTokens: 400))
        #expect(try await tokenRunner.run(tokens.id) == .failed(.maxTokens(400, used: 450)))

        var costRunner = try self.runner(turns, tools: [AgentTestSupport.stepTool(ledger)])
        costRunner.streaming = false
        let cost = try await costRunner.create(goal: "x", model: "m", tools: ["step"], limits: AgentLimits(maxCostUSD: 0.025))
        let outcome = try await costRunner.run(cost.id)
        guard case .failed(let failure) = outcome else {
            Issue.record("expected failure, got \(outcome)")
            return
        }
        #expect(failure.code == "max_cost")
        #expect(try await costRunner.store.run(cost.id)?.modelTurns == 3)
    }

    @Test("the wall-clock budget stops a run")
    func wallClock() async throws {
        let ledger = AgentTestSupport.Ledger()
        let runner = try self.runner(
            AgentTestSupport.workflow(steps: 50),
            tools: [AgentTestSupport.stepTool(ledger, delay: .milliseconds(50))]
        )
        let run = try await runner.create(goal: "x", model: "m", tools: ["step"], limits: AgentLimits(maxSteps: 500, wallClock: .milliseconds(300)))
        let outcome = try await runner.run(run.id)
        #expect(outcome == .failed(.wallClock(.milliseconds(300))))
        #expect(ledger.total < 50)
    }

    @Test("a run cut into slices by a near deadline gives the same answer as one uninterrupted slice")
    func slicesReplay() async throws {
        let ledger = AgentTestSupport.Ledger()
        let store = try AgentTestSupport.store()
        let runner = try self.runner(
            AgentTestSupport.workflow(steps: 12, delay: .milliseconds(20)),
            tools: [AgentTestSupport.stepTool(ledger, delay: .milliseconds(20))],
            store: store
        )
        let run = try await runner.create(goal: "x", model: "m", tools: ["step"])
        var slices = 0
        var outcome = AgentSliceOutcome.continuing
        while outcome == .continuing, slices < 100 {
            slices += 1
            let options = AgentSliceOptions(deadline: .after(.milliseconds(260)), margin: .milliseconds(100))
            outcome = try await runner.run(run.id, options: options)
        }
        #expect(outcome == .completed(answer: AgentTestSupport.expectedAnswer(steps: 12)))
        #expect(slices > 2)
        #expect(ledger.total == 12)
        #expect(ledger.keys.values.allSatisfy { $0 == 1 })
        #expect(try await store.run(run.id)?.slices == slices)
    }

    @Test("a callback suspends the run at no cost and its payload resumes it")
    func callback() async throws {
        let turns = [
            Turn(calls: [("wait_for_callback", #"{"reason":"approve the plan"}"#)]),
            Turn(text: "approval: {{last_result}}"),
        ]
        let runner = try self.runner(turns, tools: [BuiltinTools.waitForCallback()])
        let service = AgentService(runner: runner)
        let run = try await runner.create(goal: "x", model: "m", tools: ["wait_for_callback"])
        let first = try await service.resume(run.id)
        guard case .suspended(let suspension) = first, let token = suspension.token else {
            Issue.record("expected a callback suspension, got \(first)")
            return
        }
        #expect(try await runner.store.run(run.id)?.status == .suspended)
        // Another slice before the callback changes nothing.
        #expect(try await service.resume(run.id) == .suspended(suspension))
        #expect(try await service.deliverCallback(runID: run.id, token: "cb_wrong", payload: [:]) == false)
        #expect(try await service.deliverCallback(runID: run.id, token: token, payload: ["approved": true]))
        #expect(try await service.deliverCallback(runID: run.id, token: token, payload: ["approved": false]) == false)
        #expect(try await service.resume(run.id) == .completed(answer: #"approval: {"approved":true}"#))
    }

    @Test("a timer suspension resumes when its time has come")
    func timer() async throws {
        let turns = [Turn(calls: [("sleep", #"{"seconds":0.3}"#)]), Turn(text: "woke: {{last_result}}")]
        let runner = try self.runner(turns, tools: [BuiltinTools.sleep()])
        let run = try await runner.create(goal: "x", model: "m", tools: ["sleep"])
        let first = try await runner.run(run.id)
        guard case .suspended(let suspension) = first else {
            Issue.record("expected suspension, got \(first)")
            return
        }
        #expect(first.needsContinuation)
        #expect(try await runner.run(run.id) == .suspended(suspension))
        try await Task.sleep(for: .milliseconds(350))
        #expect(try await runner.run(run.id) == .completed(answer: #"woke: {"slept":true}"#))
    }

    @Test("a cancelled run stops before its next step")
    func cancel() async throws {
        let ledger = AgentTestSupport.Ledger()
        let runner = try self.runner(
            AgentTestSupport.workflow(steps: 50),
            tools: [AgentTestSupport.stepTool(ledger, delay: .milliseconds(30))]
        )
        let run = try await runner.create(goal: "x", model: "m", tools: ["step"])
        let task = Task { try await runner.run(run.id) }
        try await Task.sleep(for: .milliseconds(200))
        try await runner.cancel(runID: run.id)
        #expect(try await task.value == .cancelled)
        let stored = try #require(try await runner.store.run(run.id))
        #expect(stored.status == .cancelled)
        #expect(ledger.total < 50)
        let events = try await runner.store.events(of: run.id, after: 0, limit: 10_000)
        #expect(events.contains { $0.kind == .cancelled })
    }

    @Test("two workers never hold one run: the second sees it busy")
    func lease() async throws {
        let store = try AgentTestSupport.store()
        let runner = try self.runner([Turn(text: "hi", delay: .milliseconds(300))], tools: [], store: store)
        let run = try await runner.create(goal: "x", model: "m", tools: [])
        async let first = runner.run(run.id, options: AgentSliceOptions(owner: "a"))
        try await Task.sleep(for: .milliseconds(100))
        let second = try await runner.run(run.id, options: AgentSliceOptions(owner: "b"))
        #expect(second == .busy)
        #expect(try await first == .completed(answer: "hi"))
        // A worker that lost its lease cannot write.
        #expect(try await store.acquireLease(runID: run.id, owner: "c", until: Deadline.nowMilliseconds() + 10_000))
        await #expect(throws: AgentStoreError.self) {
            _ = try await store.beginStep(
                AgentStepRecord(runID: run.id, stepID: "m9", index: 9, kind: .model, status: .started),
                owner: "a"
            )
        }
    }
}
