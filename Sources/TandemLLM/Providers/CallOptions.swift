public import Logging
public import TandemCore

/// How one call to a provider may run: its deadline, timeouts, request id and logger.
public struct CallOptions: Sendable {
    /// Nothing may outlive this (Lambda's remaining time minus a margin, or the server's request timeout).
    public var deadline: Deadline
    /// Connecting to the upstream.
    public var connectTimeout: Duration
    /// From sending the request to the first byte of the answer (the first token of a stream).
    public var firstTokenTimeout: Duration
    /// Between two chunks of a streamed answer.
    public var idleTimeout: Duration
    /// One attempt, start to end.
    public var totalTimeout: Duration
    /// The caller's request id, sent upstream for correlation and put on every log line.
    public var requestID: String?
    /// Extra headers for the upstream request (tracing headers, for example); never logged.
    public var headers: [(String, String)]
    /// Where the provider logs (at debug level: never bodies, never keys).
    public var logger: Logger

    /// Options with the given deadline and defaults: connect 10 s, first token 120 s, idle 60 s, total 600 s.
    public init(
        deadline: Deadline = .distantFuture,
        connectTimeout: Duration = .seconds(10),
        firstTokenTimeout: Duration = .seconds(120),
        idleTimeout: Duration = .seconds(60),
        totalTimeout: Duration = .seconds(600),
        requestID: String? = nil,
        headers: [(String, String)] = [],
        logger: Logger = Logger(label: "tandem.llm", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.deadline = deadline
        self.connectTimeout = connectTimeout
        self.firstTokenTimeout = firstTokenTimeout
        self.idleTimeout = idleTimeout
        self.totalTimeout = totalTimeout
        self.requestID = requestID
        self.headers = headers
        self.logger = logger
    }
}
