public import TandemCore

/// Agents as a service: start runs, work on them in slices that end before a deadline, continue them through a
/// ``ContinuationScheduler``, deliver callbacks, cancel, and follow their events.
///
/// The same service runs in a container (a far deadline, an in-process scheduler: a run goes to its end in one
/// slice) and on Lambda (the invocation's deadline, an SQS or self-invoke scheduler: a run spans invocations).
public struct AgentService: Sendable {
    /// The runner (store, model, tools).
    public var runner: AgentRunner
    /// Where continuations go; `nil` leaves continuing runs for an explicit ``resume(_:deadline:)``.
    public var scheduler: (any ContinuationScheduler)?
    /// Time kept back from each deadline to checkpoint and schedule the continuation.
    public var margin: Duration

    /// Creates a service.
    public init(runner: AgentRunner, scheduler: (any ContinuationScheduler)? = nil, margin: Duration = .seconds(2)) {
        self.runner = runner
        self.scheduler = scheduler
        self.margin = margin
    }

    /// Works on `runID` until it ends, suspends or `deadline` comes near; schedules the continuation when needed.
    /// - Returns: How the slice ended.
    /// - Throws: What the store or the scheduler throws.
    @discardableResult
    public func resume(
        _ runID: String,
        deadline: Deadline = .distantFuture,
        events: @escaping @Sendable (AgentEvent) async -> Void = { _ in }
    ) async throws -> AgentSliceOutcome {
        let outcome = try await self.runner.run(
            runID,
            options: AgentSliceOptions(deadline: deadline, margin: self.margin),
            events: events
        )
        try await self.scheduleIfNeeded(runID, outcome)
        return outcome
    }

    /// Schedules the next slice when `outcome` needs one.
    func scheduleIfNeeded(_ runID: String, _ outcome: AgentSliceOutcome) async throws {
        guard let scheduler = self.scheduler else { return }
        switch outcome {
        case .continuing:
            try await scheduler.scheduleContinuation(runID: runID, after: .zero)
        case .suspended(let suspension):
            if let at = suspension.resumeAtMilliseconds {
                try await scheduler.scheduleContinuation(
                    runID: runID,
                    after: .milliseconds(max(0, at - Deadline.nowMilliseconds()))
                )
            }
        default:
            break
        }
    }

    /// Delivers a callback and schedules the run's continuation.
    /// - Returns: Whether a step was waiting for `token`.
    /// - Throws: ``AgentStoreError/notFound(_:)``, or what the store or the scheduler throws.
    public func deliverCallback(runID: String, token: String, payload: JSONValue) async throws -> Bool {
        guard try await self.runner.deliverCallback(runID: runID, token: token, payload: payload) else { return false }
        try await self.scheduleIfNeeded(runID, .continuing)
        return true
    }

    /// The run's events after `sequence`, following the run (across slices, invocations and processes) until a
    /// terminal event, or a suspension when `untilSuspended` is set.
    /// - Parameters:
    ///   - runID: The run.
    ///   - sequence: The last event the caller has (`Last-Event-ID`); 0 for all.
    ///   - pollInterval: How often the store is read for new events.
    ///   - stopAt: The stream ends (without error) at this deadline.
    public func events(
        of runID: String,
        after sequence: Int64 = 0,
        pollInterval: Duration = .milliseconds(100),
        untilSuspended: Bool = false,
        stopAt: Deadline = .distantFuture
    ) -> AsyncThrowingStream<AgentEvent, any Error> {
        let store = self.runner.store
        return AsyncThrowingStream { continuation in
            let task = Task {
                var last = sequence
                do {
                    while !Task.isCancelled {
                        let batch = try await store.events(of: runID, after: last, limit: 500)
                        for event in batch {
                            continuation.yield(event)
                            last = event.sequence
                            if event.isTerminal || (untilSuspended && event.kind == .suspended) {
                                continuation.finish()
                                return
                            }
                        }
                        if batch.isEmpty {
                            if let run = try await store.run(runID), run.status.isTerminal,
                                try await store.lastEventSequence(of: runID) <= last
                            {
                                continuation.finish()
                                return
                            }
                            if stopAt.remaining <= pollInterval {
                                continuation.finish()
                                return
                            }
                            try await Task.sleep(for: pollInterval)
                        }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
