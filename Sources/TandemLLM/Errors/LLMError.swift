/// A failed model call: a stable code, the provider, the HTTP status and upstream request id when there were any,
/// and a short reason for people (never a secret, never a whole upstream body).
public struct LLMError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The stable kind of a failure (safe as a metric label).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's text, e.g. `rate_limited`.
        public let rawValue: String

        /// Creates a code; use the static members where one fits.
        public init(_ rawValue: String) { self.rawValue = rawValue }

        public var description: String { self.rawValue }

        /// The request was refused as malformed (400, 422).
        public static let invalidRequest = Code("invalid_request")
        /// The key was missing or wrong (401).
        public static let authentication = Code("authentication")
        /// The key may not do this (403).
        public static let permissionDenied = Code("permission_denied")
        /// No such model or route (404), or a model name nothing serves.
        public static let notFound = Code("not_found")
        /// Conflicting state (409).
        public static let conflict = Code("conflict")
        /// Too many requests (429).
        public static let rateLimited = Code("rate_limited")
        /// The provider is overloaded (529, Anthropic `overloaded_error`, Bedrock throttling/unavailable).
        public static let overloaded = Code("overloaded")
        /// The provider failed (5xx).
        public static let serverError = Code("server_error")
        /// The prompt does not fit the model's context window.
        public static let contextWindowExceeded = Code("context_window_exceeded")
        /// A content policy refused the request.
        public static let contentPolicy = Code("content_policy")
        /// Connecting failed, or the connection broke.
        public static let connection = Code("connection_error")
        /// A timeout expired (connect, first token, between chunks, total).
        public static let timeout = Code("timeout")
        /// The caller's deadline passed (or would pass before another attempt could finish).
        public static let deadlineExceeded = Code("deadline_exceeded")
        /// The provider answered something unusable (not JSON, wrong shape, truncated stream, bad checksum).
        public static let badResponse = Code("bad_response")
        /// The caller went away.
        public static let cancelled = Code("cancelled")
        /// The provider or model cannot do what was asked (for example embeddings from a chat-only provider).
        public static let unsupported = Code("unsupported")
        /// Every deployment of the model is cooling down after failures.
        public static let unavailable = Code("unavailable")
    }

    /// The stable kind of failure.
    public var code: Code
    /// A short reason for people.
    public var message: String
    /// The provider (`openai`, `anthropic`, `bedrock`, a deployment name).
    public var provider: String?
    /// The upstream HTTP status, when there was a response.
    public var status: Int?
    /// The upstream's request id (`x-request-id`, `request-id`, `x-amzn-RequestId`), for support tickets.
    public var upstreamRequestID: String?
    /// The provider's own error type (`rate_limit_error`, `ThrottlingException`, ...).
    public var upstreamType: String?
    /// How long the upstream asked callers to wait (`Retry-After`, `retry-after-ms`).
    public var retryAfter: Duration?

    /// Creates an error.
    public init(
        _ code: Code,
        _ message: String,
        provider: String? = nil,
        status: Int? = nil,
        upstreamRequestID: String? = nil,
        upstreamType: String? = nil,
        retryAfter: Duration? = nil
    ) {
        self.code = code
        self.message = message
        self.provider = provider
        self.status = status
        self.upstreamRequestID = upstreamRequestID
        self.upstreamType = upstreamType
        self.retryAfter = retryAfter
    }

    /// Whether another attempt (after a backoff) may succeed: 408, 409, 429, 5xx, 529, connection errors and
    /// timeouts. Deadline, cancellation and request errors are final.
    public var isRetryable: Bool {
        switch self.code {
        case .rateLimited, .overloaded, .serverError, .connection, .timeout, .conflict: return true
        default:
            if let status = self.status { return status == 408 || status == 409 || status == 429 || status >= 500 }
            return false
        }
    }

    public var description: String {
        var text = "\(self.code)"
        if let provider = self.provider { text += " from \(provider)" }
        if let status = self.status { text += " (HTTP \(status))" }
        text += ": \(self.message)"
        if let id = self.upstreamRequestID { text += " [upstream request \(id)]" }
        return text
    }
}
