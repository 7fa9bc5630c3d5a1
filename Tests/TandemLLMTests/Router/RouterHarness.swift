import TandemCore

@testable import TandemLLM

/// Builds routers over scripted providers with policies scaled down for tests (millisecond backoffs).
enum RouterHarness {
    /// Retries in milliseconds: 3 attempts, 1-4 ms backoff, 10 ms minimum attempt time.
    static let fastRetry = RetryConfiguration(
        maxAttempts: 3,
        baseDelayMilliseconds: 1,
        maxDelayMilliseconds: 4,
        maxRetryAfterMilliseconds: 10_000,
        minimumAttemptMilliseconds: 10
    )

    /// A model of one named deployment per id (`provider: openai`, upstream model `upstream`).
    static func model(
        _ name: String,
        _ ids: [String],
        weights: [Double]? = nil,
        upstream: String = "gpt-4o-mini",
        fallbacks: [String] = [],
        contextWindowFallbacks: [String] = [],
        contentPolicyFallbacks: [String] = [],
        strategy: RoutingStrategy? = nil
    ) -> ModelConfiguration {
        ModelConfiguration(
            name: name,
            deployments: ids.enumerated().map { index, id in
                DeploymentConfiguration(name: id, provider: "openai", model: upstream, weight: weights?[index] ?? 1)
            },
            fallbacks: fallbacks,
            contextWindowFallbacks: contextWindowFallbacks,
            contentPolicyFallbacks: contentPolicyFallbacks,
            strategy: strategy
        )
    }

    static func router(
        _ models: [ModelConfiguration],
        _ providers: [ScriptedProvider],
        retry: RetryConfiguration = fastRetry,
        cooldown: CooldownConfiguration = CooldownConfiguration(failureThreshold: 3, baseMilliseconds: 60_000),
        metrics: RecordingMetrics? = nil,
        seed: UInt64 = 7
    ) throws -> Router {
        try Router(
            configuration: RouterConfiguration(models: models, retry: retry, cooldown: cooldown),
            environment: [:],
            factory: ScriptedFactory(providers),
            metricsFactory: metrics ?? RecordingMetrics(),
            randomSeed: seed
        )
    }

    static func request(_ model: String) -> ChatRequest {
        ChatRequest(model: model, messages: [.user("hi")])
    }

    /// A minute from now (computed per use: a deadline is an instant).
    static var options: CallOptions { CallOptions(deadline: .after(.seconds(60))) }

    static func serverError() -> LLMError { LLMError(.serverError, "boom", status: 500) }

    /// Everything a stream delivered: its events, and the error its iteration threw (if any).
    static func drain(_ stream: ChatStream) async -> (events: [ChatStreamEvent], thrown: LLMError?) {
        var events: [ChatStreamEvent] = []
        do {
            for try await event in stream { events.append(event) }
            return (events, nil)
        } catch {
            return (events, error as? LLMError ?? LLMError(.badResponse, "not an LLMError: \(error)"))
        }
    }
}

/// A test ran longer than its limit.
struct RouterTestTimeout: Error {}

/// Runs `operation`, failing after `limit` (a hang guard, not a timing assertion).
func withHangGuard<T: Sendable>(
    _ limit: Duration = .seconds(60),
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let value = try await group.next(), let value else { throw RouterTestTimeout() }
        return value
    }
}
