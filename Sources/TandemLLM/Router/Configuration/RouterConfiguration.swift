/// The router's part of `tandem.yaml`: models with their deployments and fallbacks, aliases, and the retry,
/// cooldown, balancing, affinity and price settings. Every field has a default; ``validate(at:)`` names the first
/// invalid field.
///
/// ```yaml
/// models:
///   - name: chat
///     deployments:
///       - { provider: openai, model: gpt-4o-mini, weight: 3 }
///       - { provider: bedrock, model: us.anthropic.claude-haiku-4-5-20251001-v1:0, region: us-east-1 }
///     fallbacks: [anthropic/claude-haiku-4-5]
///     context_window_fallbacks: [big-chat]
/// aliases: { fast: chat }
/// retry: { max_attempts: 3, base_delay_ms: 500 }
/// ```
public struct RouterConfiguration: Sendable, Hashable, Decodable {
    /// Named models and their deployments.
    public var models: [ModelConfiguration]
    /// Other names for models: alias -> a configured name or a `provider/model` string.
    public var aliases: [String: String]
    /// Retries within one model's deployments.
    public var retry: RetryConfiguration
    /// When a deployment cools down, and for how long.
    public var cooldown: CooldownConfiguration
    /// How a deployment is chosen (a model may override it).
    public var strategy: RoutingStrategy
    /// Sticky routing by session key.
    public var sessionAffinity: SessionAffinityConfiguration
    /// Prices that replace or extend the default table (US dollars per million tokens).
    public var prices: [String: ModelPrice]

    enum CodingKeys: String, CodingKey {
        case models, aliases, retry, cooldown, strategy, prices
        case sessionAffinity = "session_affinity"
    }

    /// A configuration; the defaults route `provider/model` strings with no configured models.
    public init(
        models: [ModelConfiguration] = [],
        aliases: [String: String] = [:],
        retry: RetryConfiguration = RetryConfiguration(),
        cooldown: CooldownConfiguration = CooldownConfiguration(),
        strategy: RoutingStrategy = .weighted,
        sessionAffinity: SessionAffinityConfiguration = SessionAffinityConfiguration(),
        prices: [String: ModelPrice] = [:]
    ) {
        self.models = models
        self.aliases = aliases
        self.retry = retry
        self.cooldown = cooldown
        self.strategy = strategy
        self.sessionAffinity = sessionAffinity
        self.prices = prices
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = RouterConfiguration()
        self.models = try container.decodeIfPresent([ModelConfiguration].self, forKey: .models) ?? defaults.models
        self.aliases = try container.decodeIfPresent([String: String].self, forKey: .aliases) ?? defaults.aliases
        self.retry = try container.decodeIfPresent(RetryConfiguration.self, forKey: .retry) ?? defaults.retry
        self.cooldown =
            try container.decodeIfPresent(CooldownConfiguration.self, forKey: .cooldown) ?? defaults.cooldown
        self.strategy = try container.decodeIfPresent(RoutingStrategy.self, forKey: .strategy) ?? defaults.strategy
        self.sessionAffinity =
            try container.decodeIfPresent(SessionAffinityConfiguration.self, forKey: .sessionAffinity)
            ?? defaults.sessionAffinity
        self.prices = try container.decodeIfPresent([String: ModelPrice].self, forKey: .prices) ?? defaults.prices
    }
}
