import TandemCore

/// The AWS SDKs' standard retry policy as a pure value: which failures to retry, how long to back off, how many
/// attempts, and what each retry costs from the client's ``AWSRetryTokenBucket``.
///
/// Retried: throttling codes (`ThrottlingException`, `SlowDown`, `ProvisionedThroughputExceededException`, ...) and
/// HTTP 429, transient codes (`RequestTimeout`, `RequestTimeoutException`, `PriorRequestNotComplete`), HTTP 500, 502,
/// 503 and 504, and connection errors and timeouts. The delay before retry *n* (1-based) is
/// `random(0..<1) * baseDelay * 2^(n-1)`, capped at ``maxBackoff``; a retry spends ``retryCost`` tokens
/// (``timeoutRetryCost`` after a connection error or timeout), and when the bucket is empty the failure is returned
/// instead (so a struggling service is not hammered by every caller at once).
///
/// ```swift
/// var state = AWSRetryPolicy.standard.makeState()
/// switch state.decide(after: .serviceError(error), bucket: &bucket, random: .random(in: 0..<1), remaining: nil) {
/// case .retry(let delay): try await Task.sleep(for: delay)
/// case .fail: throw error
/// }
/// ```
public struct AWSRetryPolicy: Sendable, Hashable {
    /// Attempts in total, the first included (standard: 3). 1 disables retries.
    public var maxAttempts: Int
    /// The delay scale of the first retry (standard: 1 s).
    public var baseDelay: Duration
    /// The largest delay (standard: 20 s).
    public var maxBackoff: Duration
    /// Tokens a retry costs (standard: 5).
    public var retryCost: Int
    /// Tokens a retry after a connection error or timeout costs (standard: 10).
    public var timeoutRetryCost: Int
    /// Tokens a success on the first attempt returns to the bucket (standard: 1).
    public var noRetryIncrement: Int

    /// Creates a policy.
    ///
    /// - Parameters:
    ///   - maxAttempts: Attempts in total, at least 1.
    ///   - baseDelay: The delay scale of the first retry.
    ///   - maxBackoff: The largest delay.
    ///   - retryCost: Tokens a retry costs.
    ///   - timeoutRetryCost: Tokens a retry after a connection error or timeout costs.
    ///   - noRetryIncrement: Tokens a first-attempt success returns.
    public init(
        maxAttempts: Int = 3,
        baseDelay: Duration = .seconds(1),
        maxBackoff: Duration = .seconds(20),
        retryCost: Int = 5,
        timeoutRetryCost: Int = 10,
        noRetryIncrement: Int = 1
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxBackoff = maxBackoff
        self.retryCost = retryCost
        self.timeoutRetryCost = timeoutRetryCost
        self.noRetryIncrement = noRetryIncrement
    }

    /// The AWS standard mode: 3 attempts, 1 s base, 20 s cap, costs 5 / 10, increment 1.
    public static let standard = AWSRetryPolicy()

    /// No retries at all.
    public static let none = AWSRetryPolicy(maxAttempts: 1)

    /// Error codes that mean "slow down".
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown",
        "PriorRequestNotComplete", "EC2ThrottledException", "AWS.SimpleQueueService.RequestThrottled",
    ]

    /// Error codes of transient failures.
    public static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete", "InternalError",
        "InternalFailure", "InternalServerError", "ServiceUnavailable", "ServiceUnavailableException",
    ]

    /// HTTP statuses of transient failures.
    public static let transientStatuses: Set<Int> = [500, 502, 503, 504]

    /// What went wrong with one attempt.
    public enum Outcome: Sendable, Hashable {
        /// The service answered with an error.
        case serviceError(AWSServiceError)
        /// The connection failed or timed out before an answer.
        case connectionError
    }

    /// Why a failure may be retried.
    public enum RetryKind: Sendable, Hashable {
        /// The service throttled the request.
        case throttling
        /// A transient service failure (5xx, request timeout).
        case transient
        /// A connection error or timeout.
        case connection
    }

    /// What to do after a failed attempt.
    public enum Decision: Sendable, Hashable {
        /// Wait this long, then try again.
        case retry(after: Duration)
        /// Give up and return the failure.
        case fail
    }

    /// Whether `outcome` may be retried, and why.
    ///
    /// - Parameter outcome: The failure.
    /// - Returns: The kind of retryable failure, or `nil` when it must not be retried.
    public static func retryKind(of outcome: Outcome) -> RetryKind? {
        switch outcome {
        case .connectionError:
            return .connection
        case .serviceError(let error):
            if Self.throttlingCodes.contains(error.code) || error.status == 429 { return .throttling }
            if Self.transientCodes.contains(error.code) || Self.transientStatuses.contains(error.status) {
                return .transient
            }
            return nil
        }
    }

    /// The delay before retry number `retry` (1 for the first retry).
    ///
    /// - Parameters:
    ///   - retry: The 1-based retry number.
    ///   - random: A uniform random number in `0..<1` (injected so tests are exact).
    /// - Returns: `random * baseDelay * 2^(retry-1)`, at most ``maxBackoff``.
    public func backoff(retry: Int, random: Double) -> Duration {
        let exponent = Double(1 << min(max(retry - 1, 0), 30))
        let base = Double(self.baseDelay.totalNanoseconds) / 1e9
        let cap = Double(self.maxBackoff.totalNanoseconds) / 1e9
        let seconds = min(random * base * exponent, cap)
        return .nanoseconds(Int64(seconds * 1e9))
    }

    /// A fresh per-request state.
    public func makeState() -> State { State(policy: self) }

    /// The retry state of one request: how many attempts were made and what the last retry cost.
    public struct State: Sendable, Hashable {
        /// The policy.
        public let policy: AWSRetryPolicy
        /// Attempts made so far (1 while the first attempt runs).
        public private(set) var attempt: Int = 1
        /// Tokens the last retry took from the bucket, to refund when it succeeds.
        public private(set) var lastRetryCost: Int?

        init(policy: AWSRetryPolicy) { self.policy = policy }

        /// Decides what to do after the current attempt failed with `outcome`.
        ///
        /// - Parameters:
        ///   - outcome: The failure.
        ///   - bucket: The client's token bucket; a retry takes tokens from it.
        ///   - random: A uniform random number in `0..<1` for the jitter.
        ///   - remaining: Time left until the request's deadline, if it has one; a retry whose delay would not leave
        ///     time before the deadline is not made.
        /// - Returns: ``Decision/retry(after:)`` (and the attempt count moves on) or ``Decision/fail``.
        public mutating func decide(
            after outcome: Outcome,
            bucket: inout AWSRetryTokenBucket,
            random: Double,
            remaining: Duration?
        ) -> Decision {
            guard let kind = AWSRetryPolicy.retryKind(of: outcome), self.attempt < self.policy.maxAttempts else {
                return .fail
            }
            let delay = self.policy.backoff(retry: self.attempt, random: random)
            if let remaining, remaining <= delay { return .fail }
            let cost = kind == .connection ? self.policy.timeoutRetryCost : self.policy.retryCost
            guard bucket.acquire(cost) else { return .fail }
            self.lastRetryCost = cost
            self.attempt += 1
            return .retry(after: delay)
        }

        /// Records that the current attempt succeeded: a retried request refunds its last retry's cost, a
        /// first-attempt success adds ``AWSRetryPolicy/noRetryIncrement``.
        ///
        /// - Parameter bucket: The client's token bucket.
        public func succeeded(bucket: inout AWSRetryTokenBucket) {
            bucket.deposit(self.lastRetryCost ?? self.policy.noRetryIncrement)
        }
    }
}
