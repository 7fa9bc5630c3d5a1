/// What a ``QueueWorker`` has done so far.
public struct QueueWorkerStatistics: Sendable, Hashable {
    /// Messages received.
    public var received = 0
    /// Messages the handler processed successfully (and that were then deleted).
    public var succeeded = 0
    /// Messages the handler failed (left on the queue).
    public var failed = 0
    /// Successful messages whose delete failed (they will be delivered again).
    public var deleteFailures = 0
    /// Visibility extensions sent by the heartbeat.
    public var heartbeats = 0

    /// No work yet.
    public init() {}
}
