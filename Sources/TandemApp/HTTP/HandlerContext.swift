public import Logging
public import TandemCore

/// What every handler knows about the request or event it serves, whichever host runs it.
public struct HandlerContext: Sendable {
    /// The request id: Lambda's `awsRequestId`, or the server's `x-request-id`.
    public var requestID: String
    /// When the work must be done: Lambda's deadline, or the server's request timeout.
    public var deadline: Deadline
    /// The X-Ray trace header, if any (propagate it on outgoing calls).
    public var traceID: String?
    /// A logger with the request id in its metadata.
    public var logger: Logger
    /// Which host runs the handler.
    public var host: Host

    /// The kind of host.
    public enum Host: String, Sendable {
        /// The Lambda runtime.
        case lambda
        /// The HTTP server (`tandem serve`).
        case server
        /// A queue worker.
        case worker
    }

    /// Creates a context.
    public init(requestID: String, deadline: Deadline, traceID: String? = nil, logger: Logger, host: Host) {
        self.requestID = requestID
        self.deadline = deadline
        self.traceID = traceID
        self.logger = logger
        self.host = host
    }
}
