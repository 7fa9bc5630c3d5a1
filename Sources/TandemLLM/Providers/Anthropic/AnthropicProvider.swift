public import AsyncHTTPClient
public import TandemAWS

/// Anthropic Messages over HTTP (`x-api-key`, `anthropic-version`).
///
/// ```swift
/// let anthropic = try AnthropicProvider.fromEnvironment()
/// let answer = try await anthropic.chat(
///     ChatRequest(model: "claude-haiku-4-5", messages: [.user("Hi")], maxTokens: 256),
///     options: CallOptions()
/// )
/// ```
public struct AnthropicProvider: ChatProvider {
    /// Anthropic's public endpoint (the path `/v1/messages` is added).
    public static let defaultBaseURL = "https://api.anthropic.com"
    /// The API version sent as `anthropic-version`.
    public static let defaultVersion = "2023-06-01"

    public let name: String
    /// The base URL, ending before `/v1/messages`.
    public let baseURL: String
    private let apiKey: String?
    private let version: String
    let upstream: HTTPUpstream
    /// `baseURL` + `/v1/messages`, parsed once.
    let messagesEndpoint: UpstreamEndpoint
    /// The headers of a whole and of a streamed call, built once.
    private let wholeHeaders: [(String, String)]
    private let streamHeaders: [(String, String)]

    /// A provider for the server at `baseURL`.
    ///
    /// - Parameters:
    ///   - baseURL: The URL before `/v1/messages`.
    ///   - apiKey: Sent as `x-api-key`.
    ///   - version: Sent as `anthropic-version`.
    ///   - name: The name on errors, logs and metrics.
    ///   - httpClient: The HTTP client (the shared one unless injected).
    public init(
        baseURL: String = AnthropicProvider.defaultBaseURL,
        apiKey: String?,
        version: String = AnthropicProvider.defaultVersion,
        name: String = "anthropic",
        httpClient: HTTPClient = .shared
    ) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        if base.hasSuffix("/v1") { base.removeLast(3) }
        self.baseURL = base
        self.apiKey = apiKey.flatMap { $0.isEmpty ? nil : $0 }
        self.version = version
        self.messagesEndpoint = UpstreamEndpoint(base + "/v1/messages")
        let key = self.apiKey.map { [("x-api-key", $0)] } ?? []
        self.wholeHeaders = [("Accept", "application/json"), ("anthropic-version", version)] + key
        self.streamHeaders = [("Accept", "text/event-stream"), ("anthropic-version", version)] + key
        self.name = name
        self.upstream = HTTPUpstream(client: httpClient, provider: name) { body, status in
            AnthropicErrorWire.decode(body, status: status, provider: name)
        }
    }

    /// The provider `ANTHROPIC_API_KEY` and `ANTHROPIC_BASE_URL` describe.
    ///
    /// - Throws: An ``LLMError`` with code ``LLMError/Code/authentication`` when neither a key nor a base URL is
    ///   set.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessEnvironment.current,
        httpClient: HTTPClient = .shared
    ) throws(LLMError) -> AnthropicProvider {
        let key = environment["ANTHROPIC_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        let base = environment["ANTHROPIC_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        guard key != nil || base != nil else {
            throw LLMError(.authentication, "ANTHROPIC_API_KEY is not set", provider: "anthropic")
        }
        return AnthropicProvider(baseURL: base ?? Self.defaultBaseURL, apiKey: key, httpClient: httpClient)
    }

    func headers(stream: Bool) -> [(String, String)] {
        stream ? self.streamHeaders : self.wholeHeaders
    }
}
