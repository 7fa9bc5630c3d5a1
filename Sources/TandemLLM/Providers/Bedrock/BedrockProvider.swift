public import AsyncHTTPClient
public import TandemAWS

/// Amazon Bedrock Runtime as a chat and embedding provider: Converse and ConverseStream for chat, InvokeModel for
/// Titan Text Embeddings and Cohere Embed.
///
/// Requests are signed with SigV4 (signing name `bedrock`) by an ``AWSServiceClient``; model ids go into the path
/// percent-encoded (`anthropic.claude-3-haiku-20240307-v1:0` is sent as `...-v1%3A0` and signed as `...-v1%253A0`).
/// Streams are decoded as they arrive, never buffered whole.
///
/// ```swift
/// let bedrock = try BedrockProvider()   // AWS_REGION, AWS_ENDPOINT_URL_BEDROCK_RUNTIME, the credentials chain
/// let request = ChatRequest(model: "anthropic.claude-3-haiku-20240307-v1:0", messages: [.user("Hello")])
/// for try await event in try await bedrock.stream(request, options: CallOptions()) {
///     if case .textDelta(let text) = event { print(text, terminator: "") }
/// }
/// ```
public struct BedrockProvider: ChatProvider, EmbeddingProvider {
    /// The name in logs, metrics and errors.
    public let name: String
    /// The signed AWS client requests go through.
    public let client: AWSServiceClient
    /// Cohere Embed's `input_type` for embedding requests (`search_document` by default; `search_query` for queries).
    public var cohereInputType: String
    /// Whether Titan Text Embeddings V2 normalises its vectors (true by default).
    public var titanNormalize: Bool
    /// How many Titan InvokeModel calls (one per text) run at once.
    public var titanConcurrency: Int

    /// A provider over an existing client (for its region, endpoint, credentials and retry policy).
    ///
    /// - Parameters:
    ///   - client: A client for ``AWSService/bedrockRuntime``.
    ///   - name: The name in logs and errors.
    public init(client: AWSServiceClient, name: String = "bedrock") {
        self.client = client
        self.name = name
        self.cohereInputType = "search_document"
        self.titanNormalize = true
        self.titanConcurrency = 8
    }

    /// A provider configured like the AWS SDKs: region from `AWS_REGION`, endpoint from
    /// `AWS_ENDPOINT_URL_BEDROCK_RUNTIME` or `AWS_ENDPOINT_URL`, credentials from the standard chain.
    ///
    /// The client does not retry: retries, backoff and fallbacks are the router's, which knows the caller's deadline
    /// and whether a stream already delivered tokens.
    ///
    /// - Parameters:
    ///   - region: A region that wins over the environment.
    ///   - endpoint: An endpoint URL that wins over the environment.
    ///   - credentials: A credentials source instead of the standard chain.
    ///   - environment: The variables to read (the process's by default).
    ///   - httpClient: The HTTP client.
    ///   - name: The name in logs and errors.
    /// - Throws: An ``LLMError`` `invalid_request` naming the missing region or the malformed endpoint.
    public init(
        region: String? = nil,
        endpoint: String? = nil,
        credentials: (any AWSCredentialsProvider)? = nil,
        environment: [String: String] = ProcessEnvironment.current,
        httpClient: HTTPClient = .shared,
        name: String = "bedrock"
    ) throws(LLMError) {
        do {
            let client = try AWSServiceClient(
                service: .bedrockRuntime,
                environment: environment,
                region: region,
                endpoint: endpoint,
                credentials: credentials,
                httpClient: httpClient,
                retryPolicy: .none
            )
            self.init(client: client, name: name)
        } catch {
            throw LLMError(.invalidRequest, error.message, provider: name)
        }
    }
}
