/// How a ``QueueWorker`` polls its queue and runs its handler.
public struct QueueWorkerConfiguration: Sendable, Hashable {
    /// The queue URL.
    public var queueURL: String
    /// The most messages (standard queues) or message groups (FIFO queues) processed at once.
    public var concurrency: Int
    /// How long one receive waits for messages (long polling, up to 20 s).
    public var waitTime: Duration
    /// How long a received message stays hidden; the heartbeat extends it by this much while it is processed.
    public var visibilityTimeout: Duration
    /// How often the heartbeat extends the visibility (a third of ``visibilityTimeout`` by default).
    public var heartbeatInterval: Duration
    /// The deadline of one handler call (15 minutes by default, Lambda's maximum).
    public var handlerTimeout: Duration
    /// Exit once a receive finds the queue empty and nothing is in flight (for batch jobs), instead of polling on.
    public var drain: Bool
    /// When set, a failed message's visibility is set to this (e.g. `.zero` to retry at once); by default a failed
    /// message is simply not deleted and reappears when its visibility timeout ends, so the queue's redrive policy
    /// counts it and moves a poison message to the dead-letter queue.
    public var failureVisibilityTimeout: Duration?

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - queueURL: The queue URL.
    ///   - concurrency: Messages (or FIFO groups) processed at once, at least 1.
    ///   - waitTime: Long-polling wait, 0-20 s.
    ///   - visibilityTimeout: Visibility of received messages and of each heartbeat extension.
    ///   - heartbeatInterval: How often to extend; `nil` for a third of `visibilityTimeout`.
    ///   - handlerTimeout: The deadline of one handler call.
    ///   - drain: Exit once the queue is empty.
    ///   - failureVisibilityTimeout: Visibility to give a failed message, or `nil` to leave it as it is.
    public init(
        queueURL: String,
        concurrency: Int = 4,
        waitTime: Duration = .seconds(20),
        visibilityTimeout: Duration = .seconds(30),
        heartbeatInterval: Duration? = nil,
        handlerTimeout: Duration = .seconds(900),
        drain: Bool = false,
        failureVisibilityTimeout: Duration? = nil
    ) {
        self.queueURL = queueURL
        self.concurrency = max(1, concurrency)
        self.waitTime = min(max(waitTime, .zero), .seconds(20))
        self.visibilityTimeout = max(visibilityTimeout, .seconds(1))
        self.heartbeatInterval = heartbeatInterval ?? self.visibilityTimeout / 3
        self.handlerTimeout = handlerTimeout
        self.drain = drain
        self.failureVisibilityTimeout = failureVisibilityTimeout
    }
}
