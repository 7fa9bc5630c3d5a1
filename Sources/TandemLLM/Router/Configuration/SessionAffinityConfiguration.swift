/// Sticky routing: requests with the same session key go to the same deployment while it is healthy, so provider
/// prompt caches and vLLM prefix caches stay warm.
public struct SessionAffinityConfiguration: Sendable, Hashable, Decodable {
    /// Whether requests with a session key stick to a deployment.
    public var enabled: Bool
    /// How long an idle session stays pinned, in seconds.
    public var ttlSeconds: Int
    /// The most sessions remembered (the least recently used go first).
    public var maxSessions: Int

    enum CodingKeys: String, CodingKey {
        case enabled
        case ttlSeconds = "ttl_seconds"
        case maxSessions = "max_sessions"
    }

    /// Defaults: on, one hour, 10 000 sessions.
    public init(enabled: Bool = true, ttlSeconds: Int = 3600, maxSessions: Int = 10_000) {
        self.enabled = enabled
        self.ttlSeconds = ttlSeconds
        self.maxSessions = maxSessions
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = SessionAffinityConfiguration()
        self.enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled) ?? defaults.enabled
        self.ttlSeconds = try container.decodeIfPresent(Int.self, forKey: .ttlSeconds) ?? defaults.ttlSeconds
        self.maxSessions = try container.decodeIfPresent(Int.self, forKey: .maxSessions) ?? defaults.maxSessions
    }
}
