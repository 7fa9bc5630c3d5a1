public import AsyncHTTPClient
public import TandemAWS

/// Builds Tandem's own providers from a deployment and the environment: API keys are read from the deployment's
/// variable here (never stored in the configuration), Bedrock takes the AWS credential chain.
public struct DefaultProviderFactory: ProviderFactory {
    /// The variables keys and AWS settings are read from.
    public var environment: [String: String]
    /// The HTTP client every provider shares.
    public var httpClient: HTTPClient

    /// A factory over `environment` and `httpClient`.
    public init(environment: [String: String] = ProcessEnvironment.current, httpClient: HTTPClient = .shared) {
        self.environment = environment
        self.httpClient = httpClient
    }

    public func chatProvider(for deployment: Deployment) throws(LLMError) -> any ChatProvider {
        switch deployment.kind {
        case .bedrock:
            return try self.bedrock(deployment)
        case .openai, .anthropic, .hosted, .local:
            throw self.notAvailable(deployment)
        }
    }

    public func embeddingProvider(for deployment: Deployment) throws(LLMError) -> any EmbeddingProvider {
        switch deployment.kind {
        case .bedrock:
            return try self.bedrock(deployment)
        case .openai, .anthropic, .hosted, .local:
            throw self.notAvailable(deployment)
        }
    }

    /// The API key of `deployment`, read from its variable.
    func apiKey(for deployment: Deployment) -> String? {
        guard let variable = deployment.apiKeyVariable, let key = self.environment[variable], !key.isEmpty else {
            return nil
        }
        return key
    }

    private func bedrock(_ deployment: Deployment) throws(LLMError) -> BedrockProvider {
        try BedrockProvider(
            region: deployment.region,
            endpoint: deployment.baseURL,
            environment: self.environment,
            httpClient: self.httpClient,
            name: deployment.displayName
        )
    }

    private func notAvailable(_ deployment: Deployment) -> LLMError {
        LLMError(
            .unsupported,
            "the \(deployment.kind.rawValue) provider is not available in this build",
            provider: deployment.displayName
        )
    }
}
