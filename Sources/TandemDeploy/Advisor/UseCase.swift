/// The seed's use-case rows: the situations the decision matrix gives advice for.
public enum UseCase: String, Sendable, CaseIterable, Codable {
    /// Calling a hosted model API (Bedrock, OpenAI, Anthropic).
    case externalLLMAPI = "external LLM API"
    /// Streaming chat responses to users.
    case streamingChat = "streaming chat"
    /// Running a model yourself.
    case selfHostedInference = "self-hosted inference"
    /// Processing documents in batches from queues or uploads.
    case batchDocuments = "batch documents"
    /// Agents that run for minutes.
    case longAgents = "long agents"
    /// Traffic with high peaks or long idle periods.
    case spikyTraffic = "spiky traffic"
}

/// The advice for one use case: which kind of host and why.
public struct UseCaseAdvice: Sendable, Equatable {
    /// The row.
    public var useCase: UseCase
    /// The recommended kind of host.
    public var recommendation: DeploymentOption.Host
    /// The option within that host the numbers point at.
    public var option: DeploymentOption
    /// The reasons, in words, with the numbers behind them.
    public var reasons: [String]
}
