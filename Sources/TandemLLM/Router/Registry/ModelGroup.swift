/// A resolved model name: its deployments and its fallbacks (still names, resolved when they are needed).
public struct ModelGroup: Sendable, Hashable {
    /// The configured name, or the `provider/model` string.
    public var name: String
    /// Where it runs (at least one).
    public var deployments: [Deployment]
    /// Models tried in order when every deployment failed.
    public var fallbacks: [String]
    /// Models tried instead when the prompt is too long for this one.
    public var contextWindowFallbacks: [String]
    /// Models tried instead when this one's content policy refuses.
    public var contentPolicyFallbacks: [String]
    /// How a deployment is picked.
    public var strategy: RoutingStrategy

    /// Creates a group.
    public init(
        name: String,
        deployments: [Deployment],
        fallbacks: [String] = [],
        contextWindowFallbacks: [String] = [],
        contentPolicyFallbacks: [String] = [],
        strategy: RoutingStrategy = .weighted
    ) {
        self.name = name
        self.deployments = deployments
        self.fallbacks = fallbacks
        self.contextWindowFallbacks = contextWindowFallbacks
        self.contentPolicyFallbacks = contentPolicyFallbacks
        self.strategy = strategy
    }
}
