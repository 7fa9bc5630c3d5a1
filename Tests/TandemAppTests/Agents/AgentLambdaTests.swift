import Logging
import Synchronization
import TandemApp
import TandemCore
import TandemLLM
import TandemLambda
import TandemLambdaEmulator
import Testing

/// A 30-step workflow behind the local Lambda emulator with a 2-second function timeout: it must finish across many
/// invocations, each continuing the run through an asynchronous self-invocation, with the answer of one
/// uninterrupted (container) run.
@Suite("Agents on Lambda", .timeLimit(.minutes(2)))
struct AgentLambdaTests {
    /// Posts continuation events to the emulator's invoke endpoint without waiting (Lambda's `Event` invocation).
    final class EmulatorSelfInvoker: ContinuationScheduler {
        let client: InvokeClient
        let invocations: Mutex<[Task<InvokeClient.Result, any Error>]>

        init(port: Int) {
            self.client = InvokeClient(host: "127.0.0.1", port: port)
            self.invocations = Mutex([])
        }

        func scheduleContinuation(runID: String, after delay: Duration) async throws {
            let client = self.client
            let payload = Array(AgentContinuationEvent(runID: runID).json.utf8)
            let task = Task {
                if delay > .zero { try await Task.sleep(for: delay) }
                return try await client.invoke(payload: payload)
            }
            self.invocations.withLock { $0.append(task) }
        }
    }

    @Test("a 30-step workflow with a 2 s deadline completes across invocations with the uninterrupted answer")
    func thirtySteps() async throws {
        let steps = 30
        let turns = AgentTestSupport.workflow(steps: steps, delay: .milliseconds(60))
        let limits = AgentLimits(maxSteps: 100)

        // The container run: one slice, no deadline.
        let containerLedger = AgentTestSupport.Ledger()
        let container = AgentRunner(
            store: try AgentTestSupport.store(),
            model: ScriptedChatModel(turns: turns),
            tools: ToolRegistry([AgentTestSupport.stepTool(containerLedger, delay: .milliseconds(120))])
        )
        let containerRun = try await container.create(goal: "work", model: "m", tools: ["step"], limits: limits)
        let containerOutcome = try await container.run(containerRun.id)
        #expect(containerOutcome == .completed(answer: AgentTestSupport.expectedAnswer(steps: steps)))

        // The Lambda run: the emulator's 2 s timeout, continuations by self-invocation.
        var configuration = LambdaEmulatorConfiguration()
        configuration.port = 0
        configuration.timeout = .seconds(2)
        configuration.maxConcurrency = 2
        let emulator = try await LambdaEmulator.start(configuration: configuration, logger: Logger(label: "test.emulator"))
        let scheduler = EmulatorSelfInvoker(port: emulator.port)
        let ledger = AgentTestSupport.Ledger()
        let store = try AgentTestSupport.store()
        let runner = AgentRunner(
            store: store,
            model: ScriptedChatModel(turns: turns),
            tools: ToolRegistry([AgentTestSupport.stepTool(ledger, delay: .milliseconds(120))])
        )
        let service = AgentService(runner: runner, scheduler: scheduler, margin: .milliseconds(600))
        var table = HandlerTable()
        table.addAgentContinuations(service)
        let finalTable = table
        let runtime = LambdaRuntime(
            logger: Logger(label: "test.runtime"),
            environment: [
                "AWS_LAMBDA_RUNTIME_API": "127.0.0.1:\(emulator.port)",
                "AWS_LAMBDA_FUNCTION_NAME": "agents",
                "AWS_LAMBDA_MAX_CONCURRENCY": "2",
            ]
        ) {
            LambdaHost(table: finalTable)
        }
        let runtimeTask = Task { try await runtime.run() }
        defer { runtimeTask.cancel() }

        let run = try await runner.create(goal: "work", model: "m", tools: ["step"], limits: limits)
        try await scheduler.scheduleContinuation(runID: run.id, after: .zero)
        let started = ContinuousClock.now
        var stored = try #require(try await store.run(run.id))
        while !stored.status.isTerminal, ContinuousClock.now - started < .seconds(60) {
            try await Task.sleep(for: .milliseconds(100))
            stored = try #require(try await store.run(run.id))
        }
        let tasks = scheduler.invocations.withLock { $0 }
        let results = try await tasks.asyncMap { try await $0.value }
        await emulator.shutdown()

        #expect(stored.status == .completed)
        #expect(stored.answer == AgentTestSupport.expectedAnswer(steps: steps))
        let containerAnswer = try await container.store.run(containerRun.id)?.answer
        #expect(stored.answer == containerAnswer)
        #expect(stored.completedSteps == 2 * steps + 1)
        #expect(ledger.total == steps)
        #expect(ledger.keys.values.allSatisfy { $0 == 1 })
        #expect(results.count == stored.slices)
        #expect(stored.slices >= 3, "the run took \(stored.slices) invocations")
        for result in results {
            #expect(result.status == 200)
            #expect(result.functionError == nil, "\(String(describing: result.functionError))")
        }
        let events = try await store.events(of: run.id, after: 0, limit: 10_000)
        print("lambda: \(steps) steps in \(stored.slices) invocations of at most 2 s")
        #expect(events.filter { $0.kind == .continuing }.count == stored.slices - 1)
        #expect(events.filter { $0.kind == .resumed }.count == stored.slices - 1)
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
