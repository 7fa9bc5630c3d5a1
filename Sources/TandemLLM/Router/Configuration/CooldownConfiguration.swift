/// When a deployment is taken out of rotation (the circuit breaker) and for how long (milliseconds).
public struct CooldownConfiguration: Sendable, Hashable, Decodable {
    /// Consecutive failures that open the breaker (a 429 opens it at once).
    public var failureThreshold: Int
    /// The first cooldown when the server gave no `Retry-After`; it doubles each time a probe fails.
    public var baseMilliseconds: Int
    /// The longest cooldown.
    public var maxMilliseconds: Int

    enum CodingKeys: String, CodingKey {
        case failureThreshold = "failure_threshold"
        case baseMilliseconds = "base_ms"
        case maxMilliseconds = "max_ms"
    }

    /// Defaults: 3 failures, 5 s doubling to 60 s.
    public init(failureThreshold: Int = 3, baseMilliseconds: Int = 5000, maxMilliseconds: Int = 60_000) {
        self.failureThreshold = failureThreshold
        self.baseMilliseconds = baseMilliseconds
        self.maxMilliseconds = maxMilliseconds
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = CooldownConfiguration()
        self.failureThreshold =
            try container.decodeIfPresent(Int.self, forKey: .failureThreshold) ?? defaults.failureThreshold
        self.baseMilliseconds =
            try container.decodeIfPresent(Int.self, forKey: .baseMilliseconds) ?? defaults.baseMilliseconds
        self.maxMilliseconds =
            try container.decodeIfPresent(Int.self, forKey: .maxMilliseconds) ?? defaults.maxMilliseconds
    }
}
