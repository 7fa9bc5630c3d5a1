/// Retry settings in the configuration file (milliseconds); ``RetryPolicy`` is the value the router uses.
public struct RetryConfiguration: Sendable, Hashable, Decodable {
    /// Attempts per model, the first included (1: never retry).
    public var maxAttempts: Int
    /// The backoff cap of the first retry; it doubles per retry (full jitter: a uniform draw below the cap).
    public var baseDelayMilliseconds: Int
    /// The largest backoff cap.
    public var maxDelayMilliseconds: Int
    /// A `Retry-After` longer than this is not waited for: the router fails over instead.
    public var maxRetryAfterMilliseconds: Int
    /// No attempt starts with less time than this left before the caller's deadline.
    public var minimumAttemptMilliseconds: Int

    enum CodingKeys: String, CodingKey {
        case maxAttempts = "max_attempts"
        case baseDelayMilliseconds = "base_delay_ms"
        case maxDelayMilliseconds = "max_delay_ms"
        case maxRetryAfterMilliseconds = "max_retry_after_ms"
        case minimumAttemptMilliseconds = "minimum_attempt_ms"
    }

    /// Defaults: 3 attempts, 500 ms doubling to 8 s, `Retry-After` up to 60 s, 200 ms minimum attempt time.
    public init(
        maxAttempts: Int = 3,
        baseDelayMilliseconds: Int = 500,
        maxDelayMilliseconds: Int = 8000,
        maxRetryAfterMilliseconds: Int = 60_000,
        minimumAttemptMilliseconds: Int = 200
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelayMilliseconds = baseDelayMilliseconds
        self.maxDelayMilliseconds = maxDelayMilliseconds
        self.maxRetryAfterMilliseconds = maxRetryAfterMilliseconds
        self.minimumAttemptMilliseconds = minimumAttemptMilliseconds
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = RetryConfiguration()
        self.maxAttempts = try container.decodeIfPresent(Int.self, forKey: .maxAttempts) ?? defaults.maxAttempts
        self.baseDelayMilliseconds =
            try container.decodeIfPresent(Int.self, forKey: .baseDelayMilliseconds) ?? defaults.baseDelayMilliseconds
        self.maxDelayMilliseconds =
            try container.decodeIfPresent(Int.self, forKey: .maxDelayMilliseconds) ?? defaults.maxDelayMilliseconds
        self.maxRetryAfterMilliseconds =
            try container.decodeIfPresent(Int.self, forKey: .maxRetryAfterMilliseconds)
            ?? defaults.maxRetryAfterMilliseconds
        self.minimumAttemptMilliseconds =
            try container.decodeIfPresent(Int.self, forKey: .minimumAttemptMilliseconds)
            ?? defaults.minimumAttemptMilliseconds
    }

    /// The policy these settings describe.
    public var policy: RetryPolicy {
        RetryPolicy(
            maxAttempts: self.maxAttempts,
            baseDelay: .milliseconds(self.baseDelayMilliseconds),
            maxDelay: .milliseconds(self.maxDelayMilliseconds),
            maxRetryAfter: .milliseconds(self.maxRetryAfterMilliseconds),
            minimumAttemptTime: .milliseconds(self.minimumAttemptMilliseconds)
        )
    }
}
