/// One place a model runs: a provider, the provider's model id, and how to reach it.
public struct DeploymentConfiguration: Sendable, Hashable, Decodable {
    /// A name for logs, metrics and ``ChatResponse/provider`` (default: the provider's name).
    public var name: String?
    /// `openai`, `anthropic`, `bedrock`, `hosted` (OpenAI-compatible self-hosted) or `local` (in-process).
    public var provider: String
    /// The provider's model id (`gpt-4o-mini`, `claude-haiku-4-5`, `us.anthropic.claude-...-v1:0`).
    public var model: String
    /// The API's base URL (default: the provider's environment variable, else its public endpoint).
    public var baseURL: String?
    /// The environment variable holding the API key (default: `OPENAI_API_KEY`, `ANTHROPIC_API_KEY`, ...).
    /// Keys are never written in the configuration itself.
    public var apiKeyEnv: String?
    /// The AWS region (Bedrock; default `AWS_REGION`).
    public var region: String?
    /// The share of traffic relative to the other deployments (default 1).
    public var weight: Double

    enum CodingKeys: String, CodingKey {
        case name, provider, model, region, weight
        case baseURL = "base_url"
        case apiKeyEnv = "api_key_env"
    }

    /// Creates a deployment entry.
    public init(
        name: String? = nil,
        provider: String,
        model: String,
        baseURL: String? = nil,
        apiKeyEnv: String? = nil,
        region: String? = nil,
        weight: Double = 1
    ) {
        self.name = name
        self.provider = provider
        self.model = model
        self.baseURL = baseURL
        self.apiKeyEnv = apiKeyEnv
        self.region = region
        self.weight = weight
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.name = try container.decodeIfPresent(String.self, forKey: .name)
        self.provider = try container.decode(String.self, forKey: .provider)
        self.model = try container.decode(String.self, forKey: .model)
        self.baseURL = try container.decodeIfPresent(String.self, forKey: .baseURL)
        self.apiKeyEnv = try container.decodeIfPresent(String.self, forKey: .apiKeyEnv)
        self.region = try container.decodeIfPresent(String.self, forKey: .region)
        self.weight = try container.decodeIfPresent(Double.self, forKey: .weight) ?? 1
    }
}
