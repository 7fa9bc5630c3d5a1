/// The client-wide retry quota of the AWS standard retry mode: retries spend tokens, successes return them.
///
/// When many requests fail at once the bucket empties and further failures are returned at once instead of retried,
/// so an outage is not amplified. A value type; the client keeps one behind a lock.
public struct AWSRetryTokenBucket: Sendable, Hashable {
    /// Tokens the bucket holds when full (standard: 500).
    public let capacity: Int
    /// Tokens available now.
    public private(set) var available: Int

    /// A full bucket.
    ///
    /// - Parameter capacity: The number of tokens (standard: 500).
    public init(capacity: Int = 500) {
        self.capacity = max(0, capacity)
        self.available = self.capacity
    }

    /// Takes `cost` tokens if there are that many.
    ///
    /// - Parameter cost: The tokens a retry costs.
    /// - Returns: Whether they were taken (the retry may go ahead).
    public mutating func acquire(_ cost: Int) -> Bool {
        guard cost <= self.available else { return false }
        self.available -= cost
        return true
    }

    /// Returns `amount` tokens, never above ``capacity``.
    ///
    /// - Parameter amount: The tokens to return.
    public mutating func deposit(_ amount: Int) {
        self.available = min(self.capacity, self.available + max(0, amount))
    }
}
