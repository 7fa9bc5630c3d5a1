/// The kinds of provider a deployment can use; the prefix of a `provider/model` string.
public enum ProviderKind: String, Sendable, Hashable, CaseIterable {
    /// OpenAI Chat Completions and Embeddings (`OPENAI_API_KEY`, `OPENAI_BASE_URL`).
    case openai
    /// Anthropic Messages (`ANTHROPIC_API_KEY`, `ANTHROPIC_BASE_URL`).
    case anthropic
    /// AWS Bedrock Runtime (`AWS_REGION`, the AWS credential chain, `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`).
    case bedrock
    /// An OpenAI-compatible self-hosted server: vLLM, TGI, Ollama, llama.cpp, SageMaker behind a shim
    /// (`TANDEM_HOSTED_BASE_URL`, optional `TANDEM_HOSTED_API_KEY`).
    case hosted
    /// The in-process local model (TandemModels).
    case local

    /// The environment variable holding this provider's API key, if it takes one.
    public var defaultAPIKeyVariable: String? {
        switch self {
        case .openai: return "OPENAI_API_KEY"
        case .anthropic: return "ANTHROPIC_API_KEY"
        case .hosted: return "TANDEM_HOSTED_API_KEY"
        case .bedrock, .local: return nil
        }
    }

    /// The base URL this provider uses when the configuration names none, read from `environment`.
    public func defaultBaseURL(in environment: [String: String]) -> String? {
        func value(_ name: String) -> String? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            return value
        }
        switch self {
        case .openai: return value("OPENAI_BASE_URL") ?? value("OPENAI_API_BASE")
        case .anthropic: return value("ANTHROPIC_BASE_URL")
        case .bedrock: return value("AWS_ENDPOINT_URL_BEDROCK_RUNTIME") ?? value("AWS_ENDPOINT_URL")
        case .hosted: return value("TANDEM_HOSTED_BASE_URL")
        case .local: return nil
        }
    }
}
