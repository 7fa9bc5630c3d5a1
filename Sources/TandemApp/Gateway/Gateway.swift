public import TandemLLM

/// The AI gateway behind the OpenAI- and Anthropic-compatible routes: what answers (usually the router), who may
/// ask, and how streams behave. Add its routes to a table with ``HandlerTable/addGatewayRoutes(_:)``; any host
/// (the server, Lambda) then serves them.
///
/// ```swift
/// let gateway = Gateway(chat: router, embeddings: router, access: AccessControl(keys: configuration.keys))
/// var table = HandlerTable()
/// table.addGatewayRoutes(gateway)
/// ```
public final class Gateway: Sendable {
    /// What answers chat requests (the router, or one provider).
    public let chat: any ChatProvider
    /// What answers embedding requests, if anything does.
    public let embeddings: (any EmbeddingProvider)?
    /// Keys, allowlists, rates and budgets.
    public let access: AccessControl
    /// The metrics `GET /metrics` renders.
    public let metrics: GatewayMetrics
    /// The streams in flight (for shutdown).
    public let streams: StreamRegistry
    /// How often an idle stream gets a heartbeat.
    public let heartbeatInterval: Duration
    /// The largest `max_tokens` a request may ask for.
    public let maxTokens: Int
    /// The model names `GET /v1/models` lists (configured models and aliases, then `provider/` families).
    public let modelNames: [String]
    /// Readiness checks for `GET /health/ready`: a name and whether it passes now.
    public let readinessChecks: [(name: String, check: @Sendable () async -> Bool)]

    /// Creates a gateway.
    /// - Parameters:
    ///   - chat: What answers chat requests.
    ///   - embeddings: What answers embedding requests (nil: `/v1/embeddings` answers 404 model errors).
    ///   - access: Who may call (default: anyone).
    ///   - metrics: Where metrics go.
    ///   - heartbeatInterval: How often an idle stream gets a heartbeat (default 15 s).
    ///   - maxTokens: The largest `max_tokens` accepted.
    ///   - modelNames: What `GET /v1/models` lists.
    ///   - readinessChecks: What `GET /health/ready` checks besides the configuration being loaded.
    public init(
        chat: any ChatProvider,
        embeddings: (any EmbeddingProvider)? = nil,
        access: AccessControl = AccessControl(keys: .init()),
        metrics: GatewayMetrics = GatewayMetrics(),
        heartbeatInterval: Duration = .seconds(15),
        maxTokens: Int = 128_000,
        modelNames: [String] = [],
        readinessChecks: [(name: String, check: @Sendable () async -> Bool)] = []
    ) {
        self.chat = chat
        self.embeddings = embeddings
        self.access = access
        self.metrics = metrics
        self.streams = StreamRegistry()
        self.heartbeatInterval = heartbeatInterval
        self.maxTokens = maxTokens
        self.modelNames = modelNames
        self.readinessChecks = readinessChecks
    }
}
