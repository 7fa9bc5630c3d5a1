public import CoreMetrics
import Synchronization
public import TandemAWS

/// Routes chat and embedding requests to deployments: resolves the model name, balances, retries with backoff,
/// cools failing deployments down, falls back to other models, keeps everything inside the caller's deadline, and
/// reports which deployment answered and what it cost.
///
/// Use it wherever a ``ChatProvider`` or ``EmbeddingProvider`` fits:
///
/// ```swift
/// let configuration = try YAMLDecoder().decode(RouterConfiguration.self, from: yaml)  // or RouterConfiguration()
/// let router = try Router(configuration: configuration)       // environment: OPENAI_API_KEY, AWS_REGION, ...
/// let response = try await router.chat(
///     ChatRequest(model: "openai/gpt-4o-mini", messages: [.user("Hello")]),
///     options: CallOptions(deadline: .after(.seconds(30)))
/// )
/// print(response.message.text, response.provider ?? "", response.cost?.total ?? 0)
/// ```
///
/// Rules, in order:
/// - A failed attempt is retried (up to ``RetryPolicy/maxAttempts`` per model) when its error is retryable (408,
///   409, 429, 5xx, 529, connection errors, timeouts): at once on another deployment that has not failed this
///   request, else after exponential backoff with full jitter, or exactly the server's `Retry-After`.
/// - No attempt and no wait starts that cannot finish by the caller's deadline (less than
///   ``RetryPolicy/minimumAttemptTime`` left).
/// - When a model's attempts are used up (or its error is not retryable but is about the deployment: 401, 403,
///   404, unsupported), its `fallbacks` are tried in order; a context-window or content-policy refusal goes to that
///   model's `context_window_fallbacks` / `content_policy_fallbacks` instead (none: the error is final).
///   Request errors (400), cancellation and the deadline are final.
/// - A stream fails over only before its first content; after it, a failure ends the stream with a terminal
///   ``ChatStreamEvent/error(_:)`` event (also when the upstream just stops without finishing).
/// - A deployment's breaker opens after ``CooldownPolicy/failureThreshold`` failures in a row or one 429, for the
///   server's `Retry-After` or a doubling cooldown; open deployments are skipped, and when all are open the model
///   fails over at once (``LLMError/Code/unavailable``).
public final class Router: ChatProvider, EmbeddingProvider {
    /// `router`.
    public let name: String
    /// Model names, aliases and deployments.
    public let registry: ModelRegistry
    /// Prices for ``ChatResponse/cost``.
    public let prices: PriceTable
    /// Retries within one model.
    public let retryPolicy: RetryPolicy

    let factory: any ProviderFactory
    let state: RouterState
    let metrics: RouterMetrics
    // Providers by the whole deployment, not its id: a named deployment may reuse a name with another endpoint.
    private let chatProviders = Mutex<[Deployment: any ChatProvider]>([:])
    private let embeddingProviders = Mutex<[Deployment: any EmbeddingProvider]>([:])
    /// Price lookups by model id, known or not: a lookup that misses the table tries several derived ids, and every
    /// response asks for one or two. At most ``priceMemoLimit`` ids are kept (response model ids come from upstreams).
    private let priceMemo = Mutex<[String: ModelPrice?]>([:])
    private static let priceMemoLimit = 1024

    /// A router for `configuration`.
    ///
    /// - Parameters:
    ///   - configuration: Models, aliases and policies (the default routes `provider/model` strings).
    ///   - environment: Where provider defaults and keys come from (`OPENAI_API_KEY`, `OPENAI_BASE_URL`,
    ///     `ANTHROPIC_API_KEY`, `ANTHROPIC_BASE_URL`, `AWS_REGION`, `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`,
    ///     `TANDEM_HOSTED_BASE_URL`, ...).
    ///   - factory: Builds each deployment's provider (default: ``DefaultProviderFactory`` over `environment`).
    ///   - metricsFactory: Where counters go (default: the process's `MetricsSystem`).
    ///   - randomSeed: A seed for jitter and weighted picks (tests); `nil` seeds from the system.
    /// - Throws: A `TandemError` with code `invalid_configuration` naming the first invalid field.
    public init(
        configuration: RouterConfiguration = RouterConfiguration(),
        environment: [String: String] = ProcessEnvironment.current,
        factory: (any ProviderFactory)? = nil,
        metricsFactory: (any MetricsFactory)? = nil,
        randomSeed: UInt64? = nil
    ) throws {
        self.name = "router"
        self.registry = try ModelRegistry(configuration: configuration, environment: environment)
        self.prices = PriceTable.default.merging(configuration.prices)
        self.retryPolicy = configuration.retry.policy
        self.factory = factory ?? DefaultProviderFactory(environment: environment)
        let cooldown = CooldownPolicy(
            failureThreshold: configuration.cooldown.failureThreshold,
            baseCooldown: .milliseconds(configuration.cooldown.baseMilliseconds),
            maxCooldown: .milliseconds(configuration.cooldown.maxMilliseconds)
        )
        self.state = RouterState(
            cooldown: cooldown,
            affinity: configuration.sessionAffinity,
            random: randomSeed.map { RandomSource(seed: $0) } ?? RandomSource()
        )
        self.metrics = RouterMetrics(factory: metricsFactory)
    }

    /// The breaker state of a deployment (by ``Deployment/id``), for diagnostics.
    public func breakerState(of deploymentID: String) -> CircuitBreaker.State {
        self.state.breaker(deploymentID)
    }

    func chatProvider(for deployment: Deployment) throws(LLMError) -> any ChatProvider {
        if let provider = self.chatProviders.withLock({ $0[deployment] }) { return provider }
        let provider = try self.factory.chatProvider(for: deployment)
        return self.chatProviders.withLock { cache in
            if let existing = cache[deployment] { return existing }
            cache[deployment] = provider
            return provider
        }
    }

    func embeddingProvider(for deployment: Deployment) throws(LLMError) -> any EmbeddingProvider {
        if let provider = self.embeddingProviders.withLock({ $0[deployment] }) { return provider }
        let provider = try self.factory.embeddingProvider(for: deployment)
        return self.embeddingProviders.withLock { cache in
            if let existing = cache[deployment] { return existing }
            cache[deployment] = provider
            return provider
        }
    }

    /// What `usage` on `deployment` cost: the deployment's model id first, then the id the response named.
    func cost(of usage: Usage, deployment: Deployment, answeredBy model: String) -> Cost? {
        (self.price(for: deployment.model) ?? self.price(for: model))?.cost(of: usage)
    }

    /// ``prices``' price for `model`, remembered.
    private func price(for model: String) -> ModelPrice? {
        if let known = self.priceMemo.withLock({ $0[model] }) { return known }
        let price = self.prices.price(for: model)
        self.priceMemo.withLock { memo in
            if memo.count < Self.priceMemoLimit { memo[model] = .some(price) }
        }
        return price
    }
}
