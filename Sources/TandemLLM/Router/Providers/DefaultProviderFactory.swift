public import AsyncHTTPClient
public import TandemAWS

/// Builds Tandem's own providers from a deployment and the environment: API keys are read from the deployment's
/// variable here (never stored in the configuration), Bedrock takes the AWS credential chain.
public struct DefaultProviderFactory: ProviderFactory {
    /// The variables keys and AWS settings are read from.
    public var environment: [String: String]
    /// The HTTP client every provider shares.
    public var httpClient: HTTPClient
    /// The in-process embedder `local/` deployments share (loaded on its first request).
    public let local: LocalEmbeddingProvider

    /// A factory over `environment` and `httpClient`.
    /// - Parameters:
    ///   - environment: The variables keys and AWS settings are read from.
    ///   - httpClient: The HTTP client every provider shares.
    ///   - local: The in-process embedder for `local/` deployments (pass the one a host already has, so that the
    ///     model is loaded once); a new one, loaded on its first request, by default.
    public init(
        environment: [String: String] = ProcessEnvironment.current,
        httpClient: HTTPClient = .shared,
        local: LocalEmbeddingProvider? = nil
    ) {
        self.environment = environment
        self.httpClient = httpClient
        self.local = local ?? LocalEmbeddingProvider()
    }

    public func chatProvider(for deployment: Deployment) throws(LLMError) -> any ChatProvider {
        switch deployment.kind {
        case .openai, .hosted:
            return try self.openAI(deployment)
        case .anthropic:
            return AnthropicProvider(
                baseURL: deployment.baseURL ?? AnthropicProvider.defaultBaseURL,
                apiKey: self.apiKey(for: deployment),
                name: deployment.displayName,
                httpClient: self.httpClient
            )
        case .bedrock:
            return try self.bedrock(deployment)
        case .local:
            throw LLMError(
                .unsupported,
                "the local provider embeds only; chat with a hosted/ model (an OpenAI-compatible server) instead",
                provider: deployment.displayName
            )
        }
    }

    public func embeddingProvider(for deployment: Deployment) throws(LLMError) -> any EmbeddingProvider {
        switch deployment.kind {
        case .bedrock:
            return try self.bedrock(deployment)
        case .local:
            return self.local
        case .openai, .hosted:
            return try self.openAI(deployment)
        case .anthropic:
            throw LLMError(.unsupported, "Anthropic has no embeddings API", provider: deployment.displayName)
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

    private func openAI(_ deployment: Deployment) throws(LLMError) -> OpenAIProvider {
        if deployment.kind == .hosted {
            guard let baseURL = deployment.baseURL else {
                throw LLMError(
                    .invalidRequest,
                    "hosted/ models need a base URL: set base_url in the configuration or TANDEM_HOSTED_BASE_URL",
                    provider: deployment.displayName
                )
            }
            return OpenAIProvider(
                baseURL: baseURL,
                apiKey: self.apiKey(for: deployment),
                flavor: .compatible,
                name: deployment.displayName,
                httpClient: self.httpClient
            )
        }
        return OpenAIProvider(
            baseURL: deployment.baseURL ?? OpenAIProvider.defaultBaseURL,
            apiKey: self.apiKey(for: deployment),
            flavor: .openAI,
            name: deployment.displayName,
            httpClient: self.httpClient
        )
    }
}
