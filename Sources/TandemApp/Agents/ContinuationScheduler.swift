/// Arranges for a run to get another slice of work: an SQS message to the function itself, an asynchronous
/// self-invocation, or (in a container or locally) a task in the same process.
public protocol ContinuationScheduler: Sendable {
    /// Schedules a slice of `runID` after `delay` (zero: as soon as possible).
    /// - Throws: When the continuation could not be scheduled (the run stays checkpointed; a later
    ///   ``AgentService/resume(_:deadline:)`` picks it up).
    func scheduleContinuation(runID: String, after delay: Duration) async throws
}

/// Continues runs in this process: a task that waits `delay` and calls `perform` (containers, the CLI, tests).
public struct TaskContinuationScheduler: ContinuationScheduler {
    private let perform: @Sendable (String) async -> Void

    /// A scheduler calling `perform` with the run id.
    public init(perform: @escaping @Sendable (String) async -> Void) {
        self.perform = perform
    }

    public func scheduleContinuation(runID: String, after delay: Duration) async throws {
        let perform = self.perform
        Task {
            if delay > .zero { try? await Task.sleep(for: delay) }
            await perform(runID)
        }
    }
}
