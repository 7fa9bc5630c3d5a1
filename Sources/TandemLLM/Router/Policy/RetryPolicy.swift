import TandemCore

/// When to try again: how many attempts, exponential backoff with full jitter, and how `Retry-After` and the
/// caller's deadline bound the wait.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts per model, the first included.
    public var maxAttempts: Int
    /// The backoff cap of the first retry; it doubles per retry.
    public var baseDelay: Duration
    /// The largest backoff cap.
    public var maxDelay: Duration
    /// A `Retry-After` longer than this is not waited for.
    public var maxRetryAfter: Duration
    /// No attempt starts with less time than this left before the deadline.
    public var minimumAttemptTime: Duration

    /// Creates a policy.
    public init(
        maxAttempts: Int = 3,
        baseDelay: Duration = .milliseconds(500),
        maxDelay: Duration = .seconds(8),
        maxRetryAfter: Duration = .seconds(60),
        minimumAttemptTime: Duration = .milliseconds(200)
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.minimumAttemptTime = minimumAttemptTime
    }

    /// What to do after a failed attempt.
    public enum Decision: Sendable, Hashable {
        /// Wait this long, then try again.
        case retry(after: Duration)
        /// Do not retry this model: the error is final, or attempts are used up, or the server asked for a wait
        /// longer than ``RetryPolicy/maxRetryAfter`` (fail over instead).
        case giveUp
        /// A retry could not finish by the deadline (neither the wait nor the attempt is started).
        case deadline
    }

    /// The backoff cap before retry number `retry` (1 for the first retry): `baseDelay * 2^(retry-1)`, at most
    /// `maxDelay`.
    public func backoffCap(retry: Int) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let cap = self.baseDelay.totalNanoseconds.multipliedReportingOverflow(by: Int64(1) << exponent)
        let capped = cap.overflow ? self.maxDelay.totalNanoseconds : min(cap.partialValue, self.maxDelay.totalNanoseconds)
        return .nanoseconds(capped)
    }

    /// Decides what follows a failed attempt.
    ///
    /// - Parameters:
    ///   - error: What the attempt failed with.
    ///   - attempts: Attempts made so far for this model (1 after the first).
    ///   - remaining: Time left before the caller's deadline.
    ///   - random: A uniform draw in `0..<1` for the jitter.
    /// - Returns: Full jitter (a uniform wait below the backoff cap), or exactly the server's `Retry-After`.
    public func decide(after error: LLMError, attempts: Int, remaining: Duration, random: Double) -> Decision {
        guard error.isRetryable, attempts < self.maxAttempts else { return .giveUp }
        let wait: Duration
        if let retryAfter = error.retryAfter {
            guard retryAfter <= self.maxRetryAfter else { return .giveUp }
            wait = retryAfter
        } else {
            let cap = self.backoffCap(retry: attempts)
            wait = .nanoseconds(Int64(Double(cap.totalNanoseconds) * min(max(random, 0), 1)))
        }
        guard wait + self.minimumAttemptTime <= remaining else { return .deadline }
        return .retry(after: wait)
    }
}
