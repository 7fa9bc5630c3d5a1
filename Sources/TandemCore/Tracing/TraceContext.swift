/// The trace an operation belongs to, carried from the incoming invocation or request to the outgoing requests it
/// makes (AWS service calls, model providers), so X-Ray and W3C tracers can join the spans.
///
/// The Lambda runtime sets it for each invocation from `Lambda-Runtime-Trace-Id` (also when several invocations run
/// at once, where the `_X_AMZN_TRACE_ID` environment variable cannot be used); the server sets it from an incoming
/// `X-Amzn-Trace-Id` or `traceparent` header. Clients read ``current`` and add ``headers``.
public struct TraceContext: Sendable, Hashable {
    /// The `X-Amzn-Trace-Id` value (`Root=1-...;Parent=...;Sampled=1`).
    public var amazonTraceID: String?
    /// The W3C `traceparent` value (`00-<trace id>-<span id>-<flags>`).
    public var traceparent: String?

    /// Creates a trace context.
    public init(amazonTraceID: String? = nil, traceparent: String? = nil) {
        self.amazonTraceID = amazonTraceID
        self.traceparent = traceparent
    }

    /// The trace of the running task, if any.
    @TaskLocal public static var current: TraceContext?

    /// The headers an outgoing request carries for this trace (values with a line break are left out: they would
    /// split the header).
    public var headers: [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        if let value = self.amazonTraceID, Self.isSafe(value) { headers.append(("X-Amzn-Trace-Id", value)) }
        if let value = self.traceparent, Self.isSafe(value) { headers.append(("traceparent", value)) }
        return headers
    }

    private static func isSafe(_ value: String) -> Bool {
        !value.isEmpty && !value.utf8.contains(where: { $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") })
    }
}
