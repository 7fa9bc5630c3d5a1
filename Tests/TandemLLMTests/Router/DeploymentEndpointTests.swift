import Synchronization
import Testing

@testable import TandemLLM

/// Unnamed deployments of one upstream model behind different endpoints are different deployments: their own ids
/// (so their own breakers and metrics) and their own providers.
@Suite("Deployments by endpoint")
struct DeploymentEndpointTests {
    /// Hands out one scripted provider per base URL and remembers which deployments it was asked for.
    final class EndpointFactory: ProviderFactory {
        let providers: [String: ScriptedProvider]
        let built = Mutex<[Deployment]>([])

        init(_ providers: [String: ScriptedProvider]) { self.providers = providers }

        func chatProvider(for deployment: Deployment) throws(LLMError) -> any ChatProvider {
            self.built.withLock { $0.append(deployment) }
            guard let provider = self.providers[deployment.baseURL ?? ""] else {
                throw LLMError(.notFound, "no provider at \(deployment.baseURL ?? "-")")
            }
            return provider
        }

        func embeddingProvider(for deployment: Deployment) throws(LLMError) -> any EmbeddingProvider {
            throw LLMError(.unsupported, "chat only")
        }
    }

    static let first = "http://127.0.0.1:9/first/v1"
    static let second = "http://127.0.0.1:9/second/v1"

    static let configuration = RouterConfiguration(models: [
        ModelConfiguration(name: "a", deployments: [DeploymentConfiguration(provider: "openai", model: "m", baseURL: first)]),
        ModelConfiguration(name: "b", deployments: [DeploymentConfiguration(provider: "openai", model: "m", baseURL: second)]),
        ModelConfiguration(name: "c", deployments: [DeploymentConfiguration(provider: "openai", model: "m", baseURL: first)]),
        ModelConfiguration(
            name: "d",
            deployments: [
                DeploymentConfiguration(provider: "openai", model: "m", baseURL: second),
                DeploymentConfiguration(provider: "openai", model: "m", baseURL: second),
            ]
        ),
    ])

    @Test("ids: provider/model for the first endpoint, @2 for another, shared by the same endpoint elsewhere")
    func ids() throws {
        let registry = try ModelRegistry(configuration: Self.configuration, environment: [:])
        #expect(try registry.resolve("a").deployments.map(\.id) == ["openai/m"])
        #expect(try registry.resolve("b").deployments.map(\.id) == ["openai/m@2"])
        #expect(try registry.resolve("c").deployments.map(\.id) == ["openai/m"])
        // The same pair listed twice in one model stays two deployments, as before.
        #expect(try registry.resolve("d").deployments.map(\.id) == ["openai/m@2", "openai/m@2#2"])
    }

    @Test("each model is answered by the provider at its own base URL")
    func providers() async throws {
        let factory = EndpointFactory([
            Self.first: ScriptedProvider("first", [.answer("from first"), .answer("from first again")]),
            Self.second: ScriptedProvider("second", [.answer("from second")]),
        ])
        let router = try Router(
            configuration: Self.configuration,
            environment: [:],
            factory: factory,
            metricsFactory: RecordingMetrics()
        )
        let a = try await router.chat(RouterHarness.request("a"), options: RouterHarness.options)
        let b = try await router.chat(RouterHarness.request("b"), options: RouterHarness.options)
        let c = try await router.chat(RouterHarness.request("c"), options: RouterHarness.options)
        #expect(a.message.text == "from first")
        #expect(b.message.text == "from second")
        #expect(c.message.text == "from first again")
        #expect(Set(factory.built.withLock { $0.compactMap(\.baseURL) }) == [Self.first, Self.second])
    }
}
