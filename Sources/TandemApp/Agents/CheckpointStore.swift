/// Where runs, their steps and their events are made durable: SQLite by default (local, containers), DynamoDB with
/// S3 for large payloads on AWS.
///
/// One process works on a run at a time: it holds the run's lease (``acquireLease(runID:owner:until:)``), and every
/// write that changes the run names the owner, so a process that lost its lease (it was frozen, or another
/// continuation took over after it expired) cannot overwrite newer state.
public protocol CheckpointStore: Sendable {
    /// Stores a new run with its first events.
    /// - Throws: When the id exists or the store fails.
    func createRun(_ run: AgentRunRecord, events: [AgentEvent]) async throws

    /// The run with that id, if any.
    func run(_ id: String) async throws -> AgentRunRecord?

    /// The run's steps in order (``AgentStepRecord/index``).
    func steps(of runID: String) async throws -> [AgentStepRecord]

    /// Records that a step is about to run (its intent): inserts it as `started`, or counts another attempt of a
    /// step that was started before. Returns the record as stored (with its attempt count).
    /// - Throws: ``AgentStoreError/leaseLost`` when `owner` no longer holds the run.
    func beginStep(_ step: AgentStepRecord, owner: String) async throws -> AgentStepRecord

    /// The checkpoint: the steps' new records, the run's new state and the events, all or nothing.
    /// - Throws: ``AgentStoreError/leaseLost`` when `owner` (if given) no longer holds the run.
    func checkpoint(run: AgentRunRecord, steps: [AgentStepRecord], events: [AgentEvent], owner: String?) async throws

    /// Appends events that change no state (text deltas, step starts).
    func appendEvents(_ events: [AgentEvent]) async throws

    /// The run's events with a sequence number above `sequence`, in order, at most `limit`.
    func events(of runID: String, after sequence: Int64, limit: Int) async throws -> [AgentEvent]

    /// The highest event sequence number stored for the run (0 when none).
    func lastEventSequence(of runID: String) async throws -> Int64

    /// Takes the run's lease for `owner` until `until` (milliseconds since the epoch) when it is free, expired or
    /// already `owner`'s.
    /// - Returns: Whether `owner` holds the lease now.
    func acquireLease(runID: String, owner: String, until: Int64) async throws -> Bool

    /// Gives the lease up (when `owner` still holds it).
    func releaseLease(runID: String, owner: String) async throws

    /// Takes the lease away from whoever holds it (an operator's action after the holder died).
    func breakLease(runID: String) async throws

    /// Stores a tool's result value once per key (the `put_result` tool's store).
    /// - Returns: Whether it was stored now (false: the key was stored before, and the earlier value stands).
    func putResult(key: String, runID: String, name: String, value: String) async throws -> Bool

    /// The values `put_result` stored for a run, oldest first.
    func results(of runID: String) async throws -> [AgentStoredResult]
}

/// A value the `put_result` tool stored.
public struct AgentStoredResult: Sendable, Hashable, Codable {
    /// The idempotency key it was stored under (the step's).
    public var key: String
    /// The name the model gave it.
    public var name: String
    /// The value as JSON text.
    public var value: String

    /// Creates a stored result.
    public init(key: String, name: String, value: String) {
        self.key = key
        self.name = name
        self.value = value
    }
}
