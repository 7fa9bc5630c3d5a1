/// One deployment's health: closed (in rotation), open (cooling down until an instant), or half-open (one probe
/// request may go through; its result closes or reopens the breaker).
///
/// A 429 opens the breaker at once for the server's `Retry-After` (or the current cooldown); other health failures
/// (5xx, 529, connection errors, timeouts, 401/403/404) open it after ``CooldownPolicy/failureThreshold`` in a row.
/// Each failed probe doubles the cooldown up to ``CooldownPolicy/maxCooldown``. Request errors (400, context window,
/// content policy) say nothing about the deployment and are not counted.
public struct CircuitBreaker: Sendable, Hashable {
    /// The breaker's state.
    public enum State: Sendable, Hashable {
        /// In rotation, with the number of consecutive failures so far.
        case closed(failures: Int)
        /// Cooling down until `until`; `trips` counts the consecutive openings.
        case open(until: ContinuousClock.Instant, trips: Int)
        /// The cooldown is over and one probe is in flight (`probing`) or may start.
        case halfOpen(trips: Int, probing: Bool)
    }

    /// What a recorded outcome changed.
    public enum Transition: Sendable, Hashable {
        /// The breaker opened (or reopened) until the given instant.
        case opened(until: ContinuousClock.Instant)
        /// The breaker closed again.
        case closed
    }

    /// The thresholds.
    public var policy: CooldownPolicy
    /// The current state.
    public private(set) var state: State = .closed(failures: 0)

    /// A closed breaker.
    public init(policy: CooldownPolicy) {
        self.policy = policy
    }

    /// Whether a request may go to the deployment at `now` (without claiming the half-open probe).
    public func isAvailable(at now: ContinuousClock.Instant) -> Bool {
        switch self.state {
        case .closed: return true
        case .open(let until, _): return now >= until
        case .halfOpen(_, let probing): return !probing
        }
    }

    /// When the deployment comes back, if it is cooling down.
    public var reopensAt: ContinuousClock.Instant? {
        if case .open(let until, _) = self.state { return until }
        return nil
    }

    /// Claims the deployment for one request at `now`: always in the closed state, only the first request once a
    /// cooldown ends (it becomes the probe).
    ///
    /// - Returns: Whether the request may go.
    public mutating func acquire(at now: ContinuousClock.Instant) -> Bool {
        switch self.state {
        case .closed:
            return true
        case .open(let until, let trips):
            guard now >= until else { return false }
            self.state = .halfOpen(trips: trips, probing: true)
            return true
        case .halfOpen(let trips, let probing):
            guard !probing else { return false }
            self.state = .halfOpen(trips: trips, probing: true)
            return true
        }
    }

    /// A request claimed with ``acquire(at:)`` ended without a verdict (cancelled, or a request error).
    public mutating func release() {
        if case .halfOpen(let trips, true) = self.state { self.state = .halfOpen(trips: trips, probing: false) }
    }

    /// A request succeeded.
    public mutating func recordSuccess() -> Transition? {
        if case .closed = self.state {
            self.state = .closed(failures: 0)
            return nil
        }
        self.state = .closed(failures: 0)
        return .closed
    }

    /// A request failed with `error` at `now`.
    public mutating func recordFailure(_ error: LLMError, at now: ContinuousClock.Instant) -> Transition? {
        guard Self.countsAgainstHealth(error) else {
            self.release()
            return nil
        }
        let rateLimited = error.code == .rateLimited || error.status == 429
        switch self.state {
        case .closed(let failures):
            let failures = failures + 1
            guard rateLimited || failures >= self.policy.failureThreshold else {
                self.state = .closed(failures: failures)
                return nil
            }
            return self.open(trips: 0, retryAfter: error.retryAfter, now: now)
        case .open(let until, let trips):
            // A request that started before the breaker opened: extend the cooldown if the server asks for more.
            let wanted = error.retryAfter.map { now.advanced(by: $0) } ?? until
            if wanted > until { self.state = .open(until: wanted, trips: trips) }
            return nil
        case .halfOpen(let trips, _):
            return self.open(trips: trips + 1, retryAfter: error.retryAfter, now: now)
        }
    }

    private mutating func open(trips: Int, retryAfter: Duration?, now: ContinuousClock.Instant) -> Transition {
        let until = now.advanced(by: retryAfter ?? self.policy.cooldown(trips: trips))
        self.state = .open(until: until, trips: trips)
        return .opened(until: until)
    }

    /// Whether `error` says something about the deployment's health (rather than about the request).
    public static func countsAgainstHealth(_ error: LLMError) -> Bool {
        if error.isRetryable { return true }
        switch error.code {
        case .authentication, .permissionDenied, .notFound: return true
        default: return false
        }
    }
}
