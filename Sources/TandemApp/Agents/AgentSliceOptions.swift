public import Logging
public import TandemCore

/// How long one slice of work may run, and who runs it.
public struct AgentSliceOptions: Sendable {
    /// The invocation's deadline (Lambda's, or the server's); `distantFuture` in a container that runs runs to the
    /// end.
    public var deadline: Deadline
    /// No step starts with less than this left before ``deadline``, and a step still running when only half of
    /// it is left is cut off (and redone by the next slice): the time to checkpoint and schedule the continuation.
    public var margin: Duration
    /// Who works on the run (the lease owner): unique per process and slice.
    public var owner: String
    /// Where the runner logs (debug level).
    public var logger: Logger

    /// Creates options.
    public init(
        deadline: Deadline = .distantFuture,
        margin: Duration = .seconds(2),
        owner: String = "worker-\(UInt64.random(in: 0...UInt64.max))",
        logger: Logger = Logger(label: "tandem.agents", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.deadline = deadline
        self.margin = margin
        self.owner = owner
        self.logger = logger
    }
}
