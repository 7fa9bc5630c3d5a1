import Logging
import TandemCore
public import TandemLLM

/// Runs slices of agent runs: model turn, tool calls (in parallel), results back, until the model answers, a limit
/// is hit, the run suspends, or the slice's deadline comes near.
///
/// Every step is recorded as started before it runs and its result is checkpointed before the next step starts.
/// A slice begins by rebuilding the conversation from the completed steps (``AgentTranscript``), so continuing a
/// run in another invocation, another process or after a crash executes nothing that completed. The same code
/// runs a whole run in one slice in a container (a far deadline) and many slices on Lambda.
///
/// ```swift
/// let runner = AgentRunner(store: store, model: router, tools: ToolRegistry([httpFetch, putResult]))
/// let run = try await runner.create(goal: "Summarise https://example.com", model: "gpt-4o-mini", tools: ["http_fetch"])
/// let outcome = try await runner.run(run.id, options: AgentSliceOptions(deadline: context.deadline))
/// ```
public struct AgentRunner: Sendable {
    /// Where runs are made durable.
    public var store: any CheckpointStore
    /// The model (a provider, the router, or a scripted model).
    public var model: any ChatProvider
    /// The tools runs may use.
    public var tools: ToolRegistry
    /// Whether model turns are streamed (text deltas become events) or fetched whole (``ChatProvider/chat(_:options:)``).
    public var streaming = true
    /// What a turn cost in US dollars, for providers that report no ``TandemLLM/Cost`` (streams never do): the
    /// model name and the turn's usage in.
    public var pricing: (@Sendable (_ model: String, _ usage: Usage) -> Double?)?

    /// Creates a runner.
    public init(store: any CheckpointStore, model: any ChatProvider, tools: ToolRegistry) {
        self.store = store
        self.model = model
        self.tools = tools
    }

    /// Creates a pending run.
    /// - Parameters:
    ///   - id: The run's id (a random one when `nil`).
    ///   - goal: The task, sent as the first user message.
    ///   - system: System instructions.
    ///   - model: The model name the provider (or router) resolves.
    ///   - tools: The names of the registered tools the model may call.
    ///   - limits: The run's bounds.
    /// - Returns: The stored run.
    /// - Throws: ``AgentStoreError`` with code `unknown_tool` for a name that is not registered, or what the store
    ///   throws.
    public func create(
        id: String? = nil,
        goal: String,
        system: String? = nil,
        model: String,
        tools: [String],
        limits: AgentLimits = AgentLimits()
    ) async throws -> AgentRunRecord {
        for name in tools where self.tools[name] == nil {
            throw AgentStoreError(code: "unknown_tool", message: "no tool named '\(name)' is registered")
        }
        let now = Deadline.nowMilliseconds()
        var run = AgentRunRecord(
            id: id ?? Self.newRunID(),
            goal: goal,
            system: system,
            model: model,
            tools: tools,
            limits: limits,
            now: now
        )
        run.lastEventSequence = 1
        let created = AgentEvent(
            runID: run.id,
            sequence: 1,
            kind: .created,
            data: ["goal": .string(goal), "model": .string(model), "tools": .array(tools.map { .string($0) })],
            timeMilliseconds: now
        )
        try await self.store.createRun(run, events: [created])
        return run
    }

    /// Works on a run until it ends, suspends, or the deadline in `options` comes near.
    /// - Parameters:
    ///   - runID: The run.
    ///   - options: The deadline, margin, lease owner and logger.
    ///   - events: Called with each event as it happens (after it is stored).
    /// - Returns: How the slice ended; for ``AgentSliceOutcome/continuing`` (and timer suspensions) the caller
    ///   schedules the next slice.
    /// - Throws: ``AgentStoreError`` when the run does not exist or the store fails; model and tool failures are
    ///   not thrown, they end the run (``AgentSliceOutcome/failed(_:)``) or go back to the model.
    public func run(
        _ runID: String,
        options: AgentSliceOptions = AgentSliceOptions(),
        events: @escaping @Sendable (AgentEvent) async -> Void = { _ in }
    ) async throws -> AgentSliceOutcome {
        let leaseUntil = min(
            options.deadline.millisecondsSinceEpoch,
            Deadline.nowMilliseconds() + 15 * 60 * 1000
        )
        guard try await self.store.acquireLease(runID: runID, owner: options.owner, until: leaseUntil) else {
            if let run = try await self.store.run(runID), let outcome = Self.finalOutcome(run) { return outcome }
            return .busy
        }
        do {
            let outcome = try await self.work(runID, options: options, events: events)
            try? await self.store.releaseLease(runID: runID, owner: options.owner)
            return outcome
        } catch let error as AgentStoreError where error.code == "cancelled" {
            try? await self.store.releaseLease(runID: runID, owner: options.owner)
            return .cancelled
        } catch {
            try? await self.store.releaseLease(runID: runID, owner: options.owner)
            throw error
        }
    }

    /// A new random run id (`run_` and 24 hex digits).
    public static func newRunID() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = String(generator.next() as UInt64, radix: 16)
        let low = String(UInt32.random(in: 0...UInt32.max, using: &generator), radix: 16)
        return "run_" + String(repeating: "0", count: 16 - high.count) + high
            + String(repeating: "0", count: 8 - low.count) + low
    }

    static func finalOutcome(_ run: AgentRunRecord) -> AgentSliceOutcome? {
        switch run.status {
        case .completed: .completed(answer: run.answer ?? "")
        case .failed: .failed(run.failure ?? AgentFailure(code: "failed", message: "the run failed"))
        case .cancelled: .cancelled
        default: nil
        }
    }

    private func work(
        _ runID: String,
        options: AgentSliceOptions,
        events: @escaping @Sendable (AgentEvent) async -> Void
    ) async throws -> AgentSliceOutcome {
        guard let stored = try await self.store.run(runID) else { throw AgentStoreError.notFound(runID) }
        if let outcome = Self.finalOutcome(stored) { return outcome }
        let steps = try await self.store.steps(of: runID)
        let transcript = try AgentTranscript(run: stored, steps: steps)
        var run = stored
        run.completedSteps = transcript.completedSteps
        run.modelTurns = transcript.turns
        run.inputTokens = transcript.inputTokens
        run.outputTokens = transcript.outputTokens
        run.costUSD = transcript.costUSD
        var slice = AgentSlice(
            run: run,
            transcript: transcript,
            sequence: max(run.lastEventSequence, try await self.store.lastEventSequence(of: runID)),
            options: options,
            sink: events
        )
        return try await self.drive(&slice)
    }
}
