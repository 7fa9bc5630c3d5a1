public import AsyncHTTPClient
public import TandemAWS

/// OpenAI Chat Completions and Embeddings over HTTP, also for OpenAI-compatible servers (vLLM, TGI, Ollama,
/// llama.cpp server, SageMaker behind an OpenAI shim): a base URL and an optional key.
///
/// ```swift
/// let openai = try OpenAIProvider.fromEnvironment()
/// let answer = try await openai.chat(ChatRequest(model: "gpt-4o-mini", messages: [.user("Hi")]), options: CallOptions())
/// ```
public struct OpenAIProvider: ChatProvider, EmbeddingProvider {
    /// OpenAI's public endpoint, with its version path.
    public static let defaultBaseURL = "https://api.openai.com/v1"

    /// Which dialect the server speaks.
    public enum Flavor: Sendable, Hashable {
        /// api.openai.com: the token limit is sent as `max_completion_tokens` (its reasoning models take no other).
        case openAI
        /// An OpenAI-compatible server: the token limit is sent as `max_tokens`, which they all know.
        case compatible
    }

    public let name: String
    /// The base URL, ending before `/chat/completions` (for example `http://localhost:8000/v1`).
    public let baseURL: String
    private let apiKey: String?
    private let flavor: Flavor
    let upstream: HTTPUpstream
    /// `baseURL` + `/chat/completions` and `/embeddings`, parsed once.
    let chatEndpoint: UpstreamEndpoint
    let embeddingsEndpoint: UpstreamEndpoint
    /// The headers of every call (`Accept: application/json` first, then the key), built once.
    let headers: [(String, String)]

    /// A provider for the server at `baseURL`.
    ///
    /// - Parameters:
    ///   - baseURL: The URL before `/chat/completions` and `/embeddings`.
    ///   - apiKey: Sent as `Authorization: Bearer`; `nil` for servers without keys.
    ///   - flavor: The dialect (``Flavor/openAI`` for api.openai.com).
    ///   - name: The name on errors, logs and metrics.
    ///   - httpClient: The HTTP client (the shared one unless injected).
    public init(
        baseURL: String = OpenAIProvider.defaultBaseURL,
        apiKey: String?,
        flavor: Flavor = .openAI,
        name: String = "openai",
        httpClient: HTTPClient = .shared
    ) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.apiKey = apiKey.flatMap { $0.isEmpty ? nil : $0 }
        self.flavor = flavor
        self.chatEndpoint = UpstreamEndpoint(base + "/chat/completions")
        self.embeddingsEndpoint = UpstreamEndpoint(base + "/embeddings")
        var headers = [("Accept", "application/json")]
        if let apiKey = self.apiKey { headers.append(("Authorization", "Bearer " + apiKey)) }
        self.headers = headers
        self.name = name
        self.upstream = HTTPUpstream(client: httpClient, provider: name) { body, status in
            OpenAIErrorWire.decode(body, status: status, provider: name)
        }
    }

    /// The provider `OPENAI_API_KEY` and `OPENAI_BASE_URL` describe.
    ///
    /// - Throws: An ``LLMError`` with code ``LLMError/Code/authentication`` when neither a key nor a base URL is
    ///   set (a self-hosted server given by URL may need no key).
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessEnvironment.current,
        httpClient: HTTPClient = .shared
    ) throws(LLMError) -> OpenAIProvider {
        let key = environment["OPENAI_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        let base = environment["OPENAI_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        guard key != nil || base != nil else {
            throw LLMError(.authentication, "OPENAI_API_KEY is not set", provider: "openai")
        }
        let flavor: Flavor = base == nil || base!.contains("api.openai.com") ? .openAI : .compatible
        return OpenAIProvider(baseURL: base ?? Self.defaultBaseURL, apiKey: key, flavor: flavor, httpClient: httpClient)
    }

    var maxTokensField: OpenAIChatWire.MaxTokensField {
        self.flavor == .openAI ? .maxCompletionTokens : .maxTokens
    }
}
