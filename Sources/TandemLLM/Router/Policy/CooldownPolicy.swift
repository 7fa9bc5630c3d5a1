import TandemCore

/// When a deployment's breaker opens and for how long it cools down.
public struct CooldownPolicy: Sendable, Hashable {
    /// Consecutive failures that open the breaker (a 429 opens it at once).
    public var failureThreshold: Int
    /// The first cooldown when the server gave no `Retry-After`.
    public var baseCooldown: Duration
    /// The longest cooldown.
    public var maxCooldown: Duration

    /// Creates a policy.
    public init(failureThreshold: Int = 3, baseCooldown: Duration = .seconds(5), maxCooldown: Duration = .seconds(60)) {
        self.failureThreshold = failureThreshold
        self.baseCooldown = baseCooldown
        self.maxCooldown = maxCooldown
    }

    /// The cooldown after `trips` consecutive failed probes: `baseCooldown * 2^trips`, at most `maxCooldown`.
    public func cooldown(trips: Int) -> Duration {
        let factor = Int64(1) << min(max(trips, 0), 30)
        let value = self.baseCooldown.totalNanoseconds.multipliedReportingOverflow(by: factor)
        if value.overflow { return self.maxCooldown }
        return min(.nanoseconds(value.partialValue), self.maxCooldown)
    }
}
