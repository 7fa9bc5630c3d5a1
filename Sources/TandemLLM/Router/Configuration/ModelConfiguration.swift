/// A model name callers use, the deployments that serve it and where to go when they cannot.
public struct ModelConfiguration: Sendable, Hashable, Decodable {
    /// The name callers put in `model` (no `/`: that form is `provider/model`).
    public var name: String
    /// Where the model runs; the router balances between them and retries on another.
    public var deployments: [DeploymentConfiguration]
    /// Models tried in order when every deployment of this one failed (names, aliases or `provider/model`).
    public var fallbacks: [String]
    /// Models tried instead when the prompt does not fit this model's context window.
    public var contextWindowFallbacks: [String]
    /// Models tried instead when this model's content policy refuses the request.
    public var contentPolicyFallbacks: [String]
    /// This model's balancing strategy (`nil`: the router's).
    public var strategy: RoutingStrategy?

    enum CodingKeys: String, CodingKey {
        case name, deployments, fallbacks, strategy
        case contextWindowFallbacks = "context_window_fallbacks"
        case contentPolicyFallbacks = "content_policy_fallbacks"
    }

    /// Creates a model entry.
    public init(
        name: String,
        deployments: [DeploymentConfiguration],
        fallbacks: [String] = [],
        contextWindowFallbacks: [String] = [],
        contentPolicyFallbacks: [String] = [],
        strategy: RoutingStrategy? = nil
    ) {
        self.name = name
        self.deployments = deployments
        self.fallbacks = fallbacks
        self.contextWindowFallbacks = contextWindowFallbacks
        self.contentPolicyFallbacks = contentPolicyFallbacks
        self.strategy = strategy
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.name = try container.decode(String.self, forKey: .name)
        self.deployments = try container.decodeIfPresent([DeploymentConfiguration].self, forKey: .deployments) ?? []
        self.fallbacks = try container.decodeIfPresent([String].self, forKey: .fallbacks) ?? []
        self.contextWindowFallbacks =
            try container.decodeIfPresent([String].self, forKey: .contextWindowFallbacks) ?? []
        self.contentPolicyFallbacks =
            try container.decodeIfPresent([String].self, forKey: .contentPolicyFallbacks) ?? []
        self.strategy = try container.decodeIfPresent(RoutingStrategy.self, forKey: .strategy)
    }
}
