/// One resolved place a model runs: the provider kind, the provider's model id and how to reach it.
public struct Deployment: Sendable, Hashable, CustomStringConvertible {
    /// A stable id for metrics and router state: the configured name, else `provider/model` (with `#n` when a
    /// model lists the same pair twice).
    public var id: String
    /// What ``ChatResponse/provider`` reports: the configured name, else the provider kind.
    public var displayName: String
    /// The provider.
    public var kind: ProviderKind
    /// The provider's model id.
    public var model: String
    /// The base URL, when not the provider's public endpoint.
    public var baseURL: String?
    /// The environment variable holding the API key (the key itself is read when the provider is built).
    public var apiKeyVariable: String?
    /// The AWS region (Bedrock).
    public var region: String?
    /// The share of traffic relative to the model's other deployments.
    public var weight: Double

    /// Creates a deployment.
    public init(
        id: String,
        displayName: String? = nil,
        kind: ProviderKind,
        model: String,
        baseURL: String? = nil,
        apiKeyVariable: String? = nil,
        region: String? = nil,
        weight: Double = 1
    ) {
        self.id = id
        self.displayName = displayName ?? kind.rawValue
        self.kind = kind
        self.model = model
        self.baseURL = baseURL
        self.apiKeyVariable = apiKeyVariable
        self.region = region
        self.weight = weight
    }

    public var description: String { self.id }
}
